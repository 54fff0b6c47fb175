import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { Repo } from "../src/drone/types.js";
import { SANDBOX_USER_TOKEN } from "../src/sandbox/seed.js";
import { type Harness, startHarness, textOf } from "./helpers.js";

let h: Harness;
afterEach(async () => {
  await h.close();
});

const hello = { namespace: "octocat", name: "hello-world" };

describe("get_repo_badge", () => {
  it("reads status.svg for the default branch and says the status in words", async () => {
    h = await startHarness();
    const result = await h.call("get_repo_badge", hello);
    expect(result.isError).toBeFalsy();
    expect(h.drone.requests.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.query)}`)).toEqual([
      "GET /api/badges/octocat/hello-world/status.svg {}",
    ]);
    expect(textOf(result)).toMatch(
      /^Badge of octocat\/hello-world \(default branch\): started, the latest build is pending/,
    );
    expect(result.structuredContent).toMatchObject({
      status: "started",
      badge_url: `${h.drone.url}/api/badges/octocat/hello-world/status.svg`,
      markdown: `[![Build Status](${h.drone.url}/api/badges/octocat/hello-world/status.svg)](${h.drone.url}/octocat/hello-world)`,
    });
  });

  it("passes branch in the query and in the badge URL; a ref with no build is none", async () => {
    h = await startHarness();
    const result = await h.call("get_repo_badge", { ...hello, branch: "feature/greeting" });
    expect(h.drone.requests[0]?.query).toEqual({ branch: "feature/greeting" });
    expect(result.structuredContent).toMatchObject({
      status: "none",
      badge_url: `${h.drone.url}/api/badges/octocat/hello-world/status.svg?branch=feature%2Fgreeting`,
    });
  });

  it("a failed latest build shows as failure", async () => {
    h = await startHarness();
    const repo = h.seeded.state.repoBySlug("octocat", "hello-world") as Repo;
    h.seeded.state.addBuild(repo, { ref: "refs/tags/v1.0", event: "tag", status: "killed" });
    const result = await h.call("get_repo_badge", { ...hello, ref: "refs/tags/v1.0" });
    expect(h.drone.requests[0]?.query).toEqual({ ref: "refs/tags/v1.0" });
    expect(result.structuredContent).toMatchObject({ status: "failure" });
  });

  it("with ccmenu also reads cc.xml", async () => {
    h = await startHarness();
    const result = await h.call("get_repo_badge", { namespace: "acme", name: "api", ccmenu: true });
    expect(h.drone.requests.map((r) => r.path)).toEqual([
      "/api/badges/acme/api/status.svg",
      "/api/badges/acme/api/cc.xml",
    ]);
    expect(result.structuredContent).toMatchObject({
      status: "success",
      ccmenu: { activity: "Sleeping", last_build_status: "Success", last_build: "1" },
    });
  });

  it("with ccmenu says when there is no build yet (cc.xml 404, empty body)", async () => {
    h = await startHarness();
    const result = await h.call("get_repo_badge", { namespace: "acme", name: "docs", ccmenu: true });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ status: "none", ccmenu: "no build yet (or no access)" });
  });
});

describe("get_health", () => {
  it("reads /healthz and /varz", async () => {
    h = await startHarness();
    const result = await h.call("get_health");
    expect(h.drone.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /healthz", "GET /varz"]);
    expect(textOf(result)).toMatch(/is up\. Source host API: 4990 of 5000 requests left\./);
    expect(result.structuredContent).toMatchObject({
      healthy: true,
      healthz: "OK",
      scm_rate: { limit: 5000, remaining: 4990, resets: "2026-01-01T00:00:00Z" },
      license: { kind: "trial" },
    });
    expect((result.structuredContent as { license: object }).license).not.toHaveProperty("expire_at");
  });

  it("is still healthy when /varz is missing", async () => {
    h = await startHarness();
    h.drone.faults.push({ path: "/varz", status: 404, contentType: "text/plain", body: "404 page not found\n" });
    const result = await h.call("get_health");
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ healthy: true, healthz: "OK" });
  });

  it("says the server cannot be reached", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    h = await startHarness({ server: `http://127.0.0.1:${port}` });
    const result = await h.call("get_health");
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("connection refused");
  });
});

describe("get_system_stats", () => {
  it("reads /api/system/stats and lists only platforms with queued stages", async () => {
    h = await startHarness();
    const api = h.seeded.state.repoBySlug("acme", "api") as Repo;
    const build = h.seeded.state.addBuild(api, {
      status: "pending",
      stages: [{ name: "arm", status: "pending", steps: [{ name: "test", status: "pending" }] }],
    });
    Object.assign(build.stages?.[0] ?? {}, { arch: "arm", variant: "v7" });
    const result = await h.call("get_system_stats");
    expect(h.drone.requests[0]).toMatchObject({ method: "GET", path: "/api/system/stats" });
    expect(textOf(result)).toMatch(
      /^2 users, 2 active repos; builds: 1 pending, 0 running, 5 in all; 0 live log streams\./,
    );
    expect(result.structuredContent).toMatchObject({
      users: 2,
      active_repos: 2,
      builds: { pending: 1, running: 0, total: 5 },
      queued_stages_by_platform: [{ platform: "linux/arm/v7", pending: 1, running: 0 }],
    });
  });

  it("needs an admin token", async () => {
    h = await startHarness({ token: SANDBOX_USER_TOKEN });
    const result = await h.call("get_system_stats");
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("HTTP 403");
  });
});
