/**
 * A running step's output so far, as both readers of step logs show it: the bounds of one read
 * (drone/live-log.ts reads the stream within them) and the one line that says what the output
 * is. Pure: no I/O here.
 */
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
