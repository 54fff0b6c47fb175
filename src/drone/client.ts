/**
 * The one HTTP client every tool and resource uses to talk to Drone: a single ky instance
 * configured from Config (base URL, bearer token, User-Agent, timeout, no redirects,
 * retries for idempotent reads only). ky is imported on the first request, not at start-up:
 * loading it probes fetch/Request support, which loads Node's fetch implementation (tens of ms).
 */
import type { KyInstance } from "ky";
import type { Config } from "../config.js";
import { NAME, VERSION } from "../version.js";
import { DroneApiError, DroneNetworkError, DroneResponseError } from "./errors.js";

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
const ERROR_BODY_MAX = 64 * 1024;

type KyModule = typeof import("ky");

export class DroneClient {
  readonly server: string;
  readonly timeoutMs: number;
  private readonly config: Pick<Config, "server" | "token" | "timeoutMs">;
  private readonly fetchImpl: typeof fetch | undefined;
  private loaded: Promise<{ ky: KyModule; http: KyInstance }> | undefined;

  constructor(config: Pick<Config, "server" | "token" | "timeoutMs">, fetchImpl?: typeof fetch) {
    this.server = config.server;
    this.timeoutMs = config.timeoutMs;
    this.config = config;
    this.fetchImpl = fetchImpl;
  }

  /** The ky module and the configured instance, created on first use. */
  private load(): Promise<{ ky: KyModule; http: KyInstance }> {
    this.loaded ??= import("ky").then((ky) => ({ ky, http: this.createHttp(ky) }));
    return this.loaded;
  }

  private createHttp({ default: ky }: KyModule): KyInstance {
    const config = this.config;
    const fetchImpl = this.fetchImpl;
    return ky.create({
      prefixUrl: config.server,
      timeout: config.timeoutMs,
      redirect: "manual",
      throwHttpErrors: true,
      headers: {
        Authorization: `Bearer ${config.token}`,
        "User-Agent": `${NAME}/${VERSION}`,
        Accept: "application/json",
      },
      retry: {
        limit: 2,
        methods: ["get"],
        statusCodes: RETRY_STATUS,
        afterStatusCodes: [413, 429, 503],
        maxRetryAfter: config.timeoutMs,
        backoffLimit: 3_000,
      },
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    });
  }

  /** Sends a request and returns the raw response (status, type, text) of a 2xx answer. */
  async request(path: string, options: RequestOptions = {}): Promise<DroneResponse> {
    const response = await this.send(path, options);
    const method = options.method ?? "GET";
    const body = await readCapped(response, options.maxBytes ?? DEFAULT_MAX_BYTES, this, method, path);
    return { status: response.status, contentType: response.headers.get("content-type") ?? "", body };
  }

  /** Sends a request and parses the JSON answer; an empty body (204) or `null` gives null. */
  async json<T>(path: string, options: RequestOptions = {}): Promise<T | null> {
    const response = await this.request(path, options);
    return parseJsonBody<T>(response, options.method ?? "GET", path);
  }

  /** Sends a request and returns the live Response for streaming consumers (logs, SSE). */
  async stream(path: string, options: RequestOptions & { accept?: string } = {}): Promise<Response> {
    return this.send(path, options);
  }

  private async send(path: string, options: RequestOptions & { accept?: string }): Promise<Response> {
    const method = options.method ?? "GET";
    const searchParams = toSearchParams(options.query);
    const { ky, http } = await this.load();
    try {
      return await http(path, {
        method,
        ...(searchParams ? { searchParams } : {}),
        ...(options.json !== undefined ? { json: options.json } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.accept ? { headers: { Accept: options.accept } } : {}),
      });
    } catch (error) {
      throw await this.translate(ky, error, method, path);
    }
  }

  /** Maps ky/fetch failures to DroneApiError or DroneNetworkError. */
  private async translate(
    { HTTPError, TimeoutError }: KyModule,
    error: unknown,
    method: string,
    path: string,
  ): Promise<unknown> {
    if (error instanceof HTTPError) {
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
        errorMessageOf(text, response.headers.get("content-type") ?? ""),
        method,
        path,
        location ? stripToken(location) : undefined,
      );
    }
    if (error instanceof TimeoutError) {
      return new DroneNetworkError("timeout", `no answer within ${this.timeoutMs} ms`, this.server, method, path);
    }
    if (error instanceof DOMException && error.name === "AbortError") return error;
    if (error instanceof Error && error.name === "AbortError") return error;
    return networkError(error, this.server, method, path);
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
): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
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
    const mapped = networkError(error, client.server, method, path);
    if (mapped.kind === "other") {
      throw new DroneNetworkError("reset", mapped.detail, client.server, method, path);
    }
    throw mapped;
  }
  return text + decoder.decode();
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
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

function isHtml(text: string, contentType: string): boolean {
  return contentType.includes("text/html") || /^<(!doctype|html|head|body)/i.test(text);
}

function htmlTitle(text: string): string {
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
  return text.replace(/([?&]access_token=)[^&#\s]*/gi, "$1[redacted]");
}

const TLS_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
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
      return { code, message: (current as Error).message ?? message };
    }
    if (current instanceof Error && current.message) message = current.message;
    current = (current as { cause?: unknown }).cause;
  }
  return { code: "", message };
}

function networkError(error: unknown, server: string, method: string, path: string): DroneNetworkError {
  const { code, message } = causeCode(error);
  const detail = stripToken(code ? `${code}: ${message}` : message);
  if (code === "ECONNREFUSED") return new DroneNetworkError("refused", detail, server, method, path);
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return new DroneNetworkError("dns", detail, server, method, path);
  if (TLS_CODES.has(code) || /certificate|ssl|tls/i.test(message)) {
    return new DroneNetworkError("tls", detail, server, method, path);
  }
  if (
    code === "ECONNRESET" ||
    code === "UND_ERR_SOCKET" ||
    code === "EPIPE" ||
    /terminated|other side closed/i.test(message)
  ) {
    return new DroneNetworkError("reset", detail, server, method, path);
  }
  if (code === "UND_ERR_CONNECT_TIMEOUT" || code === "ETIMEDOUT") {
    return new DroneNetworkError("timeout", detail, server, method, path);
  }
  return new DroneNetworkError("other", detail, server, method, path);
}
