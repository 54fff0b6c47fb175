/**
 * Finding why a step failed: every line of the normalised log is classified once (a cause, an
 * effect that points at the lines above it, or an ordinary line), lines the last passing run also
 * printed sink, repeated messages fold, and each hit is weighed by how telling it is and where it
 * stands (the first root error, the errors just before the step gave up). `renderExcerpt` then
 * fills a token budget by value: the last lines before the exit first, then the lines nearest the
 * strongest hits (below a cause its details, above an effect what it reports), shown in line
 * order with the gaps marked. Pure; linear in the log's size.
 */

import { estimateTokens } from "../tokens.js";
import { elision } from "./budget.js";
import {
  CONSOLE_HEADER,
  CONTINUATION,
  classifyLine,
  isLookAlike,
  messageHead,
  messageOf,
  type Signal,
  STEP_EXIT,
} from "./classify.js";
import { type LogLine, lastLineOf } from "./normalize.js";
import { redactSecrets, SECRET_LINE } from "./redact.js";

export interface Hit {
  /** Index into `lines`. */
  at: number;
  signal: Signal;
  /** How much the hit is worth showing (higher first). */
  weight: number;
  /** The passing run printed the same line. */
  old: boolean;
}

export interface FailureAnalysis {
  /** Number of the log's last line. */
  lineCount: number;
  /** Every normalised line (runs of identical lines folded into one). */
  lines: LogLine[];
  /** The lines that look like errors, with their weight, in log order. */
  hits: Hit[];
  /** Index of the last line before trailing blank lines. */
  end: number;
  /** Whether a passing run's log was compared. */
  compared: boolean;
  /** With a comparison: 1 for each line (by index) that the passing run printed too. */
  old?: Uint8Array;
}

/** Lines shown around a hit at most: above (the test name, the command) and below (details). */
const ABOVE_MAX = 40;
const BELOW_MAX = 40;
/** Distance a continuation line (a stack frame) adds below a cause, where an ordinary line adds 1. */
const CONTINUATION_STEP = 0.1;
/** Lines followed below a cause at most, however many are frames. */
const CONTINUATION_MAX = 600;
/**
 * A hit of a kind seen before weighs this much less per earlier one, down to REPEAT_MAX less: the
 * first failures of a kind get their details, later ones of the same kind a line each.
 */
const REPEAT_STEP = 3;
const REPEAT_MAX = 20;
/** Families whose causes are a failed test's own report. */
const TEST_FAMILIES = new Set([
  "tap",
  "jest",
  "vitest",
  "pytest",
  "rspec",
  "minitest",
  "phpunit",
  "exunit",
  "clojure",
  "ert",
  "test",
  "sbt",
  "junit",
]);
/**
 * When tests failed, an exception printed before the first failed test was most likely logged by
 * a test that passed (an expected error, a retry): it weighs this much less.
 */
const EXCEPTION_BEFORE_TESTS = 10;
/** Hits whose surroundings are considered; the rest are only counted. */
const HITS_CONSIDERED = 400;
/** Candidate lines in a row that did not fit, after which the excerpt counts as full. */
const FULL_AFTER_MISSES = 200;

/** Lines of an indented block that jest prints under `console.error`: test chatter, not results. */
class ConsoleBlocks {
  private indent = -1;
  inside(text: string): boolean {
    let indent = 0;
    while (indent < text.length && (text.charCodeAt(indent) === 32 || text.charCodeAt(indent) === 9)) indent++;
    if (text.startsWith("console.", indent) && CONSOLE_HEADER.test(text)) {
      this.indent = indent;
      return false;
    }
    if (this.indent < 0) return false;
    if (indent === text.length || indent > this.indent) return true;
    this.indent = -1;
    return false;
  }
}

/**
 * A line's text with what changes between two runs of the same build masked (numbers, hashes,
 * timestamps, durations, temporary paths), to tell lines the passing run also printed.
 */
