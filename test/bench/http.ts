/**
 * `npm run bench:http`: get_build answered for BENCH_CLIENTS (default 50) concurrent clients,
 * each a different Drone user, by one `dist/index.js --http` process, next to the same clients
 * each with its own `dist/index.js` over stdio (how stdio serves many people: one process each).
 * Prints requests per second, p50/p99 latency of the calls, and the server side's memory (peak
 * RSS of the HTTP process; the sum over the stdio processes). Every client first makes
 * BENCH_WARMUP calls, then all clients make BENCH_CALLS calls each, as fast as answers come.
 * BENCH_ROUNDS (default 2) alternates the two setups; each figure is the median over rounds.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { median, table } from "./stats.js";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const CALLS = Number(process.env.BENCH_CALLS ?? 40);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const root = process.cwd();
const entry = join(root, "dist/index.js");
const here = new URL(".", import.meta.url).pathname;

interface Figures {
  reqPerSec: number;
  p50: number;
  p99: number;
  /** Server-side memory: the HTTP process's peak RSS, or the stdio processes' summed peaks. */
  rss: number;
  /** For stdio: one process's median peak RSS. */
  rssEach?: number;
  /** CPU time (user + system) the server side spent per measured call. */
  cpuMsPerCall: number;
  errors: number;
}

/** CPU time a live process has used so far, in ms (Linux /proc; USER_HZ 100). */
function cpuMs(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const fields = (readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1] ?? "").split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

function kib(pid: number | undefined, field: "VmHWM" | "VmRSS"): number {
  if (!pid) return Number.NaN;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, "m").exec(status);
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

