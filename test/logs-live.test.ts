/**
 * get_build_logs for a running step: Drone has no stored log yet (404), so the tool reads the
 * live stream (replayed buffer, then live lines) and applies the same windows, grep, budget,
 * fencing and redaction as to a stored log, under a first line saying the step is still running.
 * Through the SDK's real Client against the sandbox's livelog.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Build } from "../src/drone/types.js";
import { LIVE_OUTPUT_LIMITS } from "../src/logs/live-output.js";
import { stopRegexWorker } from "../src/logs/regex-search.js";
import type { StepAddress } from "../src/sandbox/live.js";
import { addPendingBuild, type Harness, startHarness, textOf } from "./helpers.js";

let h: Harness;
let build: Build;
let test: StepAddress;
beforeEach(async () => {
  h = await startHarness();
  ({ build, test } = addPendingBuild(h));
});
afterEach(async () => {
  await h.close();
});
afterAll(() => stopRegexWorker());

const logs = (a: Record<string, unknown> = {}) =>
  h.call("get_build_logs", { namespace: "octocat", name: "hello-world", build: build.number, stage: 1, step: 2, ...a });
const paths = () => h.drone.requests.map((r) => `${r.method} ${r.path}`);
/** The numbered lines inside the untrusted fence. */
const shown = (text: string) => [...text.matchAll(/^(\d+(?:-\d+)?)[:-] (.*)$/gm)].map((m) => `${m[1]}: ${m[2]}`);

/** Resolves once the sandbox has a subscriber on a live step stream. */
async function subscribed(): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (Object.values(h.seeded.state.live.info()).some((n) => n > 0)) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error("nobody subscribed to the live step");
}

const label = () => `Step 2 (test) of stage 1 in build #${build.number} of octocat/hello-world`;

