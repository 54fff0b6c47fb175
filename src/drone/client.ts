/**
 * The one HTTP client every tool and resource uses to talk to Drone: a single ky instance
 * configured from Config (base URL, bearer token, User-Agent, timeout, no redirects,
 * retries for idempotent reads only). ky itself (and with it Node's fetch) is loaded on the first
 * request, not at start-up.
 */
import type { HTTPError, KyInstance } from "ky";
import { formatBytes } from "../bytes.js";
import type { Config } from "../config.js";
import { makeRedactor } from "../outgoing.js";
import { NAME, VERSION } from "../version.js";
import { untilAborted } from "./abort.js";
import { DroneApiError, DroneNetworkError, DroneResponseError } from "./errors.js";
import { createFetch } from "./transport.js";

export { formatBytes };

export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  method?: HttpMethod;
  query?: Query;
  json?: unknown;
  signal?: AbortSignal;
  /** Largest body read; past it the request fails with a message saying so. */
  maxBytes?: number;
}

export interface DroneResponse {
  status: number;
  contentType: string;
  body: string;
}

/** Default cap on a response body: Drone's JSON answers are far smaller. */
export const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;
/** Step logs: Drone keeps up to 5 MB of text per step, more once wrapped in JSON. */
export const LOG_MAX_BYTES = 32 * 1024 * 1024;

const RETRY_STATUS = [408, 429, 500, 502, 503, 504];
/** Statuses whose Retry-After header ky honours. */
const AFTER_STATUS = [413, 429, 503];
const ERROR_BODY_MAX = 64 * 1024;

type KyModule = typeof import("ky");

/** ky's HTTPError, recognised without loading ky. */
function isHttpError(error: unknown): error is HTTPError {
  return error instanceof Error && error.name === "HTTPError" && "response" in error;
}

export class DroneClient {
  readonly server: string;
  readonly timeoutMs: number;
  readonly #token: string;
  readonly #proxied: boolean;
  readonly #config: Pick<Config, "server" | "token" | "timeoutMs" | "proxy" | "skipVerify">;
  readonly #fetchImpl: typeof fetch | undefined;
  #http: Promise<KyInstance> | undefined;
  #redactor: ((text: string) => string) | undefined;
  /** The ky instance once loaded: later requests skip the wait for the loading promise. */
  #ky: KyInstance | undefined;

  constructor(
    config: Pick<Config, "server" | "token" | "timeoutMs" | "proxy" | "skipVerify">,
    fetchImpl?: typeof fetch,
  ) {
    this.server = config.server;
    this.timeoutMs = config.timeoutMs;
    this.#token = config.token;
    this.#proxied = config.proxy !== undefined && fetchImpl === undefined;
    this.#config = config;
    this.#fetchImpl = fetchImpl;
  }

