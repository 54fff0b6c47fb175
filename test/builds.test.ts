import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SANDBOX_ADMIN_TOKEN } from "../src/sandbox/seed.js";
import { type Harness, jsonOf, startHarness, textOf } from "./helpers.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

describe("builds toolset", () => {
  it("list_builds sends paging and branch in the query and says how to get the next page", async () => {
    const result = await h.call("list_builds", {
      namespace: "octocat",
      name: "hello-world",
      branch: "main",
      page: 1,
      per_page: 2,
    });
    expect(result.isError).toBeFalsy();
    const [request] = h.drone.requestsTo("/api/repos");
    expect(request).toMatchObject({
      method: "GET",
      path: "/api/repos/octocat/hello-world/builds",
      query: { page: "1", per_page: "2", branch: "main" },
    });
    expect(request?.headers.authorization).toBe(`Bearer ${SANDBOX_ADMIN_TOKEN}`);
    expect(request?.headers["user-agent"]).toMatch(/^drone-mcp\/\d/);
    expect(textOf(result)).toContain("call again with page=2");
    const items = jsonOf<Array<{ number: number; status: string }>>(result);
    expect(items.map((b) => b.number)).toEqual([3, 2]);
    expect(result.structuredContent).toMatchObject({ count: 2, next_page: 2 });
  });

  it("get_build latest uses the static route with branch and returns stages and steps", async () => {
    const result = await h.call("get_build", { namespace: "octocat", name: "hello-world", build: "latest" });
    expect(h.drone.requestsTo("/api/repos")[0]).toMatchObject({
      path: "/api/repos/octocat/hello-world/builds/latest",
      query: {},
    });
    expect(textOf(result)).toMatch(/^Build #3 pending/);
    const data = result.structuredContent as { stages: Array<{ status: string; steps: unknown[] }> };
    expect(data.stages[0]?.status).toBe("blocked");
  });

  it("restart_build puts params in the query string and reports the new build", async () => {
    const result = await h.call("restart_build", {
      namespace: "octocat",
      name: "hello-world",
      build: 2,
      params: { DEPLOY: "no" },
    });
    const request = h.drone.requestsTo("/api/repos").find((r) => r.method === "POST");
    expect(request).toMatchObject({ method: "POST", path: "/api/repos/octocat/hello-world/builds/2", body: "" });
    expect(request?.query).toEqual({ DEPLOY: "no" });
    expect(textOf(result)).toMatch(/^Restarted #2 as build #4 \(pending\)/);
  });

  it("create_build says in words that nothing was triggered when Drone answers null", async () => {
    h.seeded.state.branches.get(1)?.set("no-ci", "abc");
    const result = await h.call("create_build", { namespace: "octocat", name: "hello-world", branch: "no-ci" });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toMatch(/^Drone started no build/);
    expect(result.structuredContent).toEqual({ triggered: false });
  });

  it("rejects a traversal attempt before sending anything", async () => {
    const result = await h.call("get_build", { namespace: "..", name: "hello-world", build: 1 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("Repo owner must not be");
    expect(h.drone.requests).toHaveLength(0);
  });

  it("maps a 404 to advice about namespace, name and number", async () => {
    const result = await h.call("get_build", { namespace: "octocat", name: "hello-world", build: 99 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("HTTP 404: sql: no rows in result set");
    expect(textOf(result)).toContain("check namespace, name and build/stage/step numbers");
  });
});
