/**
 * The latest build per branch, pull request and deploy target (Drone's `latest` index:
 * GET /builds/branches|pulls|deployments), and removing entries from those lists.
 */

import * as z from "zod";
import { builds } from "../drone/api/index.js";
import { isFailed } from "../drone/build-state.js";
import { buildSummary } from "../drone/shape.js";
import type { Build } from "../drone/types.js";
import { DESTRUCTIVE, defineTool, READ, type ToolOutput } from "./define.js";
import { done, type OffsetArgs, pagedList } from "./format.js";
import { localPage, repo } from "./params.js";

/** Failing branches named in the summary line; the items hold them all. */
const NAMED = 20;

type Kind = builds.LatestIndex;

/** The pull request number Drone indexes a build under: the first number in its ref. */
export function pullNumberOf(ref: string): number | undefined {
  const digits = /\d+/.exec(ref)?.[0];
  return digits === undefined ? undefined : Number(digits);
}

/** "3 branches: 2 success, 1 failure (feature/x)." then one summary per build, newest first. */
function latestList(
  noun: [string, string],
  builds: Build[],
  label: (b: Build) => string | undefined,
  args: OffsetArgs,
): ToolOutput {
  const sorted = [...builds].sort((a, b) => b.number - a.number);
  const counts = new Map<string, string[]>();
  for (const build of sorted) counts.set(build.status, [...(counts.get(build.status) ?? []), label(build) ?? ""]);
  const parts = [...counts].map(([status, names]) =>
    isFailed(status)
      ? `${names.length} ${status} (${names.slice(0, NAMED).join(", ")}${names.length > NAMED ? `, +${names.length - NAMED} more` : ""})`
      : `${names.length} ${status}`,
  );
  const [one, many] = noun;
  const summary =
    sorted.length === 0
      ? `No ${many} with builds.`
      : `${sorted.length} ${sorted.length === 1 ? one : many}: ${parts.join(", ")}.`;
  const items = sorted.map((b) => ({
    ...(b.event === "pull_request" ? { pull: pullNumberOf(b.ref) } : {}),
    ...buildSummary(b),
  }));
  return pagedList(many, items, args, { summary });
}

function listTool(
  kind: Kind,
  name: string,
  title: string,
  description: string,
  noun: [string, string],
  label: (b: Build) => string | undefined,
) {
  return defineTool({
    name,
    title,
    description,
    toolset: "builds",
    input: z.object({ ...repo, ...localPage }),
    annotations: READ,
    handler: async (a, { drone, signal }) => {
      return latestList(noun, await builds.latestIndex(drone, a, kind, { signal }), label, a);
    },
  });
}

export const branchTools = [
  listTool(
    "branches",
    "list_branch_builds",
    "Latest build per branch",
    "The latest push build of each branch: which branches are red?",
    ["branch", "branches"],
    (b) => b.target,
  ),
  listTool(
    "pulls",
    "list_pull_request_builds",
    "Latest build per PR",
    "The latest build of each pull request: which PRs are red?",
    ["pull request", "pull requests"],
    (b) => `#${pullNumberOf(b.ref) ?? "?"}`,
  ),
  listTool(
    "deployments",
    "list_deployments",
    "Latest deployments",
    "The latest promote/rollback build per target: what is deployed where?",
    ["deploy target", "deploy targets"],
    (b) => b.deploy_to,
  ),
  defineTool({
    name: "delete_branch_builds",
    title: "Forget branch",
    description: "Remove a branch from the latest-per-branch list (its builds are kept).",
    toolset: "builds",
    input: z.object({ ...repo, branch: z.string().min(1).describe("Branch name, may contain '/'") }),
    undo: "Only the list entry goes (the builds stay); the next such build adds it back.",
    annotations: DESTRUCTIVE,
    handler: async (a, { drone, signal }) => {
      await builds.forgetLatest(drone, a, { kind: "branches", name: a.branch }, { signal });
      return done(`Branch ${a.branch} is no longer in the latest-per-branch list of ${a.namespace}/${a.name}.`);
    },
  }),
  defineTool({
    name: "delete_pull_request_builds",
    title: "Forget PR",
    description: "Remove a pull request from the latest-per-PR list (its builds are kept).",
    toolset: "builds",
    input: z.object({ ...repo, pull: z.int().min(1).describe("Pull request number") }),
    undo: "Only the list entry goes (the builds stay); the next such build adds it back.",
    annotations: DESTRUCTIVE,
    handler: async (a, { drone, signal }) => {
      await builds.forgetLatest(drone, a, { kind: "pulls", pull: a.pull }, { signal });
      return done(`Pull request #${a.pull} is no longer in the latest-per-PR list of ${a.namespace}/${a.name}.`);
    },
  }),
  defineTool({
    name: "delete_deployments",
    title: "Forget deploy target",
    description: "Remove a deploy target from the latest-deployments list (its builds are kept).",
    toolset: "builds",
    input: z.object({ ...repo, target: z.string().min(1).describe("Deploy target, e.g. production") }),
    undo: "Only the list entry goes (the builds stay); the next such build adds it back.",
    annotations: DESTRUCTIVE,
    handler: async (a, { drone, signal }) => {
      await builds.forgetLatest(drone, a, { kind: "deployments", name: a.target }, { signal });
      return done(`Target ${a.target} is no longer in the latest-deployments list of ${a.namespace}/${a.name}.`);
    },
  }),
];
