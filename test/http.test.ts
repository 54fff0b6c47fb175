/**
 * The HTTP mode through the SDK's real Streamable HTTP client: tools, resources, prompts,
 * progress and cancellation with each user's own token, isolation between users (caches
 * included), and the network guards (401, Host/Origin, body size, rate and concurrency limits).
 */
import type { Progress } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { DroneApiError } from "../src/drone/errors.js";
import { loadStepLog } from "../src/drone/log-store.js";
import type { Build, Repo } from "../src/drone/types.js";
import { Identities } from "../src/http/identity.js";
import { finishBuild, startBuild } from "../src/sandbox/lifecycle.js";
import { SANDBOX_ADMIN_TOKEN, SANDBOX_USER_TOKEN } from "../src/sandbox/seed.js";
import { type HttpHarness, LIST_TOOLS, post, startHttpHarness, textOfResult } from "./http-harness.js";

let h: HttpHarness;
afterEach(async () => {
  await h?.close();
});

function hello(): Repo {
  const repo = h.seeded.state.repoBySlug("octocat", "hello-world");
  if (!repo) throw new Error("seed changed");
  return repo;
}

/** A repository only the admin can read, with a finished build whose log holds a marker. */
function privateRepo(): Repo {
  const { state, admin } = h.seeded;
  const repo = state.addRepo("octocat", "ops", { private: true, visibility: "private" });
  state.grant(repo, admin, { read: true, write: true, admin: true });
  state.addBuild(repo, {
    status: "failure",
    stages: [
      {
        name: "default",
        status: "failure",
        steps: [{ name: "deploy", status: "failure", exit_code: 1, log: ["ADMIN-ONLY-LOG-LINE", "error: boom"] }],
      },
    ],
  });
  return repo;
}

