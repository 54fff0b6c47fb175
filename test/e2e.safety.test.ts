/**
 * The built server (dist/index.js) as users run it: --read-only and --toolsets over stdio, the
 * token from --token-file, `doctor` (stdout report, exit code), NODE_EXTRA_CA_CERTS, the
 * DRONE_SKIP_VERIFY warning, and the token in no output at all.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_ADMIN_TOKEN, seedSandbox } from "../src/sandbox/seed.js";
import { type DroneSandbox, startDroneSandbox } from "../src/sandbox/server.js";
import { allTools } from "../src/tools/index.js";
import { makeTestCerts, opensslMissing, type TestCerts } from "./tls.js";

const entry = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "drone-mcp-e2e-"));
const tokenFile = join(dir, "token");

let drone: DroneSandbox;
beforeAll(async () => {
  if (!existsSync(entry)) throw new Error("dist/index.js is missing: run `npm run build` first (npm test does)");
  drone = await startDroneSandbox({ state: seedSandbox().state });
  writeFileSync(tokenFile, `${SANDBOX_ADMIN_TOKEN}\n`);
});
afterAll(async () => {
  await drone.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [entry, ...args], {
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function connect(args: string[], env: Record<string, string>) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [entry, ...args],
    env: { PATH: process.env.PATH ?? "", ...env },
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  const client = new Client({ name: "e2e-safety", version: "0.0.0" });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

describe("built server over stdio", () => {
  it("--read-only --token-file: no mutating tool listed or callable, reads work, token nowhere", async () => {
    const { client, stderr } = await connect(["--read-only", "--token-file", tokenFile], { DRONE_SERVER: drone.url });
    const { tools } = await client.listTools();
    const expected = allTools.filter((t) => t.toolset !== "nodes" && t.annotations.readOnlyHint).map((t) => t.name);
    expect(tools.map((t) => t.name)).toEqual(expected);
    expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
    expect(client.getInstructions()).toContain("read-only mode");
    const before = drone.requests.length;
    const refused = await client.callTool({
      name: "purge_build_history",
      arguments: { namespace: "octocat", name: "hello-world", before: 3 },
    });
    expect(refused.isError).toBe(true);
    expect(drone.requests.length).toBe(before);
    const user = await client.callTool({ name: "get_current_user", arguments: {} });
    expect(user.isError).toBeFalsy();
    expect(JSON.stringify(user.content)).toContain("octocat");
    await client.close();
    expect(stderr()).not.toContain(SANDBOX_ADMIN_TOKEN);
    expect(JSON.stringify([tools, refused, user])).not.toContain(SANDBOX_ADMIN_TOKEN);
  });

  it("--toolsets core lists the core preset", async () => {
    const { client } = await connect(["--toolsets", "core"], {
      DRONE_SERVER: drone.url,
      DRONE_TOKEN: SANDBOX_ADMIN_TOKEN,
    });
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["get_build", "get_build_logs", "list_builds", "restart_build"]));
    expect(names).not.toContain("purge_build_history");
    await client.close();
  });

  it("an unknown toolset stops start-up with one line listing the valid names", async () => {
    const result = await run([], {
      DRONE_SERVER: drone.url,
      DRONE_TOKEN: SANDBOX_ADMIN_TOKEN,
      DRONE_TOOLSETS: "builds,bogus",
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain('DRONE_TOOLSETS: unknown toolset "bogus". Valid: user, repos, builds');
  });
});

describe("drone-mcp doctor", () => {
  it("prints a report on stdout and exits 0 when all is well", async () => {
    const result = await run(["doctor"], { DRONE_SERVER: drone.url, DRONE_TOKEN: SANDBOX_ADMIN_TOKEN });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("ok    server  Drone 2.25.0 answers at");
    expect(result.stdout).toContain("ok    token   Logged in as octocat (admin).");
    expect(result.stdout).toContain(`Connected to Drone 2.25.0 at ${drone.url} as octocat (admin).`);
    expect(result.stdout).toMatch(/Settings: \d+ tools from toolsets .*read-only off/);
    expect(result.stdout + result.stderr).not.toContain(SANDBOX_ADMIN_TOKEN);
  });

  it("exits 1 with the reason for a bad token, and for a missing one", async () => {
    const bad = await run(["doctor"], { DRONE_SERVER: drone.url, DRONE_TOKEN: "wrong-token-000000000000000" });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("fail  token   Drone rejected the token (HTTP 401)");
    const missing = await run(["doctor"], { DRONE_SERVER: drone.url });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain("ok    server");
    expect(missing.stdout).toContain("fail  token   DRONE_TOKEN is not set");
  });

  it("exits 1 for a configuration error, printed on stdout", async () => {
    const result = await run(["doctor"], { DRONE_SERVER: "drone.example.com", DRONE_TOKEN: SANDBOX_ADMIN_TOKEN });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("fail  config  DRONE_SERVER is not a URL");
  });
});

describe.skipIf(opensslMissing)("TLS end to end (certificates made with openssl)", () => {
  let certs: TestCerts;
  let valid: DroneSandbox;
  let expired: DroneSandbox;
  let selfSigned: DroneSandbox;
  beforeAll(async () => {
    certs = makeTestCerts();
    valid = await startDroneSandbox({ state: seedSandbox().state, tls: certs.valid });
    expired = await startDroneSandbox({ state: seedSandbox().state, tls: certs.expired });
    selfSigned = await startDroneSandbox({ state: seedSandbox().state, tls: certs.selfSigned });
  });
  afterAll(async () => {
    await Promise.all([valid?.close(), expired?.close(), selfSigned?.close()]);
    certs?.cleanup();
  });

  it("NODE_EXTRA_CA_CERTS makes a private CA trusted", async () => {
    const env = { DRONE_SERVER: valid.url, DRONE_TOKEN: SANDBOX_ADMIN_TOKEN };
    const untrusted = await run(["doctor"], env);
    expect(untrusted.code).toBe(1);
    expect(untrusted.stdout).toContain("fail  tls");
    expect(untrusted.stdout).toContain("signed by a CA this machine does not trust");
    const trusted = await run(["doctor"], { ...env, NODE_EXTRA_CA_CERTS: certs.caFile });
    expect(trusted.code).toBe(0);
    expect(trusted.stdout).toContain("Logged in as octocat");
  });

  it("an expired certificate is named as such", async () => {
    const result = await run(["doctor"], {
      DRONE_SERVER: expired.url,
      DRONE_TOKEN: SANDBOX_ADMIN_TOKEN,
      NODE_EXTRA_CA_CERTS: certs.caFile,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("TLS certificate has expired");
  });

  it("DRONE_SKIP_VERIFY=true: works with a self-signed certificate and warns loudly on stderr", async () => {
    const { client, stderr } = await connect([], {
      DRONE_SERVER: selfSigned.url,
      DRONE_TOKEN: SANDBOX_ADMIN_TOKEN,
      DRONE_SKIP_VERIFY: "true",
    });
    const result = await client.callTool({ name: "get_current_user", arguments: {} });
    expect(result.isError).toBeFalsy();
    await client.close();
    expect(stderr()).toContain("WARNING: DRONE_SKIP_VERIFY=true: TLS certificates of");
    expect(stderr()).not.toContain(SANDBOX_ADMIN_TOKEN);
  });
});
