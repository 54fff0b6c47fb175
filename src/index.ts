#!/usr/bin/env node
/**
 * Entry point: reads the configuration, starts the MCP server on stdio. stdout carries only
 * protocol messages; every diagnostic goes to stderr.
 */
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { ConfigError, loadConfig } from "./config.js";
import { createServer } from "./server.js";
import { NAME, VERSION } from "./version.js";

const HELP = `${NAME} ${VERSION}: an MCP server for Drone CI, served over stdio.

Usage: ${NAME} [--help] [--version]

Environment:
  DRONE_SERVER      Drone server address, e.g. https://drone.example.com (no /api)
  DRONE_TOKEN       your Drone token (Drone profile page)
  DRONE_TIMEOUT_MS  request timeout in milliseconds (default 30000)
`;

function logError(line: string): void {
  process.stderr.write(`${NAME}: ${line}\n`);
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stderr.write(HELP);
    return 0;
  }
  if (argv.includes("--version") || argv.includes("-v")) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const unknown = argv.filter((arg) => arg.startsWith("-"));
  if (unknown.length > 0) {
    logError(`unknown option ${unknown[0]}; see ${NAME} --help`);
    return 2;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      logError(error.message);
      return 1;
    }
    throw error;
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
