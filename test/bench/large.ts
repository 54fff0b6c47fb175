/**
 * The large-installation figures: drone-mcp (dist, over stdio behind the SDK's Client) against a
 * sandbox process seeded with 5,000 repositories (test/fixtures/large.ts): list_user_repos with
 * status=failing and unfiltered, resources/list and completion; time per call (median) and the
 * server's RSS before (idle, after tools/list) and at its peak, with the answer's o200k tokens.
 */
import { readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { countTokens } from "../tool-list.js";
import { peakRssOf } from "./startup.js";
import { median, mib, ms, table, verdict } from "./stats.js";

function rssOf(pid: number | undefined): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

function tokensOf(result: CallToolResult): number {
  let content = 0;
  for (const item of result.content) content += countTokens(item.type === "text" ? item.text : JSON.stringify(item));
  return Math.max(content, result.structuredContent ? countTokens(JSON.stringify(result.structuredContent)) : 0);
}

export async function benchLarge(spec: { node: string; entry: string; env: Record<string, string> }, calls = 15) {
  const transport = new StdioClientTransport({
    command: spec.node,
    args: [spec.entry],
    env: spec.env,
    stderr: "ignore",
  });
  const client = new Client({ name: "drone-mcp-bench", version: "0.0.0" });
  await client.connect(transport);
  const pid = transport.pid ?? undefined;
  try {
    await client.listTools();
    const idle = rssOf(pid);
    const rows: string[][] = [["call", "median", "answer", "items", "target"]];
    const timed = async (label: string, run: () => Promise<CallToolResult | undefined>, target?: number) => {
      const times: number[] = [];
      let last: CallToolResult | undefined;
      for (let i = 0; i < calls; i++) {
        const start = performance.now();
        last = await run();
        times.push(performance.now() - start);
      }
      const items = (last?.structuredContent as { count?: number; total?: number } | undefined) ?? {};
      const t = median(times);
      rows.push([
        label,
        ms(t),
        last ? `${tokensOf(last)} tokens` : "",
        items.count !== undefined ? `${items.count}${items.total !== undefined ? ` of ${items.total}` : ""}` : "",
        target ? verdict(t, target, " ms") : "",
      ]);
    };
    const call = (args: Record<string, unknown>) => () =>
      client.callTool({ name: "list_user_repos", arguments: args }) as Promise<CallToolResult>;
    await timed('list_user_repos {"status":"failing"}', call({ status: "failing" }), 300);
    await timed("list_user_repos {}", call({}), 300);
    await timed('list_user_repos {"latest":true}', call({ latest: true }), 300);
    await timed("resources/list", async () => {
      await client.listResources();
      return undefined;
    });
    await timed('completion of namespace "team-1"', async () => {
      await client.complete({
        ref: { type: "ref/resource", uri: "drone://repos/{namespace}/{name}" },
        argument: { name: "namespace", value: "team-1" },
      });
      return undefined;
    });
    const peak = peakRssOf(pid);
    console.log(table(rows));
    console.log(
      `\nServer RSS: idle (after tools/list) ${mib(idle)}, now ${mib(rssOf(pid))}, peak ${mib(peak)}: peak/idle ${(peak / idle).toFixed(2)}x ${verdict(peak / idle, 1.5)}`,
    );
  } finally {
    await client.close();
  }
}
