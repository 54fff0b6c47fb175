/**
 * A 300-stage x 10-step build (test/fixtures/large.ts): get_build and the build resource answer
 * within the budget with counts per status, the failed and running stages in full and the rest
 * as ranges; get_build with stage=N gives one stage. A small build still comes whole.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RESULT_TOKENS } from "../src/tools/budget.js";
import { LARGE, type Large, seedLarge } from "./fixtures/large.js";
import { answerTokens, type Harness, startHarness, textOf } from "./helpers.js";
import { countTokens } from "./tool-list.js";

let h: Harness;
let large: Large;
beforeAll(async () => {
  h = await startHarness();
  large = seedLarge(h.seeded);
}, 60_000);
afterAll(async () => h.close());

interface StageView {
  number: number;
  status: string;
  steps: Array<{ number: number; status: string }>;
  other_steps?: Record<string, number>;
}

const where = () => ({ namespace: large.big.repo.namespace, name: large.big.repo.name, build: large.big.build.number });

describe("a build of 300 stages x 10 steps", () => {
  it("get_build: counts per status, failed and running stages with their steps, the rest as ranges", async () => {
    const result = await h.call("get_build", where());
    expect(result.isError).toBeFalsy();
    expect(answerTokens(result)).toBeLessThanOrEqual(DEFAULT_RESULT_TOKENS);
    const data = result.structuredContent as Record<string, unknown>;
    expect(data).toMatchObject({
      stage_count: LARGE.stages,
      step_count: LARGE.stages * LARGE.steps,
      stages_by_status: { success: 295, failure: 2, running: 3 },
      steps_by_status: { success: 2950 + 2 * 5 + 3 * 3, failure: 2, skipped: 8, running: 3, pending: 18 },
      other_stages: { success: "1-16,18-229,231-287,291-300" },
    });
    const stages = data.stages as StageView[];
    expect(stages.map((s) => [s.number, s.status])).toEqual([
      [17, "failure"],
      [230, "failure"],
      [288, "running"],
      [289, "running"],
      [290, "running"],
    ]);
    expect(stages[0]?.steps).toEqual([expect.objectContaining({ number: 6, status: "failure", exit_code: 1 })]);
    expect(stages[0]?.other_steps).toEqual({ success: 5, skipped: 4 });
    expect(stages[2]?.steps.map((s) => s.status)).toEqual(["running", ...Array(6).fill("pending")]);
    expect(data.note).toContain("get_build with stage=N");
  });

  it("get_build with stage=N shows that stage with every step", async () => {
    const result = await h.call("get_build", { ...where(), stage: 123 });
    const data = result.structuredContent as { stage: StageView; stage_count: number };
    expect(data.stage_count).toBe(LARGE.stages);
    expect(data.stage).toMatchObject({ number: 123, name: "matrix-123-linux-node24", status: "success" });
    expect(data.stage.steps).toHaveLength(LARGE.steps);
    const missing = await h.call("get_build", { ...where(), stage: 301 });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toBe(`Build #${where().build} has 300 stages: there is no stage 301.`);
  });

  it("the build resource gives the same summary within the budget", async () => {
    const { namespace, name, build } = where();
    const read = await h.client.readResource({ uri: `drone://repos/${namespace}/${name}/builds/${build}` });
    const text = (read.contents[0] as { text: string }).text;
    expect(countTokens(text)).toBeLessThanOrEqual(DEFAULT_RESULT_TOKENS);
    const data = JSON.parse(text) as { stages: StageView[]; other_stages: Record<string, string> };
    expect(data.stages.map((s) => s.number)).toEqual([17, 230, 288, 289, 290]);
    expect(data.other_stages.success).toBe("1-16,18-229,231-287,291-300");
  });

  it("a small build still comes whole", async () => {
    const result = await h.call("get_build", { namespace: "octocat", name: "hello-world", build: 2 });
    const data = result.structuredContent as { stages: StageView[]; stage_count?: number };
    expect(data.stage_count).toBeUndefined();
    expect(data.stages[0]?.steps.map((s) => s.number)).toEqual([1, 2, 3]);
  });
});

/** Arguments for each read tool's required inputs, aimed at the largest data the seed has. */
function argsFor(tool: string): Record<string, unknown> {
  const repo = { namespace: large.big.repo.namespace, name: large.big.repo.name };
  const special: Record<string, Record<string, unknown>> = {
    list_user_repos_of: { login: "octocat" },
    list_all_repos: { per_page: 10_000 },
    get_collaborator: { ...repo, login: "octocat" },
    sign_config: { ...repo, config: "kind: pipeline\n" },
    encrypt_secret: { ...repo, data: "value" },
    get_build: where(),
    wait_for_build: { ...where(), timeout_seconds: 1 },
    get_build_failure: where(),
    get_build_logs: { ...where(), stage: 17, step: 6 },
    search_build_logs: { ...where(), pattern: "FAIL", stage: 17 },
    get_repo_secret: { ...repo, secret: "none" },
    list_namespace_secrets: { namespace: repo.namespace },
    get_namespace_secret: { namespace: repo.namespace, secret: "none" },
    get_cron_job: { ...repo, cron: "none" },
    list_namespace_templates: { namespace: "acme" },
    get_template: { namespace: "acme", name: "go.yaml" },
    get_user: { login: "octocat" },
    get_node: { name: "none" },
  };
  const repoScoped = [
    "get_remote_repo",
    "get_repo",
    "list_collaborators",
    "get_repo_badge",
    "list_builds",
    "list_branch_builds",
    "list_pull_request_builds",
    "list_deployments",
    "list_repo_secrets",
    "list_cron_jobs",
  ];
  return special[tool] ?? (repoScoped.includes(tool) ? repo : {});
}

