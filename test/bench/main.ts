/**
 * The benchmark behind issue 7 (`npm run bench`): start-up time and memory against a hand-written
 * floor, the size of the tool list in o200k tokens, the overhead of a tool call over the raw HTTP
 * request, and the log figures. Every time is a median of several runs, each measured next to its
 * baseline (runs alternate between the two), and ratios are medians of those back-to-back pairs.
 *
 * Environment: BENCH_RUNS (start-up runs, default 15), BENCH_CALLS (tool calls, default 300),
 * BENCH_BLOCK (tool calls in a row per turn, default 1: every call starts cold),
 * BENCH_NODE (the node binary that runs the server and the floor, default this one), BENCH_ONLY
 * (a comma-separated subset of startup,tokens,latency,logs,large), BENCH_ENTRY (the server script,
 * default dist/index.js; e.g. another build to compare).
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { SANDBOX_ADMIN_TOKEN } from "../../src/sandbox/seed.js";
import { BUDGET, type ListedTool, listToolsOf, modelView, sizeOf } from "../tool-list.js";
import { benchLarge } from "./large.js";
import { type LatencySpec, measureGetBuild } from "./latency.js";
import { measureStartup, type SpawnSpec, type StartupSample } from "./startup.js";
import { median, mib, ms, table, verdict } from "./stats.js";
import { everyTool, everyToolSdkRendering, toolsetOf } from "./tokens.js";

export interface BenchOptions {
  /** The project's root folder. */
  root: string;
  /** URL of the bundled test/bench/logs.ts, when that file exists. */
  logsModule?: string;
  /** The bundled test/bench/sandbox-process.ts. */
  sandboxEntry: string;
  /** The bundled test/bench/sdk-floor.ts. */
  sdkFloorEntry: string;
}

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const CALLS = Number(process.env.BENCH_CALLS ?? 300);
const BLOCK = Math.max(1, Number(process.env.BENCH_BLOCK ?? 1));
const NODE = process.env.BENCH_NODE ?? process.execPath;
const WARMUP = 2;
const ONLY = new Set((process.env.BENCH_ONLY ?? "startup,tokens,latency,logs,large").split(","));

/** Starts the sandbox in a child process; resolves once it prints its URL. */
async function startSandboxProcess(
  entry: string,
  env: Record<string, string> = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const child = spawn(process.execPath, [entry], {
    stdio: ["pipe", "pipe", "inherit"],
    env: { ...process.env, ...env },
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("\n")) resolve(out.trim());
    });
    child.once("exit", (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  return {
    url,
    close: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.stdin.end();
      await exited;
    },
  };
}

function heading(text: string): void {
  console.log(`\n## ${text}\n`);
}

