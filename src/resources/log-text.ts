/**
 * A step log as one clean text: Drone's stored JSON is parsed line by line as it streams in
 * (logs.stored), each line cleaned of ANSI sequences and `\r` redraws, and appended to the
 * result. The raw JSON, the parsed array and the text never sit in memory side by side: lines
 * are packed into flat pieces of about PIECE_CHARS as they arrive (so no parsed line outlives
 * its piece), and the pieces are appended to the text, which V8 keeps as a rope of those pieces
 * rather than copying it at each step or joining it at the end.
 */
import { logs, type StepRef } from "../drone/api/index.js";
import type { DroneClient } from "../drone/client.js";
import { cleanOutput } from "../logs/clean.js";

const PIECE_CHARS = 64 * 1024;

export async function readLogText(drone: DroneClient, ref: StepRef, signal?: AbortSignal): Promise<string> {
  let text = "";
  let empty = true;
  let lines: string[] = [];
  let chars = 0;
  const flush = () => {
    if (!empty) text += "\n";
    text += lines.join("\n");
    empty = false;
    lines = [];
    chars = 0;
  };
  for await (const line of logs.stored(drone, ref, { signal })) {
    for (const clean of cleanOutput(typeof line.out === "string" ? line.out : "")) {
      lines.push(clean);
      chars += clean.length + 1;
    }
    if (chars >= PIECE_CHARS) flush();
  }
  if (lines.length > 0) flush();
  return text;
}
