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

/** Secret values must never come back, in text or structured content. */
function expectNoValue(result: unknown, ...values: string[]): void {
  const text = JSON.stringify(result);
  for (const value of values) expect(text).not.toContain(value);
  expect(text).not.toContain('"data"');
}

describe("repository secrets", () => {
  it("list_repo_secrets lists names and flags, never values", async () => {
    const result = await h.call("list_repo_secrets", { namespace: "octocat", name: "hello-world" });
    expectOneRequest(h, { method: "GET", path: "/api/repos/octocat/hello-world/secrets" });
    expect(textOf(result)).toMatch(/^1 secrets\.\n/);
    expect(jsonOf(result)).toEqual([{ name: "docker_password", pull_request: false, pull_request_push: false }]);
    expectNoValue(result, "s3cret");
  });

  it("create_repo_secret sends name/data/flags and does not echo the value", async () => {
    const result = await h.call("create_repo_secret", {
      namespace: "octocat",
      name: "hello-world",
      secret: "npm_token",
      data: "tok-42",
      pull_request: true,
    });
    expectOneRequest(h, {
      method: "POST",
      path: "/api/repos/octocat/hello-world/secrets",
      json: { name: "npm_token", data: "tok-42", pull_request: true },
    });
    expect(textOf(result)).toMatch(/^Secret npm_token created in octocat\/hello-world\.\n/);
    expect(result.structuredContent).toEqual({ name: "npm_token", pull_request: true, pull_request_push: false });
    expectNoValue(result, "tok-42");
  });

  it("get_repo_secret shows settings only", async () => {
    const result = await h.call("get_repo_secret", {
      namespace: "octocat",
      name: "hello-world",
      secret: "docker_password",
    });
    expectOneRequest(h, { method: "GET", path: "/api/repos/octocat/hello-world/secrets/docker_password" });
    expect(result.structuredContent).toEqual({
      name: "docker_password",
      pull_request: false,
      pull_request_push: false,
    });
    expectNoValue(result, "s3cret");
  });

  it("update_repo_secret patches only what is given", async () => {
    const result = await h.call("update_repo_secret", {
      namespace: "octocat",
      name: "hello-world",
      secret: "docker_password",
      data: "n3w",
    });
    expectOneRequest(h, {
      method: "PATCH",
      path: "/api/repos/octocat/hello-world/secrets/docker_password",
      json: { data: "n3w" },
    });
    expect(textOf(result)).toMatch(/^Secret docker_password of octocat\/hello-world updated\./);
    expect(h.seeded.state.secrets.get(1)?.[0]?.data).toBe("n3w");
    expectNoValue(result, "n3w");
  });

  it("delete_repo_secret confirms in one line", async () => {
    const result = await h.call("delete_repo_secret", {
      namespace: "octocat",
      name: "hello-world",
      secret: "docker_password",
    });
    expectOneRequest(h, { method: "DELETE", path: "/api/repos/octocat/hello-world/secrets/docker_password" });
    expect(result.content).toEqual([
      { type: "text", text: "Secret docker_password deleted from octocat/hello-world." },
    ]);
  });

  it("needs write access even to read: a read-only user gets 404", async () => {
    await h.close();
    h = await startHarness({ token: SANDBOX_USER_TOKEN });
    const result = await h.call("list_repo_secrets", { namespace: "acme", name: "api" });
    expectOneRequest(h, { method: "GET", path: "/api/repos/acme/api/secrets" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("HTTP 404");
  });

  it("rejects a secret name Drone would refuse before sending", async () => {
    const result = await h.call("create_repo_secret", {
      namespace: "octocat",
      name: "hello-world",
      secret: "has space",
      data: "x",
    });
    expect(result.isError).toBe(true);
    expect(h.drone.requests).toHaveLength(0);
  });
});

describe("organization secrets", () => {
  it("list_org_secrets lists every namespace's secrets (admin)", async () => {
    const result = await h.call("list_org_secrets");
    expectOneRequest(h, { method: "GET", path: "/api/secrets" });
    expect(jsonOf(result)).toEqual([
      { namespace: "acme", name: "npm_token", pull_request: false, pull_request_push: false },
    ]);
    expectNoValue(result, "npm-secret");
  });

  it("list_namespace_secrets works for an org member", async () => {
    await h.close();
    h = await startHarness({ token: SANDBOX_USER_TOKEN });
    const result = await h.call("list_namespace_secrets", { namespace: "acme" });
    expectOneRequest(h, { method: "GET", path: "/api/secrets/acme" });
    expect(textOf(result)).toMatch(/^1 secrets in acme\.\n/);
  });

  it("create_namespace_secret by a non-admin member gets the 401 Forbidden quirk, explained", async () => {
    await h.close();
    h = await startHarness({ token: SANDBOX_USER_TOKEN });
    const result = await h.call("create_namespace_secret", { namespace: "acme", secret: "x", data: "y" });
    expectOneRequest(h, { method: "POST", path: "/api/secrets/acme", json: { name: "x", data: "y" } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("HTTP 401: Forbidden");
    expect(textOf(result)).toContain("not a member (or, for changes, an admin) of that organization");
  });

  it("create_namespace_secret by an admin", async () => {
    const result = await h.call("create_namespace_secret", {
      namespace: "acme",
      secret: "docker_password",
      data: "pw",
      pull_request_push: true,
    });
    expectOneRequest(h, {
      method: "POST",
      path: "/api/secrets/acme",
      json: { name: "docker_password", data: "pw", pull_request_push: true },
    });
    expect(result.structuredContent).toEqual({
      namespace: "acme",
      name: "docker_password",
      pull_request: false,
      pull_request_push: true,
    });
    expectNoValue(result, '"pw"');
  });

  it("get_namespace_secret", async () => {
    const result = await h.call("get_namespace_secret", { namespace: "acme", secret: "npm_token" });
    expectOneRequest(h, { method: "GET", path: "/api/secrets/acme/npm_token" });
    expect(textOf(result)).toMatch(/^Secret npm_token of organization acme\.\n/);
    expectNoValue(result, "npm-secret");
  });

  it("update_namespace_secret patches the flags", async () => {
    const result = await h.call("update_namespace_secret", {
      namespace: "acme",
      secret: "npm_token",
      pull_request: true,
    });
    expectOneRequest(h, { method: "PATCH", path: "/api/secrets/acme/npm_token", json: { pull_request: true } });
    expect(result.structuredContent).toMatchObject({ pull_request: true });
  });

  it("update_namespace_secret with nothing to change sends nothing", async () => {
    const result = await h.call("update_namespace_secret", { namespace: "acme", secret: "npm_token" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("Nothing to change");
    expect(h.drone.requests).toHaveLength(0);
  });

  it("delete_namespace_secret", async () => {
    const result = await h.call("delete_namespace_secret", { namespace: "acme", secret: "npm_token" });
    expectOneRequest(h, { method: "DELETE", path: "/api/secrets/acme/npm_token" });
    expect(textOf(result)).toBe("Secret npm_token deleted from organization acme.");
    expect(h.seeded.state.orgSecrets).toHaveLength(0);
  });
});
