/**
 * The container files in .deploy/: the Dockerfile's runtime image holds only files `npm run build`
 * makes, and the server runs from a folder laid out exactly as that image (no node_modules, no
 * sources); the compose and Kubernetes examples set only variables drone-mcp reads and probe
 * endpoints it serves. (No Docker engine in CI: the image itself is not built here.)
 */
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_USER_TOKEN, seedSandbox } from "../src/sandbox/seed.js";
import { type DroneSandbox, startDroneSandbox } from "../src/sandbox/server.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const read = (path: string) => readFileSync(join(root, path), "utf8");
const dockerfile = read(".deploy/Dockerfile");

/** The runtime stage's `COPY --from=build` lines: [sources, destination]. */
function runtimeCopies(): Array<{ sources: string[]; dest: string }> {
  const runtime = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
  return [...runtime.matchAll(/^COPY --from=build (.+)$/gm)].map((match) => {
    const parts = (match[1] ?? "").trim().split(/\s+/);
    return { sources: parts.slice(0, -1).map((s) => s.replace(/^\/src\//, "")), dest: parts.at(-1) ?? "" };
  });
}

/** Every DRONE_* name drone-mcp reads (config.ts and the HTTP options). */
function knownVariables(): Set<string> {
  const sources = read("src/config.ts") + read("src/http/options.ts");
  return new Set([...sources.matchAll(/\b(DRONE_[A-Z_]+)\b/g)].map((m) => m[1] ?? ""));
}

let drone: DroneSandbox;
let app: string;
beforeAll(async () => {
  drone = await startDroneSandbox({ state: seedSandbox().state });
  app = mkdtempSync(join(tmpdir(), "drone-mcp-image-"));
});
afterAll(async () => {
  await drone.close();
  rmSync(app, { recursive: true, force: true });
});

describe(".deploy/Dockerfile", () => {
  it("is a small non-root Node 20 image that serves HTTP from the built bundle", () => {
    const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(froms.at(-1)).toBe("node:20-alpine");
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/DRONE_MCP_HTTP=0\.0\.0\.0:8787/);
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/index\.js", "--http"\]$/m);
    expect(dockerfile).not.toMatch(/DRONE_TOKEN/);
    const copies = runtimeCopies();
    const files = copies.flatMap((c) => c.sources);
    expect(files.sort()).toEqual(
      [
        "package.json",
        "dist/index.js",
        "dist/main.cjs",
        "dist/undici.cjs",
        "dist/o200k-vocab.cjs",
        "dist/THIRD_PARTY_NOTICES.txt",
      ].sort(),
    );
    for (const file of files) expect(existsSync(join(root, file)), `${file} after npm run build`).toBe(true);
    // The build stage's sources pass the build context's ignore file.
    const ignore = read(".deploy/Dockerfile.dockerignore");
    for (const match of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const source of (match[1] ?? "").split(/\s+/)) expect(ignore).toContain(`!${source.replace(/\/?$/, "")}`);
    }
  });

  it("runs from a folder holding only the image's files, and needs an allow-list to listen on 0.0.0.0", async () => {
    for (const { sources, dest } of runtimeCopies()) {
      for (const source of sources) {
        const target = dest.endsWith("/") ? join(app, dest, source.split("/").at(-1) ?? "") : join(app, dest);
        mkdirSync(dirname(target), { recursive: true });
        copyFileSync(join(root, source), target);
      }
    }
    const env = { PATH: process.env.PATH ?? "", DRONE_SERVER: drone.url, DRONE_MCP_HTTP: "0.0.0.0:0" };
    const refused = await run(app, env);
    expect(refused.exit).toBe(1);
    expect(refused.stderr).toContain("needs DRONE_MCP_ALLOWED_HOSTS");

    const served = await run(app, { ...env, DRONE_MCP_ALLOWED_HOSTS: "127.0.0.1" });
    const port = served.port;
    expect(port).toBeGreaterThan(0);
    try {
      const client = new Client({ name: "image-test", version: "0.0.0" });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`), {
          requestInit: { headers: { Authorization: `Bearer ${SANDBOX_USER_TOKEN}` } },
        }),
      );
      const result = await client.callTool({ name: "get_current_user", arguments: {} });
      expect(JSON.stringify(result.content)).toContain("jane");
      await client.close();
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    } finally {
      served.child?.kill("SIGTERM");
      expect(await served.exited).toBe(0);
    }
  });
});

describe(".deploy examples", () => {
  it("set only variables drone-mcp reads, and probe /healthz and /readyz on port 8787", () => {
    const known = knownVariables();
    for (const file of [".deploy/compose.yaml", ".deploy/kubernetes.yaml", ".deploy/Dockerfile"]) {
      const text = read(file);
      for (const [name] of text.matchAll(/\bDRONE_[A-Z_]+\b/g)) expect(known, `${file}: ${name}`).toContain(name);
      expect(text).toContain("8787");
    }
    const k8s = read(".deploy/kubernetes.yaml");
    expect(k8s).toMatch(/readinessProbe:\s+httpGet:\s+path: \/readyz/);
    expect(k8s).toMatch(/livenessProbe:\s+httpGet:\s+path: \/healthz/);
    expect(k8s).toMatch(/kind: Deployment[\s\S]*kind: Service/);
    expect(k8s).toContain("runAsNonRoot: true");
    expect(read(".deploy/compose.yaml")).toContain("dockerfile: .deploy/Dockerfile");
  });
});

interface Run {
  exit?: number | null;
  port?: number;
  stderr: string;
  child?: ReturnType<typeof spawn>;
  exited?: Promise<number | null>;
}

/** Runs `node dist/index.js --http` in dir: resolves when it serves (with its port) or exits. */
function run(dir: string, env: Record<string, string>): Promise<Run> {
  const child = spawn(process.execPath, ["dist/index.js", "--http"], {
    cwd: dir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve) => {
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      const found = /serving MCP at http:\/\/[^\s]+:(\d+)\/mcp/.exec(stderr);
      if (found) resolve({ port: Number(found[1]), stderr, child, exited });
    });
    void exited.then((exit) => resolve({ exit, stderr }));
  });
}
