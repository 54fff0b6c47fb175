/**
 * A running step's output so far, for both readers of step logs (the log resource and
 * get_build_logs). Drone stores a step's log only when the step ends (until then its log route
 * answers 404), but it streams what the step prints: this reads that stream (the replayed
 * buffer, then live lines) within a line limit and a short time budget, and says in one line
 * what the result is. Live output is never cached: it changes with every read.
 */
import type { DroneClient } from "../drone/client.js";
import { readLiveLog } from "../drone/live-log.js";
import type { StepRef } from "../drone/logs.js";

/** Bounds of one read: the last maxLines lines, at most maxWaitMs, done after idleMs of silence. */
export const LIVE_OUTPUT_LIMITS = { maxLines: 2000, maxWaitMs: 3000, idleMs: 500 } as const;

export interface LiveOutput {
  /** The kept entries' `out` strings, oldest first (the last LIVE_OUTPUT_LIMITS.maxLines). */
  outs: string[];
  /** Lines the step printed in all, as far as Drone's line positions tell. */
  printed: number;
  /** The step ended (eof) while it was being read: outs is all it streamed. */
  ended: boolean;
}

/**
 * What the step has printed so far, or undefined when the stream had nothing for it (Drone
 * ends it at once: the step is not running, or finished just now).
 */
export async function readLiveOutput(
  drone: DroneClient,
  ref: StepRef,
  signal?: AbortSignal,
): Promise<LiveOutput | undefined> {
  const live = await readLiveLog(drone, ref, { ...LIVE_OUTPUT_LIMITS, keep: "tail", ...(signal ? { signal } : {}) });
  if (live.ended && live.lines.length === 0) return undefined;
  // Drone numbers a step's lines from 0 and replays only its last 5000, so the last line's
  // position tells how many the step printed, even when neither side kept them all.
  const printed = Math.max(live.total, (live.lines.at(-1)?.pos ?? -1) + 1);
  return { outs: live.lines.map((line) => line.out), printed, ended: live.ended };
}

/** True when the step printed more than was kept. */
export const droppedLines = (live: LiveOutput): boolean => live.printed > live.outs.length;

const count = (n: number) => n.toLocaleString("en-US");
const lines = (n: number) => `${count(n)} line${n === 1 ? "" : "s"}`;

/**
 * The line that heads live output: still running (or finished during the read), and how much
 * of its output follows. `label` names the step, e.g. "Step 2 (test) of stage 1 in build #7".
 */
export function liveHeader(label: string, live: LiveOutput): string {
  const kept = live.outs.length;
  const amount = droppedLines(live)
    ? `the last ${lines(kept)} of ${count(live.printed)} (older lines dropped)`
    : lines(kept);
  if (live.ended) {
    return `${label} finished while it was being read; this is its streamed output, ${amount}. Read again for the stored log.`;
  }
  if (kept === 0) return `${label} is still running and has printed nothing yet. Read again later for its output.`;
  return `${label} is still running; this is its output so far, ${amount}. Read again for more; the whole log is stored when the step finishes.`;
}
