/**
 * A running step's output so far, as the log resource's text: the live output (readLiveOutput)
 * cleaned like a stored log's, under a first line saying the step is still running and how much
 * of its output this is.
 */
import type { DroneClient } from "../drone/client.js";
import type { StepRef } from "../drone/logs.js";
import { cleanOutput } from "../logs/clean.js";
import { liveHeader, readLiveOutput } from "../logs/live-output.js";

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
  const live = await readLiveOutput(drone, ref, signal);
  if (!live) return undefined;
  const header = liveHeader(label, live);
  const body = live.outs.flatMap((out) => cleanOutput(out));
  return body.length > 0 ? `${header}\n${body.join("\n")}` : header;
}
