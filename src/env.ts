/**
 * Every environment variable drone-mcp reads, described once: `--help` and the README's two
 * configuration tables are rendered from this list (config.ts and http/options.ts parse them).
 * `help` is the short line for --help; `doc` the README's fuller sentence.
 */
export interface EnvVar {
  /** The variable, or several read together ("HTTPS_PROXY, HTTP_PROXY, NO_PROXY"). */
  name: string;
  /** `server`: the Drone connection and tools; `http`: serving a team over Streamable HTTP. */
  group: "server" | "http";
  required?: boolean;
  /** The default as the README shows it (http group). */
  default?: string;
  help: string;
  doc: string;
}

export const ENV_VARS: readonly EnvVar[] = [
  {
    name: "DRONE_SERVER",
    group: "server",
    required: true,
    help: "Drone server address, e.g. https://drone.example.com (no /api)",
    doc: "Drone server address, e.g. `https://drone.example.com` (without `/api`); flag `--server URL`",
  },
  {
    name: "DRONE_TOKEN",
    group: "server",
    required: true,
    help: "your Drone token (Drone profile page), or",
    doc: "Your Drone token, from your Drone profile page",
  },
  {
    name: "DRONE_TOKEN_FILE",
    group: "server",
    help: "a file holding it",
    doc: "A file holding the token, instead of `DRONE_TOKEN` (not both); flag `--token-file PATH`",
  },
  {
    name: "DRONE_TIMEOUT_MS",
    group: "server",
    help: "request timeout in milliseconds (default 30000)",
    doc: "Per-request timeout in milliseconds (default `30000`)",
  },
  {
    name: "DRONE_MAX_RESULT_TOKENS",
    group: "server",
    help: "largest tool answer in o200k tokens (default 8000)",
    doc: "The largest tool answer, in o200k tokens (default `8000`; see [Large installations](#large-installations))",
  },
  {
    name: "DRONE_READ_ONLY",
    group: "server",
    help: "true: only read-only tools",
    doc: "`true`: only tools that change nothing are registered; flag `--read-only`",
  },
  {
    name: "DRONE_TOOLSETS",
    group: "server",
    help: "comma-separated toolsets (below; default: all but nodes)",
    doc: "Comma-separated groups to turn on (see [Safety](#safety)); flag `--toolsets LIST`",
  },
  {
    name: "DRONE_CONFIRM_DESTRUCTIVE",
    group: "server",
    help: "true (default): ask before destructive and privilege-changing calls when the client can; strict: also refuse them when it cannot; false: never ask",
    doc: "`true` (default): ask before destructive and privilege-changing calls when the client can; `strict` (or `--confirm-strict`): also refuse them when it cannot; `false`: never ask",
  },
  {
    name: "DRONE_SKIP_VERIFY",
    group: "server",
    help: "true: do not check TLS certificates (insecure)",
    doc: "`true`: do not check Drone's TLS certificate (insecure; warned about on stderr)",
  },
  {
    name: "NODE_EXTRA_CA_CERTS",
    group: "server",
    help: "PEM file with extra CA certificates to trust (private CA)",
    doc: "PEM file of extra CA certificates to trust, for a Drone behind a private CA (read by Node.js at start-up)",
  },
  {
    name: "HTTPS_PROXY, HTTP_PROXY, NO_PROXY",
    group: "server",
    help: "proxy settings",
    doc: "Proxy for `https://` / `http://` Drone addresses, and hosts to reach directly (lower-case names work too)",
  },
  {
    name: "NODE_COMPILE_CACHE",
    group: "server",
    help: "where the start-up compile cache lives (default: the temp directory)",
    doc: "Where the start-up compile cache lives (default: the temp directory; see [Performance](#performance))",
  },
  {
    name: "NODE_DISABLE_COMPILE_CACHE",
    group: "server",
    help: "1: no compile cache",
    doc: "`1`: no start-up compile cache",
  },
  {
    name: "DRONE_MCP_HTTP",
    group: "http",
    default: "",
    help: "host:port to serve on",
    doc: "`host:port` (or `:port`) to serve on; flags `--http`, `--host`, `--port`",
  },
  {
    name: "DRONE_MCP_ALLOWED_HOSTS",
    group: "http",
    default: "loopback names",
    help: "Host header values accepted (default: loopback names)",
    doc: "`Host` header values accepted on `/mcp` (DNS rebinding); `*` accepts any. Required to listen beyond loopback",
  },
  {
    name: "DRONE_MCP_ALLOWED_ORIGINS",
    group: "http",
    default: "loopback pages",
    help: "browser Origins accepted (default: loopback pages)",
    doc: "Browser `Origin`s accepted and answered with CORS headers, preflight included (`https://app.example.com`, or `http://host:*` for any port); requests without `Origin` pass",
  },
  {
    name: "DRONE_MCP_RATE_LIMIT",
    group: "http",
    default: "`600`",
    help: "requests a minute per user (default 600)",
    doc: "Requests a minute per user (bursts of a tenth, at least 10); over it: `429` + `Retry-After`",
  },
  {
    name: "DRONE_MCP_CONCURRENCY",
    group: "http",
    default: "`8`",
    help: "requests in flight per user (default 8)",
    doc: "Requests in flight per user; over it: `429` + `Retry-After: 1`",
  },
  {
    name: "DRONE_MCP_MAX_BODY_BYTES",
    group: "http",
    default: "`1048576`",
    help: "largest request body (default 1048576)",
    doc: "Largest request body; over it: `413`",
  },
  {
    name: "DRONE_MCP_REQUEST_TIMEOUT_MS",
    group: "http",
    default: "`660000`",
    help: "longest request (default 660000)",
    doc: "Longest a request may run (`wait_for_build` waits up to 600 s); then it ends with a JSON-RPC error",
  },
  {
    name: "DRONE_MCP_SHUTDOWN_TIMEOUT_MS",
    group: "http",
    default: "`25000`",
    help: "time SIGTERM gives in-flight requests (default 25000)",
    doc: "On SIGTERM: stop accepting, let in-flight calls finish this long, then end them with an error and exit",
  },
  {
    name: "DRONE_MCP_AUTH_TTL_MS",
    group: "http",
    default: "`30000`",
    help: "how long a checked token is trusted (default 30000)",
    doc: "How long a checked token is trusted before Drone is asked again",
  },
  {
    name: "DRONE_MCP_SHARED_TOKEN",
    group: "http",
    default: "`false`",
    help: "true: every request uses DRONE_TOKEN, no per-user token",
    doc: "`true`: use `DRONE_TOKEN` for every request (see above); flag `--shared-token`",
  },
];

/** The --help lines of a group: the name padded to one column, then the short description. */
export function envHelpLines(group: EnvVar["group"], indent = "  "): string[] {
  const vars = ENV_VARS.filter((v) => v.group === group);
  const width = Math.max(...vars.map((v) => v.name.length));
  return vars.map((v) => `${indent}${v.name.padEnd(width)}  ${v.help}`);
}

const code = (name: string) =>
  name
    .split(", ")
    .map((n) => `\`${n}\``)
    .join(", ");

/** The README table of a group (Markdown). */
export function envTable(group: EnvVar["group"]): string {
  const vars = ENV_VARS.filter((v) => v.group === group);
  if (group === "server") {
    const rows = vars.map((v) => `| ${code(v.name)} | ${v.required ? "yes" : "no"} | ${v.doc} |`);
    return ["| Variable | Required | Meaning |", "|---|---|---|", ...rows].join("\n");
  }
  const rows = vars.map((v) => `| ${code(v.name)} | ${v.default ?? ""} | ${v.doc} |`);
  return ["| Variable | Default | Meaning |", "|---|---|---|", ...rows].join("\n");
}
