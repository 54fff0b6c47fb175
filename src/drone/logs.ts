/**
 * Parsing a stored step log as it streams in: Drone answers the JSON array
 * [{"pos","out","time"}, ...] (or null). The array is parsed object by object as bytes arrive,
 * so a 5 MB log is never held as one string plus a parsed copy (api/logs.ts opens the stream).
 * A log is complete or it is an error: a body cut off before the array ends, or one that is not
 * an array of lines (an HTML login page, an object), is a DroneResponseError, never fewer lines.
 */
import { formatBytes } from "../bytes.js";
import { DroneResponseError } from "./errors.js";
import type { Line } from "./types.js";

export function notALog(what: string, got: string): DroneResponseError {
  return new DroneResponseError(
    `Drone's answer to ${what} is not a step log (expected a JSON list of lines, got ${got}). Is DRONE_SERVER the Drone server itself, not a proxy or login page?`,
  );
}

/** What the start of a body looks like, for errors: "an HTML page", or its first characters. */
function describeStart(start: string): string {
  const text = start.trim();
  if (text === "") return "an empty answer";
  if (text.startsWith("<")) return "an HTML page";
  return `text starting with ${JSON.stringify(text.slice(0, 40))}`;
}

/** Inside a string: the next quote or backslash. */
const STRING_STOP = /["\\]/g;

/**
 * Incremental parser for a JSON array of flat objects (or `null`). Each chunk is scanned once,
 * from where the last scan stopped, so the work is linear in the body size whatever the line
 * lengths: an object split over many chunks is kept as a list of pieces and joined once, when
 * its closing brace arrives. The complete objects of a chunk are parsed with one JSON.parse.
 * A body that ends before the array does, or is not an array, is a DroneResponseError.
 */
export async function* parseLineArray(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
  what: string,
): AsyncGenerator<Line> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let state: "start" | "null" | "array" | "end" = "start";
  let head = ""; // the first characters, for errors and the `null` check
  let depth = 0;
  let inString = false;
  let escapePending = false; // a backslash ended the previous chunk
  let pieces: string[] = []; // the open object's text from earlier chunks
  let lines = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (value) {
        size += value.byteLength;
        if (size > maxBytes) {
          throw new DroneResponseError(
            `The log from ${what} is larger than ${formatBytes(maxBytes)}; reading stopped. Read the step's output in parts instead (search_build_logs, or get_build_logs with a line range while Drone serves it).`,
          );
        }
      }
      const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
      const objects: string[] = [];
      let objStart = depth > 0 ? 0 : -1;
      let i = 0;
      if (escapePending && text.length > 0) {
        i = 1;
        escapePending = false;
      }
      const n = text.length;
      while (i < n) {
        if (inString) {
          STRING_STOP.lastIndex = i;
          const stop = STRING_STOP.exec(text);
          if (!stop) {
            i = n;
            break;
          }
          i = stop.index + 1;
          if (text.charCodeAt(stop.index) === 92 /* \ */) {
            if (i >= n) escapePending = true;
            i += 1;
          } else inString = false;
          continue;
        }
        const ch = text.charCodeAt(i);
        if (state === "array") {
          if (depth > 0) {
            if (ch === 34 /* " */) inString = true;
            else if (ch === 123 /* { */) depth++;
            else if (ch === 125 /* } */) {
              depth--;
              if (depth === 0) {
                const tail = text.slice(objStart, i + 1);
                objects.push(pieces.length > 0 ? pieces.join("") + tail : tail);
                pieces = [];
                objStart = -1;
              }
            }
          } else if (ch === 123) {
            depth = 1;
            objStart = i;
          } else if (ch === 93 /* ] */) {
            state = "end";
          } else if (!isSpaceOrComma(ch)) {
            throw notALog(what, `a list holding ${JSON.stringify(text.slice(i, i + 20))}`);
          }
          i++;
          continue;
        }
        if (state === "end") {
          if (!isSpaceOrComma(ch))
            throw notALog(what, `text after the list (${JSON.stringify(text.slice(i, i + 20))})`);
          i++;
          continue;
        }
        // start or null: the first characters decide
        if (head.length < 64) head += text[i];
        if (state === "start") {
          if (ch === 91 /* [ */) state = "array";
          else if (ch === 110 /* n */) state = "null";
          else if (!isSpace(ch)) throw notALog(what, describeStart(head + text.slice(i + 1, i + 60)));
        } else if (!"null".startsWith(head.trim())) {
          throw notALog(what, describeStart(head + text.slice(i + 1, i + 60)));
        }
        i++;
      }
      if (depth > 0 && !done) pieces.push(objStart >= 0 ? text.slice(objStart) : text);
      if (objects.length > 0) {
        let batch: unknown;
        try {
          // One object (a long line over many chunks) is parsed as it is: no copy inside brackets.
          batch = objects.length === 1 ? [JSON.parse(objects[0] as string)] : JSON.parse(`[${objects.join(",")}]`);
        } catch {
          throw new DroneResponseError(`The log from ${what} is not valid JSON (a line's record is malformed).`);
        }
        for (const line of batch as unknown[]) {
          if (!line || typeof line !== "object" || typeof (line as Line).out !== "string") {
            throw new DroneResponseError(
              `Drone answered with an unexpected shape for the step log from ${what}: a line without its "out" text.`,
            );
          }
        }
        lines += objects.length;
        yield* batch as Line[];
      }
      if (done) break;
    }
    if (state === "null" && head.trim() === "null") return;
    if (state === "end") return;
    if (state === "start" || state === "null") throw notALog(what, describeStart(head));
    throw new DroneResponseError(
      `The log from ${what} was cut off: the answer ended after ${lines} line${lines === 1 ? "" : "s"} without closing its JSON list (a proxy or a broken connection cut it). It was not kept; try again.`,
    );
  } finally {
    await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

function isSpace(ch: number): boolean {
  return ch === 32 || ch === 10 || ch === 13 || ch === 9;
}

function isSpaceOrComma(ch: number): boolean {
  return isSpace(ch) || ch === 44;
}
