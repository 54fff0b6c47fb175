/**
 * The npm package as `npx -y drone-mcp` gets it: `npm pack`, install the tarball into an empty
 * folder (offline: the package has no runtime dependencies, the bundle carries them), run
 * `npx drone-mcp --version`, then start it through npx over stdio and answer initialize.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_ADMIN_TOKEN, seedSandbox } from "../src/sandbox/seed.js";
import { type DroneSandbox, startDroneSandbox } from "../src/sandbox/server.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
let work: string;
let drone: DroneSandbox;

/** A user's shell, not npm test's: no npm_config_* or npm_package_* variables leak in. */
function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? work, ...extra };
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "drone-mcp-npm-test-"));
  drone = await startDroneSandbox({ state: seedSandbox().state });
});
afterAll(async () => {
  await drone.close();
  rmSync(work, { recursive: true, force: true });
});

describe("npm package", () => {
  it("packs only what it needs, installs offline into an empty folder, and runs through npx", async () => {
    // --ignore-scripts: npm test already built dist/, and prepack would rebuild it under other tests.
    const packed = JSON.parse(
      execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], {
        cwd: root,
        env: cleanEnv(),
        encoding: "utf8",
      }),
    ) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const [tarball] = packed;
    if (!tarball) throw new Error("npm pack printed no package");
    expect(tarball.files.map((f) => f.path).sort()).toEqual(
      [
        "README.md",
        "dist/THIRD_PARTY_NOTICES.txt",
        "dist/index.js",
        "dist/main.cjs",
        "dist/undici.cjs",
        "dist/o200k-vocab.cjs",
        "manifest.json",
        "package.json",
      ].sort(),
    );
    expect(pkg.dependencies ?? {}).toEqual({});

    const app = join(work, "app");
    mkdirSync(app);
    execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", join(work, tarball.filename)], {
      cwd: app,
      env: cleanEnv(),
      stdio: "pipe",
    });
    const version = execFileSync("npx", ["drone-mcp", "--version"], { cwd: app, env: cleanEnv() });
    expect(version.toString()).toBe(`${pkg.version}\n`);

    const transport = new StdioClientTransport({
      command: "npx",
      args: ["drone-mcp"],
      cwd: app,
      env: cleanEnv({ DRONE_SERVER: drone.url, DRONE_TOKEN: SANDBOX_ADMIN_TOKEN }),
      stderr: "pipe",
    });
    const client = new Client({ name: "npx-user", version: "0.0.0" });
    await client.connect(transport);
    try {
      expect(client.getServerVersion()).toMatchObject({ name: "drone-mcp", version: pkg.version });
      const result = await client.callTool({
        name: "list_builds",
        arguments: { namespace: "octocat", name: "hello-world" },
      });
      expect(result.isError).toBeFalsy();
      expect(drone.requestsTo("/api/repos/octocat/hello-world/builds")).toHaveLength(1);
    } finally {
      await client.close();
    }
  }, 60_000);
});
