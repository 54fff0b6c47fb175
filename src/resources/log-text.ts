/**
 * A step log as one clean text: Drone's stored JSON is parsed line by line as it streams in
 * (streamStepLog), each line cleaned of ANSI sequences and `\r` redraws, and appended to the
 * result. The raw JSON, the parsed array and the text never sit in memory side by side: only
 * the text grows, one line at a time.
 */
import type { DroneClient } from "../drone/client.js";
import { type StepRef, streamStepLog } from "../drone/logs.js";
import { cleanOutput } from "../logs/clean.js";

export async function readLogText(drone: DroneClient, ref: StepRef, signal?: AbortSignal): Promise<string> {
  let text = "";
  let first = true;
  for await (const line of streamStepLog(drone, ref, signal ? { signal } : {})) {
    for (const clean of cleanOutput(typeof line.out === "string" ? line.out : "")) {
      if (!first) text += "\n";
      text += clean;
      first = false;
    }
  }
  return text;
}
