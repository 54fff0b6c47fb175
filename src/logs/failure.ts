/**
 * Finding why a step failed, in one streaming pass over its normalised lines: error blocks
 * (lines that look like the cause, with the lines above that explain them and a few after),
 * and the last lines before the step exited. Memory is bounded whatever the log size: a few
 * dozen blocks of at most a few dozen lines each, and a short tail. Then `renderExcerpt` picks
 * what fits a character budget, most telling first, and shows it in line order with gaps marked.
 */
import { elision, renderLine } from "./budget.js";
import { CONSOLE_HEADER, classifyLine } from "./classify.js";
import { type LogLine, lastLineOf } from "./normalize.js";

export interface ErrorBlock {
  /** The stored lines (context above, the hits, context below), in order. */
  lines: LogLine[];
  /** Numbers of the lines that look like errors, in order. */
  hits: number[];
  /** The score of each hit (same order as `hits`). */
  hitScores: number[];
  /** The strongest signal in the block: 3 tool-specific cause, 2 generic cause, 1 effect. */
  score: number;
  /** The tool family of the strongest signal (go, jest, pytest, npm, docker...). */
  family: string;
  /** First and last line of the block, including lines past the storage cap. */
  from: number;
  to: number;
}

export interface FailureAnalysis {
  /** Number of the log's last line. */
  lineCount: number;
  /** The blocks kept (the strongest, plus the first and the latest), in log order. */
  blocks: ErrorBlock[];
  /** How many blocks the log has in all. */
  blockCount: number;
  /** The last lines of the log: what the step printed just before it exited. */
  tail: LogLine[];
}

const CONTEXT_BEFORE = 16;
const CONTEXT_AFTER = 12;
const BLOCK_MAX_LINES = 60;
const BLOCKS_KEPT = 24;
const TAIL_LINES = 30;

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

/** The last `size` items pushed, oldest first, without shifting arrays on every line. */
class Ring<T> {
  private readonly items: T[] = [];
  private start = 0;
  constructor(private readonly size: number) {}
  push(item: T): void {
    if (this.items.length < this.size) this.items.push(item);
    else {
      this.items[this.start] = item;
      this.start = (this.start + 1) % this.size;
    }
  }
  drain(): T[] {
    const out = [...this.items.slice(this.start), ...this.items.slice(0, this.start)];
    this.items.length = 0;
    this.start = 0;
    return out;
  }
  toArray(): T[] {
    return [...this.items.slice(this.start), ...this.items.slice(0, this.start)];
  }
}

/** Drops the least telling block (lowest score; never the first one or the newest). */
function evict(blocks: ErrorBlock[]): void {
  let worst = 1;
  for (let i = 2; i < blocks.length - 1; i++) {
    if ((blocks[i] as ErrorBlock).score < (blocks[worst] as ErrorBlock).score) worst = i;
  }
  blocks.splice(worst, 1);
}

export function analyzeLog(lines: Iterable<LogLine>): FailureAnalysis {
  const blocks: ErrorBlock[] = [];
  let blockCount = 0;
  const before = new Ring<LogLine>(CONTEXT_BEFORE);
  const tail = new Ring<LogLine>(TAIL_LINES);
  let open: ErrorBlock | undefined;
  let afterLeft = 0;
  let lineCount = 0;
  const console = new ConsoleBlocks();

  const close = () => {
    if (!open) return;
    blocks.push(open);
    blockCount++;
    if (blocks.length > BLOCKS_KEPT) evict(blocks);
    open = undefined;
  };

  for (const line of lines) {
    lineCount = lastLineOf(line);
    tail.push(line);
    const chatter = console.inside(line.text);
    let signal = line.secret ? undefined : classifyLine(line.text);
    if (signal && chatter) signal = { ...signal, kind: "effect", score: 0 };
    if (signal && signal.score === 0) signal = undefined;

    if (open) {
      if (signal) {
        if (open.lines.length < BLOCK_MAX_LINES) {
          open.lines.push(line);
          open.hits.push(line.n);
          open.hitScores.push(signal.score);
        }
        if (signal.score > open.score) {
          open.score = signal.score;
          open.family = signal.family;
        }
        open.to = lastLineOf(line);
        afterLeft = CONTEXT_AFTER;
        continue;
      }
      if (afterLeft > 0) {
        afterLeft--;
        if (open.lines.length < BLOCK_MAX_LINES) open.lines.push(line);
        open.to = lastLineOf(line);
        continue;
      }
      close();
    }
    if (signal) {
      const above = before.drain();
      open = {
        lines: [...above, line],
        hits: [line.n],
        hitScores: [signal.score],
        score: signal.score,
        family: signal.family,
        from: above[0]?.n ?? line.n,
        to: lastLineOf(line),
      };
      afterLeft = CONTEXT_AFTER;
      continue;
    }
    before.push(line);
  }
  close();
  return { lineCount, blocks, blockCount, tail: tail.toArray() };
}

/** The families of the strongest blocks, e.g. ["go"] or ["jest", "npm"]. */
export function familiesOf(analysis: FailureAnalysis): string[] {
  const top = Math.max(0, ...analysis.blocks.map((b) => b.score));
  return [...new Set(analysis.blocks.filter((b) => b.score === top).map((b) => b.family))];
}

/**
 * Blocks from most to least telling: by score, and within a score the first block (compilers
 * report the root error first) then the last one (the error right before the exit) then the rest.
 * For effects the last comes first: they point at what happened just before the step exited.
 */
