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
  it("without stage declines the whole build with POST .../builds/{n}/decline", async () => {
    const result = await h.call("decline_build", { ...args, build: 3 });
    expect(result.isError).toBeFalsy();
    expect(h.drone.requests.map((r) => `${r.method} ${r.path} ${r.body}`)).toEqual([
      "POST /api/repos/octocat/hello-world/builds/3/decline ",
    ]);
    expect(textOf(result)).toBe("Build #3 declined; none of its stages will run.");
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

  it("passes on Drone's 400 when a stage is not blocked", async () => {
    h.seeded.state.addBuild(hello, {
      status: "pending",
      stages: [
        { name: "approve", status: "blocked", steps: [{ name: "a" }] },
        { name: "deploy", status: "pending", steps: [{ name: "b" }] },
      ],
    });
    const result = await h.call("decline_build", { ...args, build: 4 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('HTTP 400: Cannot decline build with status "pending"');
    // Drone updates stages one by one: the first one stays declined.
    expect(h.seeded.state.findBuild(hello, 4)?.stages?.map((s) => s.status)).toEqual(["declined", "pending"]);
  });

  it("on a Drone older than 2.23 (no such route) says the server lacks the route", async () => {
    h.drone.faults.push({
      method: "POST",
      path: "/api/repos/octocat/hello-world/builds/3/decline",
      status: 404,
      contentType: "text/plain; charset=utf-8",
      body: "404 page not found\n",
    });
    const result = await h.call("decline_build", { ...args, build: 3 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      "Drone answered HTTP 404: 404 page not found. This Drone server has no such API route: it may be older than the feature, or DRONE_SERVER points at something else.",
    );
  });

  it("a user without repo admin gets Drone's 404", async () => {
    await h.close();
    h = await startHarness({ token: "sandbox-user-token" });
    const result = await h.call("decline_build", { ...args, build: 3 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("HTTP 404: Not Found");
  });
});