describe("every read tool of every toolset over the large installation", () => {
  it("answers within the 8,000-token budget, counted by o200k", async () => {
    // 2,000 incomplete builds, and the running 300-stage build.
    expect(large.incomplete).toBe(LARGE.incomplete);
    const { allTools } = await import("../src/tools/index.js");
    const reads = allTools.filter((t) => t.annotations.readOnlyHint);
    expect(reads.length).toBeGreaterThan(40);
    const sizes: Record<string, number> = {};
    for (const tool of reads) {
      const result = await h.call(tool.name, argsFor(tool.name));
      sizes[tool.name] = answerTokens(result);
    }
    const over = Object.entries(sizes).filter(([, tokens]) => tokens > DEFAULT_RESULT_TOKENS);
    expect(over).toEqual([]);
    // The big lists were cut rather than small: they fill a good part of the budget.
    for (const name of ["list_user_repos", "list_users", "list_all_repos", "list_incomplete_builds_v2", "get_queue"]) {
      expect(sizes[name], name).toBeGreaterThan(DEFAULT_RESULT_TOKENS / 3);
    }
  }, 120_000);
});

describe("resources over 5,000 repositories", () => {
  it("drone://repos holds what fits the budget and says how to get the rest", async () => {
    const read = await h.client.readResource({ uri: "drone://repos" });
    const text = (read.contents[0] as { text: string }).text;
    expect(countTokens(text)).toBeLessThanOrEqual(DEFAULT_RESULT_TOKENS);
    const data = JSON.parse(text) as { total: number; shown: number; note: string; items: Array<{ slug: string }> };
    expect(data.total).toBe(LARGE.repos + 3);
    expect(data.items).toHaveLength(data.shown);
    expect(data.shown).toBeGreaterThan(50);
    expect(data.note).toContain("list_user_repos");
  });

  it("resources/list stays capped at 100 repositories, and completion filters by the typed prefix", async () => {
    const { resources } = await h.client.listResources();
    expect(resources.filter((r) => r.uri.startsWith("drone://repos/")).length).toBeLessThanOrEqual(100);
    const done = await h.client.complete({
      ref: { type: "ref/resource", uri: "drone://repos/{namespace}/{name}" },
      argument: { name: "name", value: "service-12" },
      context: { arguments: { namespace: "team-07" } },
    });
    expect(done.completion.values).toEqual(["service-1207", "service-1257"]);
    const namespaces = await h.client.complete({
      ref: { type: "ref/resource", uri: "drone://repos/{namespace}/{name}" },
      argument: { name: "namespace", value: "team-4" },
    });
    expect(namespaces.completion.values).toEqual(Array.from({ length: 10 }, (_, i) => `team-4${i}`));
  });
});
