/**
 * Tool-call overhead: get_build through the built server (SDK client over stdio) against the
 * sandbox (its own process), next to the same HTTP request made directly with fetch.
 *
 * Pass 1 (the figure the target is about) rotates three: the direct GET, the server, and the
 * floor answering the same tools/call with the recorded result (the stdio round trip alone,
 * client included). Pass 2 rotates the direct GET and the server with two references: the floor
 * making the same GET before it answers (the least any stdio server that makes the request
 * costs), the stack floor (sdk-floor.ts: McpServer, zod and ky with one tool) and the stack floor
 * making its GET with fetch instead of ky. Each process
 * that waits between its turns runs colder, so figures from different passes do not compare.
 */
import { writeFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { cpuMsOf, peakRssOf } from "./startup.js";
import { median } from "./stats.js";

/** One participant's median time and the median of (its time - the direct GET's) per iteration. */
export interface Timed {
  ms: number;
  addedMs: number;
}

export interface LatencyResult {
  direct: Timed;
  server: Timed;
  /** The floor answering with the recorded result. */
  stdioFloor: Timed;
  /** Median of (server - direct - stdio floor) over iterations: the server's own work. */
  serverWorkMs: number;
  /** Pass 2, in its own rotation. */
  references: { direct: Timed; server: Timed; httpFloor: Timed; sdkFloor: Timed; sdkFloorFetch: Timed };
  calls: number;
  /** The server's peak RSS after all the calls. */
  serverPeakRss: number;
  /** The server process's CPU time per call (user + system) in pass 1, in ms. */
  serverCpuMsPerCall: number;
}

export interface LatencySpec {
  node: string;
  entry: string;
  floorEntry: string;
  /** The bundled sdk-floor.ts. */
  sdkFloorEntry: string;
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
  /** Calls in a row per participant's turn (1: rotate after every call). */
  block: number;
}

interface Connected {
  client: Client;
  transport: StdioClientTransport;
}

async function connect(node: string, args: string[], env: Record<string, string>): Promise<Connected> {
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

/**
 * Runs the participants in rotating order, `block` calls in a row per turn (1: every call follows
 * the other participants' turns, so each process starts it cold), and returns every measured call
 * after the warm-up. With blocks, the first call of each turn is left out as warm-up.
 */
async function rotate<K extends string>(
  participants: Record<K, () => Promise<void>>,
  warmup: number,
  calls: number,
  block: number,
  onWarm?: () => void,
): Promise<Array<Record<K, number>>> {
  const order = Object.keys(participants) as K[];
  const samples: Array<Record<K, number>> = [];
  const turns = Math.ceil((warmup + calls) / block);
  for (let i = 0; i < turns; i++) {
    const measured = i * block >= warmup;
    if (measured && (i - 1) * block < warmup) onWarm?.();
    const turn = Array.from({ length: block }, () => ({}) as Record<K, number>);
    for (let k = 0; k < order.length; k++) {
      const which = order[(i + k) % order.length] as K;
      for (const sample of turn) sample[which] = await time(participants[which]);
    }
    if (measured) samples.push(...(block > 1 ? turn.slice(1) : turn));
  }
  return samples;
}

function timed<K extends string>(samples: Array<Record<K | "direct", number>>, key: K | "direct"): Timed {
  return { ms: median(samples.map((s) => s[key])), addedMs: median(samples.map((s) => s[key] - s.direct)) };
}

export async function measureGetBuild(spec: LatencySpec): Promise<LatencyResult> {
  const args = { namespace: spec.namespace, name: spec.name, build: spec.build };
  const call = async (client: Client) => {
    const result = (await client.callTool({ name: "get_build", arguments: args })) as CallToolResult;
    if (result.isError) throw new Error(`get_build failed: ${JSON.stringify(result.content)}`);
    return result;
  };
  const url = `${spec.droneUrl}/api/repos/${spec.namespace}/${spec.name}/builds/${spec.build}`;
  const headers = {
    Authorization: `Bearer ${spec.token}`,
    Accept: "application/json",
    "User-Agent": "drone-mcp-bench",
  };
  const direct = async () => {
    const response = await fetch(url, { headers });
    const body = await response.text();
    if (!response.ok || !body.includes('"number"')) throw new Error(`direct GET failed: ${response.status}`);
  };
  const opened: Connected[] = [];
  const open = async (argv: string[], env: Record<string, string>) => {
    const connected = await connect(spec.node, argv, env);
    opened.push(connected);
    return connected;
  };
  try {
    const server = await open([spec.entry], { DRONE_SERVER: spec.droneUrl, DRONE_TOKEN: spec.token });
    writeFileSync(spec.callResultFile, JSON.stringify(await call(server.client)));
    const floor = await open([spec.floorEntry, spec.toolsFile, spec.callResultFile], {});
    let serverCalls = 0;
    const viaServer = async () => {
      serverCalls++;
      await call(server.client);
    };

    let cpuAtStart = Number.NaN;
    let callsAtStart = 0;
    const pass1 = await rotate(
      { direct, server: viaServer, stdioFloor: async () => void (await call(floor.client)) },
      spec.warmup,
      spec.calls,
      spec.block,
      () => {
        cpuAtStart = cpuMsOf(server.transport.pid);
        callsAtStart = serverCalls;
      },
    );
    const serverCpuMsPerCall = (cpuMsOf(server.transport.pid) - cpuAtStart) / (serverCalls - callsAtStart);

    const httpFloor = await open([spec.floorEntry, spec.toolsFile, spec.callResultFile, url], {
      FLOOR_TOKEN: spec.token,
    });
    const sdkFloor = await open([spec.sdkFloorEntry], { DRONE_SERVER: spec.droneUrl, DRONE_TOKEN: spec.token });
    const sdkFloorFetch = await open([spec.sdkFloorEntry], {
      DRONE_SERVER: spec.droneUrl,
      DRONE_TOKEN: spec.token,
      SDK_FLOOR_HTTP: "fetch",
    });
    const pass2 = await rotate(
      {
        direct,
        server: viaServer,
        httpFloor: async () => void (await call(httpFloor.client)),
        sdkFloor: async () => void (await call(sdkFloor.client)),
        sdkFloorFetch: async () => void (await call(sdkFloorFetch.client)),
      },
      spec.warmup,
      spec.calls,
      spec.block,
    );

    return {
      direct: timed(pass1, "direct"),
      server: timed(pass1, "server"),
      stdioFloor: timed(pass1, "stdioFloor"),
      serverWorkMs: median(pass1.map((s) => s.server - s.direct - s.stdioFloor)),
      references: {
        direct: timed(pass2, "direct"),
        server: timed(pass2, "server"),
        httpFloor: timed(pass2, "httpFloor"),
        sdkFloor: timed(pass2, "sdkFloor"),
        sdkFloorFetch: timed(pass2, "sdkFloorFetch"),
      },
      calls: spec.calls,
      serverPeakRss: peakRssOf(server.transport.pid),
      serverCpuMsPerCall,
    };
  } finally {
    for (const { client } of opened) await client.close();
  }
}
