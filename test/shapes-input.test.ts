/**
 * Clear errors for bad shapes and bad input (issue 15, row 14): every read-only tool, facing a
 * Drone whose answers have the wrong shape, says "Drone answered with an unexpected shape for ..."
 * instead of a JavaScript error; lone surrogates and over-long values are refused at validation
 * with the argument's name, before anything is sent.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { allTools } from "../src/tools/index.js";
import { type Harness, startHarness, textOf } from "./helpers.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

/** Plausible arguments for a tool schema (as in elicitation.test.ts). */
function sampleArgs(shape: Record<string, unknown>): Record<string, unknown> {
  const known: Record<string, unknown> = { namespace: "octocat", name: "hello-world", build: 1, stage: 1, step: 1 };
  const args: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shape)) {
    const schema = field as { safeParse: (v: unknown) => { success: boolean }; options?: unknown[] };
    if (schema.safeParse(undefined).success && !(key in known)) continue;
    const candidates = [known[key], "sample", 2, true, ...(schema.options ?? [])];
    const value = candidates.find((c) => c !== undefined && schema.safeParse(c).success);
    if (value !== undefined) args[key] = value;
  }
  return args;
}

const JS_ERROR = /is not a function|is not iterable|Cannot read propert|Unexpected error|undefined is not|null is not/;

describe("row 14: wrong-typed answers from Drone", () => {
  for (const [label, body] of [
    ["an object for a list and a string for a number", '{"number":"1","status":5,"stages":{},"after":null}'],
    ["a list where an object is expected", '[{"number":"x"}]'],
    ["a string", '"surprise"'],
  ] as const) {
    it(`${label}: every read-only tool says so, never a JavaScript error`, async () => {
      h.drone.faults.push({ method: "GET", path: /^\/api\//, status: 200, body });
      const { tools } = await h.client.listTools();
      const reads = allTools.filter((t) => t.annotations.readOnlyHint && tools.some((l) => l.name === t.name));
      const bad: string[] = [];
      for (const tool of reads) {
        const result = await h.call(tool.name, sampleArgs(tool.input.shape as Record<string, unknown>));
        const text = textOf(result);
        if (JS_ERROR.test(text)) bad.push(`${tool.name}: ${text.slice(0, 200)}`);
      }
      expect(bad).toEqual([]);
      expect(reads.length).toBeGreaterThan(30);
    }, 60_000);
  }

  it("the error names the route and what was wrong", async () => {
    h.drone.faults.push({ method: "GET", path: "/api/repos/octocat/hello-world/builds", body: '{"oops":1}' });
    const result = await h.call("list_builds", { namespace: "octocat", name: "hello-world" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      /^Drone answered with an unexpected shape for GET \/api\/repos\/octocat\/hello-world\/builds: the answer is an object, not a list/,
    );
    h.drone.faults.length = 0;
    expect((await h.call("list_builds", { namespace: "octocat", name: "hello-world" })).isError).toBeFalsy();
  });
});

describe("row 14: bad input is refused with the field's name, and nothing is sent", () => {
  it("a lone surrogate in a path field or the url", async () => {
    const before = h.drone.requests.length;
    const owner = await h.call("get_build", { namespace: "octo\uD800cat", name: "hello-world", build: 1 });
    expect(owner.isError).toBe(true);
    expect(textOf(owner)).toContain("namespace");
    expect(textOf(owner)).toContain("lone UTF-16 surrogate");
    const url = await h.call("get_build", { url: "https://drone.example.com/octocat/hello\uDC00/1" });
    expect(url.isError).toBe(true);
    expect(textOf(url)).toContain('Argument "url" contains a lone UTF-16 surrogate');
    expect(textOf(url)).not.toContain("URI malformed");
    expect(h.drone.requests.length).toBe(before);
  });

  it("a 100 KB path value, and an over-long free-text value", async () => {
    const before = h.drone.requests.length;
    const long = await h.call("get_build", { namespace: "o".repeat(100_000), name: "hello-world", build: 1 });
    expect(long.isError).toBe(true);
    expect(textOf(long)).toContain("namespace");
    expect(textOf(long)).toContain("100,000 characters long; at most 255");
    const branch = await h.call("list_builds", {
      namespace: "octocat",
      name: "hello-world",
      branch: "b".repeat(70_000),
    });
    expect(textOf(branch)).toContain('Argument "branch" is 70,000 characters long; at most 65,536 are accepted.');
    expect(h.drone.requests.length).toBe(before);
    expect((await h.call("get_build", { namespace: "octocat", name: "hello-world", build: 1 })).isError).toBeFalsy();
  });
});
