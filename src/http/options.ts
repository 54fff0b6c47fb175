/**
 * Settings of the Streamable HTTP mode (`--http`, DRONE_MCP_HTTP and the DRONE_MCP_* limits).
 * Every problem is a ConfigError naming the variable or flag and the fix, as in config.ts.
 */
import { ConfigError, parseBoolean, parseWholeNumber } from "../config.js";

export interface HttpOptions {
  host: string;
  port: number;
  /** Host header values accepted on /mcp (DNS rebinding); ["*"] accepts any. */
  allowedHosts: readonly string[];
  /** Origin header values accepted; requests without Origin (non-browser clients) always pass. */
  allowedOrigins: readonly string[];
  /** DRONE_MCP_SHARED_TOKEN: every request uses the server's DRONE_TOKEN, no per-user token. */
  sharedToken: boolean;
  /** Largest request body accepted on /mcp, in bytes. */
  maxBodyBytes: number;
  /** Requests per minute per user (token bucket, a burst of a tenth of it at least 10). */
  ratePerMinute: number;
  /** Requests one user may have in flight at once. */
  concurrency: number;
  /** Longest a request to /mcp may take (wait_for_build waits up to 600 s). */
  requestTimeoutMs: number;
  /** How long SIGTERM waits for in-flight requests before cutting them. */
  shutdownTimeoutMs: number;
  /** How long a checked token is trusted before Drone is asked again. */
  authTtlMs: number;
}

/** Command-line flags of the HTTP mode; each overrides its variable. */
export interface HttpFlags {
  http?: boolean | undefined;
  host?: string | undefined;
  port?: string | undefined;
  sharedToken?: boolean | undefined;
}

export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_PORT = 8787;

type Env = Record<string, string | undefined>;

/** True when the HTTP mode is asked for (flag or variable). */
export function wantsHttp(env: Env, flags: HttpFlags): boolean {
  return (
    flags.http === true || flags.host !== undefined || flags.port !== undefined || Boolean(env.DRONE_MCP_HTTP?.trim())
  );
}

export function loadHttpOptions(env: Env, flags: HttpFlags = {}): HttpOptions {
  let host = DEFAULT_HOST;
  let port = DEFAULT_PORT;
  const fromEnv = env.DRONE_MCP_HTTP?.trim();
  if (fromEnv && !TRUE_WORDS.includes(fromEnv.toLowerCase())) {
    const parsed = parseHostPort(fromEnv);
    host = parsed.host ?? host;
    port = parsed.port ?? port;
  }
  if (flags.host !== undefined) host = parseHost(flags.host, "--host");
  if (flags.port !== undefined) port = parsePort(flags.port, "--port");
  const loopback = isLoopback(host);
  const allowedHosts = parseList(env.DRONE_MCP_ALLOWED_HOSTS) ?? (loopback ? LOOPBACK_HOSTS : undefined);
  if (!allowedHosts) {
    throw new ConfigError(
      "DRONE_MCP_ALLOWED_HOSTS",
      `listening on ${host} (not loopback) needs DRONE_MCP_ALLOWED_HOSTS: the host names clients use to reach drone-mcp, e.g. DRONE_MCP_ALLOWED_HOSTS=mcp.example.com (or * behind an ingress that checks them)`,
    );
  }
  const allowedOrigins = parseList(env.DRONE_MCP_ALLOWED_ORIGINS) ?? (loopback ? loopbackOrigins() : []);
  return {
    host,
    port,
    allowedHosts,
    allowedOrigins,
    sharedToken: flags.sharedToken || parseBoolean("DRONE_MCP_SHARED_TOKEN", env.DRONE_MCP_SHARED_TOKEN, false),
    maxBodyBytes: parseNumber(env, "DRONE_MCP_MAX_BODY_BYTES", 1024 * 1024, 1024, 64 * 1024 * 1024),
    ratePerMinute: parseNumber(env, "DRONE_MCP_RATE_LIMIT", 600, 1, 1_000_000),
    concurrency: parseNumber(env, "DRONE_MCP_CONCURRENCY", 8, 1, 10_000),
    requestTimeoutMs: parseNumber(env, "DRONE_MCP_REQUEST_TIMEOUT_MS", 660_000, 1_000, 3_600_000),
    shutdownTimeoutMs: parseNumber(env, "DRONE_MCP_SHUTDOWN_TIMEOUT_MS", 25_000, 0, 3_600_000),
    authTtlMs: parseNumber(env, "DRONE_MCP_AUTH_TTL_MS", 30_000, 0, 3_600_000),
  };
}

const TRUE_WORDS = ["1", "true", "yes", "on"];

/** "host:port", ":port", "port", "host" or "[::1]:port". */
export function parseHostPort(raw: string): { host?: string; port?: number } {
  const source = "DRONE_MCP_HTTP";
  if (/^\d+$/.test(raw)) return { port: parsePort(raw, source) };
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(raw);
  if (bracketed) {
    return {
      host: parseHost(bracketed[1] ?? "", source),
      ...(bracketed[2] ? { port: parsePort(bracketed[2], source) } : {}),
    };
  }
  const colon = raw.lastIndexOf(":");
  if (colon < 0) return { host: parseHost(raw, source) };
  if (raw.indexOf(":") !== colon) return { host: parseHost(raw, source) }; // a bare IPv6 address
  const host = raw.slice(0, colon);
  return { ...(host ? { host: parseHost(host, source) } : {}), port: parsePort(raw.slice(colon + 1), source) };
}

function parseHost(raw: string, source: string): string {
  const host = raw.trim().replace(/^\[(.*)\]$/, "$1");
  if (!host || /[\s/@?#]/.test(host)) {
    throw new ConfigError(source, `${source}: ${JSON.stringify(raw)} is not a host name or address, e.g. 0.0.0.0`);
  }
  return host;
}

function parsePort(raw: string, source: string): number {
  const port = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || port < 0 || port > 65535) {
    throw new ConfigError(source, `${source}: the port must be a number from 0 to 65535 (got ${JSON.stringify(raw)})`);
  }
  return port;
}

function parseNumber(env: Env, variable: string, fallback: number, min: number, max: number): number {
  const raw = env[variable]?.trim();
  return raw ? parseWholeNumber(variable, raw, min, max) : fallback;
}

function parseList(raw: string | undefined): string[] | undefined {
  const items = (raw ?? "")
    .split(/[\s,]+/)
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item !== "");
  return items.length > 0 ? items : undefined;
}

export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** The names of this machine: on loopback, only these may appear in Host (any port). */
const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

/** Pages served from this machine (a local inspector); any port. */
function loopbackOrigins(): string[] {
  return ["http://localhost", "http://127.0.0.1", "http://[::1]"].map((origin) => `${origin}:*`);
}

/** True when the Host header is on the list ("*" allows any; a name listed without port, any port). */
export function hostAllowed(header: string | undefined, allowed: readonly string[]): boolean {
  if (allowed.includes("*")) return true;
  if (!header) return false;
  const host = header.trim().toLowerCase();
  return allowed.includes(host) || allowed.includes(host.replace(/:\d+$/, ""));
}

/** True when a request may go on: no Origin (not a browser), or one on the list ("host:*" any port). */
export function originAllowed(header: string | undefined, allowed: readonly string[]): boolean {
  if (header === undefined) return true;
  const origin = header.trim().toLowerCase();
  if (allowed.includes("*") || allowed.includes(origin)) return true;
  const withoutPort = origin.replace(/:\d+$/, "");
  return allowed.includes(`${withoutPort}:*`);
}
