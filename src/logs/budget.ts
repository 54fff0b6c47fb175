/**
 * Shapes of log excerpts for a model: one line rendered as `N: text` (redacted, long lines cut
 * around what matters), gaps marked. Their tokens are counted by tokens.ts. Pure.
 */
import { type LogLine, lastLineOf } from "./normalize.js";
import { redactSecrets, SECRET_LINE } from "./redact.js";

/** Longest line text shown; longer lines are cut (around a match when there is one). */
export const MAX_LINE_CHARS = 300;
/** Characters redacted beyond the cut, so a secret that straddles it is still recognised. */
const REDACT_MARGIN = 120;

/**
 * The text of one line as shown: private key lines replaced, secrets redacted, and cut to
 * `max` characters (keeping the part around `focus`, an index into the text, when given).
 */
export function lineText(line: LogLine, max = MAX_LINE_CHARS, focus?: number): string {
  if (line.secret) return SECRET_LINE;
  const text = line.text;
  if (text.length <= max) return redactSecrets(text);
  let start = 0;
  if (focus !== undefined && focus > max / 2) start = Math.min(focus - Math.floor(max / 3), text.length - max);
  const from = Math.max(0, start - REDACT_MARGIN);
  const window = redactSecrets(text.slice(from, start + max + REDACT_MARGIN));
  const offset = start - from;
  const shown = window.slice(offset, offset + max);
  const before = start > 0 ? `[${start} chars cut] ` : "";
  const after = text.length - start - max;
  return `${before}${shown}${after > 0 ? ` [+${after} chars]` : ""}`;
}

/** `12: text`, or `12-61: text [x50]` for a run of identical lines. */
export function renderLine(line: LogLine, max = MAX_LINE_CHARS, focus?: number): string {
  const last = lastLineOf(line);
  const label = last > line.n ? `${line.n}-${last}` : `${line.n}`;
  const repeat = line.count > 1 ? ` [x${line.count}]` : "";
  return `${label}: ${lineText(line, max, focus)}${repeat}`;
}

/**
 * The marker for lines left out between two shown lines. The numbers of the lines around it say
 * which they are, so it says only how many: a range would cost twice the tokens, once per gap.
 */
export function elision(from: number, to: number): string {
  const count = to - from + 1;
  return count === 1 ? "... 1 line omitted ..." : `... ${count} lines omitted ...`;
}

/** Renders lines in order, marking each gap in the numbering with an elision line. */
export function renderWithGaps(lines: readonly LogLine[], options: { first?: number; last?: number } = {}): string[] {
  const out: string[] = [];
  let expected = options.first ?? lines[0]?.n ?? 1;
  for (const line of lines) {
    if (line.n > expected) out.push(elision(expected, line.n - 1));
    out.push(renderLine(line));
    expected = lastLineOf(line) + 1;
  }
  if (options.last !== undefined && options.last >= expected) out.push(elision(expected, options.last));
  return out;
}
