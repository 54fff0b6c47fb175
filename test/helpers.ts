/**
 * Test wiring with real parts: the Drone-compatible sandbox on 127.0.0.1, drone-mcp's real
 * McpServer, and the SDK's real Client over the in-memory transport.
 */
import { tmpdir } from "node:os";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { Config } from "../src/config.js";
import type { Build, Repo } from "../src/drone/types.js";
import type { StepAddress } from "../src/sandbox/live.js";
import { SANDBOX_ADMIN_TOKEN, type Seeded, seedSandbox } from "../src/sandbox/seed.js";
import { type DroneSandbox, startDroneSandbox } from "../src/sandbox/server.js";
import { createServer } from "../src/server.js";
import { countTokens } from "./tool-list.js";

export interface Harness {
  client: Client;
  drone: DroneSandbox;
  seeded: Seeded;
  config: Config;
  /** stderr lines the server logged. */
  logs: string[];
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  token?: string;
  timeoutMs?: number;
  /** Point the server somewhere else than the sandbox (e.g. a closed port). */
  server?: string;
  /** Overrides; the harness turns on every toolset (`all`) unless a test picks its own selection. */
  config?: Partial<Config>;
  clientCapabilities?: ConstructorParameters<typeof Client>[1];
  /** The server's working directory, whose git checkout gives default repo/branch (default: the OS temp dir). */
  cwd?: string;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const seeded = seedSandbox();
  const drone = await startDroneSandbox({ state: seeded.state });
  const config: Config = {
    server: options.server ?? drone.url,
    token: options.token ?? SANDBOX_ADMIN_TOKEN,
    timeoutMs: options.timeoutMs ?? 5_000,
    toolsets: ["all"],
    ...options.config,
  };
  const logs: string[] = [];
  const { mcp } = createServer({ config, log: (line) => logs.push(line), cwd: options.cwd ?? tmpdir() });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "drone-mcp-test", version: "0.0.0" }, options.clientCapabilities);
  await Promise.all([mcp.connect(serverTransport), client.connect(clientTransport)]);
  return {
    client,
    drone,
    seeded,
    config,
    logs,
    call: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult,
    close: async () => {
      await client.close();
      await mcp.close();
      await drone.close();
    },
  };
}

/** The text of a tool result's first content item. */
export function textOf(result: CallToolResult): string {
  const first = result.content[0];
  return first && first.type === "text" ? first.text : "";
}

/** The JSON that follows the summary line in a tool result. */
export function jsonOf<T = unknown>(result: CallToolResult): T {
  const text = textOf(result);
  return JSON.parse(text.slice(text.indexOf("\n") + 1)) as T;
}

/** Everything a tool result puts in front of a model, in tokens estimated as characters / 4. */
export function resultTokens(result: CallToolResult): number {
  let size = JSON.stringify(result.structuredContent ?? {}).length;
  for (const item of result.content) size += item.type === "text" ? item.text.length : JSON.stringify(item).length;
  return Math.ceil(size / 4);
}

/**
 * o200k tokens of what the model reads, counted by the tokenizer itself: the text with its
 * links, or structuredContent, whichever is larger (the result budget holds each to it).
 */
export function answerTokens(result: CallToolResult): number {
  let content = 0;
  for (const item of result.content) content += countTokens(item.type === "text" ? item.text : JSON.stringify(item));
  const structured = result.structuredContent ? countTokens(JSON.stringify(result.structuredContent)) : 0;
  return Math.max(content, structured);
}

/**
 * A pending build of octocat/hello-world with stage 1 "default": step 1 "clone" done (with a log),
 * step 2 "test" and step 3 "deploy" pending; `test` addresses step 2 for DroneState.live.
 */
export function addPendingBuild(h: Harness): { repo: Repo; build: Build; test: StepAddress } {
  const repo = h.seeded.state.repoBySlug("octocat", "hello-world") as Repo;
  const build = h.seeded.state.addBuild(repo, {
    status: "pending",
    stages: [
      {
        name: "default",
        status: "pending",
        steps: [
          { name: "clone", status: "success", log: ["+ git init"] },
          { name: "test", status: "pending" },
          { name: "deploy", status: "pending" },
        ],
      },
    ],
  });
  return { repo, build, test: { repo, build: build.number, stage: 1, step: 2 } };
}
