/**
 * The built server over stdio against messages too large for one line (issue 15, rows 4-5): a
 * 12 MB log read as a resource answers within the size limit and the session goes on; a request
 * over the incoming limit, and a line that is not JSON-RPC, get JSON-RPC errors, a line on
 * stderr, and the server keeps serving.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { TextResourceContents } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Repo } from "../src/drone/types.js";
import { SANDBOX_ADMIN_TOKEN, type Seeded, seedSandbox } from "../src/sandbox/seed.js";
import { type DroneSandbox, startDroneSandbox } from "../src/sandbox/server.js";

const entry = fileURLToPath(new URL("../dist/index.js", import.meta.url));

let drone: DroneSandbox;
let seeded: Seeded;
beforeAll(async () => {
  if (!existsSync(entry)) throw new Error("dist/index.js is missing: run `npm run build` first (npm test does)");
  seeded = seedSandbox();
  drone = await startDroneSandbox({ state: seeded.state });
});
afterAll(async () => {
  await drone.close();
});

const env = () => ({ PATH: process.env.PATH ?? "", DRONE_SERVER: drone.url, DRONE_TOKEN: SANDBOX_ADMIN_TOKEN });

describe("messages too large", () => {
  it("a 12 MB log read as a resource: cut to its last part with a note, the session goes on", async () => {
    const repo = seeded.state.repoBySlug("octocat", "hello-world") as Repo;
    const log = Array.from({ length: 120_000 }, (_, i) => `line ${i + 1} ${"x".repeat(90)}`);
    const build = seeded.state.addBuild(repo, {
      status: "failure",
      stages: [{ name: "default", status: "failure", steps: [{ name: "test", status: "failure", log }] }],
    });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [entry],
      env: env(),
      stderr: "pipe",
    });
    const client = new Client({ name: "e2e-hostile", version: "0.0.0" });
    await client.connect(transport);
    try {
      const uri = `drone://repos/octocat/hello-world/builds/${build.number}/logs/1/1`;
      const result = await client.readResource({ uri });
      const text = (result.contents[0] as TextResourceContents).text;
      expect(text.length).toBeLessThanOrEqual(1024 * 1024 + 1024);
      expect(text.split("\n", 1)[0]).toMatch(
        /^\[Log cut: 120,000 lines in all, too long for one answer; this is its last part, from line [\d,]+\. Read earlier lines with get_build_logs/,
      );
      expect(text.endsWith(`line 120000 ${"x".repeat(90)}`)).toBe(true);
      // The session is still open: the next request works.
      const { tools } = await client.listTools();
      expect(tools.length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  }, 60_000);

  it("an 11 MB request gets a JSON-RPC error and a stderr line; a malformed line too; the server keeps serving", async () => {
    const child = spawn(process.execPath, [entry], { env: env(), stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    const answers = () =>
      stdout
        .split("\n")
        .filter(Boolean)
        .map(
          (line) => JSON.parse(line) as { id: unknown; result?: unknown; error?: { code: number; message: string } },
        );
    const waitFor = async (id: unknown) => {
      for (let i = 0; i < 600; i++) {
        const found = answers().find((a) => a.id === id);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no answer to ${String(id)}; stderr: ${stderr}`);
    };
    const send = (message: unknown) => child.stdin.write(`${JSON.stringify(message)}\n`);
    try {
      send({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
      });
      await waitFor(1);
      send({ jsonrpc: "2.0", method: "notifications/initialized" });
      const url = `https://example.com/${"a".repeat(11 * 1024 * 1024)}`;
      send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "get_build", arguments: { url } } });
      const big = await waitFor(2);
      expect(big.error?.code).toBe(-32600);
      expect(big.error?.message).toContain("larger than 4 MiB");
      child.stdin.write("{this is not json\n");
      send({ jsonrpc: "2.0", id: 3, method: "tools/list" });
      const list = await waitFor(3);
      expect(list.result).toBeDefined();
      expect(answers().some((a) => a.id === null && a.error?.code === -32700)).toBe(true);
      expect(stderr).toContain("The request was larger than 4 MiB");
      expect(stderr).toContain("(request id 2) The server keeps serving.");
      expect(stderr).toContain("not valid JSON-RPC");
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill();
    }
  }, 60_000);
});
