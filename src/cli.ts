/**
 * Command-line parsing (node:util parseArgs) and the `doctor` command. Serving is in index.ts.
 */
import { parseArgs } from "node:util";
import { ConfigError, type ConfigFlags, loadSettings, loadToken } from "./config.js";
import { diagnose, formatReport } from "./doctor.js";
import { DroneClient } from "./drone/client.js";
import { envHelpLines } from "./env.js";
import type { HttpFlags } from "./http/options.js";
import { allTools } from "./tools/index.js";
import { enabledToolsets, selectTools, toolsetLines } from "./toolsets.js";
import { NAME, VERSION } from "./version.js";

export const HELP = `${NAME} ${VERSION}: an MCP server for Drone CI, served over stdio or Streamable HTTP.

Usage: ${NAME} [options]          serve MCP over stdio
       ${NAME} --http [options]   serve MCP over Streamable HTTP at /mcp, each user with their own token
       ${NAME} doctor [options]   check the connection to Drone, print a report, exit 1 on a problem

Options:
  --read-only          register only tools that change nothing (DRONE_READ_ONLY=true)
  --confirm-strict     refuse destructive and privilege-changing calls the client cannot confirm (DRONE_CONFIRM_DESTRUCTIVE=strict)
  --toolsets LIST      comma-separated toolsets to turn on (DRONE_TOOLSETS)
  --token-file PATH    read the token from a file (DRONE_TOKEN_FILE)
  --server URL         the Drone server address (DRONE_SERVER)
  --http               serve over HTTP (DRONE_MCP_HTTP=host:port), default 127.0.0.1:8787
  --host HOST          HTTP listen address; other than loopback needs DRONE_MCP_ALLOWED_HOSTS
  --port PORT          HTTP port
  --shared-token       HTTP: every request uses DRONE_TOKEN, no per-user token (DRONE_MCP_SHARED_TOKEN)
  -h, --help           show this help
  -v, --version        print the version

Environment:
${envHelpLines("server").join("\n")}

Toolsets (DRONE_TOOLSETS, --toolsets):
${toolsetLines("  ").join("\n")}

HTTP mode (clients send Authorization: Bearer <their Drone token>; see the README):
${envHelpLines("http").join("\n")}
`;

export interface Cli {
  command: "serve" | "doctor" | "help" | "version";
  flags: ConfigFlags;
  http: HttpFlags;
}

/** Parses argv; throws CliError for unknown options or commands. */
export function parseCli(argv: string[]): Cli {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    // node's messages go on with advice about positionals that does not apply here.
    const message = (error instanceof Error ? error.message : String(error)).split(/\.\s|\n/)[0];
    throw new CliError(`${message}; see ${NAME} --help`);
  }
  const { values, positionals } = parsed;
  const flags: ConfigFlags = {
    server: values.server,
    readOnly: values["read-only"],
    confirmStrict: values["confirm-strict"],
    toolsets: values.toolsets,
    tokenFile: values["token-file"],
  };
  const http: HttpFlags = {
    http: values.http,
    host: values.host,
    port: values.port,
    sharedToken: values["shared-token"],
  };
  if (values.help) return { command: "help", flags, http };
  if (values.version) return { command: "version", flags, http };
  const [command, ...rest] = positionals;
  if (command === undefined) return { command: "serve", flags, http };
  if (command === "doctor" && rest.length === 0) return { command: "doctor", flags, http };
  throw new CliError(`unknown command ${JSON.stringify(positionals.join(" "))}; see ${NAME} --help`);
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
      "read-only": { type: "boolean" },
      "confirm-strict": { type: "boolean" },
      toolsets: { type: "string" },
      "token-file": { type: "string" },
      server: { type: "string" },
      http: { type: "boolean" },
      host: { type: "string" },
      port: { type: "string" },
      "shared-token": { type: "boolean" },
    },
  });
}

export class CliError extends Error {}

/**
 * `drone-mcp doctor`: the same diagnosis as check_connection, printed for a person on stdout.
 * Returns the exit code: 0 when everything needed works, 1 otherwise.
 */
export async function runDoctor(
  env: Record<string, string | undefined>,
  flags: ConfigFlags,
  out: (text: string) => void,
): Promise<number> {
  let settings: ReturnType<typeof loadSettings>;
  try {
    settings = loadSettings(env, flags);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    out(
      `  fail  config  ${error.message}\nConfiguration problem: fix ${error.variable} and run ${NAME} doctor again.\n`,
    );
    return 1;
  }
  let token = "";
  let tokenProblem: string | undefined;
  try {
    token = loadToken(env, flags);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    tokenProblem = error.message;
  }
  const drone = new DroneClient({ ...settings, token });
  const say = out;
  // Everything doctor prints goes through the same redaction as the server's messages.
  out = (text) => say(drone.redact(text));
  const tools = selectTools(allTools, settings);
  out(`${NAME} ${VERSION} doctor: checking ${settings.server}\n`);
  const report = await diagnose(drone, { ...(tokenProblem ? { tokenProblem } : {}), skipVerify: settings.skipVerify });
  out(drone.redact(formatReport(report)));
  const proxy = settings.proxy ? "a proxy from HTTPS_PROXY/HTTP_PROXY" : "no proxy";
  out(
    `Settings: ${tools.length} tools from toolsets ${enabledToolsets(tools).join(", ") || "(none)"}; read-only ${settings.readOnly ? "on" : "off"}; ${proxy}; timeout ${settings.timeoutMs} ms.\n`,
  );
  return report.ok ? 0 : 1;
}
