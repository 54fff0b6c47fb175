/**
 * Demo data for `npm run demo` and `npm run sandbox`: the standard seed (seed.ts, unchanged)
 * plus three repositories with a history of passing and failing builds. acme/payments-api's
 * latest build failed in a ~450-line jest log (a flaky database connection: a restart passes);
 * acme/infra has a production `apply` stage awaiting approval; acme/web once broke on a type
 * error. demoScript tells the build simulation (simulate.ts) how new builds of them run.
 */
import type { Build, Repo } from "../drone/types.js";
import {
  cloneLog,
  dockerPublishLog,
  eslintLog,
  jestLog,
  npmCiLog,
  terraformLog,
  tscLog,
  vitestLog,
} from "./demo-logs.js";
import { GO_TEST_FAILURE, type Seeded, seedSandbox } from "./seed.js";
import { passingScript, type StepScript } from "./simulate.js";
import { type DroneState, fakeSha, type StageSpec, type StepSpec } from "./state.js";

export const PAYMENTS = "acme/payments-api";

interface Commit {
  message: string;
  author: string;
  /** Hours before now the build was created. */
  hoursAgo: number;
  /** Seconds the build ran. */
  duration?: number;
}

const AUTHORS: Record<string, string> = { jane: "Jane Doe", octocat: "The Octocat", priya: "Priya Raman" };

/** A build of `commit` on main whose stages come from `stages(sha)`; status follows the stages. */
function addHistoryBuild(state: DroneState, repo: Repo, commit: Commit, stages: (sha: string) => StageSpec[]): Build {
  const sha = fakeSha(`${repo.slug}:${commit.message}`);
  const created = Math.floor(Date.now() / 1000) - Math.round(commit.hoursAgo * 3600);
  const specs = stages(sha);
  const statuses = specs.map((s) => s.status ?? "success");
  const status = statuses.includes("failure") ? "failure" : statuses.includes("blocked") ? "running" : "success";
  const running = status === "running";
  state.branches.get(repo.id)?.set(repo.default_branch, sha);
  return state.addBuild(repo, {
    status,
    message: commit.message,
    after: sha,
    author_login: commit.author,
    author_name: AUTHORS[commit.author] ?? commit.author,
    author_email: `${commit.author}@acme.example`,
    author_avatar: `https://avatars.example.com/${commit.author}`,
    sender: commit.author,
    timestamp: created,
    created,
    started: created + 4,
    finished: running ? 0 : created + 4 + (commit.duration ?? 150),
    updated: created + 4 + (commit.duration ?? 150),
    stages: specs,
  });
}

type PaymentsOutcome = "pass" | "lint" | "flaky";

function paymentsPipeline(outcome: PaymentsOutcome): (sha: string) => StageSpec[] {
  return (sha) => {
    const steps: StepSpec[] = [
      { name: "clone", image: "drone/git", log: cloneLog("refs/heads/main", sha) },
      { name: "install", image: "node:20-bookworm", log: npmCiLog(612, 14) },
      {
        name: "lint",
        image: "node:20-bookworm",
        ...(outcome === "lint"
          ? {
              status: "failure",
              log: eslintLog({
                file: "src/refunds/handler.ts",
                line: 27,
                col: 9,
                message: "'amount' is assigned a value but never used",
                rule: "@typescript-eslint/no-unused-vars",
              }),
            }
          : { log: eslintLog() }),
      },
      {
        name: "test",
        image: "node:20-bookworm",
        ...(outcome === "lint"
          ? { status: "skipped" }
          : outcome === "flaky"
            ? { status: "failure", log: jestLog(true) }
            : { log: jestLog(false) }),
      },
      {
        name: "publish",
        image: "plugins/docker",
        ...(outcome === "pass"
          ? { log: dockerPublishLog("registry.acme.example/payments-api", sha) }
          : { status: "skipped" }),
      },
    ];
    return [{ name: "default", status: outcome === "pass" ? "success" : "failure", steps }];
  };
}

function webPipeline(typeError: boolean): (sha: string) => StageSpec[] {
  return (sha) => [
    {
      name: "default",
      status: typeError ? "failure" : "success",
      steps: [
        { name: "clone", image: "drone/git", log: cloneLog("refs/heads/main", sha) },
        { name: "install", image: "node:20-bookworm", log: npmCiLog(418, 9) },
        { name: "test", image: "node:20-bookworm", log: vitestLog() },
        {
          name: "build",
          image: "node:20-bookworm",
          ...(typeError
            ? {
                status: "failure",
                log: tscLog(
                  "src/components/Checkout.tsx(48,17): error TS2345: Argument of type 'string | undefined' is not assignable to parameter of type 'string'.",
                ),
              }
            : { log: tscLog() }),
        },
      ],
    },
  ];
}

