/**
 * drone://repos/{namespace}/{name}/branches and .../deployments through the SDK's real Client:
 * Drone's latest-per-branch and latest-per-target index as concise builds, newest first.
 */
import type { TextResourceContents } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Repo } from "../src/drone/types.js";
import { RESOURCE_NOT_FOUND } from "../src/resources/errors.js";
import { TEMPLATES } from "../src/resources/uris.js";
import { SANDBOX_USER_TOKEN } from "../src/sandbox/seed.js";
import { type Harness, startHarness } from "./helpers.js";

let h: Harness;
let hello: Repo;
beforeEach(async () => {
  h = await startHarness();
  const state = h.seeded.state;
  hello = state.repoBySlug("octocat", "hello-world") as Repo;
  // #4 push on feature/greeting, #5 PR 12 (not a branch entry), #6 promote to staging, #7 rollback of production.
  state.addBuild(hello, { ref: "refs/heads/feature/greeting", message: "Greet politely\n\nLonger body" });
  state.addBuild(hello, { event: "pull_request", ref: "refs/pull/12/head", target: "main", status: "failure" });
  state.addBuild(hello, { event: "promote", deploy_to: "staging", parent: 4 });
  state.addBuild(hello, { event: "rollback", deploy_to: "production", parent: 1, status: "failure" });
});
afterEach(async () => {
  await h.close();
});

const HELLO = "drone://repos/octocat/hello-world";

async function readJson<T>(uri: string): Promise<T> {
  const result = await h.client.readResource({ uri });
  expect(result.contents).toHaveLength(1);
  const [content] = result.contents as TextResourceContents[];
  expect(content).toMatchObject({ uri, mimeType: "application/json" });
  return JSON.parse(content?.text ?? "null") as T;
}

async function readError(uri: string) {
  try {
    await h.client.readResource({ uri });
  } catch (error) {
    return error as { code: number; message: string; data?: Record<string, unknown> };
  }
  throw new Error(`reading ${uri} did not fail`);
}

describe("branches and deployments resources", () => {
  it("are listed as templates with titles, descriptions and JSON", async () => {
    const { resourceTemplates } = await h.client.listResourceTemplates();
    for (const uriTemplate of [TEMPLATES.branches, TEMPLATES.deployments]) {
      const template = resourceTemplates.find((t) => t.uriTemplate === uriTemplate);
      expect(template, uriTemplate).toMatchObject({ mimeType: "application/json" });
      expect(template?.title).toBeTruthy();
      expect(template?.description?.length).toBeGreaterThan(20);
    }
  });

  it("branches reads GET /builds/branches: the latest build of each branch, newest first", async () => {
    const builds = await readJson<Array<Record<string, unknown>>>(`${HELLO}/branches`);
    expect(h.drone.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /api/repos/octocat/hello-world/builds/branches",
    ]);
    expect(builds.map((b) => [b.number, b.branch, b.status])).toEqual([
      [4, "feature/greeting", "success"],
      [2, "main", "failure"],
    ]);
    // The builds resource's concise view: first message line, short commit, no stages.
    expect(builds[0]).toMatchObject({ event: "push", ref: "refs/heads/feature/greeting", message: "Greet politely" });
    expect(builds[0]?.commit).toMatch(/^[0-9a-f]{10}$/);
    expect(builds[0]).not.toHaveProperty("stages");
  });

  it("deployments reads GET /builds/deployments: the latest promote or rollback per target", async () => {
    const builds = await readJson<Array<Record<string, unknown>>>(`${HELLO}/deployments`);
    expect(h.drone.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /api/repos/octocat/hello-world/builds/deployments",
    ]);
    expect(builds.map((b) => [b.number, b.event, b.deploy_to, b.status, b.parent])).toEqual([
      [7, "rollback", "production", "failure", 1],
      [6, "promote", "staging", "success", 4],
    ]);
  });

  it("an empty index reads as an empty list", async () => {
    expect(await readJson<unknown[]>("drone://repos/acme/api/deployments")).toEqual([]);
  });

  it("complete namespace and name from the user's repositories", async () => {
    const complete = async (uri: string, name: string, value: string, args: Record<string, string> = {}) =>
      (
        await h.client.complete({
          ref: { type: "ref/resource", uri },
          argument: { name, value },
          context: { arguments: args },
        })
      ).completion.values;
    expect(await complete(TEMPLATES.branches, "namespace", "")).toEqual(["acme", "octocat"]);
    expect(await complete(TEMPLATES.deployments, "namespace", "oc")).toEqual(["octocat"]);
    expect(await complete(TEMPLATES.branches, "name", "", { namespace: "acme" })).toEqual(["api", "docs"]);
    expect(await complete(TEMPLATES.deployments, "name", "h", { namespace: "octocat" })).toEqual(["hello-world"]);
    expect(h.drone.requests.map((r) => r.path)).toEqual(Array(4).fill("/api/user/repos"));
  });

  it("a missing repository is resource-not-found, named", async () => {
    for (const uri of ["drone://repos/octocat/nope/branches", "drone://repos/octocat/nope/deployments"]) {
      const error = await readError(uri);
      expect(error.code, uri).toBe(RESOURCE_NOT_FOUND);
      expect(error.message).toContain("Repository octocat/nope not found, or your token cannot read it");
      expect(error.data).toMatchObject({ uri });
    }
  });

  it("a non-admin without permission on a private repository gets not-found", async () => {
    await h.close();
    h = await startHarness({ token: SANDBOX_USER_TOKEN });
    h.seeded.state.addRepo("acme", "secret-plans", { private: true, visibility: "private" });
    for (const kind of ["branches", "deployments"]) {
      const error = await readError(`drone://repos/acme/secret-plans/${kind}`);
      expect(error.code, kind).toBe(RESOURCE_NOT_FOUND);
      expect(error.message).toContain("Repository acme/secret-plans not found");
    }
    expect(h.drone.requests.map((r) => [r.path, r.headers.authorization])).toEqual([
      ["/api/repos/acme/secret-plans/builds/branches", `Bearer ${SANDBOX_USER_TOKEN}`],
      ["/api/repos/acme/secret-plans/builds/deployments", `Bearer ${SANDBOX_USER_TOKEN}`],
    ]);
  });
});
