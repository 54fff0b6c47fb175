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

const GO_YAML = "kind: pipeline\ntype: docker\nname: default\n";

describe("templates toolset", () => {
  it("list_all_templates (admin) lists names without content", async () => {
    const result = await h.call("list_all_templates");
    expectOneRequest(h, { method: "GET", path: "/api/templates" });
    expect(textOf(result)).toMatch(/^1 templates\.\n/);
    expect(jsonOf(result)).toEqual([
      expect.objectContaining({ namespace: "acme", name: "go.yaml", size: GO_YAML.length }),
    ]);
    expect(textOf(result)).not.toContain("kind: pipeline");
  });

  it("list_all_templates is refused to non-admins with the org quirk (401 Forbidden)", async () => {
    await h.close();
    h = await startHarness({ token: SANDBOX_USER_TOKEN });
    const result = await h.call("list_all_templates");
    expectOneRequest(h, { method: "GET", path: "/api/templates" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("HTTP 401: Forbidden");
  });

  it("list_namespace_templates works for an org member", async () => {
    await h.close();
    h = await startHarness({ token: SANDBOX_USER_TOKEN });
    const result = await h.call("list_namespace_templates", { namespace: "acme" });
    expectOneRequest(h, { method: "GET", path: "/api/templates/acme" });
    expect(textOf(result)).toMatch(/^1 templates in acme\.\n/);
  });

  it("create_template sends name and data", async () => {
    const result = await h.call("create_template", {
      namespace: "acme",
      name: "node.star",
      data: "def main(ctx): pass",
    });
    expectOneRequest(h, {
      method: "POST",
      path: "/api/templates/acme",
      json: { name: "node.star", data: "def main(ctx): pass" },
    });
    expect(textOf(result)).toMatch(/^Template node.star created in acme\.\n/);
    expect(result.structuredContent).toMatchObject({
      namespace: "acme",
      name: "node.star",
      data: "def main(ctx): pass",
    });
  });

  it("create_template refuses a name without a template extension, sending nothing", async () => {
    const result = await h.call("create_template", { namespace: "acme", name: "notes.txt", data: "x" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(".yml, .yaml, .star, .starlark, .script, .jsonnet");
    expect(h.drone.requests).toHaveLength(0);
  });

  it("the sandbox answers 400 for a bad extension, as Drone does", async () => {
    const response = await fetch(`${h.drone.url}/api/templates/acme`, {
      method: "POST",
      headers: { Authorization: `Bearer ${h.config.token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "notes.txt", data: "x" }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: "Template extension invalid. Must be yaml, starlark or jsonnet" });
  });

  it("get_template returns the content", async () => {
    const result = await h.call("get_template", { namespace: "acme", name: "go.yaml" });
    expectOneRequest(h, { method: "GET", path: "/api/templates/acme/go.yaml" });
    expect(result.structuredContent).toMatchObject({ name: "go.yaml", data: GO_YAML });
  });

  it("update_template sends data and the move as `namespace`", async () => {
    const result = await h.call("update_template", {
      namespace: "acme",
      name: "go.yaml",
      data: "kind: pipeline\n",
      new_namespace: "octocat",
    });
    expectOneRequest(h, {
      method: "PATCH",
      path: "/api/templates/acme/go.yaml",
      json: { data: "kind: pipeline\n", namespace: "octocat" },
    });
    expect(textOf(result)).toMatch(/^Template go.yaml updated, now in octocat\.\n/);
    expect(h.seeded.state.templates[0]).toMatchObject({ namespace: "octocat", data: "kind: pipeline\n" });
  });

  it("update_template by a non-admin member gets 401 Forbidden, explained", async () => {
    await h.close();
    h = await startHarness({ token: SANDBOX_USER_TOKEN });
    const result = await h.call("update_template", { namespace: "acme", name: "go.yaml", data: "x" });
    expectOneRequest(h, { method: "PATCH", path: "/api/templates/acme/go.yaml", json: { data: "x" } });
    expect(textOf(result)).toContain("not a member (or, for changes, an admin) of that organization");
  });

  it("delete_template", async () => {
    const result = await h.call("delete_template", { namespace: "acme", name: "go.yaml" });
    expectOneRequest(h, { method: "DELETE", path: "/api/templates/acme/go.yaml" });
    expect(textOf(result)).toBe("Template go.yaml deleted from acme.");
    expect(h.seeded.state.templates).toHaveLength(0);
  });
});
