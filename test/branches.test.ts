import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Repo } from "../src/drone/types.js";
import { goPathSegment, wildcardPath } from "../src/drone/wildcard.js";
import { type Harness, jsonOf, startHarness, textOf } from "./helpers.js";

let h: Harness;
let hello: Repo;
beforeEach(async () => {
  h = await startHarness();
  const state = h.seeded.state;
  hello = state.repoBySlug("octocat", "hello-world") as Repo;
  // #4 push on feature/greeting, #5 red PR 12, #6 tag (not indexed), #7 rollback of production.
  state.addBuild(hello, { ref: "refs/heads/feature/greeting", message: "Greet politely" });
  state.addBuild(hello, { event: "pull_request", ref: "refs/pull/12/head", target: "main", status: "failure" });
  state.addBuild(hello, { event: "tag", ref: "refs/tags/v1.0.0" });
  state.addBuild(hello, { event: "rollback", deploy_to: "production", parent: 1 });
});
afterEach(async () => {
  await h.close();
});

const args = { namespace: "octocat", name: "hello-world" };

describe("latest build per branch, PR and deploy target", () => {
  it("list_branch_builds reads /builds/branches and names the red branches", async () => {
    const result = await h.call("list_branch_builds", args);
    expect(result.isError).toBeFalsy();
    expect(h.drone.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /api/repos/octocat/hello-world/builds/branches",
    ]);
    expect(textOf(result)).toMatch(/^2 branches: 1 success, 1 failure \(main\)\./);
    const items = jsonOf<Array<{ number: number; branch: string; status: string }>>(result);
    expect(items.map((b) => [b.number, b.branch, b.status])).toEqual([
      [4, "feature/greeting", "success"],
      [2, "main", "failure"],
    ]);
  });

  it("list_pull_request_builds adds the PR number", async () => {
    const result = await h.call("list_pull_request_builds", args);
    expect(h.drone.requests[0]?.path).toBe("/api/repos/octocat/hello-world/builds/pulls");
    expect(textOf(result)).toMatch(/^1 pull request: 1 failure \(#12\)\./);
    expect(jsonOf<Array<{ pull: number; number: number }>>(result)).toMatchObject([{ pull: 12, number: 5 }]);
  });

  it("list_deployments shows the newest promote or rollback per target", async () => {
    const result = await h.call("list_deployments", args);
    expect(h.drone.requests[0]?.path).toBe("/api/repos/octocat/hello-world/builds/deployments");
    expect(jsonOf<Array<{ number: number; deploy_to: string; event: string }>>(result)).toMatchObject([
      { number: 7, deploy_to: "production" },
    ]);
  });

  it("delete_branch_builds keeps '/' between escaped parts and the branch leaves the list", async () => {
    const result = await h.call("delete_branch_builds", { ...args, branch: "feature/greeting" });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain("feature/greeting is no longer in the latest-per-branch list");
    expect(h.drone.requests[0]).toMatchObject({
      method: "DELETE",
      path: "/api/repos/octocat/hello-world/builds/branches/feature/greeting",
      body: "",
    });
    const after = await h.call("list_branch_builds", args);
    expect(jsonOf<Array<{ branch: string }>>(after).map((b) => b.branch)).toEqual(["main"]);
  });

  it("escapes a branch the way Go does, so Drone sees the real name", async () => {
    const branch = "release+1/fix (rc)";
    h.seeded.state.addBuild(hello, { ref: `refs/heads/${branch}` });
    await h.call("delete_branch_builds", { ...args, branch });
    expect(h.drone.requests[0]?.path).toBe("/api/repos/octocat/hello-world/builds/branches/release+1/fix%20%28rc%29");
    const after = await h.call("list_branch_builds", args);
    expect(jsonOf<Array<{ branch: string }>>(after).map((b) => b.branch)).not.toContain(branch);
  });

  it("refuses '..' and empty parts before sending anything", async () => {
    for (const branch of ["../../secrets", "feature//x", "a/./b"]) {
      const result = await h.call("delete_branch_builds", { ...args, branch });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/^Branch ".*" has a part/);
    }
    expect(h.drone.requests).toHaveLength(0);
  });

  it("delete_pull_request_builds and delete_deployments send the number and the target", async () => {
    await h.call("delete_pull_request_builds", { ...args, pull: 12 });
    await h.call("delete_deployments", { ...args, target: "production" });
    expect(h.drone.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "DELETE /api/repos/octocat/hello-world/builds/pulls/12",
      "DELETE /api/repos/octocat/hello-world/builds/deployments/production",
    ]);
    expect(textOf(await h.call("list_pull_request_builds", args))).toMatch(/^No pull requests with builds\./);
    expect(textOf(await h.call("list_deployments", args))).toMatch(/^No deploy targets with builds\./);
  });

  it("a user without write access gets Drone's 404 advice on delete", async () => {
    await h.close();
    h = await startHarness({ token: "sandbox-user-token" });
    const result = await h.call("delete_deployments", { namespace: "acme", name: "api", target: "production" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("HTTP 404: Not Found");
  });
});

describe("wildcardPath", () => {
  it("matches Go's url.PathEscape for each part", () => {
    expect(goPathSegment("a b$&+,:;=@!'()*~é")).toBe("a%20b$&+,:;=@%21%27%28%29%2A~%C3%A9");
    expect(wildcardPath("feature/x#1?", "Branch")).toBe("feature/x%231%3F");
  });
});