describe("HTTP mode: the same server over Streamable HTTP", () => {
  it("serves tools, resources and prompts with the caller's own token", async () => {
    h = await startHttpHarness();
    const client = await h.connect(SANDBOX_USER_TOKEN);
    const tools = await client.listTools();
    expect(tools.tools.map((t) => t.name)).toContain("get_build");
    const result = await client.callTool({
      name: "get_build",
      arguments: { namespace: "octocat", name: "hello-world", build: 2 },
    });
    expect(result.isError).toBeFalsy();
    expect(textOfResult(result)).toMatch(/#2/);
    const builds = h.drone.requestsTo("/api/repos/octocat/hello-world/builds/2");
    expect(builds.length).toBeGreaterThan(0);
    for (const request of builds) expect(request.headers.authorization).toBe(`Bearer ${SANDBOX_USER_TOKEN}`);

    const resource = await client.readResource({ uri: "drone://repos/octocat/hello-world/builds/2/logs/1/3" });
    const first = resource.contents[0];
    expect(first && "text" in first ? first.text : "").toContain("FAIL");
    const templates = await client.listResourceTemplates();
    expect(templates.resourceTemplates.length).toBeGreaterThan(0);
    const completion = await client.complete({
      ref: { type: "ref/resource", uri: "drone://repos/{namespace}/{name}" },
      argument: { name: "namespace", value: "ac" },
    });
    expect(completion.completion.values).toEqual(["acme"]);

    const prompts = await client.listPrompts();
    expect(prompts.prompts.map((p) => p.name)).toContain("diagnose-build");
    const prompt = await client.getPrompt({
      name: "diagnose-build",
      arguments: { namespace: "octocat", name: "hello-world", build: "2" },
    });
    expect(prompt.messages.length).toBeGreaterThan(0);

    // The server's own token is not used in per-user mode: no request carried another token.
    const tokens = new Set(h.drone.requests.map((r) => r.headers.authorization));
    expect([...tokens]).toEqual([`Bearer ${SANDBOX_USER_TOKEN}`]);
    // /api/user is asked once: the identity is remembered (under the token's hash) between requests.
    expect(h.drone.requestsTo("/api/user").filter((r) => r.path === "/api/user")).toHaveLength(1);
    const line = h.access.find((entry) => entry.tool === "get_build");
    expect(line).toMatchObject({
      event: "access",
      method: "POST",
      path: "/mcp",
      status: 200,
      user: "jane",
      ip: "127.0.0.1",
    });
    expect(line?.rpc).toBe("tools/call");
    expect(line?.args).toEqual({ namespace: "octocat", name: "hello-world", build: 2 });
    expect(h.access.find((entry) => entry.rpc === "resources/read")?.resource).toBe(
      "drone://repos/octocat/hello-world/builds/2/logs/1/3",
    );
    expect(h.access.find((entry) => entry.rpc === "prompts/get")).toMatchObject({
      prompt: "diagnose-build",
      args: { namespace: "octocat", name: "hello-world", build: "2" },
    });
    expect(JSON.stringify(h.access)).not.toContain(SANDBOX_USER_TOKEN);
  });

  it("sends wait_for_build's progress notifications on the request's SSE stream", async () => {
    h = await startHttpHarness();
    const client = await h.connect(SANDBOX_ADMIN_TOKEN);
    const build: Build = h.seeded.state.addBuild(hello(), {
      status: "pending",
      started: 0,
      finished: 0,
      stages: [{ name: "default", status: "pending", steps: [{ name: "clone", status: "pending" }] }],
    });
    startBuild(build);
    setTimeout(() => finishBuild(h.seeded.state, hello(), build, { status: "success" }), 400);
    const progress: Progress[] = [];
    const result = await client.callTool(
      { name: "wait_for_build", arguments: { namespace: "octocat", name: "hello-world", build: build.number } },
      undefined,
      { onprogress: (p) => progress.push(p) },
    );
    expect(result.structuredContent).toMatchObject({ finished: true, status: "success" });
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.at(-1)?.message).toBe(`#${build.number} finished: success`);
  });

  it("stops a call the client cancels", async () => {
    h = await startHttpHarness();
    const client = await h.connect(SANDBOX_ADMIN_TOKEN);
    h.drone.faults.push({ path: "/api/repos/octocat/hello-world/builds/2", delayMs: 3_000 });
    const controller = new AbortController();
    const call = client.callTool(
      { name: "get_build", arguments: { namespace: "octocat", name: "hello-world", build: 2 } },
      undefined,
      { signal: controller.signal },
    );
    await waitFor(() => h.drone.requestsTo("/api/repos/octocat/hello-world/builds/2").length > 0);
    controller.abort("user pressed stop");
    await expect(call).rejects.toThrow();
    await waitFor(() => h.access.some((entry) => entry.tool === "get_build"));
    expect(h.access.find((entry) => entry.tool === "get_build")).toMatchObject({
      outcome: "cut",
      reason: "cancelled by the client",
    });
  });
});

