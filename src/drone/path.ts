/**
 * Building Drone API paths. Every interpolated value is checked and percent-encoded,
 * so no input can make a request reach another endpoint than the tool's own.
 */

import { UserError } from "./errors.js";

const CONTROL = /[\x00-\x1f\x7f]/;
/** Longest path segment: names in Drone and in Git hosts are far shorter. */
export const MAX_SEGMENT = 255;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when the text holds half of a UTF-16 surrogate pair: it cannot be encoded as UTF-8 or in a URL. */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** Why a path segment is unsafe, or undefined when it is fine. */
export function segmentProblem(value: string): string | undefined {
  if (value === "") return "must not be empty";
  if (value === "." || value === "..") return `must not be "${value}"`;
  if (value.includes("/") || value.includes("\\")) return "must not contain '/' or '\\'";
  if (CONTROL.test(value)) return "must not contain control characters";
  if (value.length > MAX_SEGMENT)
    return `is ${value.length.toLocaleString("en-US")} characters long; at most ${MAX_SEGMENT} are allowed`;
  if (hasLoneSurrogate(value)) return "contains a lone UTF-16 surrogate (half of a character)";
  return undefined;
}

export function encodeSegment(value: string | number): string {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new UserError(`${value} is not a whole number`);
    return String(value);
  }
  const problem = segmentProblem(value);
  if (problem) throw new UserError(`Path segment ${JSON.stringify(value)} ${problem}`);
  return encodeURIComponent(value);
}

/**
 * Tagged template for API paths relative to the server address (no leading slash):
 * apiPath`api/repos/${namespace}/${name}` encodes and checks each value.
 */
export function apiPath(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += encodeSegment(value) + (strings[i + 1] ?? "");
  });
  return out;
}
