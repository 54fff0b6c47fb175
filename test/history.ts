/**
 * An ordinary repository history for the "questions in one call" tests: passing, failing,
 * errored, running and pending builds mixed over several branches, a pull request from a fork
 * awaiting approval, and one waiting for an arm64 runner while the amd64 runners are busy.
 */
import type { Repo } from "../src/drone/types.js";
import type { BuildSpec, DroneState, StageSpec } from "../src/sandbox/state.js";

export const JEST_FAILURE = [
  "+ npm test",
  "PASS src/cart.test.ts",
  "FAIL src/checkout.test.ts",
  "  ● checkout › applies the discount code",
  "",
  "    expect(received).toBe(expected) // Object.is equality",
  "",
  "    Expected: 90",
  "    Received: 100",
  "",
  "      at Object.<anonymous> (src/checkout.test.ts:21:30)",
  "Tests: 1 failed, 12 passed, 13 total",
];

const pass = (name: string): StageSpec => ({
  name,
  steps: [
    { name: "clone", image: "drone/git", log: ["+ git fetch"] },
    { name: "test", image: "node:20", log: ["+ npm test", "Tests: 13 passed, 13 total"] },
  ],
});

const fail = (name: string, log: string[]): StageSpec => ({
  name,
  status: "failure",
  steps: [
    { name: "clone", image: "drone/git", log: ["+ git fetch"] },
    { name: "test", image: "node:20", status: "failure", exit_code: 1, log },
  ],
});

export interface History {
  repo: Repo;
  /** Build numbers by role. */
  builds: Record<
    | "mainFailed"
    | "developFailed"
    | "developPassed"
    | "mainPassed"
    | "forkAwaiting"
    | "mainRunning"
    | "armPending"
    | "otherRunning",
    number
  >;
}

/** acme/shop (default branch main) with a mixed history, and a neighbour repo keeping the amd64 runners busy. */
export function seedHistory(state: DroneState): History {
  const repo = state.addRepo("acme", "shop", { branches: { main: "1".repeat(40), develop: "2".repeat(40) } });
  const other = state.addRepo("acme", "billing");
  const admin = state.users.find((u) => u.admin);
  if (admin) {
    state.grant(repo, admin, { read: true, write: true, admin: true });
    state.grant(other, admin, { read: true, write: true, admin: true });
  }
  const add = (spec: BuildSpec) => state.addBuild(repo, spec).number;
  const t = Math.floor(Date.now() / 1000);
  add({ message: "Add cart", stages: [pass("default")] });
  const developFailed = add({
    status: "failure",
    ref: "refs/heads/develop",
    source: "develop",
    target: "develop",
    message: "Refactor payment client",
    stages: [
      fail("default", ["+ npm test", "TypeError: client.charge is not a function", "    at pay (src/pay.ts:9:14)"]),
    ],
  });
  const mainFailed = add({
    status: "failure",
    message: "Apply discount codes at checkout",
    author_login: "jane",
    author_name: "Jane Doe",
    author_email: "jane@example.com",
    stages: [fail("default", JEST_FAILURE)],
  });
  const developPassed = add({
    ref: "refs/heads/develop",
    source: "develop",
    target: "develop",
    message: "Fix payment client",
    stages: [pass("default")],
  });
  for (let i = 0; i < 4; i++) add({ message: `Copy edits ${i + 1}`, stages: [pass("default")] });
  const mainPassed = add({ message: "Update dependencies", stages: [pass("default")] });
  const forkAwaiting = add({
    status: "pending",
    event: "pull_request",
    ref: "refs/pull/12/head",
    source: "patch-1",
    target: "main",
    source_repo: "mallory/shop",
    author_login: "mallory",
    message: "Fix typo in README",
    started: 0,
    finished: 0,
    stages: [{ name: "default", status: "blocked", steps: [{ name: "test", status: "pending" }] }],
  });
  // The amd64 runners are busy with the neighbour repo's build, queued after the arm64 stage below.
  const mainRunning = add({
    status: "running",
    message: "Speed up checkout",
    finished: 0,
    stages: [
      {
        name: "default",
        status: "running",
        steps: [
          { name: "clone", image: "drone/git", status: "success", log: ["+ git fetch"] },
          { name: "test", image: "node:20", status: "running" },
        ],
      },
    ],
  });
  const armPending = add({
    status: "pending",
    event: "pull_request",
    ref: "refs/pull/15/head",
    source: "arm-image",
    target: "main",
    message: "Build the arm64 image",
    started: 0,
    finished: 0,
    stages: [
      {
        name: "arm64",
        status: "pending",
        os: "linux",
        arch: "arm64",
        created: t - 600,
        steps: [{ name: "build", status: "pending" }],
      },
    ],
  });
  const running = state.addBuild(other, {
    status: "running",
    finished: 0,
    stages: [{ name: "test", status: "running", machine: "runner-amd64-2", steps: [{ name: "t", status: "running" }] }],
  });
  return {
    repo,
    builds: {
      mainFailed,
      developFailed,
      developPassed,
      mainPassed,
      forkAwaiting,
      mainRunning,
      armPending,
      otherRunning: running.number,
    },
  };
}
