/**
 * Start-up: spawn a stdio server with the SDK's own client and time spawn -> `initialize` result
 * and spawn -> `tools/list` result; read the process's peak RSS (VmHWM) once it has answered both.
 */
import { readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

export interface StartupSample {
  initializeMs: number;
  toolsListMs: number;
  /** Peak resident set size in bytes, or NaN where /proc is not available. */
  peakRss: number;
  toolCount: number;
}

export interface SpawnSpec {
  /** The node binary. */
  command: string;
  args: string[];
  env: Record<string, string>;
}

/** Peak resident set size of a live process, from /proc (Linux). */
export function peakRssOf(pid: number | null | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** CPU time (user + system) a live process has used so far, in ms, from /proc (Linux). */
export function cpuMsOf(pid: number | null | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const fields = (readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1] ?? "").split(" ");
    const ticksPerMs = 100 / 1000; // USER_HZ is 100 on Linux
    return (Number(fields[11]) + Number(fields[12])) / ticksPerMs;
  } catch {
    return Number.NaN;
  }
}

export async function measureStartup(spec: SpawnSpec): Promise<StartupSample> {
  const client = new Client({ name: "drone-mcp-bench", version: "0.0.0" });
  const transport = new StdioClientTransport({
    command: spec.command,
    args: spec.args,
    env: { PATH: process.env.PATH ?? "", ...spec.env },
    stderr: "ignore",
  });
  const start = performance.now();
  await client.connect(transport);
  const initializeMs = performance.now() - start;
  const { tools } = await client.listTools();
  const toolsListMs = performance.now() - start;
  const peakRss = peakRssOf(transport.pid);
  await client.close();
  return { initializeMs, toolsListMs, peakRss, toolCount: tools.length };
}