describe("HTTP mode: time limits, shutdown and deployment settings", () => {
  it("ends a request that passes DRONE_MCP_REQUEST_TIMEOUT_MS with a JSON-RPC error", async () => {
    h = await startHttpHarness({ DRONE_MCP_REQUEST_TIMEOUT_MS: "1000" });
    const client = await h.connect(SANDBOX_USER_TOKEN);
    h.drone.faults.push({ path: "/api/repos/octocat/hello-world/builds/2", delayMs: 4_000 });
    const started = Date.now();
    const call = client.callTool({
      name: "get_build",
      arguments: { namespace: "octocat", name: "hello-world", build: 2 },
    });
    await expect(call).rejects.toThrow("time limit: the request took longer than 1 s");
    expect(Date.now() - started).toBeLessThan(3_500);
    await waitFor(() => h.access.some((entry) => entry.tool === "get_build"));
    expect(h.access.find((entry) => entry.tool === "get_build")).toMatchObject({ outcome: "cut", user: "jane" });
  });

  it("on shutdown, ends the calls still running past DRONE_MCP_SHUTDOWN_TIMEOUT_MS with an error saying so", async () => {
    h = await startHttpHarness({ DRONE_MCP_SHUTDOWN_TIMEOUT_MS: "200" });
    const client = await h.connect(SANDBOX_USER_TOKEN);
    h.drone.faults.push({ path: "/api/repos/octocat/hello-world/builds/2", delayMs: 4_000 });
    const call = client.callTool({
      name: "get_build",
      arguments: { namespace: "octocat", name: "hello-world", build: 2 },
    });
    await waitFor(() => h.drone.requestsTo("/api/repos/octocat/hello-world/builds/2").length > 0);
    const stopped = h.http.shutdown();
    await expect(call).rejects.toThrow("server shutting down: retry");
    await stopped;
    expect(h.http.server.listening).toBe(false);
  });

  it("applies read-only and toolsets per deployment, as over stdio", async () => {
    h = await startHttpHarness({}, { settings: { readOnly: true, toolsets: ["builds"] } });
    const client = await h.connect(SANDBOX_USER_TOKEN);
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toContain("get_build");
    expect(names).not.toContain("restart_build");
    expect(names).not.toContain("list_user_repos");
    const refused = await client.callTool({
      name: "restart_build",
      arguments: { namespace: "octocat", name: "hello-world", build: 2 },
    });
    expect(refused.isError).toBe(true);
    expect(h.drone.requests.filter((r) => r.method === "POST")).toHaveLength(0);
  });

  it("in shared-token mode, uses the server's token for requests without Authorization", async () => {
    h = await startHttpHarness({ DRONE_MCP_SHARED_TOKEN: "true" }, { sharedToken: SANDBOX_ADMIN_TOKEN });
    const answer = await post(h.endpoint, LIST_TOOLS);
    expect(answer.status).toBe(200);
    const client = await h.connect("ignored-in-shared-mode");
    const me = await client.callTool({ name: "get_current_user", arguments: {} });
    expect(textOfResult(me)).toContain("octocat");
    const tokens = new Set(h.drone.requests.map((r) => r.headers.authorization));
    expect([...tokens]).toEqual([`Bearer ${SANDBOX_ADMIN_TOKEN}`]);
  });
});

describe("HTTP mode: each user sees only what Drone lets them see", () => {
  it("never serves one user's repositories or logs to another, cached or not", async () => {
    h = await startHttpHarness();
    privateRepo();
    const admin = await h.connect(SANDBOX_ADMIN_TOKEN);
    const jane = await h.connect(SANDBOX_USER_TOKEN);
    const logArgs = { namespace: "octocat", name: "ops", build: 1, stage: 1, step: 1 };

    const adminLog = await admin.callTool({ name: "get_build_logs", arguments: logArgs });
    expect(textOfResult(adminLog)).toContain("ADMIN-ONLY-LOG-LINE");
    // Read again: the admin's second read comes from the log cache (no new log request).
    const logPath = "/api/repos/octocat/ops/builds/1/logs/1/1";
    const before = h.drone.requestsTo(logPath).length;
    await admin.callTool({ name: "get_build_logs", arguments: { ...logArgs, head: 1 } });
    expect(h.drone.requestsTo(logPath).length).toBe(before);

    // jane asks for the same log: Drone is asked with her token and says no; the cache is not used.
    const janeLog = await jane.callTool({ name: "get_build_logs", arguments: logArgs });
    expect(janeLog.isError).toBe(true);
    expect(JSON.stringify(janeLog)).not.toContain("ADMIN-ONLY-LOG-LINE");
    const janeFailure = await jane.callTool({
      name: "get_build_failure",
      arguments: { namespace: "octocat", name: "ops", build: 1 },
    });
    expect(JSON.stringify(janeFailure)).not.toContain("ADMIN-ONLY-LOG-LINE");
    const janeResource = jane.readResource({ uri: "drone://repos/octocat/ops/builds/1/logs/1/1" });
    await expect(janeResource).rejects.toThrow();

    const janeRepos = await jane.callTool({ name: "list_user_repos", arguments: {} });
    expect(textOfResult(janeRepos)).not.toContain("octocat/ops");
    const adminRepos = await admin.callTool({ name: "list_user_repos", arguments: {} });
    expect(textOfResult(adminRepos)).toContain("octocat/ops");
    const completion = await jane.complete({
      ref: { type: "ref/resource", uri: "drone://repos/{namespace}/{name}" },
      argument: { name: "name", value: "o" },
      context: { arguments: { namespace: "octocat" } },
    });
    expect(completion.completion.values).not.toContain("ops");

    // Every request jane caused carried her token, and none of the admin's.
    const byToken = (token: string) => h.drone.requests.filter((r) => r.headers.authorization === `Bearer ${token}`);
    expect(byToken(SANDBOX_USER_TOKEN).some((r) => r.path === "/api/repos/octocat/ops/builds/1/logs/1/1")).toBe(true);
    const lines = h.access.filter((entry) => entry.rpc === "tools/call");
    expect(new Set(lines.map((entry) => entry.user))).toEqual(new Set(["octocat", "jane"]));
  });
});

