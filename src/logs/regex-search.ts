/**
 * Running a user's regex over a log without risking the server: a regex can backtrack for
 * minutes on one crafted line (`/.*a.*b/` on 4,000 "a"s takes about a minute), and JavaScript
 * cannot interrupt a running match. So regexes run in a worker thread, started on first use and
 * kept for later searches; at the time budget (or on cancellation) the worker is terminated and
 * the search answers with what it found so far. Lines travel as one transferred UTF-8 buffer.
 */
import { Worker } from "node:worker_threads";
import type { LogLine } from "./normalize.js";
import type { Pattern, RegexPattern } from "./pattern.js";
import { type GrepOptions, type GrepResult, grepLines } from "./window.js";

/** Lines a regex is tried on past this many characters are cut (a match is still found if it starts before). */
export const REGEX_LINE_LIMIT = 10_000;
/** How often (in lines) the worker reports progress, so a stopped search keeps its partial result. */
const REPORT_EVERY = 2000;

const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
parentPort.on("message", (job) => {
  const re = new RegExp(job.source, job.flags);
  const lines = new TextDecoder().decode(job.buffer).split("\\n");
  let hits = [];
  let total = 0;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i];
    const at = (text.length > job.limit ? text.slice(0, job.limit) : text).search(re);
    if (at >= 0) {
      total++;
      if (total <= job.keep) hits.push(i, at);
    }
    if ((i + 1) % job.every === 0) {
      parentPort.postMessage({ id: job.id, hits, total, scanned: i + 1, done: false });
      hits = [];
    }
  }
  parentPort.postMessage({ id: job.id, hits, total, scanned: lines.length, done: true });
});
`;

export interface RegexScan {
  /** Line index -> where the match starts, for the first `keep` matching lines. */
  hits: Map<number, number>;
  /** Matching lines among those scanned. */
  total: number;
  /** Lines scanned (all of them unless the search timed out). */
  scanned: number;
  timedOut: boolean;
}

interface Progress {
  id: number;
  hits: number[];
  total: number;
  scanned: number;
  done: boolean;
}

let worker: Worker | undefined;
let nextId = 1;

function getWorker(): Worker {
  if (!worker) {
    const created = new Worker(WORKER_SOURCE, { eval: true });
    created.unref();
    created.on("error", () => {
      if (worker === created) worker = undefined;
    });
    created.on("exit", () => {
      if (worker === created) worker = undefined;
    });
    worker = created;
  }
  return worker;
}

/** Stops the shared worker (the next search starts a new one). */
export async function stopRegexWorker(): Promise<void> {
  const current = worker;
  worker = undefined;
  await current?.terminate();
}

/** Scans `texts` (one per line, no newlines) with the pattern within `timeoutMs`. */
export function scanWithRegex(
  texts: readonly string[],
  pattern: RegexPattern,
  options: { keep: number; timeoutMs: number; signal?: AbortSignal },
): Promise<RegexScan> {
  const id = nextId++;
  const result: RegexScan = { hits: new Map(), total: 0, scanned: 0, timedOut: false };
  const buffer = new TextEncoder().encode(texts.map((t) => (t.includes("\n") ? t.replace(/\n/g, " ") : t)).join("\n"));
  const thread = getWorker();
  return new Promise<RegexScan>((resolve, reject) => {
    const finish = (error?: unknown) => {
      clearTimeout(timer);
      thread.off("message", onMessage);
      thread.off("error", onError);
      options.signal?.removeEventListener("abort", onAbort);
      if (error) reject(error);
      else resolve(result);
    };
    const stop = () => {
      if (worker === thread) worker = undefined;
      void thread.terminate();
    };
    const onMessage = (message: Progress) => {
      if (message.id !== id) return;
      for (let i = 0; i + 1 < message.hits.length; i += 2) {
        result.hits.set(message.hits[i] as number, message.hits[i + 1] as number);
      }
      result.total = message.total;
      result.scanned = message.scanned;
      if (message.done) finish();
    };
    const onError = (error: Error) => finish(error);
    const onAbort = () => {
      stop();
      finish(options.signal?.reason ?? new Error("aborted"));
    };
    const timer = setTimeout(() => {
      stop();
      result.timedOut = true;
      finish();
    }, options.timeoutMs);
    thread.on("message", onMessage);
    thread.on("error", onError);
    options.signal?.addEventListener("abort", onAbort, { once: true });
    thread.postMessage(
      {
        id,
        buffer,
        source: pattern.source,
        flags: pattern.flags,
        keep: options.keep,
        limit: REGEX_LINE_LIMIT,
        every: REPORT_EVERY,
      },
      [buffer.buffer],
    );
  });
}

/**
 * grep over a log with a text or regex pattern: text runs in line while streaming; a regex runs
 * in the worker over the lines (collected once), then context is gathered the same way.
 */
export async function grepLog(
  lines: () => Iterable<LogLine>,
  pattern: Pattern,
  options: GrepOptions & { timeoutMs: number; signal?: AbortSignal },
): Promise<GrepResult> {
  if (pattern.kind === "text") {
    return grepLines(lines(), (line) => pattern.find(line.text), {
      ...options,
      deadline: performance.now() + options.timeoutMs,
    });
  }
  const all = [...lines()];
  const from = options.from ?? 1;
  const texts = all.map((line) => (line.secret || line.n + line.count - 1 < from ? "" : line.text));
  const scan = await scanWithRegex(texts, pattern, {
    keep: Number.MAX_SAFE_INTEGER,
    timeoutMs: options.timeoutMs,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const result = grepLines(all, (_line, index) => scan.hits.get(index) ?? -1, {
    ...options,
    ...(scan.timedOut ? { until: scan.scanned } : {}),
  });
  return result;
}
