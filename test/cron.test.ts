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

const repo = { namespace: "octocat", name: "hello-world" };
const base = "/api/repos/octocat/hello-world/cron";

/** The next UTC midnight after now, as the tools print it. */
function nextMidnight(): string {
  const d = new Date();
  d.setUTCHours(24, 0, 0, 0);
  return d.toISOString().replace(".000Z", "Z");
}

describe("cron toolset", () => {
  it("the expr description says seconds come first, with an example", async () => {
    const { tools } = await h.client.listTools();
    const properties = tools.find((t) => t.name === "create_cron_job")?.inputSchema.properties ?? {};
    const expr = (properties as Record<string, { description?: string }>).expr;
    expect(expr?.description).toContain("Seconds-first");
    expect(expr?.description).toContain('"0 0 0 * * *" = daily at midnight');
  });

  it("list_cron_jobs", async () => {
    const result = await h.call("list_cron_jobs", repo);
    expectOneRequest(h, { method: "GET", path: base });
    expect(textOf(result)).toMatch(/^1 cron jobs\.\n/);
    expect(jsonOf(result)).toEqual([
      expect.objectContaining({ name: "nightly", expr: "0 0 0 * * *", branch: "main", disabled: false }),
    ]);
  });

  it("create_cron_job sends only name/expr/branch and reports the next run", async () => {
    const midnight = nextMidnight();
    const result = await h.call("create_cron_job", {
      ...repo,
      cron: "Midnight Build",
      expr: "0 0 0 * * *",
      branch: "main",
    });
    expectOneRequest(h, {
      method: "POST",
      path: base,
      json: { name: "Midnight Build", expr: "0 0 0 * * *", branch: "main" },
    });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toMatch(/^Cron job midnight-build \(0 0 0 \* \* \*\) created for branch main\./);
    expect(textOf(result)).toContain(`Next run: ${midnight}.`);
    expect(textOf(result)).not.toContain("seconds first");
    expect(result.structuredContent).toMatchObject({ name: "midnight-build", next: midnight });
  });

  it("create_cron_job warns when a crontab-style 5-field expression means something else", async () => {
    const result = await h.call("create_cron_job", { ...repo, cron: "hourly", expr: "0 0 * * *", branch: "main" });
    expect(result.isError).toBeFalsy();
    expect(textOf(result).split("\n")[0]).toContain("seconds first");
    const next = new Date((result.structuredContent as { next: string }).next);
    expect(next.getUTCMinutes()).toBe(0);
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(3_600_000);
  });

  it("create_cron_job relays Drone's 400 for a bad expression", async () => {
    const result = await h.call("create_cron_job", { ...repo, cron: "bad", expr: "every day", branch: "main" });
    expect(h.drone.requests).toHaveLength(1);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("HTTP 400: Invalid Cronjob Expression");
  });

  it("get_cron_job", async () => {
    const result = await h.call("get_cron_job", { ...repo, cron: "nightly" });
    expectOneRequest(h, { method: "GET", path: `${base}/nightly` });
    expect(textOf(result)).toMatch(/^Cron job nightly\. Next run: /);
  });

  it("trigger_cron_job reports the new cron build (200 with a Build)", async () => {
    const result = await h.call("trigger_cron_job", { ...repo, cron: "nightly" });
    expectOneRequest(h, { method: "POST", path: `${base}/nightly` });
    expect(textOf(result)).toMatch(/^Cron job nightly started build #4 \(pending\)\./);
    expect(result.structuredContent).toMatchObject({ triggered: true, number: 4, event: "cron", cron: "nightly" });
  });

  it("trigger_cron_job says in words when Drone triggered nothing (null)", async () => {
    h.seeded.state.branches.get(1)?.set("no-ci", "abc");
    const cron = h.seeded.state.crons.get(1)?.[0];
    if (cron) cron.branch = "no-ci";
    const result = await h.call("trigger_cron_job", { ...repo, cron: "nightly" });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toMatch(/^Drone started no build/);
    expect(result.structuredContent).toEqual({ triggered: false });
  });

  it("update_cron_job sends only branch/target/disabled", async () => {
    const result = await h.call("update_cron_job", { ...repo, cron: "nightly", disabled: true, target: "staging" });
    expectOneRequest(h, { method: "PATCH", path: `${base}/nightly`, json: { disabled: true, target: "staging" } });
    expect(textOf(result)).toMatch(/^Cron job nightly updated \(disabled\)\.\n/);
    expect(result.structuredContent).toMatchObject({ disabled: true, target: "staging" });
  });

  it("update_cron_job with nothing to change explains that expr is fixed, sending nothing", async () => {
    const result = await h.call("update_cron_job", { ...repo, cron: "nightly" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("delete and recreate");
    expect(h.drone.requests).toHaveLength(0);
  });

  it("delete_cron_job", async () => {
    const result = await h.call("delete_cron_job", { ...repo, cron: "nightly" });
    expectOneRequest(h, { method: "DELETE", path: `${base}/nightly` });
    expect(textOf(result)).toBe("Cron job nightly deleted from octocat/hello-world.");
    expect(h.seeded.state.crons.get(1)).toHaveLength(0);
  });
});
