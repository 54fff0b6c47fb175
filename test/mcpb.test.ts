/**
 * The MCP Bundle as Claude Desktop gets it: pack, unpack into a folder with no node_modules
 * anywhere above it, build the launch command with mcpb's own getMcpConfigForManifest (the
 * code MCPB hosts use), start the server over stdio and talk to it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { getMcpConfigForManifest, unpackExtension } from "@anthropic-ai/mcpb";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUNDLE_FILES, packMcpb } from "../src/packaging/pack-mcpb.js";
import { SANDBOX_ADMIN_TOKEN, seedSandbox } from "../src/sandbox/seed.js";
import { type DroneSandbox, startDroneSandbox } from "../src/sandbox/server.js";

const root = fileURLToPath(new URL("..", import.meta.url));
let work: string;
let drone: DroneSandbox;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "drone-mcp-mcpb-test-"));
  drone = await startDroneSandbox({ state: seedSandbox().state });
});
afterAll(async () => {
  await drone.close();
  rmSync(work, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

describe(".mcpb bundle", () => {
  it("holds only the manifest, package.json, README and the bundled server, and starts from an unpacked copy", async () => {
    const file = await packMcpb({ root, outDir: join(work, "out") });
    expect(file).toMatch(/drone-mcp-\d+\.\d+\.\d+\.mcpb$/);
    expect(readFileSync(file).subarray(0, 2).toString()).toBe("PK"); // a zip

    const extension = join(work, "Claude Extensions", "drone-mcp");
    expect(await unpackExtension({ mcpbPath: file, outputDir: extension, silent: true })).toBe(true);
    expect(filesUnder(extension)).toEqual([...BUNDLE_FILES].sort());
    expect(BUNDLE_FILES).toContain("dist/index.js");
    const bundled = JSON.parse(readFileSync(join(extension, "package.json"), "utf8"));
    expect(bundled).toMatchObject({ type: "module" });
    expect(bundled.dependencies ?? {}).toEqual({});

    const manifest = JSON.parse(readFileSync(join(extension, "manifest.json"), "utf8"));
    const config = await getMcpConfigForManifest({
      manifest,
      extensionPath: extension,
      systemDirs: { HOME: work },
      userConfig: { drone_server: drone.url, drone_token: SANDBOX_ADMIN_TOKEN, read_only: false },
      pathSeparator: "/",
    });
    if (!config) throw new Error("getMcpConfigForManifest returned nothing: required settings missing?");
    expect(config.command).toBe("node");
    const transport = new StdioClientTransport({
      command: process.execPath, // the host's own Node stands in for "node"
      args: config.args ?? [],
      env: { PATH: process.env.PATH ?? "", ...config.env },
      cwd: work,
      stderr: "pipe",
    });
    const client = new Client({ name: "mcpb-host", version: "0.0.0" });
    await client.connect(transport);
    try {
      expect(client.getServerVersion()).toMatchObject({ name: "drone-mcp", version: manifest.version });
      const { tools } = await client.listTools();
      expect(tools.map((t) => ({ name: t.name, description: t.description }))).toEqual(manifest.tools);
      const result = await client.callTool({ name: "get_current_user", arguments: {} });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ login: "octocat", admin: true });
      expect(drone.requestsTo("/api/user")[0]?.headers.authorization).toBe(`Bearer ${SANDBOX_ADMIN_TOKEN}`);
    } finally {
      await client.close();
    }
  });
});
