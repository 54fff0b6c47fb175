/** get_build_logs (windows, grep, raw, budget, cache), search_build_logs and purge_build_logs. */
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Build, Repo } from "../src/drone/types.js";
import { stopRegexWorker } from "../src/logs/regex-search.js";
import { generateLog } from "./fixtures/generate-log.js";
import { type Harness, resultTokens, startHarness, textOf } from "./helpers.js";

let h: Harness;
let repo: Repo;
beforeEach(async () => {
  h = await startHarness();
  const found = h.seeded.state.repoBySlug("octocat", "hello-world");
  if (!found) throw new Error("seed changed");
  repo = found;
});
afterEach(async () => {
  await h.close();
});
afterAll(() => stopRegexWorker());

const numbered = (count: number, line: (i: number) => string = (i) => `line ${i}`) =>
  Array.from({ length: count }, (_, i) => line(i + 1));

/** A failed build whose step 2 ("test") has `log`; step 1 passed. */
function buildWithLog(log: string[]): Build {
  return h.seeded.state.addBuild(repo, {
    status: "failure",
    stages: [
      {
        name: "default",
        status: "failure",
        steps: [
          { name: "clone", status: "success", log: ["+ git fetch", "fetched abc"] },
          { name: "test", status: "failure", log },
        ],
      },
    ],
  });
}

const logs = (a: Record<string, unknown>) =>
  h.call("get_build_logs", { namespace: "octocat", name: "hello-world", ...a });
const logFetches = () => h.drone.requestsTo("/api/repos").filter((r) => r.path.includes("/logs/"));
/** The JSON arguments after "Next part: get_build_logs ". */
const nextArgs = (text: string) =>
  JSON.parse(/Next part: get_build_logs (\{[^\n]*?\})(?:\n|$)/.exec(text)?.[1] ?? "null");
const shownNumbers = (text: string) => [...text.matchAll(/^(\d+)[:-] /gm)].map((m) => Number(m[1]));

