/**
 * Build events: GET /api/stream/{owner}/{name} (or /api/stream for every repo the token can see)
 * is a Server-Sent Events stream where each message is a Repo with `build` set to the full
 * Build (stages and steps), sent whenever a build, stage or step changes. It starts with
 * `: ping` and ends with `event: error` / `data: eof` (after 24 h, or when Drone stops it).
 * Events are not replayed: read the build once after the stream opens to miss nothing.
 */
import * as events from "./api/events.js";
import { cleanBuild } from "./api/shapes.js";
import type { DroneClient } from "./client.js";
import { linkedAbort } from "./sse.js";
import { type Build, FINISHED_STATUSES, type Repo } from "./types.js";

export type BuildEvent = { type: "open" } | { type: "build"; repo: Repo; build: Build } | { type: "eof" };

/**
 * Yields `open` once Drone answered, then one event per build change, then `eof`. Stops without
 * `eof` if the connection drops. Messages that are not a repo with a build are skipped.
 */
export async function* streamBuildEvents(
  drone: DroneClient,
  repo?: { namespace: string; name: string },
  options: { signal?: AbortSignal } = {},
): AsyncGenerator<BuildEvent> {
  const stream = await events.builds(drone, repo, options);
  yield { type: "open" };
  for await (const event of stream) {
    if (event.event === "error") {
      yield { type: "eof" };
      return;
    }
    try {
      const value = JSON.parse(event.data) as Repo | null;
      if (value?.build && typeof value.build.number === "number")
        yield { type: "build", repo: value, build: cleanBuild(value.build) };
    } catch {
      // not a build event
    }
  }
}

export interface WaitForBuildOptions {
  /** When the wait is over (default: the build reached a finished status). */
  until?: (build: Build) => boolean;
  /** Reads the build's current state once the stream is open (e.g. GET the build), so no change is missed. */
  current?: (signal: AbortSignal) => Promise<Build | null | undefined>;
  /** Called with each new state of the build (from `current` or an event), before `until` is checked. */
  onBuild?: (build: Build) => void | Promise<void>;
  /** Longest wait, in ms (default 60 000). */
  maxWaitMs?: number;
  /** The caller's cancellation: aborting it rejects with the abort error. */
  signal?: AbortSignal;
}

export type BuildWaitStop = "matched" | "eof" | "time_budget" | "closed";

export interface BuildWait {
  /** The newest state seen (from `current` or an event); undefined if none arrived. */
  build: Build | undefined;
  /** Events seen for this build. */
  events: number;
  stop: BuildWaitStop;
}

/**
 * Waits on the repo's event stream until build `number` satisfies `until`, the time budget runs
 * out, or the stream ends. Only that build's events count. Throws DroneApiError when Drone refuses
 * the stream (404: no such repo or no access).
 */
export async function waitForBuildEvent(
  drone: DroneClient,
  ref: { namespace: string; name: string; build: number },
  options: WaitForBuildOptions = {},
): Promise<BuildWait> {
  const until = options.until ?? ((b: Build) => FINISHED_STATUSES.has(b.status));
  options.signal?.throwIfAborted();
  const { controller: stopper, unlink } = linkedAbort(options.signal);
  let timedOut = false;
  const budget = setTimeout(() => {
    timedOut = true;
    stopper.abort();
  }, options.maxWaitMs ?? 60_000);
  const signal = stopper.signal;
  let build: Build | undefined;
  let events = 0;
  try {
    for await (const event of streamBuildEvents(drone, ref, { signal })) {
      if (event.type === "open") {
        build = (await options.current?.(signal)) ?? build;
        if (build) await options.onBuild?.(build);
        if (build && until(build)) return { build, events, stop: "matched" };
        continue;
      }
      if (event.type === "eof") return { build, events, stop: "eof" };
      if (event.build.number !== ref.build) continue;
      events += 1;
      build = event.build;
      await options.onBuild?.(build);
      if (until(build)) return { build, events, stop: "matched" };
    }
    options.signal?.throwIfAborted();
    return { build, events, stop: timedOut ? "time_budget" : "closed" };
  } catch (error) {
    if (timedOut && !options.signal?.aborted) return { build, events, stop: "time_budget" };
    throw error;
  } finally {
    clearTimeout(budget);
    unlink();
    if (!stopper.signal.aborted) stopper.abort();
  }
}
