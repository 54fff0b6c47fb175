/**
 * Turning raw step output into readable text: ANSI/OSC escape sequences removed and
 * carriage-return progress redraws collapsed to what the terminal finally showed. Pure functions.
 */

/** Escape sequences (OSC, CSI, DCS/SOS/PM/APC, two-byte escapes, 8-bit CSI) and stray controls, in one pass. */
const ESCAPES_AND_CONTROLS =
  /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b\[[0-?]*[ -/]*[@-~]|\x1b[PX^_][^\x1b]*\x1b\\|\x1b[ -/]*[0-~]|\x9b[0-?]*[ -/]*[@-~]|[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]+/g;
/** Any character that may need removing (ESC, CSI, other controls): one scan decides. */
const NEEDS_CLEANING = /[\x00-\x08\x0b-\x1f\x7f\x9b]/;

/** Removes ANSI colour/cursor sequences, OSC sequences (titles, hyperlinks) and stray controls. */
export function stripAnsi(text: string): string {
  if (!NEEDS_CLEANING.test(text)) return text;
  return text.replace(ESCAPES_AND_CONTROLS, "");
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
