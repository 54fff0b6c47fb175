/**
 * Configuration from the environment, with the names the Drone CLI uses, and the command-line
 * flags that override it. Every problem becomes a ConfigError naming the variable and the fix.
 */
import { readFileSync } from "node:fs";
import { isToolsetName, TOOLSET_NAMES, type ToolsetName } from "./toolsets.js";

export interface Config {
  /** Base URL of the Drone server, without trailing slashes and without /api. */
  server: string;
  /** Personal or machine token. Never printed. */
  token: string;
  /** Per-request timeout in milliseconds. */
  timeoutMs: number;
  /** DRONE_READ_ONLY / --read-only: register read-only tools only (default false). */
  readOnly?: boolean;
  /** DRONE_TOOLSETS / --toolsets; undefined means the default (every group but nodes). */
  toolsets?: readonly ToolsetName[];
  /** DRONE_CONFIRM_DESTRUCTIVE / --confirm-strict: ask before destructive and privilege-changing calls when the client can (true, default); strict also refuses them when it cannot. */
  confirmDestructive?: boolean | "strict";
  /** DRONE_SKIP_VERIFY: accept any TLS certificate (insecure, warned about at start-up). */
  skipVerify?: boolean;
  /** HTTPS_PROXY / HTTP_PROXY / NO_PROXY, when a proxy is set. */
  proxy?: ProxyConfig;
  /** DRONE_MAX_RESULT_TOKENS: the most o200k tokens a tool answer takes (default 8,000). */
  maxResultTokens?: number;
}

export interface ProxyConfig {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
}

/** Command-line flags; each overrides its variable. */
export interface ConfigFlags {
  server?: string | undefined;
  readOnly?: boolean | undefined;
  toolsets?: string | undefined;
  tokenFile?: string | undefined;
  /** --confirm-strict: DRONE_CONFIRM_DESTRUCTIVE=strict. */
  confirmStrict?: boolean | undefined;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = "ConfigError";
  }
}

export const DEFAULT_TIMEOUT_MS = 30_000;

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env, flags: ConfigFlags = {}): Config {
  const settings = loadSettings(env, flags);
  return { ...settings, token: loadToken(env, flags) };
}

/** Everything but the token (doctor reports a token problem without giving up on the rest). */
export function loadSettings(env: Env = process.env, flags: ConfigFlags = {}): Omit<Config, "token"> {
  const config: Omit<Config, "token"> = {
    server: parseServer(flags.server ?? env.DRONE_SERVER),
    timeoutMs: parseTimeout(env.DRONE_TIMEOUT_MS),
    readOnly: flags.readOnly || parseBoolean("DRONE_READ_ONLY", env.DRONE_READ_ONLY, false),
    confirmDestructive: flags.confirmStrict ? "strict" : parseConfirm(env.DRONE_CONFIRM_DESTRUCTIVE),
    skipVerify: parseBoolean("DRONE_SKIP_VERIFY", env.DRONE_SKIP_VERIFY, false),
  };
  const toolsets =
    flags.toolsets !== undefined
      ? parseToolsets(flags.toolsets, "--toolsets")
      : parseToolsets(env.DRONE_TOOLSETS, "DRONE_TOOLSETS");
  if (toolsets) config.toolsets = toolsets;
  const proxy = parseProxy(env);
  if (proxy) config.proxy = proxy;
  const maxResultTokens = parseMaxResultTokens(env.DRONE_MAX_RESULT_TOKENS);
  if (maxResultTokens !== undefined) config.maxResultTokens = maxResultTokens;
  return config;
}

/** The token from --token-file, DRONE_TOKEN_FILE or DRONE_TOKEN (the two variables exclude each other). */
export function loadToken(env: Env, flags: Pick<ConfigFlags, "tokenFile"> = {}): string {
  if (flags.tokenFile !== undefined) return readTokenFile(flags.tokenFile, "--token-file");
  const file = env.DRONE_TOKEN_FILE?.trim();
  if (file) {
    if (env.DRONE_TOKEN?.trim()) {
      throw new ConfigError("DRONE_TOKEN_FILE", "DRONE_TOKEN and DRONE_TOKEN_FILE are both set: keep only one of them");
    }
    return readTokenFile(file, "DRONE_TOKEN_FILE");
  }
  return parseToken(env.DRONE_TOKEN);
}

function readTokenFile(path: string, source: string): string {
  if (!path.trim()) throw new ConfigError(source, `${source} is empty: give the path of a file holding the token`);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code ?? "error";
    throw new ConfigError(source, `${source}: cannot read ${JSON.stringify(path)} (${code}): check the path`);
  }
  if (!text.trim()) {
    throw new ConfigError(source, `${source}: ${JSON.stringify(path)} is empty: put your Drone token in it`);
  }
  return parseToken(text, source);
}

