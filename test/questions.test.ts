/**
 * The questions people ask, each answered in one call through a real MCP client against the
 * Drone sandbox holding an ordinary history (test/history.ts): list filters, why a build is not
 * running, approving a whole build, and confirmations that say what can be undone.
 */
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SANDBOX_USER_TOKEN } from "../src/sandbox/seed.js";
import { type Harness, jsonOf, startHarness, textOf } from "./helpers.js";
import { type History, seedHistory } from "./history.js";

let h: Harness;
let history: History;
const shop = { namespace: "acme", name: "shop" };

async function start(options: Parameters<typeof startHarness>[0] = {}) {
  h = await startHarness(options);
  history = seedHistory(h.seeded.state);
}

afterEach(async () => {
  await h.close();
});

const numbers = (result: Awaited<ReturnType<Harness["call"]>>) =>
  jsonOf<Array<{ number: number }>>(result).map((b) => b.number);

describe("list_builds filters", () => {
  beforeEach(() => start());

  it("status failing: failure or error builds, reading Drone's pages of 100 and saying how far back", async () => {
    const result = await h.call("list_builds", { ...shop, status: "failing" });
    expect(result.isError).toBeFalsy();
    expect(numbers(result)).toEqual([history.builds.mainFailed, history.builds.developFailed]);
    expect(textOf(result)).toMatch(/^2 failing builds among all 12 builds \(#12-#1\)\.\n/);
    expect(h.drone.requestsTo("/api/repos").map((r) => r.query)).toEqual([{ page: "1", per_page: "100" }]);
  });

  it("branch goes to Drone's own query; status is applied here", async () => {
    const result = await h.call("list_builds", { ...shop, status: "failure", branch: "develop" });
    expect(numbers(result)).toEqual([history.builds.developFailed]);
    expect(textOf(result)).toMatch(/^1 failure build on develop among all 2 builds/);
    expect(h.drone.requestsTo("/api/repos")[0]?.query).toEqual({ page: "1", per_page: "100", branch: "develop" });
  });

  it("event and author", async () => {
    const prs = await h.call("list_builds", { ...shop, event: "pull_request" });
    expect(numbers(prs)).toEqual([history.builds.armPending, history.builds.forkAwaiting]);
    const jane = await h.call("list_builds", { ...shop, author: "Jane Doe" });
    expect(numbers(jane)).toEqual([history.builds.mainFailed]);
    expect(textOf(jane)).toMatch(/^1 build by Jane Doe among all 12 builds/);
  });

  it("pages through the matches: a full page says how to get the next", async () => {
    const first = await h.call("list_builds", { ...shop, status: "success", per_page: 3 });
    expect(numbers(first)).toEqual([9, 8, 7]);
    expect(textOf(first)).toMatch(/more match: call again with page=2/);
    expect(first.structuredContent).toMatchObject({ next_page: 2 });
    const last = await h.call("list_builds", { ...shop, status: "success", per_page: 3, page: 3 });
    expect(numbers(last)).toEqual([1]);
  });

  it("stops after 500 builds and says older builds were not searched", async () => {
    for (let i = 0; i < 600; i++) h.seeded.state.addBuild(history.repo, { stages: [] });
    const result = await h.call("list_builds", { ...shop, status: "failing" });
    expect(numbers(result)).toEqual([]);
    expect(textOf(result)).toMatch(
      /^0 failing builds among the newest 500 builds \(#612-#113\)\. Older builds were not searched\./,
    );
    expect(h.drone.requestsTo("/api/repos")).toHaveLength(5);
  });
});

describe("why a build is not running (get_build)", () => {
  it("a stage no connected runner serves: the queue shows every running stage is on amd64 runners", async () => {
    await start();
    const result = await h.call("get_build", { ...shop, build: history.builds.armPending });
    const text = textOf(result);
    expect(text).toMatch(/^Build #12 pending \(pull_request on main\)\.\n/);
    expect(text).toContain(
      'Stage 1 "arm64" (pending for 10 min): no connected runner seems to serve linux/arm64: stages queued after it were taken, but every running stage is on runner-1 (linux/amd64), runner-amd64-2 (linux/amd64).',
    );
    expect(result.structuredContent).toMatchObject({ waiting: [{ stage: 1, reason: "no_runner" }] });
    expect(h.drone.requestsTo("/api/queue")).toHaveLength(1);
  });

  it("without admin rights it says what it knows: the platform it needs", async () => {
    await start({ token: SANDBOX_USER_TOKEN });
    h.seeded.state.grant(history.repo, h.seeded.user, { read: true, write: true });
    const result = await h.call("get_build", { ...shop, build: history.builds.armPending });
    expect(textOf(result)).toContain(
      'Stage 1 "arm64" (pending for 10 min): no runner has taken it yet; it needs one for linux/arm64. Which runners are connected shows only to admins (get_queue).',
    );
  });

  it("a node list, when the server has one, names the nodes", async () => {
    await start();
    h.drone.faults.push({
      path: "/api/nodes",
      status: 200,
      body: JSON.stringify([{ id: 1, name: "runner-1", os: "linux", arch: "amd64", capacity: 2 }]),
    });
    const result = await h.call("get_build", { ...shop, build: history.builds.armPending });
    expect(textOf(result)).toContain("no runner node serves linux/arm64; nodes: runner-1 linux/amd64.");
  });

  it("nothing running anywhere: the queue may be paused", async () => {
    await start();
    for (const repo of h.seeded.state.repos) {
      for (const b of h.seeded.state.buildsOf(repo)) if (b.status === "running") b.status = "killed";
      for (const b of h.seeded.state.buildsOf(repo))
        for (const s of b.stages ?? []) if (s.status === "running") s.status = "killed";
    }
    const result = await h.call("get_build", { ...shop, build: history.builds.armPending });
    expect(textOf(result)).toContain(
      "nothing in the whole queue is running (1 stage(s) waiting): the queue may be paused (resume_queue) or no runner is connected.",
    );
  });

  it("awaiting approval, and waiting on dependencies", async () => {
    await start();
    const build = h.seeded.state.addBuild(history.repo, {
      status: "pending",
      started: 0,
      finished: 0,
      stages: [
        { name: "approve", status: "blocked", steps: [{ name: "a" }] },
        { name: "deploy", status: "waiting_on_dependencies", depends_on: ["approve"], steps: [{ name: "b" }] },
      ],
    });
    const result = await h.call("get_build", { ...shop, build: build.number });
    expect(textOf(result).split("\n").slice(1, 3)).toEqual([
      'Stage 1 "approve" awaits approval: a repo admin runs approve_build (or decline_build).',
      'Stage 2 "deploy" waits for "approve" (awaiting approval).',
    ]);
  });

  it("labels must match a runner's exactly; busy runners of the right platform are named as busy", async () => {
    await start();
    const state = h.seeded.state;
    const gpu = state.addBuild(history.repo, {
      status: "pending",
      finished: 0,
      stages: [{ name: "train", status: "pending", labels: { gpu: "a100" }, steps: [{ name: "t" }] }],
    });
    const amd = state.addBuild(history.repo, {
      status: "pending",
      finished: 0,
      stages: [{ name: "lint", status: "pending", steps: [{ name: "l" }] }],
    });
    const gpuText = textOf(await h.call("get_build", { ...shop, build: gpu.number }));
    expect(gpuText).toContain("no connected runner seems to serve linux/amd64 with labels gpu=a100:");
    const amdText = textOf(await h.call("get_build", { ...shop, build: amd.number }));
    expect(amdText).toMatch(
      /Stage 1 "lint" \(pending for \d+ min\): runners for linux\/amd64 are busy \(2 running stage\(s\)\); it is next for them\./,
    );
  });

  it("the pipeline's concurrency limit, naming the builds that hold it", async () => {
    await start();
    const state = h.seeded.state;
    const deploy = (status: "running" | "pending", machine?: string) =>
      state.addBuild(history.repo, {
        status,
        finished: 0,
        stages: [{ name: "deploy", status, limit: 1, ...(machine ? { machine } : {}), steps: [{ name: "d" }] }],
      });
    const holder = deploy("running", "runner-1");
    const waiting = deploy("pending");
    const result = await h.call("get_build", { ...shop, build: waiting.number });
    expect(textOf(result)).toMatch(/Stage 1 "deploy" \(pending for \d+ min\): /);
    expect(textOf(result)).toContain(
      `its pipeline's concurrency limit (1) is reached; held by #${holder.number} "deploy" (running). It starts when one of them finishes.`,
    );
  });

  it("the repository's limit of concurrent stages (throttle)", async () => {
    await start();
    const state = h.seeded.state;
    const waiting = state.addBuild(history.repo, {
      status: "pending",
      finished: 0,
      stages: [{ name: "lint", status: "pending", throttle: 2, steps: [{ name: "l" }] }],
    });
    const result = await h.call("get_build", { ...shop, build: waiting.number });
    expect(textOf(result)).toContain(
      `the repository's limit of 2 concurrent stages is reached; held by #${history.builds.mainRunning} "default" (running), #${history.builds.armPending} "arm64" (pending).`,
    );
  });
});

describe("approve_build without a stage", () => {
  beforeEach(() => start());

  it("approves every blocked stage of the build and says which", async () => {
    const result = await h.call("approve_build", { ...shop, build: history.builds.forkAwaiting });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toBe(`Build #${history.builds.forkAwaiting}: approved stage 1 "default"; it will run now.`);
    expect(h.drone.requestsTo("/api/repos").map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /api/repos/acme/shop/builds/${history.builds.forkAwaiting}`,
      `POST /api/repos/acme/shop/builds/${history.builds.forkAwaiting}/approve/1`,
    ]);
    expect(h.seeded.state.findBuild(history.repo, history.builds.forkAwaiting)?.stages?.[0]?.status).toBe("pending");
  });

  it("a build with nothing awaiting approval: says so, approves nothing", async () => {
    const result = await h.call("approve_build", { ...shop, build: history.builds.mainRunning });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^Nothing to approve: build #11 \(running\) has no stage awaiting approval/);
    expect(h.drone.requestsTo("/api/repos").filter((r) => r.method === "POST")).toEqual([]);
  });
});

describe("confirmation texts say what can be undone", () => {
  it("disabling a repository can be undone with enable_repo; removing it cannot", async () => {
    await start({ clientCapabilities: { capabilities: { elicitation: {} } } });
    const asked: string[] = [];
    h.client.setRequestHandler(ElicitRequestSchema, async (request) => {
      asked.push((request.params as { message: string }).message);
      return { action: "decline" };
    });
    await h.call("disable_repo", shop);
    await h.call("disable_repo", { ...shop, remove: true });
    await h.call("cancel_build", { ...shop, build: history.builds.mainRunning });
    expect(asked[0]).toContain("enable_repo undoes it");
    expect(asked[0]).not.toContain("cannot be undone");
    expect(asked[1]).toContain("Removing cannot be undone");
    expect(asked[2]).toContain("restart_build runs it again as a new build");
    expect(h.drone.requestsTo("/api/repos").filter((r) => r.method !== "GET")).toEqual([]);
  });
});

describe("the latest failure, in one call (get_build_failure)", () => {
  beforeEach(() => start());

  it('"The last failed build of acme/shop: what broke?" skips the running build and says so', async () => {
    const result = await h.call("get_build_failure", shop);
    const text = textOf(result);
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ build: history.builds.mainFailed, status: "failure" });
    expect(text.split("\n")[0]).toContain(
      `(#${history.builds.mainRunning} is still running; #${history.builds.mainFailed} is the newest failed build on main.)`,
    );
    expect(text).toContain("Expected: 90");
    expect(text).toContain("Received: 100");
  });

  it('"Tests failed recently: which test, expected versus got?" when the newest build passed', async () => {
    const running = h.seeded.state.findBuild(history.repo, history.builds.mainRunning);
    if (running) running.status = "success";
    const result = await h.call("get_build_failure", shop);
    const text = textOf(result);
    expect(text.split("\n")[0]).toContain(
      `(#${history.builds.mainRunning} passed; #${history.builds.mainFailed} is the newest failed build on main.)`,
    );
    expect(text).toContain("checkout › applies the discount code");
    expect(text).toMatch(/Expected: 90[\s\S]*Received: 100/);
  });

  it('"Why did the build on the develop branch fail?" takes the branch', async () => {
    const result = await h.call("get_build_failure", { ...shop, branch: "develop" });
    const text = textOf(result);
    expect(result.structuredContent).toMatchObject({ build: history.builds.developFailed });
    expect(text.split("\n")[0]).toContain(
      `(#${history.builds.developPassed} passed; #${history.builds.developFailed} is the newest failed build on develop.)`,
    );
    expect(text).toContain("TypeError: client.charge is not a function");
    expect(h.drone.requestsTo("/api/repos/acme/shop/builds")[0]?.query).toEqual({
      page: "1",
      per_page: "100",
      branch: "develop",
    });
  });

  it("a branch with no failed build falls back to the default branch, and says so", async () => {
    h.seeded.state.addBuild(history.repo, {
      ref: "refs/heads/feature-x",
      source: "feature-x",
      target: "feature-x",
      stages: [{ name: "default", steps: [{ name: "test" }] }],
    });
    const result = await h.call("get_build_failure", { ...shop, branch: "feature-x" });
    expect(result.structuredContent).toMatchObject({ build: history.builds.mainFailed });
    expect(textOf(result).split("\n")[0]).toContain(
      `(No failed build on feature-x (1 checked). #${history.builds.mainRunning} is still running; #${history.builds.mainFailed} is the newest failed build on main.)`,
    );
  });

  it('"Why hasn\'t the build for pull request #15 started yet?" through get_build_failure with its ref', async () => {
    const result = await h.call("get_build_failure", { ...shop, ref: "refs/pull/15/head" });
    const text = textOf(result);
    expect(text).toContain(
      "No failed build on refs/pull/15/head (1 checked). #11 is still running; #3 is the newest failed build on main.",
    );
    expect(text).toContain(
      `#${history.builds.armPending}: Stage 1 "arm64" (pending for 10 min): no connected runner seems to serve linux/arm64`,
    );
    expect(result.structuredContent).toMatchObject({ newer_build_waiting: [{ stage: 1, reason: "no_runner" }] });
  });

  it('"Why hasn\'t the build for pull request #15 started yet?" through get_build latest of its ref', async () => {
    const result = await h.call("get_build", { ...shop, build: "latest", ref: "refs/pull/15/head" });
    expect(textOf(result)).toMatch(
      /^Build #12 pending \(pull_request on main\)\.\nStage 1 "arm64" \(pending for 10 min\): no connected runner seems to serve linux\/arm64/,
    );
  });

  it("a named build that did not fail: says so and names the newest failed build of its branch", async () => {
    const result = await h.call("get_build_failure", { ...shop, build: history.builds.mainPassed });
    const first = textOf(result).split("\n")[0];
    expect(first).toMatch(/^acme\/shop #9 passed/);
    expect(first).toContain(`The newest failed build on main is #${history.builds.mainFailed} (failure).`);
  });

  it("a repository where nothing failed: the newest build, and a note that nothing failed", async () => {
    const result = await h.call("get_build_failure", { namespace: "acme", name: "billing" });
    expect(textOf(result).split("\n")[0]).toContain(
      "No failed build on main (1 checked) or any branch (1 checked); this is the newest build.",
    );
  });
});

describe('resources: "failed" is the newest failed build, by the same rule', () => {
  beforeEach(() => start());

  it("drone://…/builds/failed holds it with the note on which, and its logs resolve the same way", async () => {
    const build = await h.client.readResource({ uri: "drone://repos/acme/shop/builds/failed" });
    const content = build.contents[0] as { text: string };
    const data = JSON.parse(content.text) as { number: number; chosen: string };
    expect(data.number).toBe(history.builds.mainFailed);
    expect(data.chosen).toBe(
      `#${history.builds.mainRunning} is still running; #${history.builds.mainFailed} is the newest failed build on main.`,
    );
    const log = await h.client.readResource({ uri: "drone://repos/acme/shop/builds/failed/logs/1/2" });
    expect((log.contents[0] as { text: string }).text).toContain("Received: 100");
    const completion = await h.client.complete({
      ref: { type: "ref/resource", uri: "drone://repos/{namespace}/{name}/builds/{build}" },
      argument: { name: "build", value: "f" },
      context: { arguments: { namespace: "acme", name: "shop" } },
    });
    expect(completion.completion.values).toEqual(["failed"]);
  });
});