export function lineKey(text: string): string {
  return (text.length > 200 ? text.slice(0, 200) : text).replace(VARYING, "0").trim();
}
/** Hashes, then numbers (with their separators): what differs between two runs of one build. */
const VARYING = /\b[0-9a-f]{7,64}\b|\d+(?:[.,:]\d+)*/gi;

/** The keys of a passing run's lines, for `analyzeLog`'s comparison. */
export function passingKeys(lines: Iterable<LogLine>): Set<string> {
  const keys = new Set<string>();
  for (const line of lines) if (!line.secret) keys.add(lineKey(line.text));
  return keys;
}

/** Base weight of a hit by its signal's score: tool-specific cause, generic cause, effect, error word. */
function baseWeight(signal: Signal): number {
  if (signal.score >= 3) return 60;
  if (signal.score >= 2) return 45;
  if (signal.kind === "effect") return 40;
  return 22;
}

export function analyzeLog(input: Iterable<LogLine>, options: { passing?: Set<string> } = {}): FailureAnalysis {
  const lines: LogLine[] = [];
  const hits: Hit[] = [];
  const consoleBlocks = new ConsoleBlocks();
  const passing = options.passing && options.passing.size > 0 ? options.passing : undefined;
  const oldLines: number[] = [];
  for (const line of input) {
    const at = lines.length;
    lines.push(line);
    const old = passing && !line.secret ? passing.has(lineKey(line.text)) : false;
    if (old) oldLines.push(at);
    const chatter = consoleBlocks.inside(line.text);
    if (line.secret || chatter) continue;
    const signal = classifyLine(line.text);
    if (!signal || signal.score <= 0) continue;
    hits.push({ at, signal, weight: 0, old });
  }
  let old: Uint8Array | undefined;
  if (passing) {
    old = new Uint8Array(lines.length);
    for (const at of oldLines) old[at] = 1;
  }
  let end = lines.length - 1;
  while (end > 0 && (lines[end] as LogLine).text.trim() === "") end--;
  weigh(hits, lines.length);
  const lineCount = lines.length ? lastLineOf(lines.at(-1) as LogLine) : 0;
  return { lineCount, lines, hits, end, compared: !!passing, ...(old ? { old } : {}) };
}

/**
 * Weights: the signal's strength, then where it stands (later is nearer the exit; the first
 * cause of the strongest kind is often the root that the rest follow from), lowered for a message
 * seen before (repeats fold) and for a line the passing run printed too.
 */
function weigh(hits: Hit[], lineCount: number): void {
  const seen = new Map<string, number>();
  let firstStrong = true;
  const top = Math.max(0, ...hits.map((h) => (h.old ? 0 : h.signal.score)));
  const firstTest = hits.find((h) => h.signal.kind === "cause" && TEST_FAMILIES.has(h.signal.family))?.at;
  for (const hit of hits) {
    let weight = baseWeight(hit.signal);
    if (firstTest !== undefined && hit.at < firstTest && hit.signal.family === "exception") {
      weight -= EXCEPTION_BEFORE_TESTS;
    }
    weight += 12 * (hit.at / Math.max(1, lineCount));
    // The first root error that the rest follow from; a crash is not one (it ends what it stops).
    if (
      firstStrong &&
      !hit.old &&
      hit.signal.score === top &&
      top >= 2 &&
      hit.signal.kind === "cause" &&
      hit.signal.family !== "crash"
    ) {
      weight += 8;
      firstStrong = false;
    }
    const key = hit.signal.kind === "effect" ? hit.signal.family : hit.signal.family + hit.signal.score;
    const count = seen.get(key) ?? 0;
    seen.set(key, count + 1);
    weight -= Math.min(REPEAT_MAX, count * REPEAT_STEP);
    if (hit.old) weight *= 0.4;
    hit.weight = weight;
  }
}

