/** list_recent_builds and wait_for_build (progress notifications, timeout, cancellation). */
import type { Progress } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import type { Build, Repo } from "../src/drone/types.js";
import { finishBuild, startBuild } from "../src/sandbox/lifecycle.js";
import { SANDBOX_USER_TOKEN } from "../src/sandbox/seed.js";
import { type Harness, jsonOf, startHarness, textOf } from "./helpers.js";

let h: Harness;
afterEach(async () => {
  await h.close();
});

function hello(): Repo {
  const repo = h.seeded.state.repoBySlug("octocat", "hello-world");
  if (!repo) throw new Error("seed changed");
  return repo;
}

/** A new build that has started running: clone running, test pending. */
function runningBuild(): Build {
  const build = h.seeded.state.addBuild(hello(), {
    status: "pending",
    started: 0,
    finished: 0,
    stages: [
      {
        name: "default",
        status: "pending",
        steps: [
          { name: "clone", status: "pending" },
          { name: "test", status: "pending" },
        ],
      },
    ],
  });
  startBuild(build);
  return build;
}

const buildPolls = (number: number) =>
  h.drone.requestsTo(`/api/repos/octocat/hello-world/builds/${number}`).filter((r) => r.method === "GET");

describe("list_recent_builds", () => {
  it("lists the user's recent builds across repositories, newest first", async () => {
    h = await startHarness({ token: SANDBOX_USER_TOKEN });
    const result = await h.call("list_recent_builds");
    expect(h.drone.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /api/user/builds"]);
    const items = jsonOf<Array<{ repo: string; number: number; status: string }>>(result);
    expect(items.map((b) => `${b.repo}#${b.number}`)).toEqual([
      "acme/api#1",
      "octocat/hello-world#3",
      "octocat/hello-world#2",
      "octocat/hello-world#1",
    ]);
    expect(textOf(result)).toMatch(/^Your 4 most recent builds, newest first\./);
  });

  it("filters by status, with failing meaning failure or error", async () => {
    h = await startHarness();
    h.seeded.state.addBuild(hello(), { status: "error", error: "yaml: bad" });
    const failing = await h.call("list_recent_builds", { status: "failing" });
    expect(jsonOf<Array<{ number: number; status: string }>>(failing).map((b) => [b.number, b.status])).toEqual([
      [4, "error"],
      [2, "failure"],
    ]);
    expect(textOf(failing)).toMatch(/^2 failing among your 5 most recent builds\./);
    const failure = await h.call("list_recent_builds", { status: "failure" });
    expect(jsonOf<unknown[]>(failure)).toHaveLength(1);
  });
});

describe("wait_for_build", () => {
  it("waits until the build finishes and sends progress notifications to a client that asked", async () => {
    h = await startHarness();
    const build = runningBuild();
    setTimeout(() => finishBuild(h.seeded.state, hello(), build, { status: "success" }), 400);
    const progress: Progress[] = [];
    const result = await h.client.callTool(
      { name: "wait_for_build", arguments: { namespace: "octocat", name: "hello-world", build: build.number } },
      undefined,
      { onprogress: (p) => progress.push(p) },
    );
    expect(result.structuredContent).toMatchObject({ finished: true, status: "success", build: build.number });
    expect(textOf(result as never)).toMatch(new RegExp(`^octocat/hello-world #${build.number} finished: success`));
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress[0]?.message).toBe(`#${build.number} running: 0 of 2 steps finished; running default/clone`);
    expect(progress.at(-1)?.message).toBe(`#${build.number} finished: success`);
    const values = progress.map((p) => p.progress);
    expect([...values].sort((a, b) => a - b)).toEqual(values);
    expect(new Set(values).size).toBe(values.length);
    expect(progress[0]?.total).toBe(45);
  });

  it("follows Drone's event stream: one stream, the build read once after it opened, no polling", async () => {
    h = await startHarness();
    const build = runningBuild();
    // Past the first poll (1 s): a poller would have read the build again by then.
    setTimeout(() => finishBuild(h.seeded.state, hello(), build, { status: "success" }), 1_300);
    const result = await h.call("wait_for_build", { namespace: "octocat", name: "hello-world", build: build.number });
    expect(result.structuredContent).toMatchObject({ finished: true, status: "success" });
    const streams = h.drone.requestsTo("/api/stream");
    expect(streams.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /api/stream/octocat/hello-world"]);
    expect(streams[0]?.headers.accept).toBe("text/event-stream");
    // The build: once to resolve it, once when the stream opened (so no change falls between).
    expect(buildPolls(build.number)).toHaveLength(2);
  });

  it("falls back to polling when the server offers no event stream", async () => {
    h = await startHarness();
    const build = runningBuild();
    h.drone.faults.push({ path: "/api/stream/octocat/hello-world", status: 404, body: "404 page not found" });
    setTimeout(() => finishBuild(h.seeded.state, hello(), build, { status: "success" }), 1_300);
    const result = await h.call("wait_for_build", { namespace: "octocat", name: "hello-world", build: build.number });
    expect(result.structuredContent).toMatchObject({ finished: true, status: "success" });
    expect(h.drone.requestsTo("/api/stream")).toHaveLength(1);
    expect(buildPolls(build.number).length).toBeGreaterThanOrEqual(3);
  });

  it("polls for the rest of the wait when the event stream ends early", async () => {
    h = await startHarness();
    const build = runningBuild();
    const drop = setTimeout(() => h.seeded.state.events.disconnectAll(), 300);
    setTimeout(() => finishBuild(h.seeded.state, hello(), build, { status: "failure" }), 1_300);
    const result = await h.call("wait_for_build", { namespace: "octocat", name: "hello-world", build: build.number });
    clearTimeout(drop);
    expect(result.structuredContent).toMatchObject({ finished: true, status: "failure" });
    expect(buildPolls(build.number).length).toBeGreaterThanOrEqual(3);
  });

  it("returns the failure summary when the build fails", async () => {
    h = await startHarness();
    const build = runningBuild();
    setTimeout(
      () =>
        finishBuild(h.seeded.state, hello(), build, {
          status: "failure",
          logs: { "1/2": ["+ go test ./...", "--- FAIL: TestGreeting (0.00s)", "FAIL"] },
        }),
      200,
    );
    const result = await h.call("wait_for_build", { namespace: "octocat", name: "hello-world", build: build.number });
    expect(result.structuredContent).toMatchObject({ finished: true, status: "failure" });
    expect(textOf(result)).toContain("--- FAIL: TestGreeting");
    expect(result.content.some((c) => c.type === "resource_link")).toBe(true);
  });

  it("answers finished: false with the time waited and the status when its timeout passes", async () => {
    h = await startHarness();
    const build = runningBuild();
    const started = Date.now();
    const result = await h.call("wait_for_build", {
      namespace: "octocat",
      name: "hello-world",
      build: build.number,
      timeout_seconds: 1,
    });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(result.structuredContent).toMatchObject({ finished: false, status: "running", build: build.number });
    expect(textOf(result)).toContain("has not finished after 1 s");
    expect(textOf(result)).toContain("Call wait_for_build again");
  });

  it("stops polling when the client cancels the call", async () => {
    h = await startHarness();
    const build = runningBuild();
    const controller = new AbortController();
    setTimeout(() => controller.abort("user cancelled"), 1300);
    const call = h.client.callTool(
      { name: "wait_for_build", arguments: { namespace: "octocat", name: "hello-world", build: build.number } },
      undefined,
      { signal: controller.signal },
    );
    await expect(call).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const afterCancel = buildPolls(build.number).length;
    expect(afterCancel).toBeGreaterThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(buildPolls(build.number)).toHaveLength(afterCancel);
  });

  it("does not wait for a build that awaits approval", async () => {
    h = await startHarness();
    const result = await h.call("wait_for_build", { namespace: "octocat", name: "hello-world", build: 3 });
    expect(result.structuredContent).toMatchObject({ finished: false, awaiting_approval: "deploy (stage 1)" });
    expect(textOf(result)).toContain("approve_build or decline_build");
  });
});
