/** Assertions on what reached the Drone sandbox. */
import { expect } from "vitest";
import type { RecordedRequest } from "../src/sandbox/server.js";
import type { Harness } from "./helpers.js";

export interface Expected {
  method: string;
  path: string;
  query?: Record<string, string>;
  /** The parsed JSON body; omit for requests that must have no body. */
  json?: unknown;
}

/**
 * Asserts the tool sent exactly one request, exactly as expected (method, raw path, full query,
 * body, the harness token as Bearer), and returns it.
 */
export function expectOneRequest(h: Harness, expected: Expected): RecordedRequest {
  expect(h.drone.requests).toHaveLength(1);
  const request = h.drone.requests[0] as RecordedRequest;
  expect(request.method).toBe(expected.method);
  expect(request.path).toBe(expected.path);
  expect(request.query).toEqual(expected.query ?? {});
  expect(request.headers.authorization).toBe(`Bearer ${h.config.token}`);
  if (expected.json === undefined) expect(request.body).toBe("");
  else {
    expect(request.headers["content-type"]).toMatch(/^application\/json/);
    expect(JSON.parse(request.body)).toEqual(expected.json);
  }
  return request;
}
