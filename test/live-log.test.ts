/**
 * Live step logs over Drone's SSE stream: readLiveLog against the sandbox's livelog, which
 * replays buffered lines, sends live ones and ends with `event: error / data: eof`.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StepRef } from "../src/drone/api/refs.js";
import { DroneClient } from "../src/drone/client.js";
import { DroneApiError, DroneResponseError } from "../src/drone/errors.js";
import { readLiveLog } from "../src/drone/live-log.js";
import type { Repo } from "../src/drone/types.js";
import type { StepAddress } from "../src/sandbox/live.js";
import { SANDBOX_USER_TOKEN, type Seeded, seedSandbox } from "../src/sandbox/seed.js";
import { type DroneSandbox, startDroneSandbox } from "../src/sandbox/server.js";

let seeded: Seeded;
let drone: DroneSandbox;
let client: DroneClient;
let repo: Repo;
let step: StepAddress;
let ref: StepRef;

beforeEach(async () => {
  seeded = seedSandbox();
  drone = await startDroneSandbox({ state: seeded.state });
  client = new DroneClient({ server: drone.url, token: SANDBOX_USER_TOKEN, timeoutMs: 5_000 });
  repo = seeded.state.repoBySlug("octocat", "hello-world") as Repo;
  const build = seeded.state.addBuild(repo, {
    status: "pending",
    stages: [{ name: "default", status: "pending", steps: [{ name: "clone" }, { name: "test", status: "pending" }] }],
  });
  step = { repo, build: build.number, stage: 1, step: 2 };
  ref = { namespace: "octocat", name: "hello-world", build: build.number, stage: 1, step: 2 };
});
afterEach(async () => {
  await drone.close();
});

/** Resolves once the sandbox has this many subscribers on the step's stream. */
async function subscribed(count = 1): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (Object.values(seeded.state.live.info()).some((n) => n >= count)) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error("nobody subscribed to the live step");
}

