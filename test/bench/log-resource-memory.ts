/**
 * Measures the memory drone-mcp needs to serve a 5 MB step log as a resource (issue 3). Prints
 * numbers; asserts nothing. Run: `npm run bench:log-memory` (Linux: reads /proc).
 *
 * 1. Production path: the built server (dist/index.js) spawned over stdio, an SDK Client reading
 *    the log resource from the sandbox. The server's peak RSS is reset (/proc/PID/clear_refs)
 *    right before the read and taken from VmHWM after it, so the figure is the read's own peak.
 * 2. In-process heap: createServer + SDK Client over the in-memory transport in a child process
 *    started with --expose-gc; V8 heap sampled every millisecond during the read. For contrast,
 *    the same log read the naive way (whole body, JSON.parse, map, join) is measured too.
 * The Drone sandbox runs in this (parent) process, so its copy of the log is never counted.
 */
import { fork } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { getHeapStatistics } from "node:v8";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { TextResourceContents } from "@modelcontextprotocol/sdk/types.js";
import { DroneClient, LOG_MAX_BYTES } from "../../src/drone/client.js";
import { apiPath } from "../../src/drone/path.js";
import type { Line } from "../../src/drone/types.js";
import { cleanOutput } from "../../src/logs/clean.js";
import { SANDBOX_ADMIN_TOKEN, seedSandbox } from "../../src/sandbox/seed.js";
import { startDroneSandbox } from "../../src/sandbox/server.js";
import { createServer } from "../../src/server.js";

const LOG_BYTES = 5 * 1024 * 1024;
const ROUNDS = 3;
const MiB = 1024 * 1024;
const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;
const self = fileURLToPath(import.meta.url);
const entry = resolve("dist/index.js"); // npm scripts run in the package root

/**
 * About LOG_BYTES of step output. "coloured": build-tool lines with ANSI colours and progress
 * bars redrawn with \r (cleaning shrinks it); "plain": text that cleaning leaves as it is.
 */
function bigLog(kind: "coloured" | "plain"): string[] {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < LOG_BYTES; i++) {
    const line =
      kind === "plain"
        ? `[${String(i).padStart(6)}] compiling src/module_${i}.ts ... ok (${i % 97} ms)`
        : i % 10 === 9
          ? `Downloading layer ${i}  10%\rDownloading layer ${i}  60%\rDownloading layer ${i} 100%`
          : `\x1b[36m[${String(i).padStart(6)}]\x1b[0m compiling src/module_${i}.ts ... \x1b[32mok\x1b[0m (${i % 97} ms)`;
    lines.push(line);
    size += Buffer.byteLength(line) + 1;
  }
  return lines;
}

function procStatus(pid: number | "self", key: "VmRSS" | "VmHWM"): number {
  const match = new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(match?.[1] ?? 0) * 1024;
}

async function readText(client: Client, uri: string): Promise<string> {
  const result = await client.readResource({ uri });
  return (result.contents[0] as TextResourceContents).text;
}

async function overStdio(url: string, uri: string, smallUri: string) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [entry],
    env: { PATH: process.env.PATH ?? "", DRONE_SERVER: url, DRONE_TOKEN: SANDBOX_ADMIN_TOKEN },
    stderr: "ignore",
  });
  const client = new Client({ name: "bench", version: "0" });
  await client.connect(transport);
  const pid = transport.pid;
  if (!pid) throw new Error("no server pid");
  await readText(client, smallUri); // warm up: code paths loaded and compiled
  await new Promise((resolve) => setTimeout(resolve, 200));
  const before = procStatus(pid, "VmRSS");
  writeFileSync(`/proc/${pid}/clear_refs`, "5"); // reset VmHWM to the current RSS
  const text = await readText(client, uri);
  const peak = procStatus(pid, "VmHWM");
  await client.close();
  return { before, peak, textLength: text.length };
}

interface HeapFigures {
  /** Highest heap in use (garbage included) sampled every millisecond. */
  peak: number;
  /** Highest live heap: a full GC before each sample (between stream chunks). */
  live: number;
  /** Heap still used after the read, with the text held. */
  retained: number;
  chars: number;
}

function collector(): () => void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with --expose-gc");
  return gc;
}

const heap = () => getHeapStatistics().used_heap_size;

