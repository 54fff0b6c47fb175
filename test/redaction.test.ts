/**
 * One redaction funnel (issue 15, rows 6-7): the token never leaves the process, whatever the
 * channel (tool text, resource_link name/title/uri, structuredContent, notifications, resource
 * contents and errors, completions, stderr), whatever its length; and secrets printed in a log
 * are redacted in the log resource as in the tools. Every message the client receives is
 * recorded and scanned.
 */
import { tmpdir } from "node:os";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type {
  CallToolResult,
  JSONRPCMessage,
  Progress,
  TextResourceContents,
} from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import type { Config } from "../src/config.js";
import type { Build, Repo } from "../src/drone/types.js";
import { guardMessage } from "../src/outgoing.js";
import { finishBuild, startBuild } from "../src/sandbox/lifecycle.js";
import { type Seeded, seedSandbox } from "../src/sandbox/seed.js";
import { type DroneSandbox, startDroneSandbox } from "../src/sandbox/server.js";
import { createServer } from "../src/server.js";

interface Rig {
  client: Client;
  drone: DroneSandbox;
  seeded: Seeded;
  /** Every message the client received, as sent. */
  received: JSONRPCMessage[];
  logs: string[];
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function start(token: string): Promise<Rig> {
  const seeded = seedSandbox();
  // The token's user: an admin, so every tool works.
  if (!seeded.state.userByToken(token)) seeded.state.addUser("shorty", token, { admin: true });
  const drone = await startDroneSandbox({ state: seeded.state });
  const config: Config = { server: drone.url, token, timeoutMs: 2_000, toolsets: ["all"] };
  const logs: string[] = [];
  const { mcp } = createServer({ config, log: (line) => logs.push(line), cwd: tmpdir() });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const received: JSONRPCMessage[] = [];
  const client = new Client({ name: "redaction", version: "0" });
  await Promise.all([mcp.connect(serverTransport), client.connect(clientTransport)]);
  // Recorded as the client receives it: what left the server's funnel.
  const onmessage = clientTransport.onmessage?.bind(clientTransport);
  clientTransport.onmessage = (message, extra) => {
    received.push(message);
    onmessage?.(message, extra);
  };
  rig = {
    client,
    drone,
    seeded,
    received,
    logs,
    call: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult,
    close: async () => {
      await client.close();
      await mcp.close();
      await drone.close();
    },
  };
  return rig;
}

function buildNamedWith(r: Rig, secret: string): Build {
  const repo = r.seeded.state.repoBySlug("octocat", "hello-world") as Repo;
  return r.seeded.state.addBuild(repo, {
    status: "failure",
    message: `deploy with ${secret}`,
    stages: [
      {
        name: `stage-${secret}`,
        status: "failure",
        steps: [
          { name: "clone", status: "success", log: ["+ git fetch"] },
          { name: `test-${secret}`, status: "failure", log: [`+ echo ${secret}`, "Error: boom"] },
        ],
      },
    ],
  });
}

async function exercise(r: Rig, secret: string, build: Build): Promise<void> {
  const args = { namespace: "octocat", name: "hello-world", build: build.number };
  for (const [name, extra] of [
    ["get_build", {}],
    ["get_build_failure", {}],
    ["get_build_logs", { stage: 1, step: 2 }],
    ["search_build_logs", { pattern: "boom" }],
    ["restart_build", {}],
  ] as const) {
    await r.call(name, { ...args, ...extra });
  }
  const uris = [
    "drone://repos/octocat/hello-world",
    `drone://repos/octocat/hello-world/builds/${build.number}`,
    `drone://repos/octocat/hello-world/builds/${build.number}/logs/1/2`,
  ];
  for (const uri of uris) await r.client.readResource({ uri }).catch(() => undefined);
  // Errors that quote the token: an HTML page titled with it, a redirect's Location, a JSON message.
  const buildPath = `/api/repos/octocat/hello-world/builds/${build.number}`;
  r.drone.faults.push({
    path: buildPath,
    status: 502,
    contentType: "text/html",
    body: `<html><title>Bad gateway for ${secret}</title></html>`,
    times: 3,
  });
  await r.call("get_build", args);
  r.drone.faults.push({
    path: buildPath,
    status: 302,
    headers: { Location: `https://sso.example.com/login?token=${secret}&next=/` },
    times: 1,
  });
  await r.call("get_build", args);
  r.drone.faults.push({ path: buildPath, status: 500, body: JSON.stringify({ message: `no ${secret}` }), times: 3 });
  await r.client.readResource({ uri: `drone://repos/octocat/hello-world/builds/${build.number}` }).catch(() => {});
  r.drone.faults.push({ path: "/api/user/repos", status: 500, body: JSON.stringify({ message: `x ${secret}` }) });
  await r.client.listResources().catch(() => {});
  await r.client
    .complete({
      ref: { type: "ref/resource", uri: "drone://repos/{namespace}/{name}" },
      argument: { name: "namespace", value: "oc" },
    })
    .catch(() => {});
  r.drone.faults.length = 0;
}

describe("row 6: the token on no channel", () => {
  it("a token echoed in step names, logs, errors, redirects and resources is redacted everywhere", async () => {
    const secret = "d1e2a3d4b5e6e7f8a9b0c1d2e3f4a5b6";
    const r = await start(secret);
    const build = buildNamedWith(r, secret);
    await exercise(r, secret, build);
    const everything = JSON.stringify(r.received) + r.logs.join("\n");
    expect(r.received.length).toBeGreaterThan(10);
    expect(everything).not.toContain(secret);
    expect(everything).toContain("test-[redacted]");
    expect(everything).toContain("token=[redacted]");
    // resource_link name and title were where it leaked.
    const links = r.received.flatMap((m) =>
      "result" in m ? (((m.result as CallToolResult).content ?? []) as Array<Record<string, unknown>>) : [],
    );
    expect(links.some((c) => c.type === "resource_link" && String(c.name).includes("[redacted]"))).toBe(true);
  });

  it("a token of 4 characters is redacted too, and get_user_token does not return it", async () => {
    const secret = "k9Zq";
    const r = await start(secret);
    const build = buildNamedWith(r, secret);
    await exercise(r, secret, build);
    const mine = await r.call("get_user_token");
    expect(JSON.stringify(mine)).toContain("not shown here");
    const words = (JSON.stringify(r.received) + r.logs.join("\n")).split(/[^A-Za-z0-9]+/);
    expect(words).not.toContain(secret);
    expect(JSON.stringify(r.received)).toContain("test-[redacted]");
    // The protocol's own words are intact: tools are still listed with their schemas.
    const { tools } = await r.client.listTools();
    expect(tools.find((t) => t.name === "get_build")?.inputSchema.type).toBe("object");
  });

  it("wait_for_build progress notifications naming a step test-<TOKEN> are redacted", async () => {
    const secret = "d1e2a3d4b5e6e7f8a9b0c1d2e3f4a5b6";
    const r = await start(secret);
    const repo = r.seeded.state.repoBySlug("octocat", "hello-world") as Repo;
    const build = r.seeded.state.addBuild(repo, {
      status: "pending",
      started: 0,
      finished: 0,
      stages: [{ name: "default", status: "pending", steps: [{ name: `test-${secret}`, status: "pending" }] }],
    });
    startBuild(build);
    setTimeout(() => finishBuild(r.seeded.state, repo, build, { status: "success" }), 400);
    const progress: Progress[] = [];
    await r.client.callTool(
      { name: "wait_for_build", arguments: { namespace: "octocat", name: "hello-world", build: build.number } },
      undefined,
      { onprogress: (p) => progress.push(p) },
    );
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.some((p) => p.message?.includes("test-[redacted]"))).toBe(true);
    expect(JSON.stringify(r.received)).not.toContain(secret);
  });

  it("progress and log notifications go through the same funnel", () => {
    const secret = "d1e2a3d4b5e6e7f8a9b0c1d2e3f4a5b6";
    const progress = guardMessage(
      {
        jsonrpc: "2.0",
        method: "notifications/progress",
        params: { progressToken: 1, progress: 1, message: `step test-${secret} running` },
      },
      { secrets: () => [secret] },
    );
    expect(JSON.stringify(progress)).toContain("step test-[redacted] running");
  });
});