function infraPipeline(awaitingApproval: boolean): (sha: string) => StageSpec[] {
  return (sha) => [
    {
      name: "plan",
      status: "success",
      steps: [
        { name: "clone", image: "drone/git", log: cloneLog("refs/heads/main", sha) },
        { name: "fmt", image: "hashicorp/terraform:1.8", log: terraformLog("fmt") },
        { name: "plan", image: "hashicorp/terraform:1.8", log: terraformLog("plan") },
      ],
    },
    {
      name: "apply-production",
      depends_on: ["plan"],
      ...(awaitingApproval
        ? { status: "blocked", steps: [{ name: "apply", image: "hashicorp/terraform:1.8", status: "pending" }] }
        : {
            status: "success",
            steps: [{ name: "apply", image: "hashicorp/terraform:1.8", log: terraformLog("apply") }],
          }),
    },
  ];
}

/** The standard seed plus the demo repositories and their build histories. */
export function seedDemo(state?: DroneState): Seeded {
  const seeded = seedSandbox(state);
  const { admin, user } = seeded;
  const s = seeded.state;
  const repo = (name: string, opts: Partial<Repo> = {}) => {
    const r = s.addRepo("acme", name, { private: true, visibility: "private", ...opts });
    s.grant(r, admin, { read: true, write: true, admin: true });
    s.grant(r, user, { read: true, write: true, admin: false });
    return r;
  };

  const payments = repo("payments-api");
  const history: Array<[Commit, PaymentsOutcome]> = [
    [{ message: "Initial import of the payments service", author: "octocat", hoursAgo: 70 }, "pass"],
    [{ message: "Add idempotency keys to charge requests", author: "jane", hoursAgo: 52 }, "pass"],
    [{ message: "Refunds: first draft of the handler", author: "priya", hoursAgo: 30, duration: 48 }, "lint"],
    [{ message: "Refunds: drop the unused amount variable", author: "priya", hoursAgo: 29 }, "pass"],
    [{ message: "Bump pg from 8.11.3 to 8.12.0", author: "jane", hoursAgo: 20 }, "pass"],
    [{ message: "Document the refunds API", author: "jane", hoursAgo: 6 }, "pass"],
    [
      { message: "Retry webhook delivery with exponential backoff", author: "priya", hoursAgo: 1, duration: 171 },
      "flaky",
    ],
  ];
  for (const [commit, outcome] of history) addHistoryBuild(s, payments, commit, paymentsPipeline(outcome));

  const web = repo("web", { visibility: "internal" });
  addHistoryBuild(s, web, { message: "Checkout: show the tax line", author: "jane", hoursAgo: 40 }, webPipeline(false));
  addHistoryBuild(s, web, { message: "Checkout: coupon field", author: "octocat", hoursAgo: 26 }, webPipeline(true));
  addHistoryBuild(
    s,
    web,
    { message: "Checkout: handle a missing coupon", author: "octocat", hoursAgo: 25 },
    webPipeline(false),
  );

  const infra = repo("infra", { protected: true });
  addHistoryBuild(
    s,
    infra,
    { message: "CDN: cache fonts for a year", author: "octocat", hoursAgo: 48 },
    infraPipeline(false),
  );
  addHistoryBuild(s, infra, { message: "Payments DB: db.t4g.large", author: "jane", hoursAgo: 2 }, infraPipeline(true));
  return seeded;
}

/**
 * How new builds of the demo repositories run in the simulation: a restarted payments build
 * passes (its failure was flaky), hello-world's broken greeting fails again, the rest pass
 * with the logs their history shows.
 */
export const demoScript: StepScript = (run) => {
  const { repo, build, step } = run;
  const sha = build.after;
  if (step.name === "clone") return { status: "success", log: cloneLog(build.ref, sha) };
  if (repo.slug === PAYMENTS) {
    const logs: Record<string, string[]> = {
      install: npmCiLog(612, 13),
      lint: eslintLog(),
      test: jestLog(false),
      publish: dockerPublishLog("registry.acme.example/payments-api", sha),
    };
    return { status: "success", log: logs[step.name] ?? [] };
  }
  if (repo.slug === "octocat/hello-world" && step.name === "test" && build.message === "Change greeting punctuation") {
    return { status: "failure", log: GO_TEST_FAILURE };
  }
  if (repo.slug === "acme/web") {
    const logs: Record<string, string[]> = { install: npmCiLog(418, 9), test: vitestLog(), build: tscLog() };
    return { status: "success", log: logs[step.name] ?? [] };
  }
  if (repo.slug === "acme/infra") {
    const command = step.name === "fmt" || step.name === "plan" ? step.name : "apply";
    return { status: "success", log: terraformLog(command) };
  }
  return passingScript(run);
};
