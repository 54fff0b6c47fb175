/**
 * The Drone sandbox on its own (`npm run sandbox`): demo data, the simulated runner, a fixed
 * port, and the settings to paste into an MCP client so a person can try drone-mcp without a
 * Drone server.
 */
import { demoScript, seedDemo } from "./demo-data.js";
import { SANDBOX_ADMIN_TOKEN, SANDBOX_USER_TOKEN } from "./seed.js";
import { type DroneSandbox, startDroneSandbox } from "./server.js";
import { type Simulation, startSimulation } from "./simulate.js";

export const DEFAULT_PORT = 8080;

export interface StandaloneOptions {
  host?: string;
  port?: number;
  /** Move new builds along by themselves (default true). */
  simulate?: boolean;
  stepMs?: number;
  /** Called with "METHOD /path" for each request. */
  onRequest?: (line: string) => void;
}

export interface Standalone {
  drone: DroneSandbox;
  simulation?: Simulation;
  close(): Promise<void>;
}

export async function startStandalone(options: StandaloneOptions = {}): Promise<Standalone> {
  const { state } = seedDemo();
  const onRequest = options.onRequest;
  const drone = await startDroneSandbox({
    state,
    host: options.host ?? "127.0.0.1",
    port: options.port ?? DEFAULT_PORT,
    ...(onRequest ? { onRequest: (r) => onRequest(`${r.method} ${r.path}`) } : {}),
  });
  const simulation =
    options.simulate === false
      ? undefined
      : startSimulation(state, { script: demoScript, ...(options.stepMs ? { stepMs: options.stepMs } : {}) });
  return {
    drone,
    ...(simulation ? { simulation } : {}),
    close: async () => {
      simulation?.stop();
      await drone.close();
    },
  };
}

/** What to print when the sandbox is up: its address, tokens, and client settings. */
export function standaloneBanner(url: string, entry: string, simulated: boolean): string {
  const config = {
    mcpServers: {
      "drone-sandbox": {
        command: "node",
        args: [entry],
        env: { DRONE_SERVER: url, DRONE_TOKEN: SANDBOX_ADMIN_TOKEN },
      },
    },
  };
  return [
    `Drone sandbox listening on ${url}`,
    `(demo data${simulated ? ", new builds run by a simulated runner" : ", no simulated runner"})`,
    "",
    `  DRONE_SERVER=${url}`,
    `  DRONE_TOKEN=${SANDBOX_ADMIN_TOKEN}    (admin "octocat"; ${SANDBOX_USER_TOKEN} is the non-admin "jane")`,
    "",
    "Claude Desktop: add this to claude_desktop_config.json, then restart Claude Desktop:",
    JSON.stringify(config, null, 2),
    "",
    "Claude Code:",
    `  claude mcp add drone-sandbox -e DRONE_SERVER=${url} -e DRONE_TOKEN=${SANDBOX_ADMIN_TOKEN} -- node ${entry}`,
    "",
    'Then ask, e.g.: "Which of my Drone builds are failing, and why?"  Press Ctrl+C to stop.',
  ].join("\n");
}
