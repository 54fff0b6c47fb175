/**
 * A step log as one clean text: Drone's stored JSON is parsed line by line as it streams in
 * (logs.stored), each line cleaned of ANSI sequences and `\r` redraws, and appended to the
 * result. The raw JSON, the parsed array and the text never sit in memory side by side: lines
 * are packed into flat pieces of about PIECE_CHARS as they arrive (so no parsed line outlives
 * its piece). A log longer than LOG_RESOURCE_MAX_CHARS keeps its last part (where failures
 * are), under a first line that says what was left out and how to read it.
 */
import { logs, type StepRef } from "../drone/api/index.js";
import type { DroneClient } from "../drone/client.js";
import { cleanOutput } from "../logs/clean.js";

const PIECE_CHARS = 64 * 1024;
/**
 * Most characters of log text in one resource answer: 1 MiB, about 350,000 tokens of log text,
 * so that the message stays far below the 10 MiB clients accept even with JSON escaping.
 */
export const LOG_RESOURCE_MAX_CHARS = 1024 * 1024;

interface Piece {
  text: string;
  lines: number;
}

export async function readLogText(
  drone: DroneClient,
  ref: StepRef,
  signal?: AbortSignal,
  maxChars = LOG_RESOURCE_MAX_CHARS,
): Promise<string> {
  const pieces: Piece[] = [];
  let kept = 0;
  let total = 0;
  let droppedLines = 0;
  let lines: string[] = [];
  let chars = 0;
  const flush = () => {
    const text = lines.join("\n");
    pieces.push({ text, lines: lines.length });
    kept += text.length + 1;
    total += lines.length;
    lines = [];
    chars = 0;
    // Drop whole pieces from the front while the rest is still over the limit.
    while (pieces.length > 1 && kept - ((pieces[0] as Piece).text.length + 1) >= maxChars) {
      const first = pieces.shift() as Piece;
      kept -= first.text.length + 1;
      droppedLines += first.lines;
    }
  };
  for await (const line of logs.stored(drone, ref, { signal })) {
    for (const clean of cleanOutput(line.out)) {
      lines.push(clean);
      chars += clean.length + 1;
    }
    if (chars >= PIECE_CHARS) flush();
  }
  if (lines.length > 0) flush();
  if (kept <= maxChars + 1 && droppedLines === 0) return pieces.map((piece) => piece.text).join("\n");
  // Cut the first kept piece at a line boundary so that the text fits (mid-line when one line is longer).
  const first = pieces[0] as Piece;
  const excess = Math.max(0, kept - 1 - maxChars);
  const newline = first.text.indexOf("\n", Math.max(0, excess - 1));
  const start = newline >= 0 ? newline + 1 : pieces.length > 1 ? first.text.length : excess;
  const removed = first.text.slice(0, start);
  droppedLines += (removed.match(/\n/g)?.length ?? 0) + (start === first.text.length && start > 0 ? 1 : 0);
  pieces[0] = { text: first.text.slice(start), lines: 0 };
  const count = (n: number) => n.toLocaleString("en-US");
  const header = `[Log cut: ${count(total)} lines in all, too long for one answer; this is its last part, from line ${count(droppedLines + 1)}${newline < 0 && pieces.length === 1 ? " (that line cut at its start)" : ""}. Read earlier lines with get_build_logs (offset/limit, or grep), or search every step with search_build_logs.]`;
  return [header, ...pieces.map((piece) => piece.text).filter((text, i) => i > 0 || text !== "")].join("\n");
}