  /** The configured ky instance, created on first use. */
  #load(): Promise<KyInstance> {
    this.#http ??= import("ky").then((module: KyModule) => {
      this.#ky = this.#create(module);
      return this.#ky;
    });
    return this.#http;
  }

  #create({ default: ky }: KyModule): KyInstance {
    const config = this.#config;
    const transport = this.#fetchImpl ?? createFetch(config);
    return ky.create({
      prefixUrl: config.server,
      // Each request's Deadline enforces DRONE_TIMEOUT_MS over all attempts; a second timer per
      // attempt would only cost time.
      timeout: false,
      redirect: "manual",
      throwHttpErrors: true,
      headers: {
        ...(config.token ? { Authorization: `Bearer ${config.token}` } : {}),
        "User-Agent": `${NAME}/${VERSION}`,
        Accept: "application/json",
      },
      retry: {
        limit: 2,
        methods: ["get"],
        statusCodes: RETRY_STATUS,
        afterStatusCodes: AFTER_STATUS,
        maxRetryAfter: config.timeoutMs,
        backoffLimit: BACKOFF_LIMIT_MS,
      },
      ...(transport ? { fetch: transport as typeof fetch } : {}),
    });
  }

  /**
   * Sends a request and returns the raw response (status, type, text) of a 2xx answer. The whole
   * exchange, retries and body included, must finish within the timeout.
   */
  async request(path: string, options: RequestOptions = {}): Promise<DroneResponse> {
    const method = options.method ?? "GET";
    const deadline = new Deadline(this.timeoutMs, options.signal);
    try {
      const response = await this.send(path, options, deadline);
      const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
      let body: string;
      try {
        body = await readCapped(response, maxBytes, this, method, path, false, deadline.signal);
      } catch (error) {
        throw this.#mark(deadline.expired ? this.timeoutError(method, path) : error);
      }
      return { status: response.status, contentType: response.headers.get("content-type") ?? "", body };
    } finally {
      deadline.dispose();
    }
  }

  /** Sends a request and parses the JSON answer; an empty body (204) or `null` gives null. */
  async json<T>(path: string, options: RequestOptions = {}): Promise<T | null> {
    const response = await this.request(path, options);
    return parseJsonBody<T>(response, options.method ?? "GET", path);
  }

  /**
   * Sends a request and returns the live Response for streaming consumers (logs, SSE). The
   * timeout covers getting the answer's headers; reading the body is up to the caller.
   */
  async stream(path: string, options: RequestOptions & { accept?: string } = {}): Promise<Response> {
    const deadline = new Deadline(this.timeoutMs, options.signal);
    try {
      const response = await this.send(path, options, deadline);
      // The headers are in: the timer stops, and the deadline's signal stays linked to the
      // caller's, so that a cancelled call still stops the body.
      deadline.stopTimer();
      return response;
    } catch (error) {
      deadline.dispose();
      throw error;
    }
  }

  /**
   * Sends a GET and returns its body as a stream that the whole-exchange deadline still covers:
   * a body that drips (one byte a second) fails with the timeout error at DRONE_TIMEOUT_MS, like
   * an answer whose headers never come. null for an answer without a body.
   */
  async streamBody(path: string, options: RequestOptions = {}): Promise<ReadableStream<Uint8Array> | null> {
    const method = options.method ?? "GET";
    const deadline = new Deadline(this.timeoutMs, options.signal);
    let response: Response;
    try {
      response = await this.send(path, options, deadline);
    } catch (error) {
      deadline.dispose();
      throw error;
    }
    if (!response.body) {
      deadline.dispose();
      return null;
    }
    const reader = response.body.getReader();
    return new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          try {
            // Raced with the deadline: the abort ends the read even if it never reaches the body.
            const { done, value } = await untilAborted(reader.read(), deadline.signal);
            if (done) {
              deadline.dispose();
              controller.close();
            } else controller.enqueue(value);
          } catch (error) {
            deadline.dispose();
            void reader.cancel().catch(() => {});
            if (deadline.expired) controller.error(this.#mark(this.bodyTimeoutError(method, path)));
            else if (deadline.signal.aborted || isAbortError(error)) controller.error(error);
            else controller.error(this.#mark(readError(error, this, method, path)));
          }
        },
        cancel: async (reason) => {
          deadline.dispose();
          await reader.cancel(reason).catch(() => {});
        },
      },
      { highWaterMark: 0 },
    );
  }

  /** The secrets this client holds (its token): what every channel of its server must redact. */
  secrets(): string[] {
    return this.#token ? [this.#token] : [];
  }

  /** Removes the token (and any access_token=... parameter) from text about to be shown or logged. */
  redact(text: string): string {
    this.#redactor ??= makeRedactor([this.#token]);
    return this.#redactor(stripToken(text));
  }

  private async send(
    path: string,
    options: RequestOptions & { accept?: string },
    deadline: Deadline,
  ): Promise<Response> {
    const method = options.method ?? "GET";
    const searchParams = toSearchParams(options.query);
    const http = this.#ky ?? (await this.#load());
    try {
      return await http(path, {
        method,
        ...(searchParams ? { searchParams } : {}),
        ...(options.json !== undefined ? { json: options.json } : {}),
        signal: deadline.signal,
        retry: { shouldRetry: ({ error, retryCount }) => retryFits(error, retryCount, deadline) },
        ...(options.accept ? { headers: { Accept: options.accept } } : {}),
      });
    } catch (error) {
      if (deadline.expired) throw this.#mark(this.timeoutError(method, path));
      throw this.#mark(await this.translate(error, method, path));
    }
  }

  #mark(error: unknown): unknown {
    if (this.#proxied && error instanceof DroneNetworkError) error.proxied = true;
    return error;
  }

  private bodyTimeoutError(method: string, path: string): DroneNetworkError {
    return new DroneNetworkError(
      "timeout",
      `the answer did not finish within ${this.timeoutMs} ms`,
      this.server,
      method,
      path,
    );
  }

  private timeoutError(method: string, path: string): DroneNetworkError {
    return new DroneNetworkError("timeout", `no answer within ${this.timeoutMs} ms`, this.server, method, path);
  }

  /** Maps ky/fetch failures to DroneApiError or DroneNetworkError. */
  private async translate(error: unknown, method: string, path: string): Promise<unknown> {
    if (isHttpError(error)) {
      const response = error.response;
      const location = response.headers.get("location") ?? undefined;
      let text = "";
      try {
        text = await readCapped(response, ERROR_BODY_MAX, this, method, path, true);
      } catch {
        text = "";
      }
      return new DroneApiError(
        response.status,
        stripToken(errorMessageOf(text, response.headers.get("content-type") ?? "")),
        method,
        path,
        location ? stripToken(location) : undefined,
        retryAfterMs(response.headers.get("retry-after")),
      );
    }
    if (error instanceof DOMException && error.name === "AbortError") return error;
    if (error instanceof Error && error.name === "AbortError") return error;
    return networkError(error, this.server, method, path);
  }
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
}