/** Heap above the starting point while `run` produces a string; `collect` forces GC per sample. */
async function sampleHeap(run: () => Promise<string>, collect: boolean) {
  const gc = collector();
  gc();
  gc();
  const base = heap();
  let peak = base;
  const timer = setInterval(() => {
    if (collect) gc();
    peak = Math.max(peak, heap());
  }, 1);
  let text: string | undefined = await run();
  clearInterval(timer);
  if (collect) gc();
  peak = Math.max(peak, heap());
  gc();
  const retained = heap() - base;
  const chars = text.length;
  text = undefined;
  return { peak: peak - base, retained, chars };
}

async function heapDuring(run: () => Promise<string>): Promise<HeapFigures> {
  const garbage = await sampleHeap(run, false);
  const live = await sampleHeap(run, true);
  return { peak: garbage.peak, live: live.peak, retained: garbage.retained, chars: garbage.chars };
}

/** Child process: the server in-process over the in-memory transport, measured on its own heap. */
async function child(url: string, uri: string, smallUri: string): Promise<void> {
  const config = { server: url, token: SANDBOX_ADMIN_TOKEN, timeoutMs: 30_000 };
  const { mcp } = createServer({ config });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "bench", version: "0" });
  await Promise.all([mcp.connect(serverTransport), client.connect(clientTransport)]);
  await readText(client, smallUri);
  const resource = await heapDuring(() => readText(client, uri));
  const drone = new DroneClient(config);
  const path = apiPath`api/repos/octocat/hello-world/builds/${Number(uri.split("/").at(-4))}/logs/1/1`;
  const naive = await heapDuring(async () => {
    const lines = (await drone.json<Line[]>(path, { maxBytes: LOG_MAX_BYTES })) ?? [];
    return lines.flatMap((l) => cleanOutput(l.out)).join("\n");
  });
  process.send?.({ resource, naive });
  await client.close();
}

async function main(): Promise<void> {
  const seeded = seedSandbox();
  const repo = seeded.state.repoBySlug("octocat", "hello-world");
  if (!repo) throw new Error("seed changed");
  const drone = await startDroneSandbox({ state: seeded.state });
  const smallUri = "drone://repos/octocat/hello-world/builds/2/logs/1/3";
  try {
    for (const kind of ["coloured", "plain"] as const) {
      const lines = bigLog(kind);
      const build = seeded.state.addBuild(repo, { stages: [{ name: "default", steps: [{ name: kind, log: lines }] }] });
      const stored = seeded.state.logs.get(seeded.state.logKey(repo, build.number, 1, 1)) ?? "";
      const uri = `drone://repos/octocat/hello-world/builds/${build.number}/logs/1/1`;
      const outBytes = lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
      console.log(
        `\n${kind} log: ${lines.length} lines, ${mib(outBytes)} of output, ${mib(stored.length)} as Drone's JSON`,
      );
      await measure(drone.url, uri, smallUri);
    }
  } finally {
    await drone.close();
  }
}

async function measure(url: string, uri: string, smallUri: string): Promise<void> {
  const rounds: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const stdio = await overStdio(url, uri, smallUri);
    if (stdio.textLength === 0) throw new Error("the log resource came back empty");
    rounds.push(stdio.peak - stdio.before);
    console.log(
      `  stdio server (dist/index.js), round ${round}: RSS ${mib(stdio.before)} before the read, peak ${mib(stdio.peak)} during it: +${mib(stdio.peak - stdio.before)} (text ${mib(stdio.textLength)})`,
    );
  }
  const sorted = [...rounds].sort((a, b) => a - b);
  console.log(
    `  stdio server peak RSS growth: median +${mib(sorted[Math.floor(ROUNDS / 2)] ?? 0)} over ${ROUNDS} fresh servers`,
  );
  const { resource, naive } = await new Promise<{ resource: HeapFigures; naive: HeapFigures }>((resolve, reject) => {
    const proc = fork(self, ["child", url, uri, smallUri], { execArgv: ["--expose-gc"] });
    proc.once("message", (message) => resolve(message as { resource: HeapFigures; naive: HeapFigures }));
    proc.once("error", reject);
    proc.once("exit", (code) => code && reject(new Error(`child exited with ${code}`)));
  });
  console.log(
    `  resources/read, in-memory transport: heap peak +${mib(resource.peak)} with garbage, live +${mib(resource.live)} (sampled between stream chunks after a full GC), +${mib(resource.retained)} held with the text (text ${mib(resource.chars)})`,
  );
  console.log(
    `  naive (whole JSON string + parsed array + join), for contrast: heap peak +${mib(naive.peak)} with garbage (a lower bound: its parse and join are synchronous, between samples)`,
  );
}

if (process.argv[2] === "child") {
  await child(process.argv[3] ?? "", process.argv[4] ?? "", process.argv[5] ?? "");
} else {
  await main();
}
