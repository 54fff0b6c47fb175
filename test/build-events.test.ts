/**
 * Build events over Drone's SSE stream: waitForBuildEvent against the sandbox's event bus,
 * which publishes the Repo with its Build whenever a build, stage or step changes.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { waitForBuildEvent } from "../src/drone/build-events.js";
import { DroneClient } from "../src/drone/client.js";
import { DroneApiError } from "../src/drone/errors.js";
import type { Build, Repo } from "../src/drone/types.js";
import { SANDBOX_USER_TOKEN, type Seeded, seedSandbox } from "../src/sandbox/seed.js";
import { type DroneSandbox, startDroneSandbox } from "../src/sandbox/server.js";

let seeded: Seeded;
let drone: DroneSandbox;
let client: DroneClient;
let hello: Repo;
let build: Build;

beforeEach(async () => {
  seeded = seedSandbox();
  drone = await startDroneSandbox({ state: seeded.state });
  client = new DroneClient({ server: drone.url, token: SANDBOX_USER_TOKEN, timeoutMs: 5_000 });
  hello = seeded.state.repoBySlug("octocat", "hello-world") as Repo;
  build = seeded.state.addBuild(hello, {
    status: "pending",
    stages: [{ name: "default", status: "pending", steps: [{ name: "test", status: "pending" }] }],
  });
});
afterEach(async () => {
  await drone.close();
});

const ref = () => ({ namespace: "octocat", name: "hello-world", build: build.number });
const getBuild = (signal: AbortSignal) =>
  client.json<Build>(`api/repos/octocat/hello-world/builds/${build.number}`, { signal });

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!condition()) throw new Error("condition not met in time");
}

async function subscribed(): Promise<void> {
  for (let i = 0; i < 500 && seeded.state.events.subscriberCount === 0; i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
  if (seeded.state.events.subscriberCount === 0) throw new Error("nobody subscribed to build events");
}

describe("waitForBuildEvent", () => {
  it("reads the current state once the stream is open, then waits for the build to finish", async () => {
    const waiting = waitForBuildEvent(client, ref(), { current: getBuild, maxWaitMs: 5_000 });
    await subscribed();
    await until(() => drone.requestsTo("/api/repos").length > 0); // the current state was read
    const step = { repo: hello, build: build.number, stage: 1, step: 1 };
    seeded.state.live.start(step); // publishes: running
    seeded.state.live.end(step, "success"); // publishes: step done, build still running
    build.status = "success";
    seeded.state.events.publish(hello, build);
    const result = await waiting;

    expect(result.stop).toBe("matched");
    expect(result.events).toBe(3);
    expect(result.build?.status).toBe("success");
    expect(result.build?.stages?.[0]?.steps?.[0]?.status).toBe("success");
    const [stream] = drone.requestsTo("/api/stream");
    expect(stream).toMatchObject({ method: "GET", path: "/api/stream/octocat/hello-world" });
    expect(stream?.headers.accept).toBe("text/event-stream");
    // The stream was open before the build was read, so no change could slip between them.
    expect(drone.requests.map((r) => r.path)).toEqual([
      "/api/stream/octocat/hello-world",
      `/api/repos/octocat/hello-world/builds/${build.number}`,
    ]);
  });

  it("returns at once when the build is already finished", async () => {
    build.status = "failure";
    const result = await waitForBuildEvent(client, ref(), { current: getBuild, maxWaitMs: 5_000 });
    expect(result).toMatchObject({ stop: "matched", events: 0, build: { status: "failure" } });
  });

  it("ignores other builds and other repos, and stops at the time budget", async () => {
    const waiting = waitForBuildEvent(client, ref(), { maxWaitMs: 400 });
    await subscribed();
    const other = seeded.state.addBuild(hello, { status: "success" });
    seeded.state.events.publish(hello, other);
    const api = seeded.state.repoBySlug("acme", "api") as Repo;
    seeded.state.events.publish(api, { ...build, status: "success" });
    const result = await waiting;
    expect(result).toEqual({ build: undefined, events: 0, stop: "time_budget" });
  });

  it("reports a stream that drops as closed, with the last state seen", async () => {
    const waiting = waitForBuildEvent(client, ref(), { maxWaitMs: 5_000 });
    await subscribed();
    build.status = "running";
    seeded.state.events.publish(hello, build);
    await new Promise((r) => setTimeout(r, 50));
    seeded.state.events.disconnectAll();
    const result = await waiting;
    expect(result).toMatchObject({ stop: "closed", events: 1, build: { status: "running" } });
  });

  it("throws Drone's 404 for a repo the token cannot see", async () => {
    const error = await waitForBuildEvent(client, { namespace: "acme", name: "secret", build: 1 }).catch((e) => e);
    expect(error).toBeInstanceOf(DroneApiError);
    expect(error).toMatchObject({ status: 404 });
  });
});

describe("sandbox event streams", () => {
  it("frames each event as data: <repo with build> and filters the global stream by what the viewer sees", async () => {
    const response = await fetch(`${drone.url}/api/stream`); // anonymous
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const reader = response.body?.getReader() as ReadableStreamDefaultReader<Uint8Array>;
    await subscribed();
    const api = seeded.state.repoBySlug("acme", "api") as Repo;
    seeded.state.events.publish(api, seeded.state.findBuild(api, 1) as Build); // private: not for guests
    seeded.state.events.publish(hello, build); // public
    let text = "";
    const decoder = new TextDecoder();
    while (!text.includes("\n\ndata: ") || !text.endsWith("\n\n")) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
    await reader.cancel();
    expect(text.startsWith(": ping\n\ndata: ")).toBe(true);
    const events = text.split("\n\n").filter((e) => e.startsWith("data: "));
    expect(events).toHaveLength(1);
    const payload = JSON.parse(events[0]?.slice(6) ?? "") as Repo;
    expect(payload.slug).toBe("octocat/hello-world");
    expect(payload.build?.number).toBe(build.number);
    expect(payload.build?.stages?.[0]?.steps).toHaveLength(1);
  });
});
