/**
 * Log benchmark (issue 4): for generated failing logs of 20,000 lines and of 5 MB (colours,
 * progress redraws, warnings that look like errors, the cause near the end), served by the
 * Drone sandbox, it measures
 *   - get_build_failure end to end through a real SDK Client talking to the built server over
 *     stdio (a fresh process per log, so its peak RSS is its own): cold (log fetched and
 *     parsed) and cached (log already in the LRU), median of 3 each;
 *   - our own processing, calling the library directly: normalise + find error blocks +
 *     render the excerpt (median and fastest of 7 after 2 warm-up runs), and parsing the
 *     stored JSON as it streams (median of 5);
 *   - the server's peak RSS (VmHWM from /proc) after reading one such log, and after three
 *     (the log cache keeps what fits in 32 MiB); without /proc or dist/, the bench process's own;
 *   - the result's size in characters and estimated tokens (characters / 4), and whether the
 *     causal lines are in it.
 * Targets: own processing < 100 ms for 5 MB, peak RSS < 150 MB, result < 2,000 tokens.
 *
 * The `npm run bench` runner imports benchLogs(). On its own (after `npm run build`):
 *   npx esbuild test/bench/logs.ts --bundle --platform=node --format=esm --outfile=dist/bench-logs.mjs \
 *     "--banner:js=import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" \
 *   && node dist/bench-logs.mjs
 */
import { existsSync, readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { parseLineArray } from "../../src/drone/logs.js";
import { analyzeLog, renderExcerpt } from "../../src/logs/failure.js";
import { normalizeLog } from "../../src/logs/normalize.js";
import { SANDBOX_ADMIN_TOKEN, seedSandbox } from "../../src/sandbox/seed.js";
import { startDroneSandbox } from "../../src/sandbox/server.js";
import { createServer } from "../../src/server.js";
import { generateLog } from "../fixtures/generate-log.js";

export interface Metric {
  name: string;
  value: number;
  unit: string;
}

/** The built server: next to this file when bundled into dist/, else dist/ of the checkout. */
const ENTRY = [
  fileURLToPath(new URL("./index.js", import.meta.url)),
  fileURLToPath(new URL("../../dist/index.js", import.meta.url)),
  resolve(process.cwd(), "dist/index.js"),
].find((path) => path.endsWith("dist/index.js") && existsSync(path));
/** The excerpt budget (o200k tokens) get_build_failure gives a single failed step by default: 2,000 less the envelope. */
const EXCERPT_BUDGET = 1650;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

function textSize(result: CallToolResult): { chars: number; text: string } {
  let chars = JSON.stringify(result.structuredContent ?? {}).length;
  let text = "";
  for (const item of result.content) {
    if (item.type === "text") {
      chars += item.text.length;
      text += item.text;
    } else chars += JSON.stringify(item).length;
  }
  return { chars, text };
}

/** Peak resident memory of a process in MB, from /proc (Linux). */
function peakRssMb(pid: number): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

function streamOf(bytes: Uint8Array, chunk = 64 * 1024): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + chunk));
      offset += chunk;
    },
  });
}

interface Timing {
  median: number;
  min: number;
  /** CPU time (user + system, all threads) per run: what the work costs when the CPU is shared. */
  cpu: number;
}

/** Times `runs` runs after two warm-up runs (a long-running server runs optimised code). */
async function timed(runs: number, work: () => unknown): Promise<Timing> {
  for (let i = 0; i < 2; i++) await work();
  const times: number[] = [];
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  const cpu = process.cpuUsage(cpuStart);
  return { median: median(times), min: Math.min(...times), cpu: (cpu.user + cpu.system) / 1000 / runs };
}

async function ownProcessing(lines: string[]): Promise<{ processing: Timing; parse: Timing }> {
  const outs = lines.map((l) => `${l}\n`);
  const processing = await timed(7, () => renderExcerpt(analyzeLog(normalizeLog(outs)), EXCERPT_BUDGET));
  const stored = new TextEncoder().encode(JSON.stringify(outs.map((out, pos) => ({ pos, out, time: pos >> 6 }))));
  const parse = await timed(5, async () => {
    let count = 0;
    for await (const _ of parseLineArray(streamOf(stored), 64 * 1024 * 1024, "bench")) count++;
    if (count !== lines.length) throw new Error(`parsed ${count} of ${lines.length} lines`);
  });
  return { processing, parse };
}

interface Connection {
  client: Client;
  pid?: number;
  close(): Promise<void>;
}

async function connect(url: string): Promise<Connection> {
  const client = new Client({ name: "bench-logs", version: "0" });
  if (ENTRY) {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [ENTRY],
      env: { PATH: process.env.PATH ?? "", DRONE_SERVER: url, DRONE_TOKEN: SANDBOX_ADMIN_TOKEN },
      stderr: "ignore",
    });
    await client.connect(transport);
    return { client, ...(transport.pid ? { pid: transport.pid } : {}), close: () => client.close() };
  }
  const { mcp } = createServer({ config: { server: url, token: SANDBOX_ADMIN_TOKEN, timeoutMs: 30_000 } });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([mcp.connect(b), client.connect(a)]);
  return {
    client,
    close: async () => {
      await client.close();
      await mcp.close();
    },
  };
}

