/**
 * Reading Drone's Server-Sent Events answers (/api/stream...). The framing is parsed by
 * eventsource-parser; this file only turns a fetch body into an async sequence of events.
 */
import { createParser, type EventSourceMessage } from "eventsource-parser";
import { type DroneClient, formatBytes } from "./client.js";
import { DroneResponseError } from "./errors.js";

/** One SSE message: `event` is undefined for plain `data:` messages. */
export type SseEvent = EventSourceMessage;

/** Largest single event (or unterminated line) kept in memory; Drone's are a line or a build. */
export const SSE_MAX_EVENT_CHARS = 4 * 1024 * 1024;

/** Checks that an answer is an event stream (a proxy's HTML page is not). */
export function assertEventStream(response: Response, what: string): void {
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("text/event-stream")) {
    throw new DroneResponseError(
      `Expected an event stream from ${what} but got ${type || "no content type"}. Is DRONE_SERVER the Drone server itself (not a proxy that buffers or rewrites answers)?`,
    );
  }
}

/** A line break inside an SSE body: \n, \r\n or \r. */
const LINE_END = /[\r\n]/g;

/**
 * Yields the events of an SSE body as they arrive; comments (`: ping`) are skipped. Ends when
 * the body ends or the connection drops (an unfinished event is dropped); an abort is thrown.
 * Reading stops (and the body is cancelled) when the consumer stops iterating.
 * Lines are split here, in one pass over each chunk, and handed to the parser whole: a line or
 * event of megabytes costs time and memory in proportion to its size (the parser alone rescans
 * an unfinished line at every chunk). An event over maxEventChars stops the read with an error.
 */
export async function* readSse(
  body: ReadableStream<Uint8Array>,
  what: string,
  signal?: AbortSignal,
  maxEventChars = SSE_MAX_EVENT_CHARS,
): AsyncGenerator<SseEvent> {
  const queue: SseEvent[] = [];
  const parser = createParser({
    onEvent: (event) => queue.push(event),
    // Unknown fields and bad retry values are ignored, as browsers do.
    onError: () => {},
  });
  const tooLarge = () =>
    new DroneResponseError(`An event from ${what} is larger than ${formatBytes(maxEventChars)}; reading stopped.`);
  let partial: string[] = [];
  let partialChars = 0;
  let eventChars = 0;
  let skipLf = false; // the last chunk ended with \r: a \n starting the next one belongs to it
  const feed = (text: string) => {
    let i = 0;
    if (skipLf && text.charCodeAt(0) === 10) i = 1;
    if (text.length > 0) skipLf = false;
    while (i < text.length) {
      LINE_END.lastIndex = i;
      const found = LINE_END.exec(text);
      if (!found) {
        partial.push(text.slice(i));
        partialChars += text.length - i;
        if (eventChars + partialChars > maxEventChars) throw tooLarge();
        return;
      }
      const end = found.index;
      let line = text.slice(i, end);
      if (partial.length > 0) {
        line = partial.join("") + line;
        partial = [];
        partialChars = 0;
      }
      let next = end + 1;
      if (text.charCodeAt(end) === 13) {
        if (next < text.length) {
          if (text.charCodeAt(next) === 10) next += 1;
        } else skipLf = true;
      }
      eventChars = line === "" ? 0 : eventChars + line.length;
      if (eventChars > maxEventChars) throw tooLarge();
      parser.feed(`${line}\n`);
      i = next;
    }
  };
  const reader = body.getReader();
  const decoder = new TextDecoder();
  // Stop reading when the caller aborts, whether or not the abort reaches the connection itself.
  const onAbort = () => void reader.cancel(signal?.reason).catch(() => {});
  if (signal?.aborted) onAbort();
  else signal?.addEventListener("abort", onAbort, { once: true });
  try {
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (error) {
        // A dropped connection ends the stream like a clean close would; cancellation does not.
        if (isAbort(error)) throw error;
        return;
      }
      const { done, value } = chunk;
      // At the end an unfinished event is dropped, as the SSE standard says.
      feed(done ? decoder.decode() : decoder.decode(value, { stream: true }));
      while (queue.length > 0) yield queue.shift() as SseEvent;
      if (done) return;
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
}

/**
 * An AbortController that also aborts when `parent` does. Linked by an event listener rather than
 * AbortSignal.any(), whose combined signal Node 20 may garbage-collect while a long-lived stream
 * still depends on it (the abort is then lost and the read never stops). Call unlink() when done.
 */
export function linkedAbort(parent: AbortSignal | undefined): { controller: AbortController; unlink: () => void } {
  const controller = new AbortController();
  if (!parent) return { controller, unlink: () => {} };
  const onAbort = () => controller.abort(parent.reason);
  parent.addEventListener("abort", onAbort, { once: true });
  return { controller, unlink: () => parent.removeEventListener("abort", onAbort) };
}

/**
 * Opens one of Drone's event streams (/api/stream...) through the shared client: checks that the
 * answer is an event stream and returns its events (readSse). Errors before the stream starts
 * (401, 404) are thrown as DroneApiError.
 */
export async function openEventStream(
  drone: DroneClient,
  path: string,
  signal?: AbortSignal,
): Promise<AsyncGenerator<SseEvent>> {
  const what = `GET /${path}`;
  const response = await drone.stream(path, { accept: "text/event-stream", ...(signal ? { signal } : {}) });
  assertEventStream(response, what);
  return response.body ? readSse(response.body, what, signal) : noEvents();
}

async function* noEvents(): AsyncGenerator<SseEvent> {}
