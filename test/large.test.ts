/**
 * A large installation (test/fixtures/large.ts: 5,000 repositories, 10,000 users, 2,000
 * incomplete builds, a 300-stage build): every answer fits its budget, counted with o200k itself,
 * and the filters and pages return the right items.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RESULT_TOKENS } from "../src/tools/budget.js";
import { LARGE, type Large, seedLarge } from "./fixtures/large.js";
import { answerTokens, type Harness, startHarness, textOf } from "./helpers.js";

interface RepoItem {
  slug: string;
  active?: boolean;
  last_build?: { number: number; status: string; finished?: string };
}

function itemsOf<T>(result: CallToolResult): T[] {
  return (result.structuredContent as { items: T[] }).items;
}

let h: Harness;
let large: Large;

beforeAll(async () => {
  h = await startHarness();
  large = seedLarge(h.seeded);
}, 60_000);
afterAll(async () => h.close());

describe("list_user_repos over 5,000 repositories", () => {
  it('"which of my repos are failing?" is one call that names them all within 8,000 tokens', async () => {
    const result = await h.call("list_user_repos", { status: "failing" });
    expect(result.isError).toBeFalsy();
    expect(answerTokens(result)).toBeLessThanOrEqual(DEFAULT_RESULT_TOKENS);
    expect(large.failing.length).toBeGreaterThan(100);
    const items = itemsOf<RepoItem>(result);
    expect(items.map((r) => r.slug)).toEqual(large.failing);
    expect(textOf(result).split("\n")[0]).toBe(
      `${large.failing.length} of your ${LARGE.repos + 3} repositories (latest build failure/error), newest build first.`,
    );
    for (const slug of large.failing) expect(textOf(result)).toContain(`"${slug}"`);
    expect(h.drone.requestsTo("/api/user/repos").at(-1)?.query).toEqual({ latest: "true" });
  });

  it("filters by status list, owner, slug text and active, newest build first", async () => {
    const result = await h.call("list_user_repos", {
      status: "error,killed",
      namespace: "TEAM-11",
      query: "SERVICE-0",
      active: true,
    });
    const expected = large.repos
      .filter((r) => r.namespace === "team-11" && r.slug.includes("service-0") && r.active)
      .map((r) => ({ repo: r, build: h.seeded.state.buildsOf(r).at(-1) }))
      .filter(({ build }) => build?.status === "error" || build?.status === "killed")
      .sort((a, b) => (b.build?.finished ?? 0) - (a.build?.finished ?? 0))
      .map(({ repo }) => repo.slug);
    expect(expected.length).toBeGreaterThan(0);
    expect(itemsOf<RepoItem>(result).map((r) => r.slug)).toEqual(expected);
  });

  it("an unfiltered list shows what fits, says how many there are and which arguments give the rest", async () => {
    const first = await h.call("list_user_repos", {});
    expect(answerTokens(first)).toBeLessThanOrEqual(DEFAULT_RESULT_TOKENS);
    const text = textOf(first);
    const shown = itemsOf<RepoItem>(first).length;
    expect(shown).toBeGreaterThan(50);
    const rest = /Rest: offset=(\d+)\./.exec(text);
    expect(text).toContain(`Cut to ${shown} of these ${LARGE.repos + 3} repositories`);
    expect(text).toContain("Narrow with query, namespace, status, active.");
    expect(rest).not.toBeNull();
    expect(Number(rest?.[1])).toBe(shown);
    const second = await h.call("list_user_repos", { offset: shown });
    expect(textOf(second).split("\n")[0]).toMatch(
      new RegExp(
        `^${LARGE.repos + 3} repositories\\. From offset ${shown}\\. Cut to \\d+ of these ${LARGE.repos + 3 - shown} repositories \\(${LARGE.repos + 3} in all\\)`,
      ),
    );
    const all = (await h.seeded.state.repos).map((r) => r.slug).sort((a, b) => a.localeCompare(b));
    const got = [...itemsOf<RepoItem>(first), ...itemsOf<RepoItem>(second)].map((r) => r.slug);
    expect(got).toEqual(all.slice(0, got.length));
  });
});