/** The smallest time worth giving one more attempt. */
const MIN_ATTEMPT_MS = 100;
const BACKOFF_LIMIT_MS = 3_000;

/**
 * ky's retry decision, bounded by the deadline: no retry whose wait would run past the timeout,
 * none for failures that a retry cannot fix (DNS, TLS). undefined lets ky decide as usual.
 */
function retryFits(error: Error, retryCount: number, deadline: Deadline): false | undefined {
  if (!isHttpError(error)) {
    const { code, message } = causeCode(error);
    if (code === "ENOTFOUND" || TLS_CODES.has(code) || /certificate/i.test(message)) return false;
  }
  let wait = Math.min(BACKOFF_LIMIT_MS, 300 * 2 ** (retryCount - 1));
  if (isHttpError(error) && AFTER_STATUS.includes(error.response.status)) {
    const after = retryAfterMs(error.response.headers.get("retry-after"));
    if (after !== undefined) wait = after;
  }
  return deadline.remaining() < wait + MIN_ATTEMPT_MS ? false : undefined;
}

/** Retry-After in milliseconds (seconds or an HTTP date), or undefined. */
export function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** One request's time budget: aborts its signal when the time is up or the caller cancels. */
class Deadline {
  readonly #controller = new AbortController();
  readonly #end: number;
  readonly #timer: ReturnType<typeof setTimeout>;
  readonly #caller: AbortSignal | undefined;
  readonly #onAbort = () => this.#controller.abort(this.#caller?.reason);
  #expired = false;

  constructor(ms: number, caller?: AbortSignal) {
    this.#end = Date.now() + ms;
    this.#caller = caller;
    this.#timer = setTimeout(() => {
      this.#expired = true;
      this.#controller.abort(new DOMException("The request timed out", "TimeoutError"));
    }, ms);
    if (caller?.aborted) this.#onAbort();
    else caller?.addEventListener("abort", this.#onAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get expired(): boolean {
    return this.#expired;
  }

  remaining(): number {
    return this.#end - Date.now();
  }

  /** Stops the timer; the caller's cancellation still aborts the signal. */
  stopTimer(): void {
    clearTimeout(this.#timer);
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#caller?.removeEventListener("abort", this.#onAbort);
  }
}

function toSearchParams(query: Query | undefined): URLSearchParams | undefined {
  if (!query) return undefined;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    params.append(key, String(value));
  }
  return params.size > 0 ? params : undefined;
}

/** Reads a body up to maxBytes; past that, stops reading and fails (or cuts, for error bodies). */
async function readCapped(
  response: Response,
  maxBytes: number,
  client: DroneClient,
  method: string,
  path: string,
  cut = false,
  signal?: AbortSignal,
): Promise<string> {
  if (!response.body) return "";
  const bounded = <T>(promise: Promise<T>) => untilAborted(promise, signal);
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared <= maxBytes && !response.headers.has("content-encoding")) {
    // The usual answer: its length is known, allowed and not compressed, so read it in one step.
    try {
      return await bounded(response.text());
    } catch (error) {
      if (signal?.aborted) void response.body.cancel().catch(() => {});
      throw readError(error, client, method, path);
    }
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = "";
  try {
    for (;;) {
      const { done, value } = await bounded(reader.read());
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        if (cut) return text + decoder.decode();
        throw new DroneResponseError(
          `Drone's answer to ${method} /${path} was larger than ${formatBytes(maxBytes)}, so reading stopped there and the answer was cut. Ask for less (a smaller page, a line window of the log).`,
        );
      }
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    if (error instanceof DroneResponseError) throw error;
    if (signal?.aborted) void reader.cancel().catch(() => {});
    throw readError(error, client, method, path);
  }
  return text + decoder.decode();
}

