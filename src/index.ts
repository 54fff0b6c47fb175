/**
 * Entry point: reads the configuration, starts the MCP server on stdio (or over Streamable HTTP
 * with --http, or runs `doctor`).
 * While serving, stdout carries only protocol messages; every diagnostic goes to stderr.
 */
import { type Cli, CliError, HELP, parseCli, runDoctor } from "./cli.js";
import { ConfigError, loadConfig, loadSettings, loadToken } from "./config.js";
import { loadHttpOptions, wantsHttp } from "./http/options.js";
import { makeRedactor } from "./outgoing.js";
import { createServer } from "./server.js";
import { LineStdioTransport } from "./stdio.js";
import { NAME, VERSION } from "./version.js";

function logError(line: string): void {
  process.stderr.write(`${NAME}: ${line}\n`);
}

async function main(argv: string[]): Promise<number> {
  let cli: ReturnType<typeof parseCli>;
  try {
    cli = parseCli(argv);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    logError(error.message);
    return 2;
  }
  if (cli.command === "help") {
    process.stderr.write(HELP);
    return 0;
  }
  if (cli.command === "version") {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (cli.command === "doctor") {
    return runDoctor(process.env, cli.flags, (text) => process.stdout.write(text));
  }
  if (wantsHttp(process.env, cli.http)) return serveHttp(cli);
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env, cli.flags);
  } catch (error) {
    if (error instanceof ConfigError) {
      logError(error.message);
      return 1;
    }
    throw error;
  }
  warnSkipVerify(config);
  const { mcp, log } = createServer({ config, log: logError });
  // Protocol-level problems (an answer to an unknown request, a failing notification handler)
  // are said on stderr rather than lost.
  mcp.server.onerror = (error) => log(`protocol: ${error.message}`);
  await mcp.connect(new LineStdioTransport(process.stdin, process.stdout, log));
  return -1; // keep running until stdin closes
}

function warnSkipVerify(settings: { skipVerify?: boolean; server: string }): void {
  if (settings.skipVerify) {
    logError(
      `WARNING: DRONE_SKIP_VERIFY=true: TLS certificates of ${settings.server} are NOT verified. Anyone on the network path can impersonate Drone and read your token. Prefer NODE_EXTRA_CA_CERTS=/path/to/ca.pem.`,
    );
  }
}

/** `--http`: Streamable HTTP at /mcp until SIGTERM or SIGINT, which drain it. */
async function serveHttp(cli: Cli): Promise<number> {
  let settings: ReturnType<typeof loadSettings>;
  let options: ReturnType<typeof loadHttpOptions>;
  let sharedToken: string | undefined;
  try {
    settings = loadSettings(process.env, cli.flags);
    options = loadHttpOptions(process.env, cli.http);
    // Per-user mode never reads DRONE_TOKEN: each request brings its user's token.
    if (options.sharedToken) sharedToken = loadToken(process.env, cli.flags);
  } catch (error) {
    if (error instanceof ConfigError) {
      logError(error.message);
      return 1;
    }
    throw error;
  }
  warnSkipVerify(settings);
  // Loaded only in HTTP mode: the Streamable HTTP transport and node:http cost stdio start-up time and memory.
  const { startHttpServer } = await import("./http/server.js");
  const running = await startHttpServer({ settings, options, ...(sharedToken ? { sharedToken } : {}), log: logError });
  const mode = options.sharedToken ? "shared token (DRONE_TOKEN) for every request" : "each user's own token";
  logError(`serving MCP at ${running.url}/mcp (Streamable HTTP, stateless; ${mode})`);
  const stop = (signal: string) => {
    logError(`${signal}: finishing in-flight requests (up to ${options.shutdownTimeoutMs} ms), then exiting`);
    running.shutdown().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
  return -1;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    // The token is the one secret this process knows before any server exists.
    const redact = makeRedactor([process.env.DRONE_TOKEN ?? ""]);
    logError(redact(`fatal: ${error instanceof Error ? error.message : String(error)}`));
    process.exitCode = 1;
  },
);
