/**
 * Step logs as the tools read them: fetched through the streaming parser once, then served from
 * a per-client LRU cache bounded by size (a finished step's log never changes; Drone only
 * serves finished steps' logs). Concurrent reads of the same log share one request.
 */
import { ByteLru } from "../logs/cache.js";
import { untilAborted } from "./abort.js";
import * as logs from "./api/logs.js";
import type { StepRef } from "./api/refs.js";
import type { DroneClient } from "./client.js";

/**
 * Room for one of the largest logs Drone keeps (5 MB of text, about 13 MB as estimated here)
 * plus several ordinary ones: enough to page through the log being read, small enough to keep
 * the server's peak memory under 150 MB however many large logs it reads.
 */
export const LOG_CACHE_BYTES = 24 * 1024 * 1024;
/** Estimated bytes per line beyond its text (string header, array slot). */
const LINE_OVERHEAD = 32;

/** One read of a log that several callers wait for; it is cancelled only when all have gone. */
interface SharedRead {
  promise: Promise<string[]>;
  controller: AbortController;
  waiters: number;
  settled: boolean;
}

/** What the store needs of its cache: a ByteLru, or a per-user view of a shared one. */
type LogCache = Pick<ByteLru<string[]>, "get" | "set" | "delete">;

interface Store {
  cache: LogCache;
  inflight: Map<string, SharedRead>;
}

const stores = new WeakMap<DroneClient, Store>();

function storeOf(drone: DroneClient): Store {
  let store = stores.get(drone);
  if (!store) {
    store = { cache: new ByteLru<string[]>(LOG_CACHE_BYTES), inflight: new Map() };
    stores.set(drone, store);
  }
  return store;
}

/**
 * Makes a client keep its logs in `shared` under its own `scope` (HTTP mode: one client per
 * user, all within one memory bound). Entries of one scope are never seen from another.
 */
export function useSharedLogCache(drone: DroneClient, shared: ByteLru<string[]>, scope: string): void {
  const prefix = `${scope}\n`;
  const cache: LogCache = {
    get: (key) => shared.get(prefix + key),
    set: (key, value, bytes) => shared.set(prefix + key, value, bytes),
    delete: (key) => shared.delete(prefix + key),
  };
  stores.set(drone, { cache, inflight: new Map() });
}

export function stepKey(ref: StepRef): string {
  return `${ref.namespace}/${ref.name}/${ref.build}/${ref.stage}/${ref.step}`;
}

/**
 * The `out` strings of a step's log, in order; errors (404 while the step runs) are DroneApiError.
 * Concurrent callers share one read. A caller that cancels stops waiting at once; the read itself
 * is cancelled only when no caller is left, so one cancelled call never fails another. Only a
 * complete log is cached: a failed read (cut off, not a log, too large) leaves nothing behind.
 */
export async function loadStepLog(drone: DroneClient, ref: StepRef, signal?: AbortSignal): Promise<string[]> {
  signal?.throwIfAborted();
  const store = storeOf(drone);
  const key = stepKey(ref);
  const cached = store.cache.get(key);
  if (cached) return cached;
  let shared = store.inflight.get(key);
  if (!shared) shared = startRead(store, drone, ref, key);
  const read = shared;
  read.waiters += 1;
  try {
    return await untilAborted(read.promise, signal);
  } finally {
    read.waiters -= 1;
    if (read.waiters === 0 && !read.settled) {
      store.inflight.delete(key);
      read.controller.abort(signal?.reason);
    }
  }
}

function startRead(store: Store, drone: DroneClient, ref: StepRef, key: string): SharedRead {
  const controller = new AbortController();
  const read: SharedRead = { promise: Promise.resolve([]), controller, waiters: 0, settled: false };
  read.promise = (async () => {
    const outs: string[] = [];
    let bytes = 0;
    for await (const line of logs.stored(drone, ref, { signal: controller.signal })) {
      outs.push(line.out);
      // Two bytes a character: a line with any non-Latin-1 character (✓, ●) is stored as UTF-16.
      bytes += line.out.length * 2 + LINE_OVERHEAD;
    }
    store.cache.set(key, outs, bytes);
    return outs;
  })();
  const done = () => {
    read.settled = true;
    if (store.inflight.get(key) === read) store.inflight.delete(key);
  };
  read.promise.then(done, done);
  store.inflight.set(key, read);
  return read;
}

/** Forgets a cached log (after it was deleted on the server). */
export function forgetStepLog(drone: DroneClient, ref: StepRef): void {
  storeOf(drone).cache.delete(stepKey(ref));
}
