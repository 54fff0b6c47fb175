/**
 * A misbehaving Drone: every fault becomes a clear tool error (isError: true), the next call
 * works, and no result or stderr line ever contains the token.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SANDBOX_ADMIN_TOKEN, seedSandbox } from "../src/sandbox/seed.js";
import { startDroneSandbox } from "../src/sandbox/server.js";
import { type Harness, startHarness, textOf } from "./helpers.js";

const REPO = { namespace: "octocat", name: "hello-world" };
const BUILD_PATH = "/api/repos/octocat/hello-world/builds/1";

let h: Harness;
const seen: CallToolResult[] = [];

async function call(name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  const result = await h.call(name, args);
  seen.push(result);
  return result;
}

/** The follow-up call every fault test makes: the server still works. */
async function expectServerStillWorks(): Promise<void> {
  const result = await call("get_build", { ...REPO, build: 1 });
  expect(result.isError).toBeFalsy();
  expect(textOf(result)).toMatch(/^Build #1 /);
}

beforeEach(async () => {
  h = await startHarness({ timeoutMs: 1_500 });
  seen.length = 0;
});
afterEach(async () => {
  // The token scan: every result of the test and every line the server logged.
  const everything = JSON.stringify(seen) + h.logs.join("\n");
  expect(everything).not.toContain(SANDBOX_ADMIN_TOKEN);
  await h.close();
});

describe("faults", () => {
  it("a timeout: says so, names DRONE_TIMEOUT_MS", async () => {
    h.drone.faults.push({ path: BUILD_PATH, delayMs: 5_000, times: 1 });
    const started = Date.now();
    const result = await call("get_build", { ...REPO, build: 1 });
    expect(Date.now() - started).toBeLessThan(4_500);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("did not answer in time");
    expect(textOf(result)).toContain("DRONE_TIMEOUT_MS");
    await expectServerStillWorks();
  });

  it("a body that stalls after the headers also ends at the timeout", async () => {
    h.drone.faults.push({ path: BUILD_PATH, status: 200, body: '{"id":1,"number":1}', hang: "mid", times: 1 });
    const started = Date.now();
    const result = await call("get_build", { ...REPO, build: 1 });
    expect(Date.now() - started).toBeLessThan(4_500);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("did not answer in time (no answer within 1500 ms)");
    await expectServerStillWorks();
  });

  it("a streamed step log whose headers never come ends at the timeout too", async () => {
    h.drone.faults.push({ path: `${BUILD_PATH}/logs/1/2`, delayMs: 5_000, times: 1 });
    const started = Date.now();
    const result = await call("get_build_logs", { ...REPO, build: 1, stage: 1, step: 2 });
    expect(Date.now() - started).toBeLessThan(4_500);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("did not answer in time (no answer within 1500 ms)");
    await expectServerStillWorks();
  });

  it("connection refused: says the server cannot be reached and names DRONE_SERVER; works once Drone is back", async () => {
    await h.close();
    const probe = await startHarness();
    const closedUrl = probe.drone.url;
    await probe.close();
    h = await startHarness({ server: closedUrl });
    const result = await call("get_current_user");
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("connection refused");
    expect(textOf(result)).toContain("DRONE_SERVER");
    const back = await startDroneSandbox({ state: seedSandbox().state, port: Number(new URL(closedUrl).port) });
    try {
      const again = await call("get_current_user");
      expect(again.isError).toBeFalsy();
      expect(textOf(again)).toContain("octocat");
    } finally {
      await back.close();
    }
  });

  it("a connection reset before any answer", async () => {
    h.drone.faults.push({ path: BUILD_PATH, destroy: "before", times: 3 });
    const result = await call("get_build", { ...REPO, build: 1 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("broke before the answer was complete");
    expect(h.drone.requestsTo(BUILD_PATH)).toHaveLength(3); // a GET: retried twice
    await expectServerStillWorks();
  });

  it("a connection reset in the middle of the body", async () => {
    const body = JSON.stringify({ id: 1, number: 1, status: "success", padding: "x".repeat(200_000) });
    h.drone.faults.push({ path: BUILD_PATH, status: 200, body, destroy: "mid", times: 1 });
    const result = await call("get_build", { ...REPO, build: 1 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("broke before the answer was complete");
    await expectServerStillWorks();
  });

  it("429 with Retry-After on a read: waits as asked and retries, within the timeout", async () => {
    h.drone.faults.push({ path: BUILD_PATH, status: 429, headers: { "Retry-After": "1" }, body: "", times: 1 });
    const started = Date.now();
    const result = await call("get_build", { ...REPO, build: 1 });
    expect(result.isError).toBeFalsy();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(h.drone.requestsTo(BUILD_PATH)).toHaveLength(2);
  });

  it("429 whose Retry-After is longer than the timeout: fails at once and says how long to wait", async () => {
    h.drone.faults.push({ path: BUILD_PATH, status: 429, headers: { "Retry-After": "120" }, times: 1 });
    const started = Date.now();
    const result = await call("get_build", { ...REPO, build: 1 });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("HTTP 429");
    expect(textOf(result)).toContain("wait 120 s");
    expect(h.drone.requestsTo(BUILD_PATH)).toHaveLength(1);
    await expectServerStillWorks();
  });

  it("429 on a POST is never retried", async () => {
    h.drone.faults.push({ method: "POST", path: BUILD_PATH, status: 429, headers: { "Retry-After": "1" }, times: 1 });
    const result = await call("restart_build", { ...REPO, build: 1 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("HTTP 429");
    expect(textOf(result)).toContain("not repeated automatically");
    expect(h.drone.requestsTo(BUILD_PATH).filter((r) => r.method === "POST")).toHaveLength(1);
    await expectServerStillWorks();
  });

  it.each([500, 502, 503])("HTTP %i on a read: retried, then a clear error", async (status) => {
    h.drone.faults.push({ path: BUILD_PATH, status, body: '{"message":"boom"}', times: 3 });
    const result = await call("get_build", { ...REPO, build: 1 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(`HTTP ${status}: boom`);
    expect(textOf(result)).toMatch(status === 500 ? /internal problem/ : /unavailable/);
    expect(h.drone.requestsTo(BUILD_PATH)).toHaveLength(3);
    await expectServerStillWorks();
  });

  it("HTTP 502 on a DELETE is sent once, never retried", async () => {
    h.drone.faults.push({ method: "DELETE", path: BUILD_PATH, status: 502, body: "", times: 3 });
    const result = await call("cancel_build", { ...REPO, build: 1 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("HTTP 502");
    expect(h.drone.requestsTo(BUILD_PATH).filter((r) => r.method === "DELETE")).toHaveLength(1);
    await expectServerStillWorks();
  });

  it("an HTML error page from a proxy is summarised, not pasted", async () => {
    const html = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>${"<p>filler</p>".repeat(500)}</body></html>`;
    h.drone.faults.push({ path: BUILD_PATH, status: 502, body: html, contentType: "text/html", times: 3 });
    const result = await call("get_build", { ...REPO, build: 1 });
    expect(result.isError).toBe(true);
    const text = textOf(result);
    expect(text).toContain('an HTML page titled "502 Bad Gateway"');
    expect(text).not.toContain("<");
    expect(text.length).toBeLessThan(400);
    await expectServerStillWorks();
  });

  it("an HTML page with status 200 where JSON should be", async () => {
    const html = "<html><head><title>Sign in - SSO</title></head><body>login form</body></html>";
    h.drone.faults.push({ path: BUILD_PATH, status: 200, body: html, contentType: "text/html", times: 1 });
    const result = await call("get_build", { ...REPO, build: 1 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('HTML page titled "Sign in - SSO"');
    expect(textOf(result)).toContain("DRONE_SERVER");
    expect(textOf(result)).not.toContain("login form");
    await expectServerStillWorks();
  });

  it("a body that is not valid JSON", async () => {
    h.drone.faults.push({ path: BUILD_PATH, status: 200, body: '{"id": 1, "status": "succ', times: 1 });
    const result = await call("get_build", { ...REPO, build: 1 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("is not valid JSON");
    await expectServerStillWorks();
  });

  it("a body of many megabytes is capped: reading stops and the error says it was cut", async () => {
    const body = `[${'"x",'.repeat(2_500_000)}"x"]`; // ~10 MB
    expect(body.length).toBeGreaterThan(9 * 1024 * 1024);
    h.drone.faults.push({ path: "/api/user/repos", status: 200, body, times: 1 });
    const result = await call("list_user_repos");
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("larger than 8 MiB");
    expect(textOf(result)).toContain("cut");
    await expectServerStillWorks();
  });

  it("an access_token in a redirect's Location and in an error page is never shown", async () => {
    h.drone.faults.push({
      path: BUILD_PATH,
      status: 302,
      headers: { Location: `https://sso.example.com/login?next=/x&access_token=${SANDBOX_ADMIN_TOKEN}` },
      times: 1,
    });
    const redirected = await call("get_build", { ...REPO, build: 1 });
    expect(redirected.isError).toBe(true);
    expect(textOf(redirected)).toContain("access_token=[redacted]).");
    expect(textOf(redirected)).toContain("redirect");
    h.drone.faults.push({
      path: BUILD_PATH,
      status: 400,
      body: `{"message":"bad token ${SANDBOX_ADMIN_TOKEN} in /api?access_token=${SANDBOX_ADMIN_TOKEN}"}`,
      times: 1,
    });
    const echoed = await call("get_build", { ...REPO, build: 1 });
    expect(echoed.isError).toBe(true);
    expect(textOf(echoed)).toContain("[redacted]");
    await expectServerStillWorks();
  });

  it("a token echoed in a successful answer is redacted from the text and structuredContent", async () => {
    h.seeded.state.users[0]!.email = `leak-${SANDBOX_ADMIN_TOKEN}@example.com`;
    const result = await call("get_current_user");
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain("leak-[redacted]@example.com");
    expect(JSON.stringify(result.structuredContent)).toContain("leak-[redacted]@example.com");
  });
});

describe("concurrency", () => {
  it("50 concurrent calls, slow and fast mixed: fast ones are not held up by slow ones", async () => {
    await h.close();
    h = await startHarness({ timeoutMs: 10_000 });
    h.drone.faults.push({ path: BUILD_PATH, delayMs: 1_200 });
    const finished: Array<{ kind: "slow" | "fast"; at: number; ok: boolean }> = [];
    const started = Date.now();
    const calls = Array.from({ length: 50 }, (_, i) => {
      const slow = i % 2 === 0;
      const promise = slow ? call("get_build", { ...REPO, build: 1 }) : call("get_build", { ...REPO, build: 2 });
      return promise.then((result) => {
        finished.push({ kind: slow ? "slow" : "fast", at: Date.now() - started, ok: !result.isError });
        return result;
      });
    });
    const results = await Promise.all(calls);
    expect(results.every((r) => !r.isError)).toBe(true);
    expect(finished.every((f) => f.ok)).toBe(true);
    const slowest = (kind: "slow" | "fast") => Math.max(...finished.filter((f) => f.kind === kind).map((f) => f.at));
    const fastest = (kind: "slow" | "fast") => Math.min(...finished.filter((f) => f.kind === kind).map((f) => f.at));
    // Every fast answer arrived before the first slow one: the slow requests ran alongside, not ahead.
    expect(slowest("fast")).toBeLessThan(fastest("slow"));
    // The 25 slow requests overlapped instead of queueing (25 x 1.2 s in a row would be 30 s).
    expect(slowest("slow")).toBeLessThan(8_000);
    expect(h.drone.requestsTo(BUILD_PATH)).toHaveLength(25);
  });
});
