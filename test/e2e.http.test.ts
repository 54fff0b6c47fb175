/**
 * End to end over HTTP: the built server (`node dist/index.js --http`) as separate processes,
 * reached by the SDK's Streamable HTTP client with a user's own token. Two processes answering
 * alternate requests of one client (no session affinity needed), SIGTERM during a call (the call
 * finishes, then the process exits), and the refusal to listen beyond loopback without an
 * allow-list.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_USER_TOKEN, seedSandbox } from "../src/sandbox/seed.js";
import { type DroneSandbox, startDroneSandbox } from "../src/sandbox/server.js";

const entry = fileURLToPath(new URL("../dist/index.js", import.meta.url));

let drone: DroneSandbox;
const children: ChildProcess[] = [];
beforeAll(async () => {
  if (!existsSync(entry)) throw new Error("dist/index.js is missing: run `npm run build` first (npm test does)");
  drone = await startDroneSandbox({ state: seedSandbox().state });
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});
afterAll(async () => {
  await drone.close();
});

interface Served {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Starts `dist/index.js --http --port 0` and waits for the address it prints on stderr. */
async function serve(args: string[] = [], env: Record<string, string> = {}): Promise<Served> {
  const child = spawn(process.execPath, [entry, "--http", "--port", "0", ...args], {
    // No DRONE_TOKEN: per-user mode must not need one.
    env: { PATH: process.env.PATH ?? "", DRONE_SERVER: drone.url, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stderr = "";
  let stdout = "";
  child.stdout?.on("data", (chunk) => {
    stdout += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on("data", (chunk) => {
      stderr += chunk;
      const found = /serving MCP at (http:\/\/[^\s]+)\/mcp/.exec(stderr);
      if (found?.[1]) resolve(found[1]);
    });
    void exited.then((code) => reject(new Error(`exited with ${code}: ${stderr}${stdout}`)));
  });
  return { child, url, stderr: () => stderr, exited };
}

function connect(fetchImpl?: typeof fetch, url = "http://127.0.0.1:1"): Promise<Client> {
  const client = new Client({ name: "e2e-http", version: "0.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
    requestInit: { headers: { Authorization: `Bearer ${SANDBOX_USER_TOKEN}` } },
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  return client.connect(transport).then(() => client);
}

describe("built server over Streamable HTTP", () => {
  it("needs no session affinity: two processes answer alternate requests of one client", async () => {
    const [a, b] = await Promise.all([serve(), serve()]);
    const targets = [a.url, b.url];
    let turn = 0;
    const seen: string[] = [];
    // A load balancer that sends each request to the next process in turn.
    const roundRobin: typeof fetch = (input, init) => {
      const target = targets[turn++ % targets.length] ?? a.url;
      const url = new URL(String(input instanceof Request ? input.url : input));
      seen.push(target);
      return fetch(`${target}${url.pathname}`, init);
    };
    const client = await connect(roundRobin, a.url);
    const tools = await client.listTools();
    expect(tools.tools.length).toBeGreaterThan(10);
    const build = await client.callTool({
      name: "get_build",
      arguments: { namespace: "octocat", name: "hello-world", build: 2 },
    });
    expect(build.isError).toBeFalsy();
    const repo = await client.readResource({ uri: "drone://repos/octocat/hello-world" });
    expect(repo.contents.length).toBe(1);
    await client.close();
    expect(new Set(seen)).toEqual(new Set(targets));
    // Each process wrote access lines for the requests it answered, as jane.
    for (const served of [a, b]) {
      const lines = served
        .stderr()
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as { user?: string; status: number });
      expect(lines.some((line) => line.user === "jane" && line.status === 200)).toBe(true);
      expect(served.stderr()).not.toContain(SANDBOX_USER_TOKEN);
    }
  });

  it("finishes a call in flight on SIGTERM, refuses new connections, then exits 0", async () => {
    const served = await serve();
    const client = await connect(undefined, served.url);
    drone.faults.push({ path: "/api/repos/octocat/hello-world/builds/1", delayMs: 1_500, times: 1 });
    const call = client.callTool({
      name: "get_build",
      arguments: { namespace: "octocat", name: "hello-world", build: 1 },
    });
    const asked = Date.now();
    while (drone.requestsTo("/api/repos/octocat/hello-world/builds/1").length === 0) {
      if (Date.now() - asked > 10_000) throw new Error("the call never reached Drone");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    served.child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(fetch(`${served.url}/healthz`)).rejects.toThrow();
    const result = await call;
    expect(result.isError).toBeFalsy();
    expect(JSON.stringify(result.content)).toContain("#1");
    expect(await served.exited).toBe(0);
    expect(served.stderr()).toContain("SIGTERM: finishing in-flight requests");
  });

  it("will not listen beyond loopback without DRONE_MCP_ALLOWED_HOSTS", async () => {
    await expect(serve(["--host", "0.0.0.0"])).rejects.toThrow(/needs DRONE_MCP_ALLOWED_HOSTS/);
    const open = await serve(["--host", "0.0.0.0"], { DRONE_MCP_ALLOWED_HOSTS: "127.0.0.1" });
    const client = await connect(undefined, open.url.replace("0.0.0.0", "127.0.0.1"));
    expect((await client.listTools()).tools.length).toBeGreaterThan(10);
    await client.close();
  });
});
