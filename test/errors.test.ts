/**
 * Error paths through the real client and server: every failure is a tool result with
 * isError: true whose message names the problem and what to do; invalid input sends nothing.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { SANDBOX_ADMIN_TOKEN, SANDBOX_USER_TOKEN } from "../src/sandbox/seed.js";
import { type Harness, type HarnessOptions, startHarness, textOf } from "./helpers.js";

let h: Harness | undefined;
async function harness(options: HarnessOptions = {}): Promise<Harness> {
  h = await startHarness(options);
  return h;
}
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("Drone's error answers", () => {
  it("401: a bad token says to check DRONE_TOKEN, without quoting it", async () => {
    const h = await harness({ token: "not-a-real-token" });
    const result = await h.call("list_users");
    expect(h.drone.requests).toHaveLength(1);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      "Drone answered HTTP 401: Unauthorized. The token is missing or invalid: check DRONE_TOKEN (copy it from your Drone profile page).",
    );
    expect(JSON.stringify(result)).not.toContain("not-a-real-token");
  });

  it("403: a non-admin on an admin route is told it needs an admin token", async () => {
    const h = await harness({ token: SANDBOX_USER_TOKEN });
    const result = await h.call("get_queue");
    expect(h.drone.requests[0]?.headers.authorization).toBe(`Bearer ${SANDBOX_USER_TOKEN}`);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      "Drone answered HTTP 403: Forbidden. This needs an admin token (or your Drone user is inactive).",
    );
  });

  it("404 (JSON): not found or no permission, check the names", async () => {
    const h = await harness();
    const result = await h.call("get_repo", { namespace: "octocat", name: "nope" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("HTTP 404: Not Found.");
    expect(textOf(result)).toContain("check namespace, name");
  });

  it("404 (chi's plain text): the body is quoted and the same advice given", async () => {
    const h = await harness();
    h.drone.faults.push({
      path: "/api/repos/octocat/hello-world/cron/nightly",
      status: 404,
      body: "404 page not found\n",
      contentType: "text/plain; charset=utf-8",
    });
    const result = await h.call("get_cron_job", { namespace: "octocat", name: "hello-world", cron: "nightly" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      /^Drone answered HTTP 404: 404 page not found\. This Drone server has no such API route/,
    );
  });

  it("500: a read is retried (GET only), then says to try again later", async () => {
    const h = await harness();
    h.drone.faults.push({ path: "/api/templates/acme", status: 500, body: '{"message":"database is locked"}' });
    const result = await h.call("list_namespace_templates", { namespace: "acme" });
    expect(h.drone.requests).toHaveLength(3);
    expect(textOf(result)).toBe(
      "Drone answered HTTP 500: database is locked. The Drone server had an internal problem; try again later or check its logs.",
    );
  });

  it("500: a write is never retried", async () => {
    const h = await harness();
    h.drone.faults.push({ path: "/api/secrets/acme", status: 500, body: '{"message":"database is locked"}' });
    const result = await h.call("create_namespace_secret", { namespace: "acme", secret: "a", data: "b" });
    expect(h.drone.requests).toHaveLength(1);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("HTTP 500: database is locked");
  });

  it("501: an open-source Drone build lacks the feature", async () => {
    const h = await harness();
    h.drone.faults.push({ path: "/api/secrets", status: 501, body: '{"message":"Not Implemented"}' });
    const result = await h.call("list_org_secrets");
    expect(textOf(result)).toBe(
      "Drone answered HTTP 501: Not Implemented. This Drone edition (the open-source build) does not have this feature.",
    );
  });
});

describe("network failures", () => {
  it("timeout: names DRONE_SERVER and DRONE_TIMEOUT_MS", async () => {
    const h = await harness({ timeoutMs: 200 });
    h.drone.faults.push({ path: "/api/users", delayMs: 2_000 });
    const result = await h.call("list_users");
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      `Drone at ${h.drone.url} did not answer in time (no answer within 200 ms). Check that DRONE_SERVER is reachable, or raise DRONE_TIMEOUT_MS.`,
    );
  });

  it("connection refused: names DRONE_SERVER", async () => {
    const server = `http://127.0.0.1:${await closedPort()}`;
    const h = await harness({ server });
    const result = await h.call("get_version");
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      `Could not connect to Drone at ${server} (connection refused). Check DRONE_SERVER and that the server is running.`,
    );
    expect(h.drone.requests).toHaveLength(0);
    expect(JSON.stringify(result)).not.toContain(SANDBOX_ADMIN_TOKEN);
  });
});

describe("invalid input is refused before anything is sent", () => {
  const cases: Array<{ tool: string; args: Record<string, unknown>; says: RegExp }> = [
    { tool: "list_all_repos", args: { per_page: "ten" }, says: /expected number, received string at per_page/ },
    { tool: "list_all_repos", args: { page: 1.5 }, says: /expected int, received number at page/ },
    { tool: "create_user", args: {}, says: /expected string, received undefined at login/ },
    {
      tool: "update_repo",
      args: { namespace: "octocat", name: "hello-world", visibility: "secret" },
      says: /visibility/,
    },
    { tool: "get_repo", args: { namespace: "..", name: "hello-world" }, says: /Repo owner must not be "\.\."/ },
    {
      tool: "list_namespace_secrets",
      args: { namespace: "a/b" },
      says: /Organization \(namespace\) must not contain '\/'/,
    },
    {
      tool: "get_repo_secret",
      args: { namespace: "octocat", name: "hello-world", secret: ".." },
      says: /Secret name must not be "\.\."/,
    },
    {
      tool: "delete_cron_job",
      args: { namespace: "octocat", name: "hello-world", cron: "../../users/jane" },
      says: /Cron job name must not contain '\/'/,
    },
    {
      tool: "get_template",
      args: { namespace: "acme", name: "..\\go.yaml" },
      says: /Template file name must not contain/,
    },
    {
      tool: "delete_user",
      args: { login: "jane/../octocat" },
      says: /User login \(or numeric id\) must not contain '\/'/,
    },
    { tool: "delete_node", args: { name: "a\nb" }, says: /Node name must not contain control characters/ },
  ];
  for (const c of cases) {
    it(`${c.tool} ${JSON.stringify(c.args)}`, async () => {
      const h = await harness();
      const result = await h.call(c.tool, c.args);
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(c.says);
      expect(h.drone.requests).toHaveLength(0);
    });
  }
});
