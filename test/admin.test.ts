import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, jsonOf, startHarness, textOf } from "./helpers.js";
import { expectOneRequest } from "./requests.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  // A running build with one running and one pending stage, on acme/api (build #2).
  const api = h.seeded.state.repoBySlug("acme", "api");
  if (!api) throw new Error("seed changed: acme/api is missing");
  h.seeded.state.addBuild(api, {
    status: "running",
    message: "Add metrics",
    ref: "refs/heads/master",
    finished: 0,
    stages: [
      { name: "test", status: "running", steps: [{ name: "test" }] },
      { name: "deploy", status: "pending", steps: [{ name: "deploy" }] },
    ],
  });
});
afterEach(async () => {
  await h.close();
});

describe("admin toolset: queue and running builds", () => {
  it("get_queue lists pending and running stages", async () => {
    const result = await h.call("get_queue");
    expectOneRequest(h, { method: "GET", path: "/api/queue" });
    expect(textOf(result)).toMatch(/^2 queued stages\.\n/);
    const items = jsonOf<Array<{ name: string; status: string; stage: number; platform: string }>>(result);
    expect(items.map((i) => [i.name, i.status, i.stage])).toEqual([
      ["test", "running", 1],
      ["deploy", "pending", 2],
    ]);
    expect(items[0]?.platform).toBe("linux/amd64");
  });

  it("pause_queue and resume_queue confirm the 204 in one line", async () => {
    const paused = await h.call("pause_queue");
    expectOneRequest(h, { method: "DELETE", path: "/api/queue" });
    expect(paused.content).toHaveLength(1);
    expect(textOf(paused)).toMatch(/^Build queue paused/);
    expect(h.seeded.state.queuePaused).toBe(true);

    h.drone.requests.length = 0;
    const resumed = await h.call("resume_queue");
    expectOneRequest(h, { method: "POST", path: "/api/queue" });
    expect(textOf(resumed)).toMatch(/^Build queue resumed/);
    expect(h.seeded.state.queuePaused).toBe(false);
  });

  it("list_incomplete_builds flattens each repo and its build", async () => {
    const result = await h.call("list_incomplete_builds");
    expectOneRequest(h, { method: "GET", path: "/api/builds/incomplete" });
    expect(textOf(result)).toMatch(/^1 incomplete builds\.\n/);
    expect(jsonOf(result)).toEqual([
      expect.objectContaining({
        repo: "acme/api",
        number: 2,
        status: "running",
        branch: "master",
        message: "Add metrics",
      }),
    ]);
  });

  it("list_incomplete_builds_v2 gives one row per stage", async () => {
    const result = await h.call("list_incomplete_builds_v2");
    expectOneRequest(h, { method: "GET", path: "/api/builds/incomplete/v2" });
    expect(jsonOf(result)).toEqual([
      expect.objectContaining({ repo: "acme/api", build: 2, stage: "test", status: "running", author: "octocat" }),
      expect.objectContaining({ repo: "acme/api", build: 2, stage: "deploy", status: "pending" }),
    ]);
  });
});
