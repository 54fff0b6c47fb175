/**
 * Entry point: reads the configuration, starts the MCP server on stdio (or runs `doctor`).
 * While serving, stdout carries only protocol messages; every diagnostic goes to stderr.
 */
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { CliError, HELP, parseCli, runDoctor } from "./cli.js";
import { ConfigError, loadConfig } from "./config.js";
import { createServer } from "./server.js";
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
  if (config.skipVerify) {
    logError(
      `WARNING: DRONE_SKIP_VERIFY=true: TLS certificates of ${config.server} are NOT verified. Anyone on the network path can impersonate Drone and read your token. Prefer NODE_EXTRA_CA_CERTS=/path/to/ca.pem.`,
    );
  }
  const { mcp } = createServer({ config, log: logError });
  await mcp.connect(new StdioServerTransport());
  return -1; // keep running until stdin closes
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    logError(`fatal: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
