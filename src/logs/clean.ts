/**
 * Turning raw step output into readable text: ANSI/OSC escape sequences removed and
 * carriage-return progress redraws collapsed to what the terminal finally showed. Pure functions.
 */

const ESCAPES =
  /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b\[[0-?]*[ -/]*[@-~]|\x1b[PX^_][^\x1b]*\x1b\\|\x1b[ -/]*[0-~]|\x9b[0-?]*[ -/]*[@-~]/g;
const CONTROLS = /[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]/g;

/** Removes ANSI colour/cursor sequences, OSC sequences (titles, hyperlinks) and stray controls. */
export function stripAnsi(text: string): string {
  if (!text.includes("\x1b") && !text.includes("\x9b") && !CONTROLS.test(text)) return text;
  CONTROLS.lastIndex = 0;
  return text.replace(ESCAPES, "").replace(CONTROLS, "");
}

/**
 * A line redrawn with '\r' (progress bars, spinners) collapses to its last non-empty state;
 * a trailing '\r' (CRLF output) is dropped.
 */
export function collapseRedraws(line: string): string {
  if (!line.includes("\r")) return line;
  const parts = line.split("\r");
  for (let i = parts.length - 1; i >= 0; i--) {
    if ((parts[i] ?? "") !== "") return parts[i] as string;
  }
  return "";
}

/**
 * One Drone log entry's `out` as clean display lines: a trailing newline removed, split on
 * embedded newlines, redraws collapsed, escapes stripped.
 */
export function cleanOutput(out: string): string[] {
  const text = out.endsWith("\n") ? out.slice(0, -1) : out;
  return text.split("\n").map((line) => stripAnsi(collapseRedraws(line)));
}
