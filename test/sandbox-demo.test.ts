/**
 * The demo sandbox: demo data on top of the unchanged standard seed, and the build simulation
 * (driven here with a manual clock) moving restarted, approved and cancelled builds as Drone
 * would, observed through the sandbox's HTTP API.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Build } from "../src/drone/types.js";
import { demoScript, PAYMENTS, seedDemo } from "../src/sandbox/demo-data.js";
import { SANDBOX_ADMIN_TOKEN, seedSandbox } from "../src/sandbox/seed.js";
import { type DroneSandbox, startDroneSandbox } from "../src/sandbox/server.js";
import { passingScript, type Simulation, type StepScript, startSimulation } from "../src/sandbox/simulate.js";

let drone: DroneSandbox | undefined;
afterEach(async () => {
  await drone?.close();
  drone = undefined;
});

async function api<T>(method: string, path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${drone?.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${SANDBOX_ADMIN_TOKEN}` },
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** Starts the demo sandbox with a simulation whose clock the test moves by hand. */
async function demoSandbox(
  script: StepScript = demoScript,
): Promise<{ sim: Simulation; advance: (ms: number) => void }> {
  const { state } = seedDemo();
  drone = await startDroneSandbox({ state });
  const sim = startSimulation(state, { queueMs: 1000, stepMs: 500, script });
  sim.stop(); // no timer: the test ticks
  let now = 1_000_000;
  return {
    sim,
    advance: (ms) => {
      for (let t = 0; t < ms; t += 100) {
        now += 100;
        sim.tick(now);
      }
    },
  };
}

const stepsOf = (build: Build) => (build.stages ?? []).flatMap((s) => s.steps ?? []);

describe("demo data", () => {
  it("adds repositories and builds on top of the standard seed without changing it", () => {
    const standard = seedSandbox().state;
    const demo = seedDemo().state;
    const view = (s: typeof standard) =>
      s.repos.map((r) => ({
        slug: r.slug,
        builds: s.buildsOf(r).map((b) => [b.number, b.status, b.message, stepsOf(b).map((x) => x.status)]),
      }));
    expect(view(demo).slice(0, standard.repos.length)).toEqual(view(standard));
    expect(demo.users.map((u) => [u.login, u.token])).toEqual(standard.users.map((u) => [u.login, u.token]));
    expect(demo.repos.length).toBeGreaterThan(standard.repos.length);
  });

  it("has a history of passing and failing builds, a long failing log and a stage awaiting approval", () => {
    const { state } = seedDemo();
    const builds = state.repos.slice(3).flatMap((r) => state.buildsOf(r));
    expect(builds.filter((b) => b.status === "success").length).toBeGreaterThanOrEqual(6);
    expect(builds.filter((b) => b.status === "failure").length).toBeGreaterThanOrEqual(3);
    expect(builds.some((b) => b.stages?.some((s) => s.status === "blocked"))).toBe(true);

    const payments = state.repos.find((r) => r.slug === PAYMENTS)!;
    const latest = state.buildsOf(payments).at(-1)!;
    expect(latest.status).toBe("failure");
    const failed = stepsOf(latest).find((s) => s.status === "failure")!;
    expect(failed.name).toBe("test");
    const log = JSON.parse(state.logs.get(state.logKey(payments, latest.number, 1, failed.number))!) as Array<{
      out: string;
    }>;
    expect(log.length).toBeGreaterThan(300);
    expect(log.map((l) => l.out).join("")).toContain("connect ECONNREFUSED");
  });
});

