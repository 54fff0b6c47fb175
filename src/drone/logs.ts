/**
 * Parsing a stored step log as it streams in: Drone answers the JSON array
 * [{"pos","out","time"}, ...] (or null). The array is parsed object by object as bytes arrive,
 * so a 5 MB log is never held as one string plus a parsed copy (api/logs.ts opens the stream).
 */
import { DroneResponseError } from "./errors.js";
import type { Line } from "./types.js";

/**
 * Incremental parser for a JSON array of flat objects (or `null`): tracks strings and escapes to
 * find where objects end, and parses each chunk's complete objects with one JSON.parse (one call
 * per network chunk rather than per line), keeping only the unfinished object for the next chunk.
 */
export async function* parseLineArray(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
  what: string,
): AsyncGenerator<Line> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let buffer = "";
  let pos = 0;
  let started = false; // seen '['
  let depth = 0; // brace depth inside an object
  let inString = false;
  let firstStart = -1; // where the first complete-or-open object of the buffer starts
  let lastEnd = -1; // where the last complete object of the buffer ends
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (value) {
        size += value.byteLength;
        if (size > maxBytes) {
          throw new DroneResponseError(
            `The log from ${what} is larger than ${Math.round(maxBytes / 1048576)} MiB; reading stopped.`,
          );
        }
        buffer += decoder.decode(value, { stream: true });
      }
      if (done) buffer += decoder.decode();
      let finished = false;
      while (pos < buffer.length) {
        if (inString) {
          const quote = buffer.indexOf('"', pos);
          if (quote < 0) {
            pos = buffer.length;
            break;
          }
          // count the backslashes before the quote to know whether it is escaped
          let backslashes = 0;
          for (let i = quote - 1; i >= 0 && buffer.charCodeAt(i) === 92; i--) backslashes++;
          pos = quote + 1;
          if (backslashes % 2 === 0) inString = false;
          continue;
        }
        const ch = buffer.charCodeAt(pos);
        if (!started) {
          if (ch === 91 /* [ */) started = true;
          else if (ch === 110 /* n */) {
            // `null`: an empty log
            await reader.cancel().catch(() => {});
            return;
          }
          pos++;
          continue;
        }
        if (ch === 34 /* " */) {
          inString = true;
        } else if (ch === 123 /* { */) {
          if (depth === 0 && firstStart < 0) firstStart = pos;
          depth++;
        } else if (ch === 125 /* } */) {
          depth--;
          if (depth === 0) lastEnd = pos;
        } else if (ch === 93 /* ] */ && depth === 0) {
          finished = true;
          break;
        }
        pos++;
      }
      if (lastEnd >= 0) {
        // Complete objects are separated by commas already: parse them as one array.
        const batch = JSON.parse(`[${buffer.slice(firstStart, lastEnd + 1)}]`) as Line[];
        const rest = buffer.slice(lastEnd + 1);
        const open = depth > 0 ? rest.indexOf("{") : -1;
        buffer = open >= 0 ? rest.slice(open) : "";
        pos = open >= 0 ? pos - (lastEnd + 1) - open : 0;
        firstStart = open >= 0 ? 0 : -1;
        lastEnd = -1;
        yield* batch;
      } else if (firstStart > 0) {
        buffer = buffer.slice(firstStart);
        pos -= firstStart;
        firstStart = 0;
      } else if (firstStart < 0) {
        buffer = "";
        pos = 0;
      }
      if (finished || done) break;
    }
  } finally {
    reader.releaseLock();
  }
}