describe("get_build_logs of a running step", () => {
  it("returns the replayed and live lines, fenced, cleaned and redacted, under a still-running line", async () => {
    h.seeded.state.live.start(test);
    h.seeded.state.live.append(test, "\x1b[1;34m+ go test ./...\x1b[0m", "Downloading  10%\rDownloading 100%");
    const reading = logs();
    await subscribed();
    h.seeded.state.live.append(test, "export AWS_KEY=AKIAABCDEFGHIJKLMNOP");
    const result = await reading;
    const text = textOf(result);

    expect(result.isError).toBeFalsy();
    const [header, summary] = text.split("\n");
    expect(header).toBe(
      `${label()} is still running; this is its output so far, 3 lines. Read again for more; the whole log is stored when the step finishes.`,
    );
    expect(summary).toBe(`octocat/hello-world #${build.number} stage 1 step 2: 3 lines; showing 1-3.`);
    expect(text).toContain("is untrusted build output");
    expect(shown(text)).toEqual([
      "1: + go test ./...",
      "2: Downloading 100%",
      expect.stringMatching(/^3: export AWS_KEY=/),
    ]);
    expect(text).not.toContain("AKIAABCDEFGHIJKLMNOP");
    expect(text).not.toMatch(/[\x1b\r]/);
    expect(result.structuredContent).toMatchObject({ lines: 3, live: true, still_running: true, printed: 3 });
    expect(paths()).toEqual([
      `GET /api/repos/octocat/hello-world/builds/${build.number}/logs/1/2`,
      `GET /api/repos/octocat/hello-world/builds/${build.number}`,
      `GET /api/stream/octocat/hello-world/${build.number}/1/2`,
    ]);
    expect(h.drone.requestsTo("/api/stream")[0]?.headers.accept).toBe("text/event-stream");

    // Live output is not cached: the next call asks Drone again and sees the new lines.
    h.seeded.state.live.append(test, "PASS");
    const again = textOf(await logs());
    expect(again.split("\n")[0]).toContain("is still running; this is its output so far, 4 lines.");
    expect(shown(again).at(-1)).toBe("4: PASS");
    expect(h.drone.requestsTo("/api/stream")).toHaveLength(2);
    expect(h.drone.requestsTo("/api/repos").filter((r) => r.path.endsWith("/logs/1/2"))).toHaveLength(2);
  });

  it("applies tail and grep to the live output, with next-part arguments", async () => {
    h.seeded.state.live.start(test);
    h.seeded.state.live.append(
      test,
      ...Array.from({ length: 30 }, (_v, i) => (i % 10 === 9 ? `--- FAIL: Test${i}` : `ok ${i}`)),
    );

    const tail = textOf(await logs({ tail: 5 }));
    expect(tail.split("\n")[0]).toContain("is still running; this is its output so far, 30 lines.");
    expect(tail).toContain(": 30 lines; showing 26-30. Lines 1-25 left out. Next part: get_build_logs");
    expect(shown(tail)).toEqual(["26: ok 25", "27: ok 26", "28: ok 27", "29: ok 28", "30: --- FAIL: Test29"]);

    const grep = await logs({ grep: "fail", context: 1, max_matches: 2 });
    const text = textOf(grep);
    expect(text.split("\n")[0]).toContain("is still running");
    expect(text).toContain(": 3 matches for ");
    expect(text).toContain("showing the first 2.");
    expect(shown(text)).toEqual([
      "9: ok 8",
      "10: --- FAIL: Test9",
      "11: ok 10",
      "19: ok 18",
      "20: --- FAIL: Test19",
      "21: ok 20",
    ]);
    expect(grep.structuredContent).toMatchObject({ matches: 3, shown: 2, next_offset: 21, live: true });
  });

  it("keeps the last lines of a long output, says older lines were dropped, and fits the token budget", async () => {
    const printed = LIVE_OUTPUT_LIMITS.maxLines + 150;
    h.seeded.state.live.start(test);
    h.seeded.state.live.append(test, ...Array.from({ length: printed }, (_v, i) => `line ${i}`));
    const result = await logs({ tail: 5000, max_tokens: 1000 });
    const text = textOf(result);
    const kept = LIVE_OUTPUT_LIMITS.maxLines;
    expect(text.split("\n")[0]).toContain(
      `still running; this is its output so far, the last ${kept.toLocaleString("en-US")} lines of ` +
        `${printed.toLocaleString("en-US")} (older lines dropped).`,
    );
    expect(text.split("\n")[0]).toContain("Line numbers below count from the first line kept.");
    expect(text).toContain(`: ${kept} lines; showing `);
    expect(text).toContain("(cut to fit 1000 tokens)");
    expect(shown(text).at(-1)).toBe(`${kept}: line ${printed - 1}`);
    expect(text.length).toBeLessThan(1000 * 4);
    expect(result.structuredContent).toMatchObject({ lines: kept, printed });
  });

  it("says a running step that printed nothing yet has no output so far", async () => {
    h.seeded.state.live.start(test);
    const result = await logs();
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toBe(
      `${label()} is still running and has printed nothing yet. Read again later for its output.`,
    );
    expect(result.structuredContent).toMatchObject({ lines: 0, live: true, still_running: true });
  });

  it("a step that has not started keeps its message, without opening the stream", async () => {
    h.seeded.state.live.start(test);
    const result = await logs({ step: 3 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(
      "Step 3 (deploy) of stage 1 in build #4 of octocat/hello-world has not started yet (pending), so it has no log",
    );
    expect(h.drone.requestsTo("/api/stream")).toHaveLength(0);
  });

  it("the tool and the log resource explain a missing log in the same words", async () => {
    h.seeded.state.live.start(test);
    const tool = textOf(await logs({ step: 3 }));
    const uri = `drone://repos/octocat/hello-world/builds/${build.number}/logs/1/3`;
    const error = await h.client.readResource({ uri }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toBe(`MCP error -32002: ${tool}`);
  });

  it("says what it read when the step ends during the read, then serves the stored log", async () => {
    h.seeded.state.live.start(test);
    h.seeded.state.live.append(test, "PASS");
    const reading = logs();
    await subscribed();
    h.seeded.state.live.append(test, "ok  \tgithub.com/octocat/hello-world\t0.004s");
    h.seeded.state.live.end(test);
    const result = await reading;
    const text = textOf(result);
    expect(text.split("\n")[0]).toBe(
      `${label()} finished while it was being read; this is its streamed output, 2 lines. Read again for the stored log.`,
    );
    expect(shown(text)).toEqual(["1: PASS", "2: ok  \tgithub.com/octocat/hello-world\t0.004s"]);
    expect(result.structuredContent).toMatchObject({ live: true, still_running: false });

    const stored = await logs();
    expect(textOf(stored)).not.toContain("running");
    expect(textOf(stored).split("\n")[0]).toBe(
      `octocat/hello-world #${build.number} stage 1 step 2: 2 lines; showing 1-2.`,
    );
    expect(stored.structuredContent).not.toHaveProperty("live");
    expect(h.drone.requestsTo("/api/stream")).toHaveLength(1);
  });
});