/** The families of the strongest hits, the one of the heaviest hit first, e.g. ["go"] or ["jest", "npm"]. */
export function familiesOf(analysis: FailureAnalysis): string[] {
  const fresh = analysis.hits.filter((h) => !h.old && h.signal.kind === "cause");
  const pool = fresh.length ? fresh : analysis.hits;
  const top = Math.max(0, ...pool.map((h) => h.signal.score));
  if (top < 2) return [];
  const heaviest = new Map<string, number>();
  for (const h of pool) {
    if (h.signal.score === top)
      heaviest.set(h.signal.family, Math.max(heaviest.get(h.signal.family) ?? -Infinity, h.weight));
  }
  return [...heaviest.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([family]) => family);
}

/** The line ranked first as the cause: the heaviest hit, else the last line printed. */
export function topLine(analysis: FailureAnalysis): LogLine | undefined {
  const heaviest = (keep: (hit: Hit) => boolean): Hit | undefined => {
    let best: Hit | undefined;
    for (const hit of analysis.hits) if (keep(hit) && (!best || hit.weight > best.weight)) best = hit;
    return best;
  };
  // A cause a tool or the shell names (not a stray error word), else what an effect points at.
  let best = heaviest((h) => h.signal.kind === "cause" && h.signal.score >= 2) ?? causeOfEffects(analysis);
  best ??= heaviest(() => true);
  if (!best) return analysis.lines[analysis.end];
  const text = messageHead((analysis.lines[best.at] as LogLine).text);
  // A header whose message is on the next line (`rake aborted!`, Gradle's `* What went wrong:`).
  if (MESSAGE_BELOW.test(text)) {
    const next = analysis.lines.slice(best.at + 1, best.at + 4).find((line) => messageHead(line.text).trim() !== "");
    if (next) return next;
  }
  // A Python traceback says what went wrong on its first line back at the margin, after the frames.
  if (TRACEBACK.test(text)) {
    const message = analysis.lines
      .slice(best.at + 1, best.at + 1 + TRACEBACK_MAX)
      .find((line) => /^\S/.test(messageHead(line.text)));
    if (message) return message;
  }
  // Nothing named above an effect: what the failing command printed last says more than its exit.
  if (best.signal.kind === "effect") return lastOutputAbove(analysis, best.at) ?? analysis.lines[best.at];
  return analysis.lines[best.at];
}

