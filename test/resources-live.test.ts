/**
 * The step-log resource for a running step: Drone has no stored log yet (404), so the resource
 * reads the live stream (replayed buffer, then live lines), cleans it like a stored log and says
 * the step is still running. Through the SDK's real Client against the sandbox's livelog.
 */
import type { TextResourceContents } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Build } from "../src/drone/types.js";
import { LIVE_OUTPUT_LIMITS as LIVE_TEXT_LIMITS } from "../src/logs/live-output.js";
import { RESOURCE_NOT_FOUND } from "../src/resources/errors.js";
import type { StepAddress } from "../src/sandbox/live.js";
import { addPendingBuild, type Harness, startHarness } from "./helpers.js";

let h: Harness;
let build: Build;
let test: StepAddress;
let uri: string;
beforeEach(async () => {
  h = await startHarness();
  ({ build, test } = addPendingBuild(h));
  uri = `drone://repos/octocat/hello-world/builds/${build.number}/logs/1/2`;
});
afterEach(async () => {
  await h.close();
});

async function read(target = uri): Promise<TextResourceContents> {
  const result = await h.client.readResource({ uri: target });
  expect(result.contents).toHaveLength(1);
  const [content] = result.contents as TextResourceContents[];
  expect(content).toMatchObject({ uri: target, mimeType: "text/plain" });
  return content as TextResourceContents;
}

async function readError(target: string) {
  try {
    await h.client.readResource({ uri: target });
  } catch (error) {
    return error as { code: number; message: string; data?: Record<string, unknown> };
  }
  throw new Error(`reading ${target} did not fail`);
}

/** Resolves once the sandbox has a subscriber on a live step stream. */
async function subscribed(): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (Object.values(h.seeded.state.live.info()).some((n) => n > 0)) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error("nobody subscribed to the live step");
}

describe("log resource of a running step", () => {
  it("returns the replayed and live lines, cleaned, under a still-running line", async () => {
    h.seeded.state.live.start(test);
    h.seeded.state.live.append(test, "\x1b[1;34m+ go test ./...\x1b[0m", "Downloading  10%\rDownloading 100%");
    const reading = read();
    await subscribed();
    h.seeded.state.live.append(test, "=== RUN   \x1b[32mTestGreeting\x1b[0m");
    const log = await reading;

    const [header, ...body] = log.text.split("\n");
    expect(header).toBe(
      `Step 2 (test) of stage 1 in build #${build.number} of octocat/hello-world is still running; ` +
        "this is its output so far, 3 lines. Read again for more; the whole log is stored when the step finishes.",
    );
    expect(body).toEqual(["+ go test ./...", "Downloading 100%", "=== RUN   TestGreeting"]);
    expect(log.text).not.toMatch(/[\x1b\r]/);
    expect(h.drone.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /api/repos/octocat/hello-world/builds/${build.number}/logs/1/2`,
      `GET /api/repos/octocat/hello-world/builds/${build.number}`,
      `GET /api/stream/octocat/hello-world/${build.number}/1/2`,
    ]);
    expect(h.drone.requestsTo("/api/stream")[0]?.headers.accept).toBe("text/event-stream");
  });

  it("keeps the last lines of a long output and says older lines were dropped", async () => {
    const printed = LIVE_TEXT_LIMITS.maxLines + 150;
    h.seeded.state.live.start(test);
    h.seeded.state.live.append(test, ...Array.from({ length: printed }, (_v, i) => `line ${i}`));
    const [header, ...body] = (await read()).text.split("\n");
    expect(header).toContain(
      `still running; this is its output so far, the last ${LIVE_TEXT_LIMITS.maxLines.toLocaleString("en-US")} lines ` +
        `of ${printed.toLocaleString("en-US")} (older lines dropped).`,
    );
    expect(body).toHaveLength(LIVE_TEXT_LIMITS.maxLines);
    expect(body[0]).toBe("line 150");
    expect(body.at(-1)).toBe(`line ${printed - 1}`);
  });

  it("says what it read when the step ends during the read", async () => {
    h.seeded.state.live.start(test);
    h.seeded.state.live.append(test, "PASS");
    const reading = read();
    await subscribed();
    h.seeded.state.live.append(test, "ok  \tgithub.com/octocat/hello-world\t0.004s");
    h.seeded.state.live.end(test);
    const [header, ...body] = (await reading).text.split("\n");
    expect(header).toContain("finished while it was being read; this is its streamed output, 2 lines.");
    expect(body).toEqual(["PASS", "ok  \tgithub.com/octocat/hello-world\t0.004s"]);
    // The stored log is there from now on.
    expect((await read()).text).toBe("PASS\nok  \tgithub.com/octocat/hello-world\t0.004s");
  });

  it("says a running step that printed nothing yet has no output so far", async () => {
    h.seeded.state.live.start(test);
    const log = await read();
    expect(log.text).toBe(
      `Step 2 (test) of stage 1 in build #${build.number} of octocat/hello-world is still running and has printed nothing yet. Read again later for its output.`,
    );
  });

  it("falls back to the still-running message when the live stream ends at once", async () => {
    const step = build.stages?.[0]?.steps?.[1];
    if (!step) throw new Error("the build has no step 2");
    step.status = "running";
    const error = await readError(uri);
    expect(error.code).toBe(RESOURCE_NOT_FOUND);
    expect(error.message).toContain("is still running, and Drone's live stream has no output for it");
    expect(error.data).toMatchObject({ status: "running" });
    expect(h.drone.requestsTo("/api/stream")).toHaveLength(1);
  });

  it("a step that has not started still says so, without opening the stream", async () => {
    h.seeded.state.live.start(test);
    const error = await readError(`drone://repos/octocat/hello-world/builds/${build.number}/logs/1/3`);
    expect(error.code).toBe(RESOURCE_NOT_FOUND);
    expect(error.message).toContain("Step 3 (deploy) of stage 1");
    expect(error.message).toContain("has not started yet (pending)");
    expect(h.drone.requestsTo("/api/stream")).toHaveLength(0);
  });

  it("a step that does not exist is still not-found", async () => {
    h.seeded.state.live.start(test);
    const error = await readError(`drone://repos/octocat/hello-world/builds/${build.number}/logs/1/9`);
    expect(error.code).toBe(RESOURCE_NOT_FOUND);
    expect(error.message).toContain(`Step 9 not found in stage 1 of build #${build.number}`);
    expect(h.drone.requestsTo("/api/stream")).toHaveLength(0);
  });

  it("a `latest` log URI of a running step streams the resolved build", async () => {
    h.seeded.state.live.start(test);
    h.seeded.state.live.append(test, "compiling");
    const log = await read("drone://repos/octocat/hello-world/builds/latest/logs/1/2");
    expect(log.text.split("\n")).toEqual([expect.stringContaining("is still running"), "compiling"]);
    expect(h.drone.requests.map((r) => r.path)).toEqual([
      "/api/repos/octocat/hello-world/builds/latest",
      `/api/repos/octocat/hello-world/builds/${build.number}/logs/1/2`,
      `/api/stream/octocat/hello-world/${build.number}/1/2`,
    ]);
  });
});