describe("HTTP mode: the caller's token never comes back", () => {
  it("redacts the user's own token from what Drone echoes, in results and in the server's log lines", async () => {
    h = await startHttpHarness();
    const client = await h.connect(SANDBOX_USER_TOKEN);
    h.drone.faults.push({
      path: "/api/repos/octocat/hello-world/builds/2",
      status: 400,
      body: JSON.stringify({ message: `token ${SANDBOX_USER_TOKEN} is not welcome here` }),
    });
    const result = await client.callTool({
      name: "get_build",
      arguments: { namespace: "octocat", name: "hello-world", build: 2 },
    });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result)).not.toContain(SANDBOX_USER_TOKEN);
    expect(textOfResult(result)).toContain("[redacted]");
    expect(h.logs.join("\n")).not.toContain(SANDBOX_USER_TOKEN);
    expect(JSON.stringify(h.access)).not.toContain(SANDBOX_USER_TOKEN);
  });
});

describe("HTTP mode: the access log", () => {
  it("says who changed what, without a secret's value", async () => {
    h = await startHttpHarness();
    const admin = await h.connect(SANDBOX_ADMIN_TOKEN);
    const result = await admin.callTool({
      name: "create_repo_secret",
      arguments: { namespace: "octocat", name: "hello-world", secret: "npm_token", data: "VALUE-THAT-STAYS-SECRET" },
    });
    expect(result.isError).toBeFalsy();
    const line = h.access.find((entry) => entry.tool === "create_repo_secret");
    expect(line).toMatchObject({
      user: "octocat",
      status: 200,
      args: { namespace: "octocat", name: "hello-world", secret: "npm_token" },
    });
    expect(JSON.stringify(h.access)).not.toContain("VALUE-THAT-STAYS-SECRET");
  });
});

