/**
 * A running step's output so far, as the log resource's text. Drone stores a step's log only
 * when the step ends (until then its log route answers 404), but it streams what the step
 * prints: readLiveLog reads that stream (the replayed buffer, then live lines) within a line
 * limit and a short time budget, and the lines are cleaned like a stored log's, under a first
 * line saying the step is still running and how much of its output this is.
 */
import type { DroneClient } from "../drone/client.js";
import { readLiveLog } from "../drone/live-log.js";
import type { StepRef } from "../drone/logs.js";
import { cleanOutput } from "../logs/clean.js";

/** Bounds of one read: the last maxLines lines, at most maxWaitMs, done after idleMs of silence. */
export const LIVE_TEXT_LIMITS = { maxLines: 2000, maxWaitMs: 3000, idleMs: 500 } as const;

const count = (n: number) => n.toLocaleString("en-US");
const lines = (n: number) => `${count(n)} line${n === 1 ? "" : "s"}`;

/**
 * The header line and the cleaned output, or undefined when the stream had nothing for this
 * step (Drone ends it at once: the step is not running, or finished just now).
 * `label` names the step, e.g. "Step 2 (test) of stage 1 in build #7 of octocat/hello-world".
 */
export async function readLiveText(
  drone: DroneClient,
  ref: StepRef,
  label: string,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const live = await readLiveLog(drone, ref, { ...LIVE_TEXT_LIMITS, keep: "tail", ...(signal ? { signal } : {}) });
  if (live.ended && live.lines.length === 0) return undefined;
  // Drone numbers a step's lines from 0 and replays only its last 5000, so the last line's
  // position tells how many the step printed, even when neither side kept them all.
  const printed = Math.max(live.total, (live.lines.at(-1)?.pos ?? -1) + 1);
  const kept = live.lines.length;
  const amount = printed > kept ? `the last ${lines(kept)} of ${count(printed)} (older lines dropped)` : lines(kept);
  const header = live.ended
    ? `${label} finished while it was being read; this is its streamed output, ${amount}. Read again for the stored log.`
    : kept === 0
      ? `${label} is still running and has printed nothing yet. Read again later for its output.`
      : `${label} is still running; this is its output so far, ${amount}. Read again for more; the whole log is stored when the step finishes.`;
  const body = live.lines.flatMap((line) => cleanOutput(line.out));
  return body.length > 0 ? `${header}\n${body.join("\n")}` : header;
}
