/**
 * Live step logs: GET /api/stream/{owner}/{name}/{build}/{stage}/{step} is a Server-Sent Events
 * stream. Drone first sends `: ping`, then replays the lines it buffered for the running step
 * (up to the last 5000), then each new line as `data: {"pos","out","time"}`, and ends with
 * `event: error` / `data: eof` when the step ends. For a step that is not running (not started
 * yet, or finished) it sends the ping and the eof at once: read the stored log instead.
 */
import { LIVE_OUTPUT_LIMITS, type LiveOutput } from "../logs/live-output.js";
import * as logs from "./api/logs.js";
import type { StepRef } from "./api/refs.js";
import type { DroneClient } from "./client.js";
import { linkedAbort } from "./sse.js";
import type { Line } from "./types.js";

/** What the stream carries: it opened (headers in), a log line, or the end of the step's stream. */
export type LiveLogEvent = { type: "open" } | { type: "line"; line: Line } | { type: "eof" };

/**
 * Yields `open` once Drone answered, then the step stream's lines (replayed, then live) and a
 * final `eof` event. The sequence
 * simply stops, without `eof`, when the connection closes early. Drone errors before the
 * stream starts (404 for an unknown repo/build/stage/step, 401) are thrown as DroneApiError.
 */
export async function* streamLiveLog(
  drone: DroneClient,
  ref: StepRef,
  options: { signal?: AbortSignal } = {},
): AsyncGenerator<LiveLogEvent> {
  const events = await logs.live(drone, ref, options);
  yield { type: "open" };
  for await (const event of events) {
    if (event.event === "error") {
      // Drone's only error event is `data: eof`: the stream is over.
      yield { type: "eof" };
      return;
    }
    const line = parseLine(event.data);
    if (line) yield { type: "line", line };
  }
}

function parseLine(data: string): Line | undefined {
  try {
    const value = JSON.parse(data) as Partial<Line> | null;
    if (!value || typeof value.out !== "string") return undefined;
    return { pos: Number(value.pos ?? 0), out: value.out, time: Number(value.time ?? 0) };
  } catch {
    return undefined;
  }
}

export interface LiveLogOptions {
  /** Most lines kept (default 500). */
  maxLines?: number;
  /** Past maxLines keep the last lines ("tail", default) or stop reading at maxLines ("head"). */
  keep?: "tail" | "head";
  /** Longest the whole read may take, in ms (default 10 000). */
  maxWaitMs?: number;
  /** Return when no line came for this long after the stream opened, in ms (default 1 500; 0 = off). */
  idleMs?: number;
  /** Most characters of line text read in all, replayed lines included (default 16 MiB). */
  maxChars?: number;
  /** Most characters of line text kept; past it the oldest lines are dropped (default 1 MiB). */
  keepChars?: number;
  /** The caller's cancellation: aborting it rejects with the abort error. */
  signal?: AbortSignal;
}

/** Why reading stopped. */
export type LiveLogStop = "eof" | "max_lines" | "max_chars" | "idle" | "time_budget" | "closed";

export interface LiveLog {
  /** The kept lines, in the order Drone sent them (replayed buffer first, then live lines). */
  lines: Line[];
  /** Lines received in all; more than lines.length when older lines were dropped (keep "tail"). */
  total: number;
  /** Drone sent eof: the step is not running (it finished, or has not started). */
  ended: boolean;
  stop: LiveLogStop;
}

export const LIVE_LOG_DEFAULTS = {
  maxLines: 500,
  maxWaitMs: 10_000,
  idleMs: 1_500,
  maxChars: 16 * 1024 * 1024,
  keepChars: 1024 * 1024,
} as const;

/** What a kept line longer than keepChars is cut to, with this note at the end. */
const CUT_NOTE = " … [line cut: too long]";

/**
 * Reads what a running step has printed so far, and what it prints next, within a line limit
 * and a time budget. Returns at the first of: eof (ended: true), maxLines with keep "head",
 * idleMs without a new line once the stream is open, maxWaitMs in all (connecting included),
 * or the connection closing (stop "closed").
 * Throws DroneApiError when Drone refuses the stream (404: no such repo/build/stage/step).
 */
export async function readLiveLog(drone: DroneClient, ref: StepRef, options: LiveLogOptions = {}): Promise<LiveLog> {
  const maxLines = Math.max(1, options.maxLines ?? LIVE_LOG_DEFAULTS.maxLines);
  const keep = options.keep ?? "tail";
  const maxWaitMs = options.maxWaitMs ?? LIVE_LOG_DEFAULTS.maxWaitMs;
  const idleMs = options.idleMs ?? LIVE_LOG_DEFAULTS.idleMs;
  const maxChars = options.maxChars ?? LIVE_LOG_DEFAULTS.maxChars;
  const keepChars = Math.max(1024, options.keepChars ?? LIVE_LOG_DEFAULTS.keepChars);
  options.signal?.throwIfAborted();

  const { controller: stopper, unlink } = linkedAbort(options.signal);
  let stopReason: LiveLogStop | undefined;
  const stopWith = (reason: LiveLogStop) => {
    if (stopReason) return;
    stopReason = reason;
    stopper.abort();
  };
  const signal = stopper.signal;
  const budget = setTimeout(() => stopWith("time_budget"), maxWaitMs);
  let idle: NodeJS.Timeout | undefined;
  const armIdle = () => {
    if (idleMs <= 0) return;
    clearTimeout(idle);
    idle = setTimeout(() => stopWith("idle"), idleMs);
  };

  const lines: Line[] = [];
  let total = 0;
  let readChars = 0;
  let keptChars = 0;
  try {
    for await (const event of streamLiveLog(drone, ref, { signal })) {
      if (event.type === "open") {
        armIdle();
        continue;
      }
      if (event.type === "eof") return { lines, total, ended: true, stop: "eof" };
      total += 1;
      let line = event.line;
      readChars += line.out.length;
      if (line.out.length > keepChars)
        line = { ...line, out: line.out.slice(0, keepChars - CUT_NOTE.length) + CUT_NOTE };
      lines.push(line);
      keptChars += line.out.length;
      if (keep === "head" && keptChars > keepChars) return { lines, total, ended: false, stop: "max_chars" };
      while (lines.length > maxLines || (keptChars > keepChars && lines.length > 1)) {
        keptChars -= (lines.shift() as Line).out.length;
      }
      if (readChars >= maxChars) return { lines, total, ended: false, stop: "max_chars" };
      if (keep === "head" && total >= maxLines) return { lines, total, ended: false, stop: "max_lines" };
      armIdle();
    }
    options.signal?.throwIfAborted();
    return { lines, total, ended: false, stop: stopReason ?? "closed" };
  } catch (error) {
    if (stopReason && !options.signal?.aborted) return { lines, total, ended: false, stop: stopReason };
    throw error;
  } finally {
    clearTimeout(budget);
    clearTimeout(idle);
    unlink();
    if (!stopper.signal.aborted) stopper.abort();
  }
}

/**
 * What a running step has printed so far, within LIVE_OUTPUT_LIMITS, or undefined when the
 * stream had nothing for it (Drone ends it at once: the step is not running, or just finished).
 * Live output is never cached: it changes with every read.
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
