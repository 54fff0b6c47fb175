/**
 * get_build_failure's choice of build. Without a build named, "the latest failure": the newest
 * failed build of the branch or ref asked about, else the default branch, else any branch
 * (drone/resolve.ts failedBuildOf), with a note saying which and why. A newer build passed over
 * that is still waiting says why it waits. A named build that did not fail gets the newest
 * failed build of its branch named. Pending builds explain each waiting stage (waiting.ts).
 */
import { builds, repos } from "../drone/api/index.js";
import { isFinished } from "../drone/build-state.js";
import { type BuildTarget, failedBuildOf, failedNearby } from "../drone/resolve.js";
import { estimateTokens } from "../tokens.js";
import type { ToolContext, ToolOutput } from "./define.js";
import { failureReport } from "./failure.js";
import { explainWaiting, withWaiting } from "./waiting.js";

export async function getBuildFailure(maxTokens: number, ctx: ToolContext & { at: BuildTarget }): Promise<ToolOutput> {
  const { drone, signal, at } = ctx;
  const call = { signal };
  const build = await failedBuildOf(drone, at, async () => (await repos.get(drone, at, call)).default_branch, call);
  const waitingOf = async () => {
    const skipped = at.passedOver;
    if (!skipped || isFinished(skipped)) return [];
    const full = await builds.get(drone, { ...at, build: skipped.number }, call);
    return (await explainWaiting(ctx, at, full)).map((w) => ({ ...w, text: `#${skipped.number}: ${w.text}` }));
  };
  const [waiting, passedOver, nearby] = await Promise.all([
    explainWaiting(ctx, at, build),
    waitingOf(),
    at.unnamed ? Promise.resolve("") : failedNearby(drone, at, build, call),
  ]);
  if (nearby) at.notes.push(nearby);
  const notes = at.notes.length ? estimateTokens(at.notes.join(" ")) + 1 : 0;
  const budget = Math.max(200, maxTokens - notes);
  const report = await failureReport(drone, at, build, budget, signal);
  return withWaiting(withWaiting(report, waiting), passedOver, "newer_build_waiting");
}
