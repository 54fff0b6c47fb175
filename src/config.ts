/**
 * Configuration from the environment, with the names the Drone CLI uses.
 * Every problem becomes a ConfigError naming the variable and how to fix it.
 */

export interface Config {
  /** Base URL of the Drone server, without trailing slashes and without /api. */
  server: string;
  /** Personal or machine token. Never printed. */
  token: string;
  /** Per-request timeout in milliseconds. */
  timeoutMs: number;
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

export function loadConfig(env: Env = process.env): Config {
  return {
    server: parseServer(env.DRONE_SERVER),
    token: parseToken(env.DRONE_TOKEN),
    timeoutMs: parseTimeout(env.DRONE_TIMEOUT_MS),
  };
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

export function parseToken(raw: string | undefined): string {
  const value = raw?.trim();
  if (!value) {
    throw new ConfigError(
      "DRONE_TOKEN",
      "DRONE_TOKEN is not set: copy your personal token from your Drone profile page (https://<drone>/account) into DRONE_TOKEN",
    );
  }
  if (/[\s\x00-\x1f\x7f]/.test(value)) {
    throw new ConfigError(
      "DRONE_TOKEN",
      "DRONE_TOKEN contains spaces or control characters: paste the token alone, without 'Bearer ' or quotes",
    );
  }
  return value;
}

export function parseTimeout(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === "") return DEFAULT_TIMEOUT_MS;
  const value = Number(raw.trim());
  if (!Number.isInteger(value) || value < 100 || value > 600_000) {
    throw new ConfigError(
      "DRONE_TIMEOUT_MS",
      `DRONE_TIMEOUT_MS must be a whole number of milliseconds from 100 to 600000 (got ${JSON.stringify(raw)})`,
    );
  }
  return value;
}
