/**
 * The one way the API functions talk to Drone: send through the shared client (passed in, never
 * a module singleton, so a server may hold one client per user) and check the answer's shape.
 */
import type { DroneClient, Query } from "../client.js";
import { type Check, ShapeProblem, shapeError } from "./check.js";

/** Per-call options every API function takes. */
export interface Call {
  /** The caller's cancellation (the MCP request's signal). */
  signal?: AbortSignal | undefined;
}

export interface Send extends Call {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  query?: Query | undefined;
  json?: unknown;
}

/** Sends one request and returns its JSON answer after `check`. */
export async function send<T>(drone: DroneClient, path: string, check: Check<T>, options: Send = {}): Promise<T> {
  const { signal, query, json, method } = options;
  const value = await drone.json<unknown>(path, {
    ...(method ? { method } : {}),
    ...(query ? { query } : {}),
    ...(json !== undefined ? { json } : {}),
    ...(signal ? { signal } : {}),
  });
  try {
    return check(value);
  } catch (error) {
    if (error instanceof ShapeProblem) throw shapeError(error, method ?? "GET", path);
    throw error;
  }
}
