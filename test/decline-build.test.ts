import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Repo } from "../src/drone/types.js";
import { type Harness, startHarness, textOf } from "./helpers.js";

let h: Harness;
let hello: Repo;
beforeEach(async () => {
  h = await startHarness();
  hello = h.seeded.state.repoBySlug("octocat", "hello-world") as Repo;
});
afterEach(async () => {
  await h.close();
});

const args = { namespace: "octocat", name: "hello-world" };

describe("decline_build", () => {
  it("without stage, when every stage is blocked, declines the whole build with POST .../builds/{n}/decline", async () => {
    const result = await h.call("decline_build", { ...args, build: 3 });
    expect(result.isError).toBeFalsy();
    expect(h.drone.requests.map((r) => `${r.method} ${r.path} ${r.body}`)).toEqual([
      "GET /api/repos/octocat/hello-world/builds/3 ",
      "POST /api/repos/octocat/hello-world/builds/3/decline ",
    ]);
    expect(textOf(result)).toBe('Build #3 declined (stage 1 "deploy"); none of its stages will run.');
    const build = h.seeded.state.findBuild(hello, 3);
    expect(build?.status).toBe("declined");
    expect(build?.stages?.map((s) => s.status)).toEqual(["declined"]);
  });

  it("with stage declines that stage as before", async () => {
    const result = await h.call("decline_build", { ...args, build: 3, stage: 1 });
    expect(result.isError).toBeFalsy();
    expect(h.drone.requests[0]).toMatchObject({
      method: "POST",
      path: "/api/repos/octocat/hello-world/builds/3/decline/1",
    });
  });

  it("without stage, when only some stages are blocked, declines each blocked stage and says which", async () => {
    h.seeded.state.addBuild(hello, {
      status: "pending",
      stages: [
        { name: "approve", status: "blocked", steps: [{ name: "a" }] },
        { name: "deploy", status: "pending", steps: [{ name: "b" }] },
        { name: "notify", status: "blocked", steps: [{ name: "c" }] },
      ],
    });
    const result = await h.call("decline_build", { ...args, build: 4 });
    expect(result.isError).toBeFalsy();
    expect(h.drone.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /api/repos/octocat/hello-world/builds/4",
      "POST /api/repos/octocat/hello-world/builds/4/decline/1",
      "POST /api/repos/octocat/hello-world/builds/4/decline/3",
    ]);
    expect(textOf(result)).toBe(
      'Build #4 declined: stage 1 "approve", stage 3 "notify" will not run; the build is now declined.',
    );
    const build = h.seeded.state.findBuild(hello, 4);
    expect(build?.status).toBe("declined");
    expect(build?.stages?.map((s) => s.status)).toEqual(["declined", "pending", "declined"]);
  });

  it("without stage, on a build with nothing blocked, says so and sends nothing", async () => {
    const result = await h.call("decline_build", { ...args, build: 2 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      'Nothing to decline: build #2 (failure) has no stage awaiting approval (stages: 1 "default" failure).',
    );
    expect(h.drone.requests.map((r) => r.method)).toEqual(["GET"]);
  });

  it("on a Drone older than 2.23 (no whole-build route) declines stage by stage", async () => {
    h.drone.faults.push({
      method: "POST",
      path: "/api/repos/octocat/hello-world/builds/3/decline",
      status: 404,
      contentType: "text/plain; charset=utf-8",
      body: "404 page not found\n",
    });
    const result = await h.call("decline_build", { ...args, build: 3 });
    expect(result.isError).toBeFalsy();
    expect(h.drone.requests.map((r) => `${r.method} ${r.path}`).slice(1)).toEqual([
      "POST /api/repos/octocat/hello-world/builds/3/decline",
      "POST /api/repos/octocat/hello-world/builds/3/decline/1",
    ]);
    expect(h.seeded.state.findBuild(hello, 3)?.status).toBe("declined");
  });

  it("a user without repo admin gets Drone's 404", async () => {
    await h.close();
    h = await startHarness({ token: "sandbox-user-token" });
    const result = await h.call("decline_build", { ...args, build: 3 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("HTTP 404: Not Found");
  });
});
