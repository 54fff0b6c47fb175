/**
 * The result budget in the shared registration layer: DRONE_MAX_RESULT_TOKENS, per-call
 * max_tokens, lists cut with a note that names the arguments for the rest, other answers cut
 * with a note, and log tools asked again for less rather than cut.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, loadSettings } from "../src/config.js";
import { answerTokens, type Harness, startHarness, textOf } from "./helpers.js";

let h: Harness;
afterEach(async () => h?.close());

describe("DRONE_MAX_RESULT_TOKENS", () => {
  it("is read from the environment and checked", () => {
    const env = { DRONE_SERVER: "https://drone.example.com" };
    expect(loadSettings({ ...env, DRONE_MAX_RESULT_TOKENS: "3000" }).maxResultTokens).toBe(3000);
    expect(loadSettings(env).maxResultTokens).toBeUndefined();
    expect(() => loadSettings({ ...env, DRONE_MAX_RESULT_TOKENS: "lots" })).toThrow(ConfigError);
    expect(() => loadSettings({ ...env, DRONE_MAX_RESULT_TOKENS: "10" })).toThrow(/from 500/);
  });

  it("caps a list and says how to get the rest; the next page continues where the cut was", async () => {
    h = await startHarness({ config: { maxResultTokens: 600 } });
    for (let i = 0; i < 120; i++) h.seeded.state.addUser(`someone-${String(i).padStart(3, "0")}`, `t-${i}`);
    const first = await h.call("list_users", {});
    expect(answerTokens(first)).toBeLessThanOrEqual(600);
    const text = textOf(first);
    const shown = (first.structuredContent as { items: Array<{ login: string }> }).items;
    expect(text.split("\n")[0]).toBe(
      `122 users. Cut to ${shown.length} of these 122 users to fit the 600-token answer budget. Rest: offset=${shown.length}. Narrow with query.`,
    );
    expect(first.structuredContent).toMatchObject({ count: shown.length, total: 122 });
    const next = await h.call("list_users", { offset: shown.length });
    const logins = h.seeded.state.users.map((u) => u.login).sort();
    const got = [...shown, ...(next.structuredContent as { items: Array<{ login: string }> }).items].map(
      (u) => u.login,
    );
    expect(got).toEqual(logins.slice(0, got.length));
    const past = await h.call("list_users", { offset: 500 });
    expect(textOf(past).split("\n")[0]).toBe("122 users. Offset 500 is past the end.");
    expect(h.drone.requestsTo("/api/users")).toHaveLength(3);
  });

  it("cuts any other answer with a note instead of silently, and leaves out the uncut structuredContent", async () => {
    h = await startHarness({ config: { maxResultTokens: 500 } });
    const body = Array.from(
      { length: 400 },
      (_, i) => `- name: step-${i}\n  image: alpine:3\n  commands: [echo ${i}]`,
    ).join("\n");
    h.seeded.state.addTemplate("acme", "huge.yaml", body);
    const result = await h.call("get_template", { namespace: "acme", name: "huge.yaml" });
    expect(answerTokens(result)).toBeLessThanOrEqual(500);
    expect(textOf(result)).toMatch(
      /\n\[Cut here: this answer was about \d+ tokens, over the 500-token answer budget\.\]$/,
    );
    expect(textOf(result)).toContain("Template huge.yaml of acme.");
    expect(result.structuredContent).toBeUndefined();
  });
});

describe("max_tokens", () => {
  it("sets the budget of a tool that has it, above or below the server's", async () => {
    h = await startHarness({ config: { maxResultTokens: 500 } });
    const lines = Array.from({ length: 3000 }, (_, i) => `ok ${i} github.com/acme/pkg${i} 0.${i % 10}s`);
    const repo = h.seeded.state.repoBySlug("octocat", "hello-world");
    if (!repo) throw new Error("seed changed");
    const build = h.seeded.state.addBuild(repo, {
      status: "failure",
      stages: [{ name: "default", status: "failure", steps: [{ name: "test", status: "failure", log: lines }] }],
    });
    const args = { namespace: "octocat", name: "hello-world", build: build.number, tail: 2000 };
    const big = await h.call("get_build_logs", { ...args, max_tokens: 3000 });
    const tokens = answerTokens(big);
    expect(tokens).toBeLessThanOrEqual(3000);
    expect(tokens).toBeGreaterThan(1500);
    // Asked for less, the log tool keeps the last lines (its own choice), not a cut head.
    expect(textOf(big)).toContain(`ok 2999 github.com/acme/pkg2999`);
    const small = await h.call("get_build_logs", args);
    expect(answerTokens(small)).toBeLessThanOrEqual(500);
    expect(textOf(small)).toContain(`ok 2999 github.com/acme/pkg2999`);
    expect(textOf(small)).toContain("(cut to fit 500 tokens)");
  });
});
