/**
 * Tool-call overhead: get_build through the built server (SDK client over stdio) against the
 * sandbox (its own process), next to the same HTTP request made directly with fetch, next to the
 * floor answering the same tools/call with the recorded result (the stdio round trip alone, client
 * included), and next to the floor making the same GET before it answers (the least any stdio
 * server that makes the request costs). Each iteration measures all four, in rotating order.
 */
import { writeFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { cpuMsOf, peakRssOf } from "./startup.js";
import { median } from "./stats.js";

export interface LatencyResult {
  directMs: number;
  viaServerMs: number;
  stdioFloorMs: number;
  /** The floor that makes the same GET before answering. */
  httpFloorMs: number;
  /** Median of (floor with the GET - direct): what any stdio server making the request adds. */
  httpFloorAddedMs: number;
  /** Median of (via server - direct) over iterations. */
  addedMs: number;
  /** Median of (via server - direct - stdio floor) over iterations: the server's own work. */
  serverWorkMs: number;
  calls: number;
  /** The server's peak RSS after all the calls. */
  serverPeakRss: number;
  /** The server process's CPU time per call (user + system), in ms. */
  serverCpuMsPerCall: number;
}

export interface LatencySpec {
  node: string;
  entry: string;
  floorEntry: string;
  toolsFile: string;
  /** Where to write the recorded get_build result for the floor. */
  callResultFile: string;
  droneUrl: string;
  token: string;
  namespace: string;
  name: string;
  build: number;
  calls: number;
  warmup: number;
}

async function connect(node: string, args: string[], env: Record<string, string>) {
  const transport = new StdioClientTransport({
    command: node,
    args,
    env: { PATH: process.env.PATH ?? "", ...env },
    stderr: "ignore",
  });
  const client = new Client({ name: "drone-mcp-bench", version: "0.0.0" });
  await client.connect(transport);
  return { client, transport };
}

async function time(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export async function measureGetBuild(spec: LatencySpec): Promise<LatencyResult> {
  const server = await connect(spec.node, [spec.entry], { DRONE_SERVER: spec.droneUrl, DRONE_TOKEN: spec.token });
  const args = { namespace: spec.namespace, name: spec.name, build: spec.build };
  const call = async (client: Client) => {
    const result = (await client.callTool({ name: "get_build", arguments: args })) as CallToolResult;
    if (result.isError) throw new Error(`get_build failed: ${JSON.stringify(result.content)}`);
    return result;
  };
  writeFileSync(spec.callResultFile, JSON.stringify(await call(server.client)));
  const floor = await connect(spec.node, [spec.floorEntry, spec.toolsFile, spec.callResultFile], {});
  const url = `${spec.droneUrl}/api/repos/${spec.namespace}/${spec.name}/builds/${spec.build}`;
  const httpFloor = await connect(spec.node, [spec.floorEntry, spec.toolsFile, spec.callResultFile, url], {
    FLOOR_TOKEN: spec.token,
  });

  const headers = {
    Authorization: `Bearer ${spec.token}`,
    Accept: "application/json",
    "User-Agent": "drone-mcp-bench",
  };
  const measures = {
    direct: async () => {
      const response = await fetch(url, { headers });
      const body = await response.text();
      if (!response.ok || !body.includes('"number"')) throw new Error(`direct GET failed: ${response.status}`);
    },
    server: async () => {
      await call(server.client);
    },
    floor: async () => {
      await call(floor.client);
    },
    httpFloor: async () => {
      await call(httpFloor.client);
    },
  };
  const order = ["direct", "server", "floor", "httpFloor"] as const;
  const times = { direct: [] as number[], server: [] as number[], floor: [] as number[], httpFloor: [] as number[] };
  const added: number[] = [];
  const floorAdded: number[] = [];
  const work: number[] = [];
  let cpuAtStart = Number.NaN;
  try {
    for (let i = 0; i < spec.warmup + spec.calls; i++) {
      if (i === spec.warmup) cpuAtStart = cpuMsOf(server.transport.pid);
      const sample = { direct: 0, server: 0, floor: 0, httpFloor: 0 };
      for (let k = 0; k < order.length; k++) {
        const which = order[(i + k) % order.length] as (typeof order)[number];
        sample[which] = await time(measures[which]);
      }
      if (i < spec.warmup) continue;
      times.direct.push(sample.direct);
      times.server.push(sample.server);
      times.floor.push(sample.floor);
      times.httpFloor.push(sample.httpFloor);
      added.push(sample.server - sample.direct);
      floorAdded.push(sample.httpFloor - sample.direct);
      work.push(sample.server - sample.direct - sample.floor);
    }
    return {
      directMs: median(times.direct),
      viaServerMs: median(times.server),
      stdioFloorMs: median(times.floor),
      httpFloorMs: median(times.httpFloor),
      httpFloorAddedMs: median(floorAdded),
      addedMs: median(added),
      serverWorkMs: median(work),
      calls: spec.calls,
      serverPeakRss: peakRssOf(server.transport.pid),
      serverCpuMsPerCall: (cpuMsOf(server.transport.pid) - cpuAtStart) / spec.calls,
    };
  } finally {
    await server.client.close();
    await floor.client.close();
    await httpFloor.client.close();
  }
}
