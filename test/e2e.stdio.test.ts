/**
 * End to end: spawn the built server (dist/index.js, what `bin` points to) over stdio with the
 * SDK's StdioClientTransport, against the sandbox, and check stdout carried only JSON-RPC.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_ADMIN_TOKEN, seedSandbox } from "../src/sandbox/seed.js";
import { type DroneSandbox, startDroneSandbox } from "../src/sandbox/server.js";

const entry = fileURLToPath(new URL("../dist/index.js", import.meta.url));

let drone: DroneSandbox;
beforeAll(async () => {
  if (!existsSync(entry)) throw new Error("dist/index.js is missing: run `npm run build` first (npm test does)");
  drone = await startDroneSandbox({ state: seedSandbox().state });
});
afterAll(async () => {
  await drone.close();
});

describe("built server over stdio", () => {
  it("answers initialize, tools/list and a tool call", async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [entry],
      env: { PATH: process.env.PATH ?? "", DRONE_SERVER: drone.url, DRONE_TOKEN: SANDBOX_ADMIN_TOKEN },
      stderr: "pipe",
    });
    const client = new Client({ name: "e2e", version: "0.0.0" });
    await client.connect(transport);
    expect(client.getServerVersion()?.name).toBe("drone-mcp");
    const { tools } = await client.listTools();
    expect(tools.length).toBeGreaterThan(10);
    for (const tool of tools) expect(tool.annotations).toBeDefined();
    const result = await client.callTool({ name: "get_current_user", arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(JSON.stringify(result.content)).toContain("octocat");
    await client.close();
  });

  it("writes nothing but JSON-RPC messages to stdout", async () => {
    const child = spawn(process.execPath, [entry], {
      env: { PATH: process.env.PATH ?? "", DRONE_SERVER: drone.url, DRONE_TOKEN: SANDBOX_ADMIN_TOKEN },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
    send({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
    });
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    send({ jsonrpc: "2.0", id: 2, method: "tools/list" });
    send({
      jsonrpc: "2.0",
      id: 3,
      method: "tools/call",
      params: { name: "get_build", arguments: { namespace: "octocat", name: "hello-world", build: 99 } },
    });
    const deadline = Date.now() + 10_000;
    while (!stdout.includes('"id":3') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.stdin.end();
    await new Promise((r) => child.once("exit", r));
    const lines = stdout.split("\n").filter((line) => line.length > 0);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: "2.0" });
    expect(stdout).not.toContain(SANDBOX_ADMIN_TOKEN);
  });

  it("fails with one clear stderr line when DRONE_SERVER is missing", async () => {
    const child = spawn(process.execPath, [entry], {
      env: { PATH: process.env.PATH ?? "" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stderr = "";
    let stdout = "";
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    const code = await new Promise((r) => child.once("exit", r));
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain("DRONE_SERVER is not set");
  });
});
