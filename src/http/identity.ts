/**
 * Who is calling, in the HTTP mode: the request's `Authorization: Bearer <Drone token>`, checked
 * with Drone (GET /api/user) and remembered briefly under the token's SHA-256, never the token.
 * Each token gets its own DroneClient (so every cache hung on a client, such as the step-log
 * cache, is that user's alone); the clients live in a bounded LRU.
 */
import { createHash } from "node:crypto";
import type { Config } from "../config.js";
import * as api from "../drone/api/index.js";
import { DroneClient } from "../drone/client.js";
import { DroneApiError, describeError } from "../drone/errors.js";
import { LOG_CACHE_BYTES, useSharedLogCache } from "../drone/log-store.js";
import type { User } from "../drone/types.js";
import { ByteLru } from "../logs/cache.js";

export interface Identity {
  /** SHA-256 of the token, hex: the key of every per-user structure. */
  key: string;
  login: string;
  admin: boolean;
  drone: DroneClient;
}

/** Why a request has no identity: the HTTP status, and one line for the WWW-Authenticate header. */
export class AuthError extends Error {
  constructor(
    readonly status: 401 | 403 | 429 | 502,
    message: string,
    readonly retryAfterSeconds?: number,
    /** RFC 6750's error code for WWW-Authenticate; none when no token was sent. */
    readonly challenge?: "invalid_token" | "invalid_request",
  ) {
    super(message);
    this.name = "AuthError";
  }
}

interface Entry {
  identity: Identity;
  /** When Drone must be asked again. */
  checkedUntil: number;
  pending?: Promise<Identity>;
}

/** How many users' clients stay in memory; the least recently seen go first. */
const MAX_USERS = 500;
/** A token Drone rejected is not re-checked for this long (a flood of bad tokens stays local). */
const REJECTED_TTL_MS = 10_000;
/** New tokens checked with Drone at once; past it, 429 (a flood of fresh tokens cannot pile onto Drone). */
const MAX_CHECKS = 32;

export type DroneSettings = Omit<Config, "token">;

export class Identities {
  readonly #users = new Map<string, Entry>();
  readonly #rejected = new Map<string, { until: number; error: AuthError }>();
  /** Every user's step logs, in one memory bound, each under the user's key. */
  readonly #logs = new ByteLru<string[]>(LOG_CACHE_BYTES);
  #checking = 0;

  constructor(
    readonly settings: DroneSettings,
    readonly ttlMs: number,
    /** Shared-token mode: this token for every request, no Authorization needed. */
    readonly sharedToken?: string,
  ) {}

  /** The identity behind a request's Authorization header; AuthError when there is none. */
  async identify(authorization: string | undefined): Promise<Identity> {
    const token = this.sharedToken ?? bearerToken(authorization);
    const key = hashToken(token);
    const now = Date.now();
    const rejected = this.#rejected.get(key);
    if (rejected && rejected.until > now) throw rejected.error;
    let entry = this.#users.get(key);
    if (entry) {
      // Most recently used last: Map keeps insertion order.
      this.#users.delete(key);
      this.#users.set(key, entry);
      if (entry.checkedUntil > now) return entry.identity;
      if (entry.pending) return entry.pending;
    }
    if (this.#checking >= MAX_CHECKS) {
      throw new AuthError(429, "too many new tokens being checked with Drone at once: retry", 1);
    }
    const drone = entry?.identity.drone ?? this.#client(token, key);
    this.#checking++;
    const check = this.#check(key, drone).finally(() => {
      this.#checking--;
    });
    entry ??= { identity: { key, login: "", admin: false, drone }, checkedUntil: 0 };
    entry.pending = check;
    this.#users.set(key, entry);
    this.#trim();
    const current = entry;
    try {
      const identity = await check;
      current.identity = identity;
      current.checkedUntil = Date.now() + this.ttlMs;
      return identity;
    } catch (error) {
      this.#users.delete(key);
      if (error instanceof AuthError && (error.status === 401 || error.status === 403)) {
        this.#rejected.set(key, { until: Date.now() + REJECTED_TTL_MS, error });
        this.#trimRejected();
      }
      throw error;
    } finally {
      current.pending = undefined;
    }
  }

  /** True when the request's token belongs to a user checked within the last TTL. */
  known(authorization: string | undefined): boolean {
    let token: string;
    try {
      token = this.sharedToken ?? bearerToken(authorization);
    } catch {
      return false;
    }
    const entry = this.#users.get(hashToken(token));
    return entry !== undefined && entry.checkedUntil > Date.now();
  }

  /** Forgets every identity (tests, shutdown). */
  clear(): void {
    this.#users.clear();
    this.#rejected.clear();
  }

  #client(token: string, key: string): DroneClient {
    const drone = new DroneClient({ ...this.settings, token });
    useSharedLogCache(drone, this.#logs, key);
    return drone;
  }

  async #check(key: string, drone: DroneClient): Promise<Identity> {
    let user: User;
    try {
      user = await api.user.self(drone);
    } catch (error) {
      if (error instanceof DroneApiError && error.status === 401) {
        throw new AuthError(
          401,
          "Drone rejected the token: use your own token from your Drone account page",
          undefined,
          "invalid_token",
        );
      }
      if (error instanceof DroneApiError && error.status === 403) {
        throw new AuthError(403, "Drone says this user is inactive or not allowed");
      }
      throw new AuthError(
        502,
        `cannot check the token with Drone: ${drone.redact(describeError(error)).split("\n")[0]}`,
        5,
      );
    }
    return { key, login: user.login, admin: user.admin === true, drone };
  }

  #trim(): void {
    for (const key of this.#users.keys()) {
      if (this.#users.size <= MAX_USERS) break;
      this.#users.delete(key);
    }
  }

  #trimRejected(): void {
    const now = Date.now();
    for (const [key, value] of this.#rejected) {
      if (value.until <= now || this.#rejected.size > MAX_USERS) this.#rejected.delete(key);
    }
  }
}

/** The token of an `Authorization: Bearer <token>` header; AuthError(401) otherwise. */
export function bearerToken(header: string | undefined): string {
  if (!header) throw new AuthError(401, "no token: send Authorization: Bearer <your Drone token>");
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  if (!match?.[1]) {
    throw new AuthError(
      401,
      "the Authorization header must be: Bearer <your Drone token>",
      undefined,
      "invalid_request",
    );
  }
  return match[1];
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