export function parseServer(raw: string | undefined): string {
  const value = raw?.trim();
  if (!value) {
    throw new ConfigError(
      "DRONE_SERVER",
      "DRONE_SERVER is not set: set it to your Drone server's address, e.g. DRONE_SERVER=https://drone.example.com",
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      "DRONE_SERVER",
      `DRONE_SERVER is not a URL (${JSON.stringify(value)}): use the full address with its scheme, e.g. https://drone.example.com`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(
      "DRONE_SERVER",
      `DRONE_SERVER must start with http:// or https:// (got ${url.protocol}//...)`,
    );
  }
  if (url.username || url.password) {
    throw new ConfigError(
      "DRONE_SERVER",
      "DRONE_SERVER must not contain a user name or password: put the token in DRONE_TOKEN",
    );
  }
  if (url.search || url.hash) {
    throw new ConfigError(
      "DRONE_SERVER",
      "DRONE_SERVER must not contain a query string or fragment: use just the server address, e.g. https://drone.example.com",
    );
  }
  const path = url.pathname.replace(/\/+$/, "");
  if (/(^|\/)api$/.test(path)) {
    throw new ConfigError(
      "DRONE_SERVER",
      `DRONE_SERVER must not end in /api: drone-mcp adds it. Use ${url.origin}${path.replace(/\/?api$/, "")}`,
    );
  }
  return `${url.origin}${path}`;
}

export function parseToken(raw: string | undefined, source = "DRONE_TOKEN"): string {
  const value = raw?.trim();
  if (!value) {
    throw new ConfigError(
      "DRONE_TOKEN",
      "DRONE_TOKEN is not set: copy your personal token from your Drone profile page (https://<drone>/account) into DRONE_TOKEN, or name a file holding it in DRONE_TOKEN_FILE",
    );
  }
  if (/[\s\x00-\x1f\x7f]/.test(value)) {
    throw new ConfigError(
      source,
      `${source === "DRONE_TOKEN" ? "DRONE_TOKEN" : `The token from ${source}`} contains spaces or control characters: keep the token alone, without 'Bearer ' or quotes`,
    );
  }
  return value;
}

const TRUE = ["true", "1", "yes", "on"];
const FALSE = ["false", "0", "no", "off"];

export function parseBoolean(variable: string, raw: string | undefined, fallback: boolean): boolean {
  const value = raw?.trim().toLowerCase();
  if (!value) return fallback;
  if (TRUE.includes(value)) return true;
  if (FALSE.includes(value)) return false;
  throw new ConfigError(variable, `${variable} must be true or false (got ${JSON.stringify(raw)})`);
}

/** DRONE_CONFIRM_DESTRUCTIVE: true (default), false, or strict (refuse what cannot be confirmed). */
export function parseConfirm(raw: string | undefined): boolean | "strict" {
  if (raw?.trim().toLowerCase() === "strict") return "strict";
  try {
    return parseBoolean("DRONE_CONFIRM_DESTRUCTIVE", raw, true);
  } catch {
    throw new ConfigError(
      "DRONE_CONFIRM_DESTRUCTIVE",
      `DRONE_CONFIRM_DESTRUCTIVE must be true, false or strict (got ${JSON.stringify(raw)})`,
    );
  }
}

/** A comma-separated list of toolset names; undefined when unset (the default set). */
export function parseToolsets(raw: string | undefined, source = "DRONE_TOOLSETS"): ToolsetName[] | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  const names = raw
    .split(/[\s,]+/)
    .map((n) => n.trim().toLowerCase())
    .filter((n) => n !== "");
  const unknown = names.filter((n) => !isToolsetName(n));
  if (unknown.length > 0) {
    throw new ConfigError(
      source,
      `${source}: unknown toolset${unknown.length > 1 ? "s" : ""} ${unknown.map((n) => JSON.stringify(n)).join(", ")}. Valid: ${TOOLSET_NAMES.join(", ")} (default: all but nodes)`,
    );
  }
  return [...new Set(names)] as ToolsetName[];
}

/** Proxy variables, lower case first as curl and undici read them; undefined when no proxy is set. */
export function parseProxy(env: Env): ProxyConfig | undefined {
  const pick = (name: string) => {
    const lower = env[name.toLowerCase()]?.trim();
    if (lower) return { name: name.toLowerCase(), value: lower };
    const upper = env[name]?.trim();
    return upper ? { name, value: upper } : undefined;
  };
  const https = pick("HTTPS_PROXY");
  const http = pick("HTTP_PROXY");
  if (!https && !http) return undefined;
  const proxy: ProxyConfig = {};
  for (const [key, found] of [
    ["httpsProxy", https],
    ["httpProxy", http],
  ] as const) {
    if (!found) continue;
    let url: URL;
    try {
      url = new URL(found.value);
    } catch {
      throw new ConfigError(found.name, `${found.name} is not a URL: use e.g. http://proxy.example.com:3128`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new ConfigError(found.name, `${found.name} must start with http:// or https:// (got ${url.protocol}//...)`);
    }
    proxy[key] = found.value;
  }
  const noProxy = pick("NO_PROXY");
  if (noProxy) proxy.noProxy = noProxy.value;
  return proxy;
}

export function parseTimeout(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === "") return DEFAULT_TIMEOUT_MS;
  return parseWholeNumber("DRONE_TIMEOUT_MS", raw, 100, 600_000, "milliseconds");
}

/** A whole number from `min` to `max` set in `variable`, else a ConfigError that says so. */
export function parseWholeNumber(variable: string, raw: string, min: number, max: number, unit?: string): number {
  const value = Number(raw.trim());
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(
      variable,
      `${variable} must be a whole number${unit ? ` of ${unit}` : ""} from ${min} to ${max} (got ${JSON.stringify(raw)})`,
    );
  }
  return value;
}

/** DRONE_MAX_RESULT_TOKENS: unset means the default budget (tools/budget.ts). */
export function parseMaxResultTokens(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  return parseWholeNumber("DRONE_MAX_RESULT_TOKENS", raw, 500, 1_000_000, "tokens");
}