/** CI runners' own bookkeeping between a command's output and its exit line, and bare log-level tags. */
const RUNNER_MARKER =
  /^(?:travis_(?:time|fold):|##\[(?:end)?group\]|::(?:end)?group::|\[(?:INFO|ERROR|WARNING|WARN|DEBUG)\]\s*$)/;
/** An effect that quotes the error it reports: Maven's `Failed to execute goal … on project x: message`. */
const QUOTES_CAUSE = /Failed to execute goal .* on project [^:]+: \S/;

/**
 * The last line above `at` that the failing command printed: not blank, not a runner's marker,
 * not a warning or a passing test, not another effect of the same failure (`npm ERR!` lines
 * stacked on each other) unless that effect quotes the error itself.
 */
function lastOutputAbove(analysis: FailureAnalysis, at: number): LogLine | undefined {
  const effects = new Set(analysis.hits.filter((h) => h.signal.kind === "effect").map((h) => h.at));
  for (let i = at - 1; i >= 0 && i >= at - ABOVE_MAX; i--) {
    const line = analysis.lines[i] as LogLine;
    const message = messageHead(line.text);
    if (line.secret || message.trim() === "" || RUNNER_MARKER.test(message)) continue;
    if (effects.has(i) && !QUOTES_CAUSE.test(message)) continue;
    if (isLookAlike(line.text)) continue;
    return line;
  }
  return undefined;
}

/** Effects tried, heaviest first, for one with a cause above it. */
const EFFECTS_TRIED = 20;

/**
 * Where no cause is named, what the effects point at: the nearest cause (an error word) above the
 * heaviest effect that has one within reach, else the heaviest effect itself. The CI runner's
 * last line (`Done. Your build exited with 1`) often outweighs the tool's own effect, and a
 * hundred lines of cache upload stand between it and the error.
 */
function causeOfEffects(analysis: FailureAnalysis): Hit | undefined {
  const effects = analysis.hits
    .filter((h) => h.signal.kind === "effect")
    .sort((a, b) => b.weight - a.weight)
    .slice(0, EFFECTS_TRIED);
  for (const effect of effects) {
    const cause = analysis.hits.findLast((h) => h.at < effect.at && h.signal.kind === "cause" && !h.old);
    if (cause && effect.at - cause.at <= ABOVE_MAX) return cause;
  }
  return effects[0];
}

/** A Python traceback's header: its message is the first line back at the margin below it. */
const TRACEBACK = /^\s*Traceback \(most recent call last\):/;
/** Lines looked through below a traceback's header for its message. */
const TRACEBACK_MAX = 200;
/**
 * Headers that announce the error message on the line after them (PHPUnit's, RSpec's, Surefire's
 * and sbt's name the first failed test or suite).
 */
const MESSAGE_BELOW =
  /^(?:rake aborted!|\* What went wrong:|There (?:was|were) \d+ (?:failures?|errors?):|(?:\[ERROR\] )?(?:Failures|Errors|Failed tests|Tests in error):|\[error\] Failed tests:)\s*$/;

export interface Excerpt {
  /** Rendered lines, in log order, with `... N lines omitted ...` markers for the gaps. */
  lines: string[];
  /** Line ranges shown, e.g. [[40, 62], [118, 130]]. */
  ranges: Array<[number, number]>;
  /** Error hits found but not shown. */
  blocksLeftOut: number;
  /** Tokens the rendered lines take (estimated from above, as `estimateTokens` counts). */
  tokens: number;
}

/** Share of the budget that the lines after the failing command's exit may claim, as the tail's last part. */
const AFTER_EXIT_SHARE = 0.5;
/** Index of the line where the failing command exited, when a CI runner printed one; else the log's end. */
function stepExit(analysis: FailureAnalysis): number {
  for (let k = analysis.hits.length - 1; k >= 0; k--) {
    const hit = analysis.hits[k] as Hit;
    if (hit.signal.family !== "ci" || hit.signal.kind !== "effect" || hit.old) continue;
    if (STEP_EXIT.test(messageHead((analysis.lines[hit.at] as LogLine).text))) return hit.at;
  }
  return analysis.end;
}

/** What makes two lines repeats of each other: their message, timestamps and tool prefixes aside. */
const repeatKey = (line: LogLine): string => messageOf(line.text);

/** Longest line text shown; longer lines are cut (keeping their beginning and end). */
const MAX_LINE_CHARS = 200;
/** Share of the budget that goes to the last lines before the exit, whatever else is found. */
const TAIL_SHARE = 0.35;
/** Worth of a line the passing run printed too, relative to a new one, as context. */
const OLD_CONTEXT = 0.7;
/** Worth of a look-alike line (a passing test, a warning) relative to another, as context. */
const LOOK_ALIKE_CONTEXT = 0.5;
/** Tokens of an elision marker and its newline. */
const GAP_TOKENS = 8;

/** Characters of a line that `showLine` works on: only the beginning of a longer one can be shown. */
const SHOW_SCAN = 4000;
/** Characters redacted beyond the cut, so a secret that straddles it is still recognised. */
const REDACT_MARGIN = 120;

/** A line as shown: indentation and inner runs of spaces shortened, long lines cut, secrets redacted. */
export function showLine(line: LogLine): string {
  if (line.secret) return `${line.n}: ${SECRET_LINE}`;
  const full = line.text.trimEnd();
  let text = full.length > SHOW_SCAN ? full.slice(0, SHOW_SCAN) : full;
  const indent = /^\s*/.exec(text)?.[0].length ?? 0;
  if (indent > 16) text = `${" ".repeat(16)}${text.slice(indent)}`;
  if (text.length > 24 && /\S\s{9,}\S/.test(text)) text = text.replace(/(\S)\s{9,}(?=\S)/g, "$1    ");
  let cut = "";
  if (text.length > MAX_LINE_CHARS || full.length > SHOW_SCAN) {
    // Of a line longer than what was looked at, the count is of the line's own characters.
    const hidden = full.length > SHOW_SCAN ? full.length - MAX_LINE_CHARS : text.length - MAX_LINE_CHARS;
    cut = ` [+${hidden} chars]`;
    text = redactSecrets(text.slice(0, MAX_LINE_CHARS + REDACT_MARGIN)).slice(0, MAX_LINE_CHARS);
  } else {
    text = redactSecrets(text);
  }
  const last = lastLineOf(line);
  const label = last > line.n ? `${line.n}-${last}` : `${line.n}`;
  const repeat = line.count > 1 ? ` [x${line.count}]` : "";
  return `${label}: ${text}${cut}${repeat}`;
}

/**
 * The most telling lines that fit in `budget` tokens, in log order. Every line gets a value from
 * the sources that want it (the tail, each hit's surroundings), the best are taken until the
 * budget is spent.
 */
export function renderExcerpt(analysis: FailureAnalysis, budget: number): Excerpt {
  const { lines } = analysis;
  const n = lines.length;
  const value = new Float64Array(n);
  const cost = new Map<number, number>();
  const costOf = (i: number): number => {
    let c = cost.get(i);
    if (c === undefined) {
      c = estimateTokens(showLine(lines[i] as LogLine)) + 1;
      cost.set(i, c);
    }
    return c;
  };
  // Whether a line continues the message above it (a stack frame), tested once per line.
  const continuation = new Uint8Array(n);
  const continues = (i: number): boolean => {
    if (continuation[i] === 0) continuation[i] = CONTINUATION.test(messageHead((lines[i] as LogLine).text)) ? 2 : 1;
    return continuation[i] === 2;
  };
  // Look-alikes (a passing test, a warning) are worth little as context, tested once per line.
  const lookAlike = new Uint8Array(n);
  const looksAlike = (i: number): boolean => {
    if (lookAlike[i] === 0) lookAlike[i] = isLookAlike((lines[i] as LogLine).text) ? 2 : 1;
    return lookAlike[i] === 2;
  };
  // Lines the passing run printed too are worth less as context (not in the tail's first share).
  const old = analysis.old;
  const want = (i: number, v: number) => {
    if (i < 0 || i >= n || v <= (value[i] as number)) return;
    let worth = v;
    if (v < 900) {
      if (old?.[i]) worth *= OLD_CONTEXT;
      if (looksAlike(i)) worth *= LOOK_ALIKE_CONTEXT;
    }
    if (worth > (value[i] as number)) value[i] = worth;
  };

  // The tail: its first share is the top priority, the rest fades with distance from the end. It
  // ends where the failing command exited: what the runner does after (cache upload, cleanup,
  // post-job steps) is worth a little, fading from the end.
  const exit = stepExit(analysis);
  let spent = 0;
  for (let i = analysis.end; i > exit && spent < budget * AFTER_EXIT_SHARE; i--) {
    spent += costOf(i);
    want(i, 40 - (40 * spent) / budget);
  }
  const tailCore = budget * TAIL_SHARE;
  spent = 0;
  for (let i = exit; i >= 0 && spent < budget * 1.5; i--) {
    spent += costOf(i);
    want(i, spent <= tailCore ? 1000 - spent / budget : 50 - (40 * spent) / budget);
  }

  // Each hit's surroundings: strongest nearest the hit, below a cause, above an effect.
  const ranked = [...analysis.hits].sort((a, b) => b.weight - a.weight).slice(0, HITS_CONSIDERED);
  // Named causes: an effect points at the nearest one above it, whose own surroundings take over.
  const named = new Uint8Array(n);
  for (const hit of analysis.hits) if (hit.signal.kind === "cause" && hit.signal.score >= 2) named[hit.at] = 1;
  for (const hit of ranked) {
    const effect = hit.signal.kind === "effect";
    const w = hit.weight;
    want(hit.at, w + 12);
    const upStep = effect ? 0.7 : 1.6;
    const downStep = effect ? 5 : 0.9;
    // Above a cause, a passing test's report ends its context: what precedes is the test before.
    for (let d = 1; d <= ABOVE_MAX && hit.at - d >= 0; d++) {
      if (!effect && looksAlike(hit.at - d)) break;
      want(hit.at - d, w - upStep * d);
      if (effect && named[hit.at - d]) break;
    }
    // Below a cause, a stack trace's frames add little distance: the whole trace stays with it.
    // A passing test's report (a look-alike) ends a cause's details: what follows is the next test.
    let d = 0;
    for (let k = 1; k <= CONTINUATION_MAX && hit.at + k < n; k++) {
      d += effect || !continues(hit.at + k) ? 1 : CONTINUATION_STEP;
      if (d > BELOW_MAX || (!effect && looksAlike(hit.at + k))) break;
      want(hit.at + k, w + 2 - downStep * d);
    }
  }

  const order: number[] = [];
  for (let i = 0; i < n; i++) if ((value[i] as number) > 0) order.push(i);
  order.sort((a, b) => (value[b] as number) - (value[a] as number) || b - a);

  // Repeats fold: a line whose text is already shown adds nothing, so it waits until every
  // new line that fits is in (a stack trace repeated a hundred times shows each frame once).
  const chosen = new Uint8Array(n);
  const texts = new Set<string>();
  const repeats: number[] = [];
  let used = 0;
  // Once this many candidates in a row did not fit, the budget is spent: the rest are not
  // measured (on a 5 MB log with hundreds of hits, that was most of the time spent here).
  let misses = 0;
  const take = (i: number): void => {
    const joined = (i > 0 && chosen[i - 1]) || (i + 1 < n && chosen[i + 1]);
    const c = costOf(i) + (joined ? 0 : GAP_TOKENS);
    if (used + c > budget) {
      misses++;
      return;
    }
    misses = 0;
    chosen[i] = 1;
    used += c;
    texts.add(repeatKey(lines[i] as LogLine));
  };
  for (const i of order) {
    if (misses >= FULL_AFTER_MISSES) break;
    if (texts.has(repeatKey(lines[i] as LogLine))) repeats.push(i);
    else take(i);
  }
  for (const i of repeats) if ((value[i] as number) >= 900) take(i);
  // A gap of one line that costs no more than its marker: the line itself says more.
  for (let i = 1; i + 1 < n; i++) {
    if (chosen[i] || !chosen[i - 1] || !chosen[i + 1] || costOf(i) > GAP_TOKENS) continue;
    chosen[i] = 1;
    used += costOf(i) - GAP_TOKENS;
    texts.add(repeatKey(lines[i] as LogLine));
  }

  const out: string[] = [];
  const ranges: Array<[number, number]> = [];
  let expected = 1;
  for (let i = 0; i < n; i++) {
    if (!chosen[i]) continue;
    const line = lines[i] as LogLine;
    if (line.n > expected) out.push(elision(expected, line.n - 1));
    out.push(showLine(line));
    const last = ranges.at(-1);
    if (last && last[1] + 1 === line.n) last[1] = lastLineOf(line);
    else ranges.push([line.n, lastLineOf(line)]);
    expected = lastLineOf(line) + 1;
  }
  if (expected <= analysis.lineCount) out.push(elision(expected, analysis.lineCount));
  return { lines: out, ranges, blocksLeftOut: countBlocks(analysis, chosen, texts), tokens: used };
}

/**
 * Groups of hits (hits within a few lines of each other) with no line shown, neither there nor
 * elsewhere (a repeated stack trace shown once is not left out).
 */
function countBlocks(analysis: FailureAnalysis, chosen: Uint8Array, shown: Set<string>): number {
  let left = 0;
  let previous = -100;
  let groupShown = true;
  for (const hit of analysis.hits) {
    if (hit.old || hit.signal.score < 2) continue;
    if (hit.at - previous > 5) {
      if (!groupShown) left++;
      groupShown = false;
    }
    if (chosen[hit.at] || shown.has(repeatKey(analysis.lines[hit.at] as LogLine))) groupShown = true;
    previous = hit.at;
  }
  if (!groupShown) left++;
  return left;
}