function lines(child: ChildProcess, stream: "stdout" | "stderr", pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    child[stream]?.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const found = pattern.exec(text);
      if (found?.[1]) resolve(found[1]);
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code}: ${text}`)));
  });
}

interface Run {
  latencies: number[];
  wallMs: number;
  errors: number;
  cpuMs: number;
}

/** Runs the calls of every client at once; returns latencies, the wall time and the servers' CPU time. */
async function drive(clients: Client[], serverPids: () => Array<number | undefined>): Promise<Run> {
  const args = { namespace: "octocat", name: "hello-world", build: 2 };
  let errors = 0;
  const call = async (client: Client) => {
    const result = await client.callTool({ name: "get_build", arguments: args });
    if (result.isError) errors++;
  };
  await Promise.all(
    clients.map(async (client) => {
      for (let i = 0; i < WARMUP; i++) await call(client);
    }),
  );
  const latencies: number[] = [];
  const cpuBefore = serverPids().reduce<number>((sum, pid) => sum + cpuMs(pid), 0);
  const start = performance.now();
  await Promise.all(
    clients.map(async (client) => {
      for (let i = 0; i < CALLS; i++) {
        const t = performance.now();
        await call(client);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const wallMs = performance.now() - start;
  const cpu = serverPids().reduce<number>((sum, pid) => sum + cpuMs(pid), 0) - cpuBefore;
  return { latencies: latencies.sort((a, b) => a - b), wallMs, errors, cpuMs: cpu };
}

function figures(run: Run, rss: number, rssEach?: number): Figures {
  return {
    cpuMsPerCall: run.cpuMs / run.latencies.length,
    reqPerSec: (run.latencies.length / run.wallMs) * 1000,
    p50: percentile(run.latencies, 50),
    p99: percentile(run.latencies, 99),
    rss,
    ...(rssEach !== undefined ? { rssEach } : {}),
    errors: run.errors,
  };
}

async function connectAll(make: (i: number) => Transport): Promise<Client[]> {
  const clients: Client[] = [];
  // A few at a time: 50 stdio processes starting at once on 2 CPUs would only measure start-up.
  for (let i = 0; i < CLIENTS; i += 5) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(5, CLIENTS - i) }, async (_, j) => {
        const client = new Client({ name: "bench-http", version: "0.0.0" });
        await client.connect(make(i + j));
        return client;
      }),
    );
    clients.push(...batch);
  }
  return clients;
}

async function httpRound(droneUrl: string): Promise<Figures> {
  const server = spawn(process.execPath, [entry, "--http", "--port", "0"], {
    env: {
      PATH: process.env.PATH ?? "",
      DRONE_SERVER: droneUrl,
      // One user per client: the default per-user limits apply unchanged.
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const url = await lines(server, "stderr", /serving MCP at (http:\/\/\S+\/mcp)/);
  server.stderr?.resume();
  const clients = await connectAll(
    (i) =>
      new StreamableHTTPClientTransport(new URL(url), {
        requestInit: { headers: { Authorization: `Bearer bench-token-${i}` } },
      }),
  );
  const run = await drive(clients, () => [server.pid]);
  const rss = kib(server.pid, "VmHWM");
  await Promise.all(clients.map((client) => client.close()));
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  await exited;
  return figures(run, rss);
}

async function stdioRound(droneUrl: string): Promise<Figures> {
  const transports: StdioClientTransport[] = [];
  const clients = await connectAll((i) => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [entry],
      env: { PATH: process.env.PATH ?? "", DRONE_SERVER: droneUrl, DRONE_TOKEN: `bench-token-${i}` },
      stderr: "ignore",
    });
    transports.push(transport);
    return transport;
  });
  const run = await drive(clients, () => transports.map((t) => t.pid ?? undefined));
  const peaks = transports.map((t) => kib(t.pid ?? undefined, "VmHWM"));
  await Promise.all(clients.map((client) => client.close()));
  return figures(
    run,
    peaks.reduce((a, b) => a + b, 0),
    median(peaks),
  );
}

const loadBefore = loadavg()[0] ?? Number.NaN;
const sandbox = spawn(process.execPath, [join(here, "sandbox-process.mjs")], {
  env: { ...process.env, BENCH_USERS: String(CLIENTS) },
  stdio: ["pipe", "pipe", "inherit"],
});
const droneUrl = await lines(sandbox, "stdout", /^(http:\/\/\S+)\n/);
const http: Figures[] = [];
const stdio: Figures[] = [];
for (let round = 0; round < ROUNDS; round++) {
  // Alternate which goes first: a machine warming up or slowing down favours neither.
  if (round % 2 === 0) {
    http.push(await httpRound(droneUrl));
    stdio.push(await stdioRound(droneUrl));
  } else {
    stdio.push(await stdioRound(droneUrl));
    http.push(await httpRound(droneUrl));
  }
}
sandbox.stdin?.end();

const pick = (all: Figures[], key: keyof Figures) => median(all.map((f) => (f[key] as number) ?? Number.NaN));
const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
process.stdout.write(
  `get_build, ${CLIENTS} concurrent clients (one Drone user each), ${CALLS} calls each after ${WARMUP} warm-up calls, median of ${ROUNDS} rounds; Node ${process.versions.node}, ${cpus().length} CPUs, load average ${loadBefore.toFixed(2)} before the run\n\n`,
);
process.stdout.write(
  `${table([
    ["Server", "req/s", "p50", "p99", "server CPU/call", "server memory (peak RSS)", "errors"],
    [
      "1 process, --http",
      pick(http, "reqPerSec").toFixed(0),
      `${pick(http, "p50").toFixed(1)} ms`,
      `${pick(http, "p99").toFixed(1)} ms`,
      `${pick(http, "cpuMsPerCall").toFixed(2)} ms`,
      mb(pick(http, "rss")),
      String(http.reduce((n, f) => n + f.errors, 0)),
    ],
    [
      `${CLIENTS} processes, stdio`,
      pick(stdio, "reqPerSec").toFixed(0),
      `${pick(stdio, "p50").toFixed(1)} ms`,
      `${pick(stdio, "p99").toFixed(1)} ms`,
      `${pick(stdio, "cpuMsPerCall").toFixed(2)} ms`,
      `${mb(pick(stdio, "rss"))} (${mb(pick(stdio, "rssEach"))} each)`,
      String(stdio.reduce((n, f) => n + f.errors, 0)),
    ],
  ])}\n`,
);
