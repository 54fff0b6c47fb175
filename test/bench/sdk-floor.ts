/**
 * The stack floor for the tool-call figure: the smallest MCP server built the way drone-mcp must
 * be (the SDK's McpServer over stdio, a zod input schema, ky), with one get_build tool that makes
 * the same GET and returns Drone's JSON as text. What it adds over the direct GET is what the
 * stack costs before drone-mcp does anything of its own. Reads DRONE_SERVER and DRONE_TOKEN; with
 * SDK_FLOOR_HTTP=fetch it makes the GET with fetch instead of ky, which shows what ky costs.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import ky from "ky";
import * as z from "zod";

const http = ky.create({
  prefixUrl: process.env.DRONE_SERVER,
  headers: { Authorization: `Bearer ${process.env.DRONE_TOKEN}`, Accept: "application/json" },
  retry: { limit: 2, methods: ["get"] },
});
const useFetch = process.env.SDK_FLOOR_HTTP === "fetch";
async function bareGet(path: string): Promise<string> {
  const headers = { Authorization: `Bearer ${process.env.DRONE_TOKEN}`, Accept: "application/json" };
  const response = await fetch(`${process.env.DRONE_SERVER}/${path}`, { headers });
  if (!response.ok) throw new Error(`Drone answered ${response.status}`);
  return response.text();
}
const server = new McpServer({ name: "sdk-floor", version: "0.0.0" });
server.registerTool(
  "get_build",
  {
    description: "Get a build",
    inputSchema: z.object({ namespace: z.string(), name: z.string(), build: z.number().int() }),
  },
  async ({ namespace, name, build }) => {
    const path = `api/repos/${namespace}/${name}/builds/${build}`;
    const text = await (useFetch ? bareGet(path) : http.get(path).text());
    return { content: [{ type: "text", text }] };
  },
);
await server.connect(new StdioServerTransport());
