import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SANDBOX_USER_TOKEN } from "../src/sandbox/seed.js";
import { type Harness, jsonOf, startHarness, textOf } from "./helpers.js";
import { expectOneRequest } from "./requests.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

describe("repos toolset", () => {
  it("list_all_repos pages with page/per_page and says how to get the next page", async () => {
    const result = await h.call("list_all_repos", { page: 1, per_page: 2 });
    expectOneRequest(h, { method: "GET", path: "/api/repos", query: { page: "1", per_page: "2" } });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toMatch(/^2 repositories on page 1\. There may be more: call again with page=2/);
    expect(jsonOf<Array<{ slug: string }>>(result).map((r) => r.slug)).toEqual(["octocat/hello-world", "acme/api"]);
    expect(result.structuredContent).toMatchObject({ count: 2, page: 1, next_page: 2 });
  });

  it("list_all_repos accepts a per_page above 100 (Drone has no maximum here)", async () => {
    const result = await h.call("list_all_repos", { per_page: 500 });
    expectOneRequest(h, { method: "GET", path: "/api/repos", query: { per_page: "500" } });
    expect(textOf(result)).toMatch(/^3 repositories on page 1\.\n/);
    expect(result.structuredContent).not.toHaveProperty("next_page");
  });

  it("get_repo shows settings and the caller's permissions", async () => {
    const result = await h.call("get_repo", { namespace: "octocat", name: "hello-world" });
    expectOneRequest(h, { method: "GET", path: "/api/repos/octocat/hello-world" });
    expect(textOf(result)).toMatch(/^Repository octocat\/hello-world\.\n/);
    expect(result.structuredContent).toMatchObject({
      slug: "octocat/hello-world",
      active: true,
      default_branch: "main",
      config_path: ".drone.yml",
      timeout_min: 60,
      permissions: { read: true, write: true, admin: true },
    });
  });

  it("get_repo encodes path segments", async () => {
    await h.call("get_repo", { namespace: "my org", name: "a%b" });
    expect(h.drone.requests[0]?.path).toBe("/api/repos/my%20org/a%25b");
  });

  it("enable_repo activates an inactive repository", async () => {
    const result = await h.call("enable_repo", { namespace: "acme", name: "docs" });
    expectOneRequest(h, { method: "POST", path: "/api/repos/acme/docs" });
    expect(textOf(result)).toMatch(/^Repository acme\/docs enabled/);
    expect(result.structuredContent).toMatchObject({ slug: "acme/docs", active: true });
    expect(h.seeded.state.repoBySlug("acme", "docs")?.active).toBe(true);
  });

  it("update_repo sends only the given settings as a JSON patch", async () => {
    const result = await h.call("update_repo", {
      namespace: "octocat",
      name: "hello-world",
      visibility: "internal",
      auto_cancel_pushes: true,
      timeout: 90,
    });
    expectOneRequest(h, {
      method: "PATCH",
      path: "/api/repos/octocat/hello-world",
      json: { visibility: "internal", auto_cancel_pushes: true, timeout: 90 },
    });
    expect(textOf(result)).toMatch(/^Repository octocat\/hello-world updated\.\n/);
    expect(result.structuredContent).toMatchObject({
      visibility: "internal",
      auto_cancel_pushes: true,
      timeout_min: 90,
    });
  });

  it("update_repo says which sysadmin-only settings Drone dropped for a repo admin", async () => {
    await h.close();
    h = await startHarness({ token: SANDBOX_USER_TOKEN });
    const hello = h.seeded.state.repoBySlug("octocat", "hello-world");
    if (hello) h.seeded.state.grant(hello, h.seeded.user, { read: true, write: true, admin: true });
    const result = await h.call("update_repo", {
      namespace: "octocat",
      name: "hello-world",
      trusted: true,
      ignore_forks: true,
    });
    expectOneRequest(h, {
      method: "PATCH",
      path: "/api/repos/octocat/hello-world",
      json: { trusted: true, ignore_forks: true },
    });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain("Drone ignored trusted: only system admins may change it.");
    expect(result.structuredContent).toMatchObject({ trusted: false, ignore_forks: true });
  });

  it("update_repo with nothing to change sends nothing", async () => {
    const result = await h.call("update_repo", { namespace: "octocat", name: "hello-world" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("Nothing to change");
    expect(h.drone.requests).toHaveLength(0);
  });

  it("disable_repo answers with the repo, now inactive (200 with a body)", async () => {
    const result = await h.call("disable_repo", { namespace: "octocat", name: "hello-world" });
    expectOneRequest(h, { method: "DELETE", path: "/api/repos/octocat/hello-world" });
    expect(textOf(result)).toMatch(/^Repository octocat\/hello-world disabled; pushes no longer trigger builds\./);
    expect(result.structuredContent).toMatchObject({ active: false });
    expect(h.seeded.state.repoBySlug("octocat", "hello-world")).toBeDefined();
  });

  it("disable_repo with remove=true sends ?remove=true and deletes the repo", async () => {
    const result = await h.call("disable_repo", { namespace: "acme", name: "docs", remove: true });
    expectOneRequest(h, { method: "DELETE", path: "/api/repos/acme/docs", query: { remove: "true" } });
    expect(textOf(result)).toMatch(/^Repository acme\/docs deleted from Drone\./);
    expect(h.seeded.state.repoBySlug("acme", "docs")).toBeUndefined();
  });

  it("chown_repo makes the caller the owner", async () => {
    const result = await h.call("chown_repo", { namespace: "acme", name: "api" });
    expectOneRequest(h, { method: "POST", path: "/api/repos/acme/api/chown" });
    expect(textOf(result)).toMatch(/^You now own acme\/api in Drone\./);
    expect(h.seeded.state.repoBySlug("acme", "api")?.user_id).toBe(h.seeded.admin.id);
  });

  it("repair_repo answers with the repo (200 with a body)", async () => {
    const result = await h.call("repair_repo", { namespace: "octocat", name: "hello-world" });
    expectOneRequest(h, { method: "POST", path: "/api/repos/octocat/hello-world/repair" });
    expect(textOf(result)).toMatch(/^Repository octocat\/hello-world repaired/);
    expect(result.structuredContent).toMatchObject({ slug: "octocat/hello-world" });
  });

  it("answers 404 (not 403) when a user lacks admin rights on the repo", async () => {
    await h.close();
    h = await startHarness({ token: SANDBOX_USER_TOKEN });
    const result = await h.call("enable_repo", { namespace: "acme", name: "api" });
    expectOneRequest(h, { method: "POST", path: "/api/repos/acme/api" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("HTTP 404: Not Found");
    expect(textOf(result)).toContain("no permission on that repository");
  });
});