async function benchOne(label: string, target: { lines?: number; bytes?: number }): Promise<Metric[]> {
  const log = generateLog(target);
  const own = await ownProcessing(log.lines);

  const seeded = seedSandbox();
  const repo = seeded.state.repoBySlug("octocat", "hello-world");
  if (!repo) throw new Error("sandbox seed changed");
  const builds = [0, 1, 2].map(
    () =>
      seeded.state.addBuild(repo, {
        status: "failure",
        stages: [
          {
            name: "default",
            status: "failure",
            steps: [
              { name: "install", status: "success", log: ["+ npm ci", "added 1534 packages in 38s"] },
              { name: "test", status: "failure", image: "node:20", log: log.lines },
            ],
          },
        ],
      }).number,
  );
  const drone = await startDroneSandbox({ state: seeded.state });
  const connection = await connect(drone.url);
  const call = (build: number) =>
    connection.client.callTool(
      { name: "get_build_failure", arguments: { namespace: "octocat", name: "hello-world", build } },
      undefined,
      { timeout: 120_000 },
    ) as Promise<CallToolResult>;
  const cold: number[] = [];
  const cached: number[] = [];
  let last: CallToolResult | undefined;
  let rssOneLog: number | undefined;
  let rssThreeLogs: number | undefined;
  try {
    for (const build of builds) {
      let start = performance.now();
      last = await call(build);
      cold.push(performance.now() - start);
      start = performance.now();
      await call(build);
      cached.push(performance.now() - start);
      if (connection.pid && rssOneLog === undefined) rssOneLog = peakRssMb(connection.pid);
    }
    rssThreeLogs = connection.pid ? peakRssMb(connection.pid) : undefined;
  } finally {
    await connection.close();
    await drone.close();
  }
  if (!last || last.isError) throw new Error(`get_build_failure failed: ${JSON.stringify(last?.content)}`);
  const { chars, text } = textSize(last);
  const rss = rssOneLog ?? process.resourceUsage().maxRSS / 1024;
  return [
    { name: `logs ${label}: log size`, value: round(log.bytes / 1024 / 1024, 2), unit: "MB" },
    { name: `logs ${label}: log lines`, value: log.lines.length, unit: "lines" },
    { name: `logs ${label}: get_build_failure end to end, cold (median of 3)`, value: round(median(cold)), unit: "ms" },
    {
      name: `logs ${label}: get_build_failure end to end, cached log (median of 3)`,
      value: round(median(cached)),
      unit: "ms",
    },
    {
      name: `logs ${label}: own processing (normalise + blocks + excerpt), median of 7`,
      value: round(own.processing.median),
      unit: "ms",
    },
    { name: `logs ${label}: own processing, fastest of 7`, value: round(own.processing.min), unit: "ms" },
    { name: `logs ${label}: own processing, CPU time per run`, value: round(own.processing.cpu), unit: "ms" },
    {
      name: `logs ${label}: parsing Drone's stored JSON as it streams, median of 5`,
      value: round(own.parse.median),
      unit: "ms",
    },
    {
      name: `logs ${label}: peak RSS (${rssOneLog !== undefined ? "server process, one log read" : "bench process, server in-process"})`,
      value: round(rss),
      unit: "MB",
    },
    ...(rssThreeLogs !== undefined
      ? [
          {
            name: `logs ${label}: peak RSS (server process, after three such logs)`,
            value: round(rssThreeLogs),
            unit: "MB",
          },
        ]
      : []),
    { name: `logs ${label}: result size`, value: chars, unit: "chars" },
    { name: `logs ${label}: result size (chars / 4)`, value: Math.ceil(chars / 4), unit: "tokens" },
    {
      name: `logs ${label}: causal lines in the result`,
      value: log.causal.filter((line) => text.includes(line)).length,
      unit: `of ${log.causal.length}`,
    },
  ];
}

export async function benchLogs(): Promise<Metric[]> {
  const metrics = [
    ...(await benchOne("20k lines", { lines: 20_000 })),
    ...(await benchOne("5 MB", { bytes: 5 * 1024 * 1024 })),
  ];
  // Timings on a shared machine depend on what else runs: say how busy it was.
  metrics.push({
    name: "logs: machine load while measuring (1-min load average)",
    value: round(loadavg()[0] ?? 0, 2),
    unit: `on ${cpus().length} CPUs`,
  });
  return metrics;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const metrics = await benchLogs();
  const width = Math.max(...metrics.map((m) => m.name.length));
  for (const m of metrics) process.stdout.write(`${m.name.padEnd(width)}  ${m.value} ${m.unit}\n`);
}