describe("get_build_logs", () => {
  it("defaults to the last 200 lines of the first failed step and gives the exact next arguments", async () => {
    const build = buildWithLog(numbered(1000));
    const result = await logs({ build: build.number });
    const text = textOf(result);
    expect(text).toContain(
      `#${build.number} stage 1 step 2 (test, the first failed step): 1000 lines; showing 801-1000.`,
    );
    expect(text).toContain("Lines 1-800 left out.");
    expect(shownNumbers(text)).toEqual(Array.from({ length: 200 }, (_, i) => 801 + i));
    const next = nextArgs(text);
    expect(next).toEqual({
      namespace: "octocat",
      name: "hello-world",
      build: build.number,
      stage: 1,
      step: 2,
      offset: 601,
      limit: 200,
    });

    const page = textOf(await logs(next));
    expect(shownNumbers(page)[0]).toBe(601);
    expect(shownNumbers(page).at(-1)).toBe(800);
    expect(nextArgs(page)).toMatchObject({ offset: 801, limit: 200 });
    // A finished log never changes: paging fetched it once.
    expect(logFetches()).toHaveLength(1);
  });

  it("keeps to 8,000 tokens when 200 lines would be more, and says it cut", async () => {
    const build = buildWithLog(numbered(400, (i) => `row ${i} ${"x".repeat(400)}`));
    const result = await logs({ build: build.number, stage: 1, step: 2 });
    const text = textOf(result);
    expect(resultTokens(result)).toBeLessThanOrEqual(8000);
    expect(text).toMatch(/showing (\d+)-400 \(cut to fit 8000 tokens\)/);
    expect(text).toMatch(/\[\+\d+ chars\]/);
  });

  it("reads head, tail and offset/limit windows", async () => {
    const build = buildWithLog(numbered(50));
    const args = { build: build.number, stage: 1, step: 2 };
    expect(shownNumbers(textOf(await logs({ ...args, head: 3 })))).toEqual([1, 2, 3]);
    expect(shownNumbers(textOf(await logs({ ...args, tail: 2 })))).toEqual([49, 50]);
    const window = textOf(await logs({ ...args, offset: 10, limit: 5 }));
    expect(shownNumbers(window)).toEqual([10, 11, 12, 13, 14]);
    expect(nextArgs(window)).toMatchObject({ offset: 15, limit: 5 });
    const past = await logs({ ...args, offset: 99 });
    expect(textOf(past)).toContain("nothing at line 99 or after");
  });

  it("greps with context lines, marks matches, and says where the next matches start", async () => {
    const build = buildWithLog(numbered(100, (i) => (i % 10 === 0 ? `step ${i} FAILED` : `step ${i} ok`)));
    const result = await logs({ build: build.number, stage: 1, step: 2, grep: "failed", context: 1, max_matches: 3 });
    const text = textOf(result);
    expect(text).toContain('10 matches for "failed" (any case) in 100 lines; showing the first 3.');
    expect(text).toContain("9- step 9 ok\n10: step 10 FAILED\n11- step 11 ok\n--\n19- step 19 ok");
    expect(nextArgs(text)).toMatchObject({ grep: "failed", offset: 31 });
    const next = textOf(await logs(nextArgs(text)));
    expect(next).toContain("40: step 40 FAILED");
    expect(next).not.toContain("30: step 30 FAILED");
  });

  it("greps with a /regex/ (run off the main thread) and refuses a dangerous one before any request", async () => {
    const build = buildWithLog(["ok", "error[E0308]: mismatched types", "ERROR: again"]);
    const regex = textOf(
      await logs({ build: build.number, stage: 1, step: 2, grep: "/^error\\[E\\d+\\]/", context: 0 }),
    );
    expect(regex).toContain("1 matches for /^error\\[E\\d+\\]/");
    expect(regex).toContain("2: error[E0308]: mismatched types");
    const before = h.drone.requests.length;
    const refused = await logs({ build: build.number, stage: 1, step: 2, grep: "/(a+)+$/" });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain("nested quantifiers");
    expect(h.drone.requests).toHaveLength(before);
  });

  it("raw shows entries as stored; the default cleans them", async () => {
    const build = buildWithLog(["\u001b[31mred\u001b[0m", "10%\r100%", "same", "same"]);
    const args = { build: build.number, stage: 1, step: 2 };
    const clean = textOf(await logs(args));
    expect(clean).toContain("1: red\n2: 100%\n3-4: same [x2]");
    const raw = textOf(await logs({ ...args, raw: true }));
    expect(raw).toContain("1: \u001b[31mred\u001b[0m");
    expect(raw).toContain("4: same");
  });

  it("explains a missing log by the step's status", async () => {
    const build = h.seeded.state.addBuild(repo, {
      status: "running",
      stages: [{ name: "default", status: "running", steps: [{ name: "test", status: "running" }] }],
    });
    const result = await logs({ build: build.number, stage: 1, step: 1 });
    expect(result.isError).toBe(true);
    // Running, but Drone's live stream ends at once (no livelog for it): nothing to show.
    expect(textOf(result)).toContain(
      "Step 1 (test) of stage 1 in build #4 of octocat/hello-world is still running, and Drone's live stream has no output for it",
    );
    expect(h.drone.requestsTo("/api/stream")).toHaveLength(1);
  });

  it("asks which step when the build has no failed step", async () => {
    const result = await logs({ build: 1 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("Build #1 has no failed step; say which log with stage and step");
    expect(textOf(result)).toContain("1/3 test (success)");
  });

  it("takes build, stage and step from a pasted step URL", async () => {
    const result = await h.call("get_build_logs", { url: `${h.drone.url}/octocat/hello-world/2/1/3` });
    expect(textOf(result)).toContain("--- FAIL: TestGreeting");
    expect(logFetches().map((r) => r.path)).toEqual(["/api/repos/octocat/hello-world/builds/2/logs/1/3"]);
    expect(h.drone.requestsTo("/api/repos")).toHaveLength(1);
  });

  it("never returns a 5 MB log: 200 lines and 8,000 tokens by default, fetched once for two calls", async () => {
    const log = generateLog({ bytes: 5 * 1024 * 1024 });
    const build = buildWithLog(log.lines);
    const first = await logs({ build: build.number, stage: 1, step: 2 });
    expect(resultTokens(first)).toBeLessThanOrEqual(8000);
    expect(shownNumbers(textOf(first)).length).toBeLessThanOrEqual(200);
    const found = await logs({ build: build.number, stage: 1, step: 2, grep: "charges the card once", context: 6 });
    expect(textOf(found)).toContain("Received number of calls: 2");
    expect(logFetches()).toHaveLength(1);
  });
});

describe("search_build_logs", () => {
  it("searches every step log of a build with step names, line numbers and context", async () => {
    const result = await h.call("search_build_logs", {
      namespace: "octocat",
      name: "hello-world",
      build: 2,
      pattern: "/^FAIL|git checkout/",
      context: 0,
    });
    const text = textOf(result);
    expect(text).toContain("4 matches for /^FAIL|git checkout/ in 3 step logs.");
    expect(text).toContain('Step "clone" (stage 1 step 1): 1 match.');
    expect(text).toContain("3: + git checkout 7fd1a60b01f91b314f59955a4e4d4e80d8edf11d -b main");
    expect(text).toContain('Step "test" (stage 1 step 3): 3 matches.');
    expect(result.structuredContent).toMatchObject({ matches: 4, shown: 4 });
  });

  it("stops at max_matches across steps and skips steps without a log", async () => {
    const build = h.seeded.state.addBuild(repo, {
      status: "running",
      stages: [
        {
          name: "default",
          status: "running",
          steps: [
            { name: "a", status: "success", log: numbered(30, (i) => `warn ${i}`) },
            { name: "b", status: "success", log: numbered(30, (i) => `warn ${i}`) },
            { name: "c", status: "running" },
          ],
        },
      ],
    });
    const result = await h.call("search_build_logs", {
      namespace: "octocat",
      name: "hello-world",
      build: build.number,
      pattern: "warn",
      max_matches: 5,
      context: 0,
    });
    const text = textOf(result);
    expect(text).toContain("60 matches");
    expect(text).toContain("showing 5.");
    expect(text).toContain("1 step(s) have no log");
    expect(shownNumbers(text)).toHaveLength(5);
  });
});

describe("purge_build_logs", () => {
  it("deletes the log and forgets the cached copy", async () => {
    const args = { namespace: "octocat", name: "hello-world", build: 2, stage: 1, step: 3 };
    expect((await h.call("get_build_logs", args)).isError).toBeFalsy();
    const purged = await h.call("purge_build_logs", args);
    expect(textOf(purged)).toBe("Log of build #2 stage 1 step 3 deleted.");
    const after = await h.call("get_build_logs", args);
    expect(after.isError).toBe(true);
    expect(textOf(after)).toContain("No log is stored for step 3 (test) of stage 1 in build #2");
  });
});