describe("row 7: secrets printed in a log", () => {
  const formats = [
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "ghp_0123456789abcdefghijABCDEFGHIJ012345",
    "xoxb-1234567890-abcdefghij",
    "https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX",
    "curl -u deploy:hunter2secret https://x",
    "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Zm9vYmFyYmF6cXV4==;EndpointSuffix=core",
    '{"auths":{"registry.example.com":{"auth":"ZGVwbG95Omh1bnRlcjI="}}}',
    "SG.abcdefghijklmnopqrstuv.ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq",
    "sshpass -p hunter2secret ssh host",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    "-----BEGIN RSA PRIVATE KEY-----",
    "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun",
    "-----END RSA PRIVATE KEY-----",
    "postgres://admin:s3cr3tpass@db:5432/app",
    "PASSWORD=correcthorsebattery",
  ];
  const leaked = [
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "ghp_0123456789abcdefghijABCDEFGHIJ012345",
    "xoxb-1234567890-abcdefghij",
    "XXXXXXXXXXXXXXXXXXXXXXXX",
    "hunter2secret",
    "Zm9vYmFyYmF6cXV4",
    "ZGVwbG95Omh1bnRlcjI",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq",
    "dozjgNryP4J3jVmNHl0w5N",
    "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun",
    "s3cr3tpass",
    "correcthorsebattery",
  ];

  it("are redacted in get_build_logs and in the log resource alike; a git SHA stays", async () => {
    const r = await start("sandbox-admin-token");
    const repo = r.seeded.state.repoBySlug("octocat", "hello-world") as Repo;
    const sha = "3f786850e387550fdab836ed7e6dc881de23001b";
    const build = r.seeded.state.addBuild(repo, {
      status: "failure",
      stages: [
        { name: "default", status: "failure", steps: [{ name: "test", status: "failure", log: [...formats, sha] }] },
      ],
    });
    const tool = await r.call("get_build_logs", {
      namespace: "octocat",
      name: "hello-world",
      build: build.number,
      stage: 1,
      step: 1,
    });
    const resource = await r.client.readResource({
      uri: `drone://repos/octocat/hello-world/builds/${build.number}/logs/1/1`,
    });
    const text = (resource.contents[0] as TextResourceContents).text;
    for (const value of leaked) {
      expect(JSON.stringify(tool), value).not.toContain(value);
      expect(text, value).not.toContain(value);
    }
    expect(text).toContain(sha);
    expect(text).toContain("[private key redacted]");
  });
});