export async function runBench(options: BenchOptions): Promise<void> {
  const entry = process.env.BENCH_ENTRY ?? join(options.root, "dist/index.js");
  const floorEntry = join(options.root, "test/bench/floor.mjs");
  const drone = await startSandboxProcess(options.sandboxEntry);
  const scratch = mkdtempSync(join(tmpdir(), "drone-mcp-bench-"));
  // The server's compile cache (see src/compile-cache.ts) in a folder of this run's own: the first
  // start fills it, as a user's first start does, and the start-up figures show both.
  const compileCache = join(scratch, "compile-cache");
  const serverEnv = { DRONE_SERVER: drone.url, DRONE_TOKEN: SANDBOX_ADMIN_TOKEN, NODE_COMPILE_CACHE: compileCache };
  const nodeVersion = execFileSync(NODE, ["--version"], { encoding: "utf8" }).trim();
  console.log(`# drone-mcp benchmark of ${entry}`);
  console.log(
    `node ${nodeVersion} (server and floor), ${process.platform}/${process.arch}, ${cpus().length} CPUs, load average ${loadavg()[0]?.toFixed(1)}; ${RUNS} start-up runs, ${CALLS} calls`,
  );
  try {
    const defaultTools = await listToolsOf(entry, serverEnv);
    const toolsFile = join(scratch, "tools.json");
    writeFileSync(toolsFile, JSON.stringify(defaultTools));
    if (ONLY.has("startup")) {
      await benchStartup(
        { command: NODE, args: [entry], env: serverEnv },
        { command: NODE, args: [floorEntry, toolsFile], env: {} },
      );
    }
    if (ONLY.has("tokens")) await benchToolList(entry, serverEnv, defaultTools);
    if (ONLY.has("latency")) {
      const callResultFile = join(scratch, "get_build.json");
      await benchLatency(
        { node: NODE, entry, floorEntry, sdkFloorEntry: options.sdkFloorEntry, toolsFile, callResultFile },
        drone.url,
      );
    }
    if (ONLY.has("logs")) await benchLogFigures(options.logsModule);
    if (ONLY.has("large")) {
      heading("Large installation: 5,000 repositories (SDK client over stdio, sandbox in its own process)");
      const large = await startSandboxProcess(options.sandboxEntry, { BENCH_LARGE: "1" });
      try {
        await benchLarge({ node: NODE, entry, env: { ...serverEnv, DRONE_SERVER: large.url } });
      } finally {
        await large.close();
      }
    }
    console.log(`\nLoad average at the end: ${loadavg()[0]?.toFixed(1)} (figures from a busy machine are noisier).`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    await drone.close();
  }
}

async function benchStartup(server: SpawnSpec, floor: SpawnSpec): Promise<void> {
  heading("1-2. Start-up and memory (SDK client over stdio; spawn -> answer; peak RSS after tools/list)");
  // A start with the compile cache off: what the very first start after installing costs.
  const uncached: SpawnSpec = { ...server, env: { ...server.env, NODE_DISABLE_COMPILE_CACHE: "1" } };
  const samples = { server: [] as StartupSample[], floor: [] as StartupSample[], uncached: [] as StartupSample[] };
  const specs = { server, floor, uncached };
  const order = ["floor", "server", "uncached"] as const;
  for (let i = 0; i < WARMUP + RUNS; i++) {
    // Rotate which goes first, so none always starts on a machine another just warmed.
    const sample = {} as Record<(typeof order)[number], StartupSample>;
    for (let k = 0; k < order.length; k++) {
      const which = order[(i + k) % order.length] as (typeof order)[number];
      sample[which] = await measureStartup(specs[which]);
    }
    if (i < WARMUP) continue;
    for (const which of order) samples[which].push(sample[which]);
  }
  const rows: string[][] = [["", "drone-mcp", "floor", "ratio", "target"]];
  const figures: Array<[string, keyof StartupSample, number, (v: number) => string]> = [
    ["spawn -> initialize", "initializeMs", 2.5, (v) => ms(v)],
    ["spawn -> tools/list", "toolsListMs", 3, (v) => ms(v)],
    ["peak RSS", "peakRss", 1.5, mib],
  ];
  for (const [label, key, limit, show] of figures) {
    const server = median(samples.server.map((s) => s[key]));
    const base = median(samples.floor.map((s) => s[key]));
    const pairRatio = median(samples.server.map((s, i) => s[key] / (samples.floor[i] as StartupSample)[key]));
    rows.push([label, show(server), show(base), `${pairRatio.toFixed(2)}x`, verdict(pairRatio, limit)]);
  }
  for (const [label, key] of [
    ["first start, no compile cache: initialize", "initializeMs"],
    ["first start, no compile cache: tools/list", "toolsListMs"],
  ] as const) {
    const pairRatio = median(samples.uncached.map((s, i) => s[key] / (samples.floor[i] as StartupSample)[key]));
    const value = median(samples.uncached.map((s) => s[key]));
    const base = median(samples.floor.map((s) => s[key]));
    rows.push([label, ms(value), ms(base), `${pairRatio.toFixed(2)}x`, "(no target)"]);
  }
  console.log(table(rows));
  console.log(
    `\nThe floor (test/bench/floor.mjs) is a dependency-free Node script answering initialize and tools/list by hand with the same ${samples.server[0]?.toolCount} tools.`,
  );
  console.log(
    `drone-mcp starts with its compile cache (${server.env.NODE_COMPILE_CACHE}), filled by the first start as a user's first start fills it; "first start" rows run with NODE_DISABLE_COMPILE_CACHE=1.`,
  );
}

async function benchToolList(entry: string, env: Record<string, string>, defaultTools: ListedTool[]): Promise<void> {
  heading("3. Tool list size (compact JSON as sent; o200k_base tokens)");
  const every = await everyTool();
  const sdkRendering = await everyToolSdkRendering();
  const groups = new Map<string, ListedTool[]>();
  for (const tool of every) {
    const toolset = toolsetOf(tool.name);
    groups.set(toolset, [...(groups.get(toolset) ?? []), tool]);
  }
  const rows: string[][] = [["set", "tools", "bytes", "tokens", "tokens/tool", "target"]];
  const row = (label: string, tools: ListedTool[], target = "") => {
    const size = sizeOf(tools);
    rows.push([
      label,
      String(size.tools),
      String(size.bytes),
      String(size.tokens),
      (size.tokens / size.tools).toFixed(1),
      target,
    ]);
    return size;
  };
  for (const [toolset, tools] of groups) row(`toolset ${toolset}`, tools);
  row("all tools", every);
  const def = sizeOf(defaultTools);
  row(
    "default (dist)",
    defaultTools,
    `${verdict(def.tokens / def.tools, BUDGET.perToolAverage, " tok/tool")}; ${verdict(def.tokens, BUDGET.defaultTotal, " tok")}`,
  );
  const core = await coreTools(entry, env, defaultTools);
  if (core) {
    const size = sizeOf(core);
    row("core preset (dist)", core, verdict(size.tokens, BUDGET.coreTotal, " tok"));
  }
  console.log(table(rows));
  if (!core)
    console.log("\ncore preset: none on this build (DRONE_TOOLSETS=core lists the same tools as the default).");

  const view = sizeOf(modelView(defaultTools));
  const before = sizeOf(sdkRendering);
  const after = sizeOf(every);
  console.log(
    `\nDefault list, only name + description + inputSchema (what most clients pass to the model): ${view.tokens} tokens, ${(view.tokens / view.tools).toFixed(1)}/tool.`,
  );
  console.log(
    `The SDK's own rendering of all ${before.tools} tools would be ${before.tokens} tokens (${before.bytes} bytes): compacting saves ${before.tokens - after.tokens} tokens (${(((before.tokens - after.tokens) / before.tokens) * 100).toFixed(0)}%).`,
  );
  const largest = every
    .map((tool) => ({ tool, size: sizeOf([tool]) }))
    .sort((a, b) => b.size.tokens - a.size.tokens)
    .slice(0, 5);
  console.log("\nThe 5 largest tools:\n");
  console.log(
    table([
      ["tool", "toolset", "bytes", "tokens"],
      ...largest.map(({ tool, size }) => [tool.name, toolsetOf(tool.name), String(size.bytes), String(size.tokens)]),
    ]),
  );
}

/** The core preset's list, or undefined when the server has no such preset. */
async function coreTools(
  entry: string,
  env: Record<string, string>,
  defaultTools: ListedTool[],
): Promise<ListedTool[] | undefined> {
  try {
    const core = await listToolsOf(entry, { ...env, DRONE_TOOLSETS: "core" });
    const same = core.map((t) => t.name).join() === defaultTools.map((t) => t.name).join();
    return same ? undefined : core;
  } catch {
    return undefined;
  }
}

async function benchLatency(node: Omit<LatencyArgs, "droneUrl">, droneUrl: string): Promise<void> {
  heading(
    `4. Tool-call overhead (get_build via the server over stdio vs the same GET made directly; ${BLOCK === 1 ? "participants take turns call by call" : `${BLOCK} calls in a row per turn`})`,
  );
  const result = await measureGetBuild({
    ...node,
    droneUrl,
    token: SANDBOX_ADMIN_TOKEN,
    namespace: "octocat",
    name: "hello-world",
    build: 2,
    calls: CALLS,
    warmup: 30,
    block: BLOCK,
  });
  console.log(
    table([
      ["direct GET", "get_build via server", "ratio", "added", "target"],
      [
        ms(result.direct.ms, 3),
        ms(result.server.ms, 3),
        `${(result.server.ms / result.direct.ms).toFixed(2)}x`,
        ms(result.server.addedMs, 3),
        verdict(result.server.addedMs, 1, " ms"),
      ],
    ]),
  );
  console.log(
    `\nOf that, the stdio round trip alone (the floor answering the same tools/call with the recorded result, SDK client included): ${ms(result.stdioFloor.ms, 3)}; the server's own work (added minus that round trip, median of iterations): ${ms(result.serverWorkMs, 3)}.`,
  );
  const ref = result.references;
  console.log(
    "\nA second pass rotates the direct GET and the server with three references (test/bench/floor.mjs given the URL, test/bench/sdk-floor.ts with ky and with fetch); five processes taking turns run colder than three, so compare within this table:\n",
  );
  console.log(
    table([
      ["answering get_build", "median", "added over the direct GET"],
      ["direct GET", ms(ref.direct.ms, 3), ""],
      ["drone-mcp", ms(ref.server.ms, 3), ms(ref.server.addedMs, 3)],
      ["stack floor: McpServer + zod + ky, one tool", ms(ref.sdkFloor.ms, 3), ms(ref.sdkFloor.addedMs, 3)],
      ["the same with fetch instead of ky", ms(ref.sdkFloorFetch.ms, 3), ms(ref.sdkFloorFetch.addedMs, 3)],
      ["floor making the same GET (no SDK/zod/ky)", ms(ref.httpFloor.ms, 3), ms(ref.httpFloor.addedMs, 3)],
    ]),
  );
  console.log(
    `Server CPU per call in the first pass (user + system, /proc): ${ms(result.serverCpuMsPerCall, 2)}; server peak RSS after both passes: ${mib(result.serverPeakRss)}.`,
  );
}

type LatencyArgs = Pick<
  LatencySpec,
  "node" | "entry" | "floorEntry" | "sdkFloorEntry" | "toolsFile" | "callResultFile" | "droneUrl"
>;

async function benchLogFigures(logsModule: string | undefined): Promise<void> {
  heading("5. Log figures");
  if (!logsModule) {
    console.log("test/bench/logs.ts is not on this branch: no log figures.");
    return;
  }
  const { benchLogs } = (await import(logsModule)) as {
    benchLogs: () => Promise<Array<{ name: string; value: number | string; unit: string }>>;
  };
  const figures = await benchLogs();
  console.log(table([["figure", "value", "unit"], ...figures.map((f) => [f.name, String(f.value), f.unit])]));
}