describe("HTTP mode: per-user clients and caches", () => {
  it("keys the step-log cache by user: a log one user read is fetched again, with the other's token", async () => {
    h = await startHttpHarness();
    privateRepo();
    const identities = new Identities({ server: h.drone.url, timeoutMs: 5_000 }, 30_000);
    const admin = await identities.identify(`Bearer ${SANDBOX_ADMIN_TOKEN}`);
    const jane = await identities.identify(`Bearer ${SANDBOX_USER_TOKEN}`);
    expect([admin.login, jane.login]).toEqual(["octocat", "jane"]);
    expect(admin.key).not.toContain(SANDBOX_ADMIN_TOKEN);
    const ref = { namespace: "octocat", name: "ops", build: 1, stage: 1, step: 1 };
    const logPath = "/api/repos/octocat/ops/builds/1/logs/1/1";
    expect(await loadStepLog(admin.drone, ref)).toContain("ADMIN-ONLY-LOG-LINE\n");
    expect(await loadStepLog(admin.drone, ref)).toContain("ADMIN-ONLY-LOG-LINE\n");
    expect(h.drone.requestsTo(logPath)).toHaveLength(1);
    const denied = await loadStepLog(jane.drone, ref).catch((error: unknown) => error);
    expect(denied).toBeInstanceOf(DroneApiError);
    expect((denied as DroneApiError).status).toBe(404);
    expect(h.drone.requestsTo(logPath).map((r) => r.headers.authorization)).toEqual([
      `Bearer ${SANDBOX_ADMIN_TOKEN}`,
      `Bearer ${SANDBOX_USER_TOKEN}`,
    ]);
    // The same token again is the same user's client (and cache); the identity is not re-checked.
    expect((await identities.identify(`Bearer ${SANDBOX_ADMIN_TOKEN}`)).drone).toBe(admin.drone);
    expect(h.drone.requestsTo("/api/user").filter((r) => r.path === "/api/user")).toHaveLength(2);
  });
});

