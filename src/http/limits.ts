/**
 * Per-user limits of the HTTP mode: a token bucket for the request rate and a count of requests
 * in flight. A refusal says how many seconds to wait (the 429's Retry-After).
 */

export interface Refusal {
  reason: string;
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updated: number;
  inFlight: number;
}

/** Buckets untouched this long are dropped (a full bucket is the same as none). */
const IDLE_MS = 10 * 60_000;
const MAX_KEYS = 10_000;

export class Limits {
  readonly #buckets = new Map<string, Bucket>();
  readonly #burst: number;
  readonly #perMs: number;

  constructor(
    readonly ratePerMinute: number,
    readonly concurrency: number,
  ) {
    this.#burst = Math.max(10, Math.ceil(ratePerMinute / 10));
    this.#perMs = ratePerMinute / 60_000;
  }

  /**
   * Takes one request's place for `key`; undefined when it may go on (then call the returned
   * release exactly once when it ends), else why not.
   */
  acquire(key: string, now = Date.now()): { release: () => void } | Refusal {
    const bucket = this.#bucket(key, now);
    if (bucket.inFlight >= this.concurrency) {
      return { reason: `too many requests at once (limit ${this.concurrency} per user)`, retryAfterSeconds: 1 };
    }
    if (bucket.tokens < 1) {
      const seconds = Math.max(1, Math.ceil((1 - bucket.tokens) / this.#perMs / 1000));
      return { reason: `rate limit of ${this.ratePerMinute} requests a minute per user`, retryAfterSeconds: seconds };
    }
    bucket.tokens -= 1;
    bucket.inFlight += 1;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        bucket.inFlight -= 1;
      },
    };
  }

  /** Why `key` has no request left (without taking one), or undefined when it has. */
  check(key: string, now = Date.now()): Refusal | undefined {
    const bucket = this.#bucket(key, now);
    if (bucket.tokens >= 1) return undefined;
    return { reason: "", retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.#perMs / 1000)) };
  }

  /** Takes one request from `key`'s allowance (a failed attempt, counted after the fact). */
  spend(key: string, now = Date.now()): void {
    const bucket = this.#bucket(key, now);
    bucket.tokens = Math.max(0, bucket.tokens - 1);
  }

  #bucket(key: string, now: number): Bucket {
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      if (this.#buckets.size >= MAX_KEYS) this.#sweep(now);
      bucket = { tokens: this.#burst, updated: now, inFlight: 0 };
      this.#buckets.set(key, bucket);
      return bucket;
    }
    bucket.tokens = Math.min(this.#burst, bucket.tokens + (now - bucket.updated) * this.#perMs);
    bucket.updated = now;
    return bucket;
  }

  #sweep(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.inFlight === 0 && now - bucket.updated > IDLE_MS) this.#buckets.delete(key);
    }
    // Still full: forget the oldest idle ones (their users get a fresh burst).
    for (const [key, bucket] of this.#buckets) {
      if (this.#buckets.size < MAX_KEYS) break;
      if (bucket.inFlight === 0) this.#buckets.delete(key);
    }
  }
}

export function isRefusal(value: { release: () => void } | Refusal): value is Refusal {
  return "reason" in value;
}
