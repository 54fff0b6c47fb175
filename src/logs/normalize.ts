/**
 * Normalising a step log as a stream: Drone entries (`out` strings) in, numbered display lines
 * out. Entries without a trailing newline are joined to the next (a progress bar redrawn with
 * '\r' arrives as many such writes), '\r' redraws collapse to their final state, ANSI/OSC escapes
 * are removed, and runs of identical lines become one line with a count. One pass, linear.
 */
import { collapseRedraws, stripAnsi } from "./clean.js";

export interface LogLine {
  /** 1-based number of the line in the normalised log (the first line of a collapsed run). */
  n: number;
  text: string;
  /** How many identical consecutive lines this stands for (1 for an ordinary line). */
  count: number;
  /** Inside a PEM private key block: never shown. */
  secret?: boolean;
}

/** A buffered partial line keeps only what is still visible after its last redraw. */
export function compactRedraws(pending: string): string {
  let end = pending.length;
  while (end > 0 && pending.charCodeAt(end - 1) === 13) end--;
  const cut = pending.lastIndexOf("\r", end - 1);
  return cut > 0 ? pending.slice(cut) : pending;
}

const KEY_BEGIN = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;
const KEY_END = /-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;
/** Characters that make a line need cleaning or splitting. */
const NEEDS_WORK = /[\n\r\x00-\x08\x0b-\x1f\x7f\x9b]/;
/** A key block that never ends stops hiding lines after this many. */
const KEY_MAX_LINES = 200;

/** Flags the lines between a BEGIN ... PRIVATE KEY line and its END line. */
export class PrivateKeyTracker {
  private inside = 0;

  /** True when this line is part of a private key's body. */
  isSecret(text: string): boolean {
    if (this.inside > 0) {
      if (KEY_END.test(text) || ++this.inside > KEY_MAX_LINES) {
        this.inside = 0;
        return false;
      }
      return true;
    }
    if (text.includes("-----BEGIN") && KEY_BEGIN.test(text) && !KEY_END.test(text)) this.inside = 1;
    return false;
  }
}

/** The normalised lines of a log given as Drone `out` strings, in order. */
export function* normalizeLog(outs: Iterable<string>): Generator<LogLine> {
  const keys = new PrivateKeyTracker();
  let n = 0;
  let previous: LogLine | undefined;
  let pending = "";
  /** Numbers the line and merges it into a run of identical lines; returns the line a new one completes. */
  const take = (text: string): LogLine | undefined => {
    n++;
    const secret = keys.isSecret(text);
    if (previous && !secret && !previous.secret && previous.text === text) {
      previous.count++;
      return undefined;
    }
    const done = previous;
    previous = secret ? { n, text, count: 1, secret } : { n, text, count: 1 };
    return done;
  };
  const iterator = outs[Symbol.iterator]();
  for (;;) {
    const next = iterator.next();
    let entry: string;
    if (next.done) {
      if (!pending) break;
      entry = pending;
      pending = "";
    } else {
      const out = next.value;
      if (!out.endsWith("\n")) {
        // Only a write with a redraw can hide what came before it: compacting on every write
        // would rescan the whole pending line each time (quadratic for a line of many writes).
        pending = pending ? (out.includes("\r") ? compactRedraws(pending + out) : pending + out) : out;
        continue;
      }
      entry = pending ? pending + out : out;
      pending = "";
    }
    const body = entry.endsWith("\n") ? entry.slice(0, -1) : entry;
    // Most lines need no work: one scan tells (newlines, '\r', escapes, controls).
    if (!NEEDS_WORK.test(body)) {
      const done = take(body);
      if (done) yield done;
    } else {
      for (const part of body.includes("\n") ? body.split("\n") : [body]) {
        const done = take(stripAnsi(collapseRedraws(part)));
        if (done) yield done;
      }
    }
    if (next.done) break;
  }
  if (previous) yield previous;
}

/** The entries as stored (`raw`): one line per entry, numbered by Drone's `pos` + 1, no cleanup. */
export function* rawLog(outs: Iterable<string>): Generator<LogLine> {
  const keys = new PrivateKeyTracker();
  let n = 0;
  for (const out of outs) {
    n++;
    const text = out.endsWith("\n") ? out.slice(0, -1) : out;
    yield keys.isSecret(text) ? { n, text, count: 1, secret: true } : { n, text, count: 1 };
  }
}

/** The last line number a LogLine covers. */
export function lastLineOf(line: LogLine): number {
  return line.n + line.count - 1;
}
