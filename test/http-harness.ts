/**
 * Test wiring for the HTTP mode: the Drone sandbox on 127.0.0.1, drone-mcp's HTTP server in this
 * process on a free port, and SDK Clients over the real Streamable HTTP client transport, each
 * with its own user's token.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { DroneSettings } from "../src/http/identity.js";
import { loadHttpOptions } from "../src/http/options.js";
import { type RunningHttpServer, startHttpServer } from "../src/http/server.js";
import { type Seeded, seedSandbox } from "../src/sandbox/seed.js";
import { type DroneSandbox, startDroneSandbox } from "../src/sandbox/server.js";

export interface HttpHarness {
  drone: DroneSandbox;
  seeded: Seeded;
  http: RunningHttpServer;
  /** The /mcp endpoint. */
  endpoint: string;
  /** Access-log lines and diagnostics the server wrote. */
  access: Array<Record<string, unknown>>;
  logs: string[];
  /** A connected SDK client sending `Authorization: Bearer <token>`. */
  connect(token: string, headers?: Record<string, string>): Promise<Client>;
  close(): Promise<void>;
}

export async function startHttpHarness(
  env: Record<string, string> = {},
  overrides: { settings?: Partial<DroneSettings>; sharedToken?: string } = {},
): Promise<HttpHarness> {
  const seeded = seedSandbox();
  const drone = await startDroneSandbox({ state: seeded.state });
  const settings: DroneSettings = { server: drone.url, timeoutMs: 5_000, toolsets: ["all"], ...overrides.settings };
  const options = loadHttpOptions({ DRONE_MCP_HTTP: "127.0.0.1:0", ...env });
  const access: Array<Record<string, unknown>> = [];
  const logs: string[] = [];
  const http = await startHttpServer({
    settings,
    options,
    ...(overrides.sharedToken ? { sharedToken: overrides.sharedToken } : {}),
    log: (line) => logs.push(line),
    accessLog: (line) => access.push(JSON.parse(line) as Record<string, unknown>),
  });
  const clients: Client[] = [];
  return {
    drone,
    seeded,
    http,
    endpoint: `${http.url}/mcp`,
    access,
    logs,
    connect: async (token, headers = {}) => {
      const client = new Client({ name: "drone-mcp-http-test", version: "0.0.0" });
      const transport = new StreamableHTTPClientTransport(new URL(`${http.url}/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${token}`, ...headers } },
      });
      await client.connect(transport);
      clients.push(client);
      return client;
    },
    close: async () => {
      await Promise.all(clients.map((client) => client.close().catch(() => {})));
      await http.shutdown();
      await drone.close();
    },
  };
}

export function textOfResult(result: unknown): string {
  const first = (result as CallToolResult).content[0];
  return first && first.type === "text" ? first.text : "";
}

/** A raw POST to /mcp, for the answers a client library would not show. */
export async function post(
  endpoint: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

export const LIST_TOOLS = { jsonrpc: "2.0", id: 1, method: "tools/list", params: {} };
