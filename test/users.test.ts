import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, jsonOf, startHarness, textOf } from "./helpers.js";
import { expectOneRequest } from "./requests.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

describe("user accounts (admin toolset)", () => {
  it("list_users sends no paging (Drone returns every user) and lists them by login", async () => {
    const result = await h.call("list_users");
    expectOneRequest(h, { method: "GET", path: "/api/users" });
    expect(textOf(result)).toMatch(/^2 users\.\n/);
    const users = jsonOf<Array<{ login: string; admin: boolean }>>(result);
    expect(users.map((u) => [u.login, u.admin])).toEqual([
      ["jane", false],
      ["octocat", true],
    ]);
    expect(JSON.stringify(result)).not.toContain("sandbox-");
  });

  it("create_user sends login/admin/machine/token and shows a machine user's token once", async () => {
    const result = await h.call("create_user", { login: "ci-bot", machine: true, token: "bot-token-123" });
    expectOneRequest(h, {
      method: "POST",
      path: "/api/users",
      json: { login: "ci-bot", machine: true, token: "bot-token-123" },
    });
    expect(textOf(result)).toMatch(/^Created machine user ci-bot\. Drone shows this machine token only now/);
    expect(result.structuredContent).toMatchObject({ login: "ci-bot", machine: true, token: "bot-token-123" });
    expect(h.seeded.state.userByToken("bot-token-123")?.login).toBe("ci-bot");
  });

  it("create_user of a person shows no token", async () => {
    const result = await h.call("create_user", { login: "ada", admin: true });
    expectOneRequest(h, { method: "POST", path: "/api/users", json: { login: "ada", admin: true } });
    expect(textOf(result)).toMatch(/^Created user ada \(admin\)\.\n/);
    expect(result.structuredContent).not.toHaveProperty("token");
  });

  it("create_user rejects a login Drone would refuse, sending nothing", async () => {
    const result = await h.call("create_user", { login: "bad name!" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("login");
    expect(h.drone.requests).toHaveLength(0);
  });

  it("get_user finds a user by login", async () => {
    const result = await h.call("get_user", { login: "jane" });
    expectOneRequest(h, { method: "GET", path: "/api/users/jane" });
    expect(textOf(result)).toMatch(/^User jane\.\n/);
    expect(result.structuredContent).toMatchObject({ login: "jane", email: "jane@example.com", active: true });
  });

  it("get_user accepts a numeric id", async () => {
    const result = await h.call("get_user", { login: String(h.seeded.user.id) });
    expectOneRequest(h, { method: "GET", path: `/api/users/${h.seeded.user.id}` });
    expect(result.structuredContent).toMatchObject({ login: "jane" });
  });

  it("update_user sends only admin/active; blocking drops admin", async () => {
    h.seeded.user.admin = true;
    const result = await h.call("update_user", { login: "jane", active: false });
    expectOneRequest(h, { method: "PATCH", path: "/api/users/jane", json: { active: false } });
    expect(textOf(result)).toMatch(/^User jane updated: blocked\.\n/);
    expect(result.structuredContent).toMatchObject({ active: false, admin: false });
  });

  it("update_user with nothing to change sends nothing", async () => {
    const result = await h.call("update_user", { login: "jane" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("give admin and/or active");
    expect(h.drone.requests).toHaveLength(0);
  });

  it("delete_user confirms the 204 in one line", async () => {
    const result = await h.call("delete_user", { login: "jane" });
    expectOneRequest(h, { method: "DELETE", path: "/api/users/jane" });
    expect(result.isError).toBeFalsy();
    expect(result.content).toEqual([{ type: "text", text: "User jane deleted." }]);
    expect(h.seeded.state.userByLoginOrId("jane")).toBeUndefined();
  });

  it("get_user of an unknown login says not found", async () => {
    const result = await h.call("get_user", { login: "nobody" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("HTTP 404: sql: no rows in result set");
  });
});