describe("HTTP mode: guards", () => {
  it("answers 401 with WWW-Authenticate for a missing or rejected token, and asks Drone once per bad token", async () => {
    h = await startHttpHarness();
    const missing = await post(h.endpoint, LIST_TOOLS);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe(
      'Bearer realm="drone-mcp", error_description="no token: send Authorization: Bearer <your Drone token>"',
    );
    expect(JSON.parse(missing.text).error.message).toMatch(/no token: send Authorization: Bearer/);

    const rejected = await post(h.endpoint, LIST_TOOLS, { Authorization: "Bearer not-a-real-token" });
    expect(rejected.status).toBe(401);
    expect(rejected.headers.get("www-authenticate")).toMatch(
      /^Bearer realm="drone-mcp", error="invalid_token", error_description="Drone rejected the token/,
    );
    await post(h.endpoint, LIST_TOOLS, { Authorization: "Bearer not-a-real-token" });
    expect(h.drone.requestsTo("/api/user")).toHaveLength(1);
    expect(h.drone.requests.every((r) => !r.path.startsWith("/api/repos"))).toBe(true);
    const line = h.access.find((entry) => entry.status === 401);
    expect(JSON.stringify(h.access)).not.toContain("not-a-real-token");
    expect(line?.reason).toBeDefined();

    // The SDK client gets an error it can show.
    await expect(h.connect("not-a-real-token")).rejects.toThrow();
  });

  it("slows down token guessing: failed checks are limited per address, known users pass", async () => {
    h = await startHttpHarness();
    const jane = { Authorization: `Bearer ${SANDBOX_USER_TOKEN}` };
    expect((await post(h.endpoint, LIST_TOOLS, jane)).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) {
      statuses.push((await post(h.endpoint, LIST_TOOLS, { Authorization: `Bearer guess-${i}` })).status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(4).fill(429));
    // Drone was asked about jane and the first 10 guesses only.
    expect(h.drone.requestsTo("/api/user").filter((r) => r.path === "/api/user")).toHaveLength(11);
    expect(h.access.at(-1)?.reason).toBe("too many failed token checks from this address");
    expect((await post(h.endpoint, LIST_TOOLS, jane)).status).toBe(200);
  });

  it("refuses a foreign Origin or Host (DNS rebinding) before looking at the token", async () => {
    h = await startHttpHarness();
    const auth = { Authorization: `Bearer ${SANDBOX_USER_TOKEN}` };
    const origin = await post(h.endpoint, LIST_TOOLS, { ...auth, Origin: "https://evil.example.com" });
    expect(origin.status).toBe(403);
    expect(origin.text).toContain("Origin");
    const local = await post(h.endpoint, LIST_TOOLS, { ...auth, Origin: "http://localhost:6274" });
    expect(local.status).toBe(200);
    expect(local.headers.get("access-control-allow-origin")).toBe("http://localhost:6274");
    // A browser's preflight from an allowed page is answered; a foreign page gets no CORS headers.
    const preflight = await fetch(h.endpoint, {
      method: "OPTIONS",
      headers: { Origin: "http://localhost:6274", "Access-Control-Request-Method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("Authorization");
    expect(origin.headers.get("access-control-allow-origin")).toBeNull();
    const host = await rawRequest(h.http.url, "evil.example.com:8787", auth);
    expect(host.status).toBe(403);
    expect(host.body).toContain("Host");
    expect(h.drone.requestsTo("/api/user")).toHaveLength(1);
  });

  it("refuses an oversized body with 413", async () => {
    h = await startHttpHarness({ DRONE_MCP_MAX_BODY_BYTES: "4096" });
    const big = {
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: "get_build", arguments: { namespace: "x".repeat(5000), name: "y", build: 1 } },
    };
    const answer = await post(h.endpoint, big, { Authorization: `Bearer ${SANDBOX_USER_TOKEN}` });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text).error.message).toBe("request body larger than 4096 bytes");
    expect(h.drone.requestsTo("/api/repos")).toHaveLength(0);
  });

  it("answers a flood with 429 and Retry-After, per user", async () => {
    h = await startHttpHarness({ DRONE_MCP_RATE_LIMIT: "10" });
    const jane = { Authorization: `Bearer ${SANDBOX_USER_TOKEN}` };
    const answers = [];
    for (let i = 0; i < 14; i++) answers.push(await post(h.endpoint, LIST_TOOLS, jane));
    const statuses = answers.map((a) => a.status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses.slice(10)).toEqual(Array(4).fill(429));
    const refused = answers[10];
    expect(Number(refused?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(refused?.text).toContain("rate limit of 10 requests a minute per user");
    // Another user is not affected.
    const admin = await post(h.endpoint, LIST_TOOLS, { Authorization: `Bearer ${SANDBOX_ADMIN_TOKEN}` });
    expect(admin.status).toBe(200);
  });

  it("limits the requests one user has in flight", async () => {
    h = await startHttpHarness({ DRONE_MCP_CONCURRENCY: "2" });
    h.drone.faults.push({ path: "/api/repos/octocat/hello-world/builds/2", delayMs: 500 });
    const call = (id: number) => ({
      jsonrpc: "2.0",
      id,
      method: "tools/call",
      params: { name: "get_build", arguments: { namespace: "octocat", name: "hello-world", build: 2 } },
    });
    const jane = { Authorization: `Bearer ${SANDBOX_USER_TOKEN}` };
    await post(h.endpoint, LIST_TOOLS, jane); // the identity is checked once, before the burst
    const answers = await Promise.all([1, 2, 3].map((id) => post(h.endpoint, call(id), jane)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 429]);
    expect(answers.find((a) => a.status === 429)?.text).toContain("too many requests at once (limit 2 per user)");
  });

  it("answers /healthz, and /readyz by whether Drone is reachable", async () => {
    h = await startHttpHarness();
    const health = await fetch(`${h.http.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${h.http.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ok", drone: "reachable" });
    expect(h.drone.requestsTo("/healthz")).toHaveLength(1);
    const get = await fetch(h.endpoint, { headers: { Authorization: `Bearer ${SANDBOX_USER_TOKEN}` } });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
  });
});

async function waitFor(check: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A POST with a chosen Host header (fetch does not let a caller set Host). */
async function rawRequest(
  base: string,
  host: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const { request } = await import("node:http");
  const url = new URL(`${base}/mcp`);
  const body = JSON.stringify(LIST_TOOLS);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: "/mcp",
        method: "POST",
        headers: {
          ...headers,
          Host: host,
          "Content-Type": "application/json",
          Accept: "application/json, text/event-stream",
          "Content-Length": Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