export function byPriority(blocks: readonly ErrorBlock[]): ErrorBlock[] {
  const scores = [...new Set(blocks.map((b) => b.score))].sort((a, b) => b - a);
  const out: ErrorBlock[] = [];
  for (const score of scores) {
    const group = blocks.filter((b) => b.score === score);
    const first = group.shift();
    const last = group.pop();
    const ordered = score <= 1 ? [last, first, ...group.reverse()] : [first, last, ...group];
    for (const block of ordered) if (block) out.push(block);
  }
  return out;
}

/**
 * Stored lines of a block with their distance to the nearest hit (0 for hits), nearest first.
 * Below a cause come its details (stack frames, code frames, expected/received), so they count
 * as a little nearer; above an effect (make: ***, exit code 1) is what it reports, so the lines
 * below an effect count as farther.
 */
function byCloseness(block: ErrorBlock): Array<{ line: LogLine; d: number }> {
  // In a block with causes, a merged-in effect (a stray "level=error") is only context.
  const anchors = block.score >= 2 ? block.hits.filter((_, i) => (block.hitScores[i] ?? 0) >= 2) : block.hits;
  const hits = new Set(anchors);
  const afterWeight = block.score <= 1 ? 2 : 0.8;
  const ranked = block.lines.map((line) => {
    if (hits.has(line.n)) return { line, d: 0 };
    const next = anchors.find((h) => h > line.n);
    const previous = anchors.findLast((h) => h < line.n);
    const up = next === undefined ? Number.POSITIVE_INFINITY : next - lastLineOf(line);
    const down = previous === undefined ? Number.POSITIVE_INFINITY : (line.n - previous) * afterWeight;
    return { line, d: Math.min(up, down) };
  });
  return ranked.sort((a, b) => a.d - b.d || a.line.n - b.line.n);
}

export interface Excerpt {
  /** Rendered lines, in log order, with `... N lines omitted ...` markers for the gaps. */
  lines: string[];
  /** Line ranges shown, e.g. [[40, 62], [118, 130]]. */
  ranges: Array<[number, number]>;
  /** Error blocks found but not shown (past the budget or not kept). */
  blocksLeftOut: number;
  /** Lines of the excerpt that could not be shown for lack of budget. */
  truncated: boolean;
}

/** Room left for an elision marker next to a line that starts a new stretch. */
const GAP_COST = 40;
/** Distance from a hit within which lines are shown first, then when there is room. */
const CORE_DISTANCE = 3;
const CONTEXT_DISTANCE = 8;
/** Effects (make: ***, npm error code 1) point at what is above them: look further up. */
const EFFECT_CONTEXT_DISTANCE = 12;
const TAIL_FIRST = 5;
const TAIL_MORE = 12;

/**
 * The most telling lines of an analysis that fit in `budget` characters, in log order: the
 * last lines before the exit, then each block's hits with their nearest lines (blocks in
 * priority order), then wider context, then more of the tail. Concise by design: it stops at
 * what explains the failure even when the budget would allow more.
 */
export function renderExcerpt(analysis: FailureAnalysis, budget: number): Excerpt {
  const chosen = new Map<number, LogLine>();
  const ends = new Set<number>();
  let used = 0;
  let truncated = false;
  const add = (line: LogLine): boolean => {
    if (chosen.has(line.n)) return true;
    const adjacent = ends.has(line.n - 1) || chosen.has(lastLineOf(line) + 1);
    const cost = renderLine(line).length + 1 + (adjacent ? 0 : GAP_COST);
    if (used + cost > budget) {
      truncated = true;
      return false;
    }
    chosen.set(line.n, line);
    ends.add(lastLineOf(line));
    used += cost;
    return true;
  };

  const tail = analysis.tail.slice();
  while (tail.length > 0 && tail.at(-1)?.text.trim() === "") tail.pop();
  for (const line of tail.slice(-TAIL_FIRST).reverse()) if (!add(line)) break;

  // Effects add little once a cause is found, except the last one: what the step reported on exit.
  const top = Math.max(0, ...analysis.blocks.map((b) => b.score));
  const lastEffect = analysis.blocks.findLast((b) => b.score <= 1);
  const ordered = byPriority(analysis.blocks.filter((b) => b.score >= 2 || top <= 1 || b === lastEffect));
  const ranked = new Map(ordered.map((block) => [block, byCloseness(block)]));
  const shownBlocks = new Set<ErrorBlock>();
  const round = (blocks: ErrorBlock[], max: number) => {
    for (const block of blocks) {
      for (const { line, d } of ranked.get(block) ?? []) {
        if (d > max) break;
        if (!add(line)) break;
        if (d === 0) shownBlocks.add(block);
      }
    }
  };
  // Tier by tier (strongest first): every block's core, then their wider context.
  for (const score of [...new Set(ordered.map((b) => b.score))]) {
    const tier = ordered.filter((b) => b.score === score);
    round(tier, CORE_DISTANCE);
    round(tier, score <= 1 ? EFFECT_CONTEXT_DISTANCE : CONTEXT_DISTANCE);
  }
  for (const line of tail.slice(-TAIL_MORE, -TAIL_FIRST).reverse()) if (!add(line)) break;

  const sorted = [...chosen.values()].sort((a, b) => a.n - b.n);
  const lines: string[] = [];
  const ranges: Array<[number, number]> = [];
  let expected = 1;
  for (const line of sorted) {
    if (line.n > expected) lines.push(elision(expected, line.n - 1));
    lines.push(renderLine(line));
    const last = ranges.at(-1);
    if (last && last[1] + 1 === line.n) last[1] = lastLineOf(line);
    else ranges.push([line.n, lastLineOf(line)]);
    expected = lastLineOf(line) + 1;
  }
  if (expected <= analysis.lineCount) lines.push(elision(expected, analysis.lineCount));
  return { lines, ranges, blocksLeftOut: analysis.blockCount - shownBlocks.size, truncated };
}
