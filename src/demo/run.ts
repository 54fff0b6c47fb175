/**
 * `npm run demo` without a Drone server: the Drone sandbox with demo data and a simulated
 * runner on 127.0.0.1, the built drone-mcp (dist/index.js) spawned over stdio behind the SDK's
 * real Client, and a scripted assistant doing a job with its tools.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { demoScript, seedDemo } from "../sandbox/demo-data.js";
import { SANDBOX_ADMIN_TOKEN } from "../sandbox/seed.js";
import { startDroneSandbox } from "../sandbox/server.js";
import { startSimulation } from "../sandbox/simulate.js";
import { Assistant } from "./assistant.js";
import { fixFailingBuild, type JobResult, type Plan, plan } from "./job.js";

export interface DemoOptions {
  /** The built server to start (dist/index.js). */
  entry: string;
  print: (line: string) => void;
  /** How long each simulated step runs (ms). */
  stepMs?: number;
  queueMs?: number;
  /** How the assistant finds the cause and waits (default: job.ts's plan). */
  plan?: Plan;
}

export interface DemoResult extends JobResult {
  /** Every request that reached the Drone sandbox (method and path). */
  requests: string[];
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const { state } = seedDemo();
  const drone = await startDroneSandbox({ state });
  const simulation = startSimulation(state, {
    script: demoScript,
    stepMs: options.stepMs ?? 1000,
    queueMs: options.queueMs ?? 1000,
  });
  const stderr: string[] = [];
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [options.entry],
    env: { PATH: process.env.PATH ?? "", DRONE_SERVER: drone.url, DRONE_TOKEN: SANDBOX_ADMIN_TOKEN },
    stderr: "pipe",
  });
  transport.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
  const client = new Client({ name: "drone-mcp-demo", version: "1.0.0" });
  try {
    await client.connect(transport);
    const { tools } = await client.listTools();
    const server = client.getServerVersion();
    options.print(
      `drone-mcp demo: ${server?.name} ${server?.version} (${tools.length} tools, over stdio) and a Drone sandbox at ${drone.url}`,
    );
    options.print("(demo data and a simulated build runner: no Drone server or token needed)");
    const result = await fixFailingBuild(new Assistant(client, options.print), options.plan ?? plan);
    return { ...result, requests: drone.requests.map((r) => `${r.method} ${r.path}`) };
  } catch (error) {
    if (stderr.length > 0) options.print(`drone-mcp stderr:\n${stderr.join("")}`);
    throw error;
  } finally {
    await client.close();
    simulation.stop();
    await drone.close();
  }
}
