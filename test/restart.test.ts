/** restart_build: the new build and its link, refusals explained, duplicates refused unless forced. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, startHarness, textOf } from "./helpers.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const posts = () => h.drone.requestsTo("/api/repos").filter((r) => r.method === "POST");

describe("restart_build", () => {
  it("returns the new number and link and says the whole pipeline runs again", async () => {
    const result = await h.call("restart_build", { namespace: "octocat", name: "hello-world", build: 2 });
    expect(result.isError).toBeFalsy();
    const text = textOf(result);
    expect(text).toMatch(/^Restarted #2 as build #4 \(pending\)/);
    expect(text).toContain("the whole pipeline again");
    expect(text).toContain(`${h.drone.url}/octocat/hello-world/4`);
    expect(result.structuredContent).toMatchObject({
      number: 4,
      parent: 2,
      url: `${h.drone.url}/octocat/hello-world/4`,
    });
  });

  it("does not take a pending promote of the build (same parent and commit) for a duplicate restart", async () => {
    // Seed build #3 is a promote of #1, still pending: a restart of #1 is something else.
    const result = await h.call("restart_build", { namespace: "octocat", name: "hello-world", build: 1 });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toMatch(/^Restarted #1 as build #4 \(pending\)/);
  });

  it("refuses a duplicate while a restart of the same build and commit is pending, unless forced", async () => {
    await h.call("restart_build", { namespace: "octocat", name: "hello-world", build: 2 });
    expect(posts()).toHaveLength(1);
    const again = await h.call("restart_build", { namespace: "octocat", name: "hello-world", build: 2 });
    expect(again.isError).toBe(true);
    expect(textOf(again)).toContain("build #4, a restart of #2 (same commit 7fd1a60b01), is already pending");
    expect(textOf(again)).toContain("force: true");
    expect(posts()).toHaveLength(1);

    const forced = await h.call("restart_build", { namespace: "octocat", name: "hello-world", build: 2, force: true });
    expect(forced.isError).toBeFalsy();
    expect(textOf(forced)).toMatch(/^Restarted #2 as build #5/);
    expect(posts()).toHaveLength(2);
  });

  it("restarts again once the earlier restart has finished", async () => {
    await h.call("restart_build", { namespace: "octocat", name: "hello-world", build: 2 });
    const repo = h.seeded.state.repoBySlug("octocat", "hello-world");
    const restarted = repo && h.seeded.state.findBuild(repo, 4);
    if (!restarted) throw new Error("no restart");
    restarted.status = "failure";
    const again = await h.call("restart_build", { namespace: "octocat", name: "hello-world", build: 2 });
    expect(again.isError).toBeFalsy();
    expect(posts()).toHaveLength(2);
  });

  it("explains why a declined build cannot be restarted, without asking Drone to", async () => {
    const repo = h.seeded.state.repoBySlug("octocat", "hello-world");
    const build = repo && h.seeded.state.findBuild(repo, 2);
    if (!build) throw new Error("seed changed");
    build.status = "declined";
    const result = await h.call("restart_build", { url: `${h.drone.url}/octocat/hello-world/2` });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("Drone does not restart a declined build");
    expect(posts()).toHaveLength(0);
  });

  it("refuses to run the same commit twice while the build itself still runs", async () => {
    const result = await h.call("restart_build", { namespace: "octocat", name: "hello-world", build: 3 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("Build #3 is still pending");
    expect(posts()).toHaveLength(0);
  });

  it("needs a build number or URL", async () => {
    const result = await h.call("restart_build", { namespace: "octocat", name: "hello-world" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("Say which build");
    expect(h.drone.requests).toHaveLength(0);
  });
});
