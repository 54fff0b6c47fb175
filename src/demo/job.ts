/**
 * The assistant's job in the demo: find the failing build, show why it failed, restart it and
 * wait for the new build. Each part that a dedicated tool can do in one call is a strategy in
 * `plan`, so moving a part to a new tool is a one-line change there.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { FINISHED_STATUSES } from "../drone/types.js";
import { type Args, type Assistant, dataOf, textOf } from "./assistant.js";

export interface BuildRef {
  namespace: string;
  name: string;
  build: number;
}

/** Shows why a build failed; returns the lines that explain it. */
export type CauseStep = (ai: Assistant, ref: BuildRef) => Promise<string[]>;
/** Waits for a build to finish; returns the last answer about it. */
export type WaitStep = (ai: Assistant, ref: BuildRef) => Promise<CallToolResult>;

export interface Plan {
  cause: CauseStep;
  wait: WaitStep;
}

interface StepView {
  number: number;
  name: string;
  status: string;
  exit_code?: number;
}
interface StageView extends StepView {
  steps?: StepView[];
}
interface BuildView {
  number: number;
  status: string;
  branch?: string;
  author?: string;
  message?: string;
  stages?: StageView[];
}

/** Causes that a rerun usually clears: the network or a service that was not ready. */
const FLAKY = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|timed? ?out|Timeout/i;

const isFinished = (r: CallToolResult) => {
  const data = dataOf<{ status?: string; finished?: boolean }>(r);
  return data.finished === true || FINISHED_STATUSES.has(data.status ?? "");
};

/** "running (test)": the build's status and the step that is running. */
function progress(r: CallToolResult): string {
  const build = dataOf<BuildView>(r);
  const running = build.stages?.flatMap((s) => s.steps ?? []).find((s) => s.status === "running");
  return running ? `${build.status} (${running.name})` : build.status;
}

/** Calls `tool` for the build until it has finished, `intervalMs` apart (0: the tool itself waits). */
export function waitWithTool(tool: string, intervalMs: number): WaitStep {
  return (ai, ref) => ai.until(tool, { ...ref }, isFinished, { intervalMs, timeoutMs: 120_000, describe: progress });
}

/** Lines of a failure report that state the cause (test failures, errors, refused connections). */
const CAUSE = /✕|--- FAIL|panic:|ERR!|\bError\b|error\[|ECONNREFUSED/;

/**
 * One tool that explains a failed build by itself: its answer is quoted (up to `lines` lines), and
 * the lines that state the cause become the assistant's summary.
 */
export function causeFromTool(tool: string, lines = 12): CauseStep {
  return async (ai, ref) => {
    const text = textOf(await ai.quote(tool, { ...ref }, lines));
    const [headline = "", ...rest] = text.split("\n");
    const causes = rest.filter((line) => CAUSE.test(line)).map((line) => line.replace(/^\s*\d+: /, "").trim());
    return [headline, ...new Set(causes)];
  };
}

/**
 * The cause in one call (get_build_failure), the wait in one call that waits by itself
 * (wait_for_build, called again while it answers finished:false).
 */
export const plan: Plan = { cause: causeFromTool("get_build_failure", 40), wait: waitWithTool("wait_for_build", 0) };

export interface JobResult {
  repo?: string;
  failed?: number;
  restarted?: number;
  /** The restarted build's final status. */
  status?: string;
}

export async function fixFailingBuild(ai: Assistant, how: Plan = plan): Promise<JobResult> {
  ai.you("Something in CI is red. Find out what broke and get it green again.");

  const repos = dataOf<{ items: Array<{ slug: string; last_build?: { number: number; status: string } }> }>(
    await ai.call("list_user_repos", { latest: true }),
  ).items;
  for (const r of repos) {
    const last = r.last_build ? `#${r.last_build.number} ${r.last_build.status}` : "no builds";
    ai.note(`${r.slug.padEnd(22)} ${last}`);
  }
  const red = repos.find((r) => r.last_build?.status === "failure" || r.last_build?.status === "error");
  if (!red) {
    ai.say("Every repository's latest build passed: nothing to fix.");
    return {};
  }
  const [namespace = "", name = ""] = red.slug.split("/");
  const repo: Args = { namespace, name };

  const builds = dataOf<{ items: BuildView[] }>(await ai.call("list_builds", { ...repo, per_page: 5 })).items;
  for (const b of builds) {
    ai.note(`#${b.number} ${b.status.padEnd(8)} ${(b.author ?? "").padEnd(8)} ${b.message ?? ""}`);
  }
  const failing = builds.find((b) => b.status === "failure" || b.status === "error");
  if (!failing) throw new Error(`${red.slug}: no failed build among the latest ${builds.length}`);
  const ref: BuildRef = { namespace, name, build: failing.number };

  const cause = await how.cause(ai, ref);
  const flaky = cause.some((line) => FLAKY.test(line));
  ai.say(
    `${cause[0] ?? `${red.slug} #${failing.number} failed.`}${cause.length > 1 ? ` The cause: ${cause.slice(1, 3).join("; ")}.` : ""} ${
      flaky
        ? "A connection that failed or timed out: that looks flaky, so I restart it."
        : "I restart it once to rule out a flaky failure."
    }\n`,
  );

  const restarted = dataOf<{ number?: number }>(await ai.quote("restart_build", { ...ref })).number;
  if (!restarted) throw new Error("restart_build started no build");
  const final = dataOf<BuildView>(await how.wait(ai, { ...ref, build: restarted }));
  ai.say(
    final.status === "success"
      ? `${red.slug} is green again: build #${restarted} (a restart of #${failing.number}) passed.`
      : `Build #${restarted} ended ${final.status}: this is not a flaky failure, it needs a fix.`,
  );
  return { repo: red.slug, failed: failing.number, restarted, status: final.status };
}
