import { afterEach, describe, expect, it } from "vitest";
import { SANDBOX_ADMIN_TOKEN, SANDBOX_USER_TOKEN } from "../src/sandbox/seed.js";
import { type Harness, jsonOf, startHarness, textOf } from "./helpers.js";

let h: Harness;
afterEach(async () => {
  await h.close();
});

describe("the token's own account", () => {
  it("update_current_user PATCHes /api/user with the email only", async () => {
    h = await startHarness({ token: SANDBOX_USER_TOKEN });
    const result = await h.call("update_current_user", { email: "jane@new.example.com" });
    expect(result.isError).toBeFalsy();
    const [request] = h.drone.requests;
    expect(request).toMatchObject({ method: "PATCH", path: "/api/user" });
    expect(request?.headers["content-type"]).toContain("application/json");
    expect(JSON.parse(request?.body ?? "")).toEqual({ email: "jane@new.example.com" });
    expect(textOf(result)).toMatch(/^Email of jane is now jane@new\.example\.com\./);
    expect(h.seeded.user.email).toBe("jane@new.example.com");
  });

  it("update_current_user refuses a malformed email before sending", async () => {
    h = await startHarness();
    const result = await h.call("update_current_user", { email: "not an email" });
    expect(result.isError).toBe(true);
    expect(h.drone.requests).toHaveLength(0);
  });

  it("get_user_token POSTs /api/user/token but never echoes drone-mcp's own DRONE_TOKEN", async () => {
    h = await startHarness({ token: SANDBOX_USER_TOKEN });
    const result = await h.call("get_user_token");
    expect(h.drone.requests.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.query)}`)).toEqual([
      "POST /api/user/token {}",
    ]);
    expect(result.structuredContent).toEqual({ login: "jane", token_shown: false, same_as_drone_token: true });
    expect(textOf(result)).toContain("configured with (DRONE_TOKEN)");
    expect(textOf(result)).toContain(`${h.config.server}/account`);
    expect(JSON.stringify(result)).not.toContain(SANDBOX_USER_TOKEN);
    expect(h.logs.join("\n")).not.toContain(SANDBOX_USER_TOKEN);
  });

  it("rotate_user_token sends rotate=true, returns the new token and warns that DRONE_TOKEN is dead", async () => {
    h = await startHarness({ token: SANDBOX_USER_TOKEN });
    const result = await h.call("rotate_user_token");
    expect(h.drone.requests[0]).toMatchObject({ method: "POST", path: "/api/user/token", query: { rotate: "true" } });
    const { token } = result.structuredContent as { token: string };
    expect(token).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(token).not.toBe(SANDBOX_USER_TOKEN);
    expect(textOf(result)).toContain("put the new one in DRONE_TOKEN");
    // What the warning says: the configured token is now refused.
    const after = await h.call("get_current_user");
    expect(after.isError).toBe(true);
    expect(textOf(after)).toContain("HTTP 401");
    expect(h.logs.join("\n")).not.toContain(token);
  });

  it("rotate_user_token is marked destructive and not idempotent", async () => {
    h = await startHarness();
    const { tools } = await h.client.listTools();
    const rotate = tools.find((t) => t.name === "rotate_user_token");
    // tools/list leaves out hints equal to the MCP spec's defaults (readOnly false, idempotent false).
    const effective = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, ...rotate?.annotations };
    expect(effective).toMatchObject({ destructiveHint: true, idempotentHint: false, readOnlyHint: false });
    expect(rotate?.annotations?.destructiveHint).toBe(true);
  });
});

describe("admin views of other users", () => {
  it("list_user_repos_of GETs /api/users/{login}/repos", async () => {
    h = await startHarness();
    const result = await h.call("list_user_repos_of", { login: "jane" });
    expect(h.drone.requests[0]).toMatchObject({ method: "GET", path: "/api/users/jane/repos" });
    expect(jsonOf<Array<{ slug: string }>>(result).map((r) => r.slug)).toEqual(["acme/api", "octocat/hello-world"]);
  });

  it("list_user_repos_of as a non-admin gets the admin advice", async () => {
    h = await startHarness({ token: SANDBOX_USER_TOKEN });
    const result = await h.call("list_user_repos_of", { login: "octocat" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("HTTP 403: Forbidden. This needs an admin token");
  });

  it("rotate_user_token_admin rotates and says Drone does not return the new token", async () => {
    h = await startHarness({ token: SANDBOX_ADMIN_TOKEN });
    const result = await h.call("rotate_user_token_admin", { login: "jane" });
    expect(result.isError).toBeFalsy();
    expect(h.drone.requests[0]).toMatchObject({ method: "POST", path: "/api/users/jane/token/rotate", body: "" });
    expect(textOf(result)).toContain("Drone does not return the new token");
    expect(JSON.stringify(result)).not.toContain(h.seeded.user.token);
    expect(h.seeded.user.token).not.toBe(SANDBOX_USER_TOKEN);
  });

  it("rotate_user_token_admin for an unknown login passes on the 404", async () => {
    h = await startHarness();
    const result = await h.call("rotate_user_token_admin", { login: "nobody" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("HTTP 404");
  });
});

describe("repositories on the source host", () => {
  it("list_remote_repos GETs /api/user/remote/repos", async () => {
    h = await startHarness({ token: SANDBOX_USER_TOKEN });
    const result = await h.call("list_remote_repos");
    expect(h.drone.requests[0]).toMatchObject({ method: "GET", path: "/api/user/remote/repos" });
    expect(jsonOf<Array<{ slug: string }>>(result).map((r) => r.slug)).toEqual(["acme/api", "octocat/hello-world"]);
  });

  it("get_remote_repo shows the user's permissions there", async () => {
    h = await startHarness({ token: SANDBOX_USER_TOKEN });
    const result = await h.call("get_remote_repo", { namespace: "acme", name: "api" });
    expect(h.drone.requests[0]?.path).toBe("/api/user/remote/repos/acme/api");
    expect(result.structuredContent).toMatchObject({
      slug: "acme/api",
      visibility: "private",
      permissions: { read: true, write: false, admin: false },
    });
  });

  it("get_remote_repo turns Drone's 500 for an unseen repo into a plain answer", async () => {
    h = await startHarness({ token: SANDBOX_USER_TOKEN });
    const result = await h.call("get_remote_repo", { namespace: "acme", name: "docs" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      "The source host did not give acme/docs (Not Found): it does not exist there or your account cannot see it.",
    );
  });
});