describe("readLiveLog", () => {
  it("returns the replayed lines, then live lines, and ends at eof", async () => {
    seeded.state.live.start(step);
    seeded.state.live.append(step, "+ go test ./...", "=== RUN   TestGreeting");
    const reading = readLiveLog(client, ref, { idleMs: 0, maxWaitMs: 5_000 });
    await subscribed();
    seeded.state.live.append(step, "--- FAIL: TestGreeting (0.00s)");
    seeded.state.live.end(step, "failure");
    const log = await reading;

    expect(log).toMatchObject({ ended: true, stop: "eof", total: 3 });
    expect(log.lines.map((l) => [l.pos, l.out])).toEqual([
      [0, "+ go test ./...\n"],
      [1, "=== RUN   TestGreeting\n"],
      [2, "--- FAIL: TestGreeting (0.00s)\n"],
    ]);
    const [request] = drone.requestsTo("/api/stream");
    expect(request).toMatchObject({ method: "GET", path: `/api/stream/octocat/hello-world/${ref.build}/1/2` });
    expect(request?.headers.accept).toBe("text/event-stream");
    expect(request?.headers.authorization).toBe(`Bearer ${SANDBOX_USER_TOKEN}`);
  });

  it("ends at once with no lines when the step is not running (ping, then eof)", async () => {
    const log = await readLiveLog(client, ref, { idleMs: 0, maxWaitMs: 5_000 });
    expect(log).toEqual({ lines: [], total: 0, ended: true, stop: "eof" });
  });

  it("reports a stream that closes before eof as not ended", async () => {
    seeded.state.live.start(step);
    seeded.state.live.append(step, "downloading modules");
    const reading = readLiveLog(client, ref, { idleMs: 0, maxWaitMs: 5_000 });
    await subscribed();
    seeded.state.live.disconnect(step);
    const log = await reading;
    expect(log).toMatchObject({ ended: false, stop: "closed", total: 1 });
    expect(log.lines[0]?.out).toBe("downloading modules\n");
  });

  it("returns what a silent running step printed once no line came for idleMs", async () => {
    seeded.state.live.start(step);
    seeded.state.live.append(step, "compiling");
    const log = await readLiveLog(client, ref, { idleMs: 300, maxWaitMs: 5_000 });
    expect(log).toMatchObject({ ended: false, stop: "idle", total: 1 });
  });

  it("stops at the time budget while lines keep coming", async () => {
    seeded.state.live.start(step);
    const ticker = setInterval(() => seeded.state.live.append(step, "tick"), 10);
    try {
      const log = await readLiveLog(client, ref, { idleMs: 5_000, maxWaitMs: 600 });
      expect(log.stop).toBe("time_budget");
      expect(log.ended).toBe(false);
      expect(log.total).toBeGreaterThan(0);
      expect(log.lines.map((l) => l.pos)).toEqual(log.lines.map((_l, i) => i));
    } finally {
      clearInterval(ticker);
    }
  });

  it("keeps the last maxLines lines by default and the first ones with keep head", async () => {
    seeded.state.live.start(step);
    seeded.state.live.append(step, ...Array.from({ length: 10 }, (_v, i) => `line ${i}`));
    const tail = await readLiveLog(client, ref, { maxLines: 3, idleMs: 300 });
    expect(tail).toMatchObject({ total: 10, stop: "idle" });
    expect(tail.lines.map((l) => l.pos)).toEqual([7, 8, 9]);
    const head = await readLiveLog(client, ref, { maxLines: 3, keep: "head", idleMs: 5_000 });
    expect(head).toMatchObject({ total: 3, stop: "max_lines", ended: false });
    expect(head.lines.map((l) => l.out)).toEqual(["line 0\n", "line 1\n", "line 2\n"]);
  });

  it("ignores keep-alive pings", async () => {
    seeded.state.live.pingIntervalMs = 5;
    seeded.state.live.start(step);
    const reading = readLiveLog(client, ref, { idleMs: 0, maxWaitMs: 5_000 });
    await subscribed();
    await new Promise((r) => setTimeout(r, 60));
    seeded.state.live.append(step, "after pings");
    seeded.state.live.end(step);
    const log = await reading;
    expect(log.lines.map((l) => l.out)).toEqual(["after pings\n"]);
    expect(log.ended).toBe(true);
  });

  it("throws Drone's 404 for a step that does not exist, before any stream", async () => {
    const error = await readLiveLog(client, { ...ref, step: 9 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DroneApiError);
    expect(error).toMatchObject({ status: 404, droneMessage: "sql: no rows in result set" });
  });

  it("refuses an answer that is not an event stream", async () => {
    drone.faults.push({ path: /^\/api\/stream\//, status: 200, contentType: "text/html", body: "<html></html>" });
    const error = await readLiveLog(client, ref).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DroneResponseError);
    expect(String(error)).toContain("Expected an event stream");
  });

  it("rejects when the caller aborts", async () => {
    seeded.state.live.start(step);
    const controller = new AbortController();
    const reading = readLiveLog(client, ref, { idleMs: 0, maxWaitMs: 5_000, signal: controller.signal });
    await subscribed();
    controller.abort();
    await expect(reading).rejects.toMatchObject({ name: "AbortError" });
  });

  it("stores the log when the step ends, as the runner's upload does", async () => {
    seeded.state.live.start(step);
    seeded.state.live.append(step, "ok");
    seeded.state.live.end(step);
    const stored = await client.json<Array<{ out: string }>>(
      `api/repos/octocat/hello-world/builds/${ref.build}/logs/1/2`,
    );
    expect(stored?.map((l) => l.out)).toEqual(["ok\n"]);
  });
});

describe("sandbox step stream framing", () => {
  it("sends a ping, replayed and live lines with Go's extra newline, then eof", async () => {
    seeded.state.live.start(step);
    seeded.state.live.append(step, "one");
    const response = await fetch(`${drone.url}/api/stream/octocat/hello-world/${ref.build}/1/2`, {
      headers: { Authorization: `Bearer ${SANDBOX_USER_TOKEN}` },
    });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(response.headers.get("x-accel-buffering")).toBe("no");
    const text = response.text();
    await subscribed();
    seeded.state.live.append(step, "two");
    seeded.state.live.end(step);
    const body = await text;
    expect(body).toMatch(
      /^: ping\n\ndata: \{"pos":0,"out":"one\\n","time":\d+\}\n\n\ndata: \{"pos":1,"out":"two\\n","time":\d+\}\n\n\nevent: error\ndata: eof\n\n$/,
    );
  });

  it("answers a step that is not live with a ping and eof at once, still 200", async () => {
    const response = await fetch(`${drone.url}/api/stream/octocat/hello-world/${ref.build}/1/2`, {
      headers: { Authorization: `Bearer ${SANDBOX_USER_TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(": ping\n\nevent: error\ndata: eof\n\n");
  });
});