describe("build simulation", () => {
  it("runs a restarted build pending -> running -> success, storing each step's log when it finishes", async () => {
    const { advance } = await demoSandbox();
    const restart = await api<Build>("POST", `/api/repos/${PAYMENTS}/builds/7`);
    expect(restart.body).toMatchObject({ number: 8, status: "pending" });
    const path = `/api/repos/${PAYMENTS}/builds/8`;

    advance(900);
    expect((await api<Build>("GET", path)).body.status).toBe("pending");
    advance(200);
    let build = (await api<Build>("GET", path)).body;
    expect(build.status).toBe("running");
    expect(stepsOf(build).map((s) => s.status)).toEqual(["running", "pending", "pending", "pending", "pending"]);
    expect((await api("GET", `${path}/logs/1/1`)).status).toBe(404); // no log while the step runs

    advance(600);
    build = (await api<Build>("GET", path)).body;
    expect(stepsOf(build)[0]?.status).toBe("success");
    expect((await api<Array<{ out: string }>>("GET", `${path}/logs/1/1`)).body[1]?.out).toContain("git fetch");

    advance(5000);
    build = (await api<Build>("GET", path)).body;
    expect(build.status).toBe("success");
    expect(build.finished).toBeGreaterThanOrEqual(build.started);
    expect(stepsOf(build).every((s) => s.status === "success")).toBe(true);
    const test = await api<Array<{ out: string }>>("GET", `${path}/logs/1/4`);
    expect(test.body.at(-1)?.out).toBe("Ran all test suites.\n");
  });

  it("fails a build whose script fails a step, and skips the steps after it", async () => {
    const lintFails: StepScript = (run) =>
      run.step.name === "lint" ? { status: "failure", log: ["✖ 1 problem (1 error, 0 warnings)"] } : passingScript(run);
    const { advance } = await demoSandbox(lintFails);
    await api("POST", `/api/repos/${PAYMENTS}/builds/7`);
    advance(10_000);
    const build = (await api<Build>("GET", `/api/repos/${PAYMENTS}/builds/8`)).body;
    expect(build.status).toBe("failure");
    expect(build.stages?.[0]).toMatchObject({ status: "failure", exit_code: 1 });
    expect(stepsOf(build).map((s) => [s.name, s.status, s.exit_code])).toEqual([
      ["clone", "success", 0],
      ["install", "success", 0],
      ["lint", "failure", 1],
      ["test", "skipped", 0],
      ["publish", "skipped", 0],
    ]);
    expect((await api("GET", `/api/repos/${PAYMENTS}/builds/8/logs/1/4`)).status).toBe(404);
  });

  it("fails hello-world's broken greeting again when it is restarted (demo script)", async () => {
    const { advance } = await demoSandbox();
    await api("POST", "/api/repos/octocat/hello-world/builds/2");
    advance(10_000);
    const build = (await api<Build>("GET", "/api/repos/octocat/hello-world/builds/4")).body;
    expect(build.status).toBe("failure");
    expect(stepsOf(build).map((s) => [s.name, s.status])).toEqual([
      ["clone", "success"],
      ["build", "success"],
      ["test", "failure"],
    ]);
    const log = await api<Array<{ out: string }>>("GET", "/api/repos/octocat/hello-world/builds/4/logs/1/3");
    expect(log.body.map((l) => l.out).join("")).toContain("--- FAIL: TestGreeting");
  });

  it("keeps a blocked stage waiting until it is approved, then runs it", async () => {
    const { advance } = await demoSandbox();
    const path = "/api/repos/acme/infra/builds/2";
    advance(5000);
    let build = (await api<Build>("GET", path)).body;
    expect(build.status).toBe("running");
    expect(build.stages?.map((s) => s.status)).toEqual(["success", "blocked"]);

    expect((await api("POST", `${path}/approve/2`)).status).toBe(204);
    advance(5000);
    build = (await api<Build>("GET", path)).body;
    expect(build.status).toBe("success");
    const apply = await api<Array<{ out: string }>>("GET", `${path}/logs/2/1`);
    expect(apply.body.at(-1)?.out).toContain("Apply complete!");
  });

  it("leaves a cancelled build killed", async () => {
    const { advance } = await demoSandbox();
    await api("POST", `/api/repos/${PAYMENTS}/builds/7`);
    advance(1500);
    expect((await api<Build>("DELETE", `/api/repos/${PAYMENTS}/builds/8`)).body.status).toBe("killed");
    advance(5000);
    const build = (await api<Build>("GET", `/api/repos/${PAYMENTS}/builds/8`)).body;
    expect(build.status).toBe("killed");
    expect(stepsOf(build).map((s) => s.status)).toEqual(["killed", "skipped", "skipped", "skipped", "skipped"]);
  });
});