/** A failure while reading a body: the connection broke (or the network failed) mid-answer. */
function readError(error: unknown, client: DroneClient, method: string, path: string): DroneNetworkError {
  const mapped = networkError(error, client.server, method, path);
  return mapped.kind === "other" ? new DroneNetworkError("reset", mapped.detail, client.server, method, path) : mapped;
}

function parseJsonBody<T>(response: DroneResponse, method: string, path: string): T | null {
  const text = response.body.trim();
  if (response.status === 204 || text === "") return null;
  if (isHtml(text, response.contentType)) {
    throw new DroneResponseError(
      `Expected JSON from ${method} /${path} but got an HTML page${htmlTitle(text)}. DRONE_SERVER probably points at a proxy, a login page or the web UI rather than the Drone server.`,
    );
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new DroneResponseError(
      `Drone's answer to ${method} /${path} is not valid JSON (starts with ${JSON.stringify(text.slice(0, 60))}). Is DRONE_SERVER the Drone server itself?`,
    );
  }
}

export function isHtml(text: string, contentType: string): boolean {
  return contentType.includes("text/html") || /^<(!doctype|html|head|body)/i.test(text);
}

export function htmlTitle(text: string): string {
  const title = /<title[^>]*>([^<]{1,120})<\/title>/i.exec(text)?.[1]?.trim();
  return title ? ` titled "${title}"` : "";
}

/** Drone's error text: {"message": ...} when JSON, the first line of plain text, a summary of HTML. */
export function errorMessageOf(text: string, contentType: string): string {
  const trimmed = text.trim();
  if (!trimmed) return "";
  if (isHtml(trimmed, contentType)) return `an HTML page${htmlTitle(trimmed)} (not Drone's API)`;
  try {
    const parsed = JSON.parse(trimmed) as unknown;
    if (parsed && typeof parsed === "object" && "message" in parsed) {
      return String((parsed as { message: unknown }).message).slice(0, 500);
    }
  } catch {
    // plain text
  }
  return (trimmed.split("\n")[0] ?? "").slice(0, 500);
}

/** Removes access_token from a URL or text that quotes one. */
export function stripToken(text: string): string {
  return text.replace(/([?&;]access_token=)[\w.~%+/=-]+/gi, "$1[redacted]");
}

const TLS_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_GET_ISSUER_CERT",
  "CERT_UNTRUSTED",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "ERR_SSL_WRONG_VERSION_NUMBER",
]);

function causeCode(error: unknown): { code: string; message: string } {
  let current: unknown = error;
  let message = error instanceof Error ? error.message : String(error);
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") {
      let found = (current as Error).message ?? message;
      // A host name mismatch: say which names the certificate is for.
      const names = (current as { cert?: { subjectaltname?: unknown } }).cert?.subjectaltname;
      if (code === "ERR_TLS_CERT_ALTNAME_INVALID" && typeof names === "string") {
        found = `${found.replace(/\.?\s*$/, "")}; the certificate is for ${names}`;
      }
      return { code, message: found };
    }
    if (current instanceof Error && current.message) message = current.message;
    current = (current as { cause?: unknown }).cause;
  }
  return { code: "", message };
}

function networkError(error: unknown, server: string, method: string, path: string): DroneNetworkError {
  const { code, message } = causeCode(error);
  const detail = stripToken(code ? `${code}: ${message}` : message);
  if (code === "ECONNREFUSED") return new DroneNetworkError("refused", detail, server, method, path, code);
  if (code === "ENOTFOUND" || code === "EAI_AGAIN")
    return new DroneNetworkError("dns", detail, server, method, path, code);
  if (TLS_CODES.has(code) || /certificate|ssl|tls/i.test(message)) {
    return new DroneNetworkError("tls", detail, server, method, path, code);
  }
  if (
    code === "ECONNRESET" ||
    code === "UND_ERR_SOCKET" ||
    code === "EPIPE" ||
    /terminated|other side closed/i.test(message)
  ) {
    return new DroneNetworkError("reset", detail, server, method, path, code);
  }
  if (code === "UND_ERR_CONNECT_TIMEOUT" || code === "ETIMEDOUT") {
    return new DroneNetworkError("timeout", detail, server, method, path, code);
  }
  return new DroneNetworkError("other", detail, server, method, path, code);
}
