/**
 * What the model sees: fetch the raw tools/list of the built server (dist/index.js) over stdio,
 * and count it in bytes and o200k tokens. Shared by the snapshot test and the benchmark.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { Tiktoken } from "js-tiktoken/lite";
import o200k from "js-tiktoken/ranks/o200k_base";
import * as z from "zod";

export type ListedTool = Record<string, unknown> & { name: string };

/** Token budgets for the tool list (issue 7). */
export const BUDGET = { perToolAverage: 125, defaultTotal: 10_000, coreTotal: 1_500 } as const;

let encoder: Tiktoken | undefined;

/** o200k_base token count (the ranks ship in js-tiktoken: no network). */
export function countTokens(text: string): number {
  encoder ??= new Tiktoken(o200k);
  return encoder.encode(text).length;
}

export interface Size {
  tools: number;
  bytes: number;
  tokens: number;
}

/** Size of tools as sent: compact JSON of the tools array, as the server writes it. */
export function sizeOf(tools: readonly ListedTool[]): Size {
  const json = JSON.stringify(tools);
  return { tools: tools.length, bytes: Buffer.byteLength(json), tokens: countTokens(json) };
}

/** The part most clients pass to the model: name, description and input schema. */
export function modelView(tools: readonly ListedTool[]): ListedTool[] {
  return tools.map((tool) => ({ name: tool.name, description: tool.description, inputSchema: tool.inputSchema }));
}

/** Accepts the answer as it came: no stripping, no reordering. */
const rawList = z.object({ tools: z.array(z.any()) });

/**
 * The exact tools/list of a spawned server (no client-side reshaping): entry is the script node
 * runs, env is added to PATH.
 */
export async function listToolsOf(entry: string, env: Record<string, string>): Promise<ListedTool[]> {
  const client = new Client({ name: "drone-mcp-tool-list", version: "0.0.0" });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [entry],
    env: { PATH: process.env.PATH ?? "", ...env },
    stderr: "ignore",
  });
  await client.connect(transport);
  try {
    return await listToolsWith(client);
  } finally {
    await client.close();
  }
}

/** The exact tools/list a connected client gets. */
export async function listToolsWith(client: Client): Promise<ListedTool[]> {
  const result = await client.request({ method: "tools/list", params: {} }, rawList);
  return result.tools as ListedTool[];
}
