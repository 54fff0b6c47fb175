import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TEMPLATES } from "../src/resources/uris.js";
import { SANDBOX_USER_TOKEN } from "../src/sandbox/seed.js";
import { type Harness, startHarness } from "./helpers.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const REPO = { namespace: "octocat", name: "hello-world" };

async function complete(
  template: string,
  name: string,
  value: string,
  context: Record<string, string> = {},
): Promise<string[]> {
  const result = await h.client.complete({
    ref: { type: "ref/resource", uri: template },
    argument: { name, value },
    context: { arguments: context },
  });
  return result.completion.values;
}

describe("completion/complete for the resource templates", () => {
  it("completes namespace from the user's repositories, by prefix", async () => {
    expect(await complete(TEMPLATES.repo, "namespace", "")).toEqual(["acme", "octocat"]);
    expect(await complete(TEMPLATES.log, "namespace", "OC")).toEqual(["octocat"]);
    expect(await complete(TEMPLATES.builds, "namespace", "zzz")).toEqual([]);
    expect(h.drone.requests.map((r) => r.path)).toEqual(Array(3).fill("/api/user/repos"));
  });

  it("completes name within the chosen namespace", async () => {
    expect(await complete(TEMPLATES.repo, "name", "", { namespace: "acme" })).toEqual(["api", "docs"]);
    expect(await complete(TEMPLATES.build, "name", "d", { namespace: "acme" })).toEqual(["docs"]);
    expect(await complete(TEMPLATES.repo, "name", "")).toEqual(["api", "docs", "hello-world"]);
  });

  it("completes only what a non-admin user can access", async () => {
    await h.close();
    h = await startHarness({ token: SANDBOX_USER_TOKEN });
    expect(await complete(TEMPLATES.repo, "name", "", { namespace: "acme" })).toEqual(["api"]);
  });

  it("completes build with `latest` and the repo's recent build numbers, newest first", async () => {
    expect(await complete(TEMPLATES.build, "build", "", REPO)).toEqual(["latest", "failed", "3", "2", "1"]);
    expect(h.drone.requests.at(-1)).toMatchObject({
      path: "/api/repos/octocat/hello-world/builds",
      query: { per_page: "25" },
    });
    expect(await complete(TEMPLATES.log, "build", "2", REPO)).toEqual(["2"]);
    expect(await complete(TEMPLATES.log, "build", "la", REPO)).toEqual(["latest"]);
  });

  it("completes stage from the build, and step from that stage", async () => {
    const repo = h.seeded.state.repoBySlug("octocat", "hello-world");
    if (!repo) throw new Error("seed changed");
    const build = h.seeded.state.addBuild(repo, {
      stages: [
        { name: "backend", steps: [{ name: "clone" }, { name: "test" }] },
        { name: "frontend", steps: [{ name: "clone" }, { name: "lint" }, { name: "test" }, { name: "e2e" }] },
      ],
    });
    const at = { ...REPO, build: String(build.number) };
    expect(await complete(TEMPLATES.log, "stage", "", at)).toEqual(["1", "2"]);
    expect(await complete(TEMPLATES.log, "step", "", { ...at, stage: "1" })).toEqual(["1", "2"]);
    expect(await complete(TEMPLATES.log, "step", "", { ...at, stage: "2" })).toEqual(["1", "2", "3", "4"]);
    expect(await complete(TEMPLATES.log, "step", "3", { ...at, stage: "2" })).toEqual(["3"]);
    expect(await complete(TEMPLATES.log, "stage", "", { ...REPO, build: "latest" })).toEqual(["1", "2"]);
    expect(h.drone.requests.at(-1)?.path).toBe("/api/repos/octocat/hello-world/builds/latest");
  });

  it("suggests nothing without the earlier arguments, or when they name nothing", async () => {
    const before = h.drone.requests.length;
    expect(await complete(TEMPLATES.build, "build", "")).toEqual([]);
    expect(await complete(TEMPLATES.log, "stage", "", REPO)).toEqual([]);
    expect(await complete(TEMPLATES.log, "step", "", { ...REPO, build: "2" })).toEqual([]);
    expect(await complete(TEMPLATES.log, "stage", "", { ...REPO, build: "two" })).toEqual([]);
    expect(await complete(TEMPLATES.build, "build", "", { namespace: "..", name: "x" })).toEqual([]);
    expect(h.drone.requests.length).toBe(before);
    expect(await complete(TEMPLATES.build, "build", "", { namespace: "octocat", name: "nope" })).toEqual([]);
    expect(await complete(TEMPLATES.log, "stage", "", { ...REPO, build: "99" })).toEqual([]);
    expect(await complete(TEMPLATES.log, "step", "", { ...REPO, build: "2", stage: "9" })).toEqual([]);
  });

  it("caps the values at 100 and reports the total", async () => {
    for (let i = 0; i < 130; i++) h.seeded.state.addRepo(`org-${String(i).padStart(3, "0")}`, "x");
    const result = await h.client.complete({
      ref: { type: "ref/resource", uri: TEMPLATES.repo },
      argument: { name: "namespace", value: "org-" },
    });
    expect(result.completion).toMatchObject({ total: 130, hasMore: true });
    expect(result.completion.values).toHaveLength(100);
  });

  it("reports a Drone failure as an error with the same advice as tools", async () => {
    await h.close();
    h = await startHarness({ token: "wrong-token" });
    await expect(complete(TEMPLATES.repo, "namespace", "")).rejects.toThrow(/HTTP 401.*check DRONE_TOKEN/);
  });
});
