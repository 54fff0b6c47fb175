/** The `builds` toolset: list, inspect, start, restart, cancel, approve and deploy builds. */
import * as z from "zod";
import { apiPath } from "../drone/path.js";
import { buildDetail, buildSummary } from "../drone/shape.js";
import type { Build } from "../drone/types.js";
import { withBuildLinks } from "../resources/links.js";
import { CREATE, DESTRUCTIVE, defineTool, READ, type ToolOutput, UPDATE } from "./define.js";
import { done, listResult, objectResult } from "./format.js";
import { locatedBuild, locatedBuildOrLatest } from "./location.js";
import { buildNumber, buildOrLatest, buildParams, location, page, perPage, repo, stageNumber } from "./params.js";
import { restartBuild } from "./restart.js";

/** "#42 failure (push to main)". */
export function buildHeadline(build: Build): string {
  const summary = buildSummary(build);
  const where = summary.branch ?? build.ref ?? "";
  return `#${build.number} ${build.status} (${build.event}${where ? ` on ${where}` : ""})`;
}

const NOTHING_TRIGGERED =
  "Drone started no build: no pipeline matched the branch/event/trigger conditions, the commit message asked to skip CI, or the repository owner is inactive.";

/** The answer to create/restart/promote/rollback/cron-exec: a new build, or null (with `repo`: resource links). */
export function newBuildResult(
  build: Build | null,
  verb: string,
  repo?: { namespace: string; name: string },
): ToolOutput {
  if (!build) return { text: NOTHING_TRIGGERED, data: { triggered: false } };
  let summary = `${verb} build #${build.number} (${build.status}).`;
  if (build.status === "error" && build.error) {
    summary += ` The pipeline configuration has an error: ${build.error}`;
  }
  return withBuildLinks(objectResult(summary, { triggered: true, ...buildDetail(build) }), repo, build);
}

const buildPath = (a: { namespace: string; name: string; build: number }) =>
  apiPath`api/repos/${a.namespace}/${a.name}/builds/${a.build}`;

export const buildTools = [
  defineTool({
    name: "list_builds",
    title: "List builds",
    description: "List a repo's builds, newest first; filter by branch or tag.",
    toolset: "builds",
    input: z.object({
      ...repo,
      branch: z.string().optional().describe("Only builds of this branch"),
      tag: z.string().optional().describe("Only builds of this tag"),
      page,
      per_page: perPage,
    }),
    annotations: READ,
    handler: async (a, { drone, signal }) => {
      const perPageValue = a.per_page ?? 25;
      const pageValue = a.page ?? 1;
      const builds =
        (await drone.json<Build[]>(apiPath`api/repos/${a.namespace}/${a.name}/builds`, {
          query: { page: a.page, per_page: a.per_page, branch: a.branch, tag: a.tag },
          signal,
        })) ?? [];
      return withBuildLinks(
        listResult("builds", builds.map(buildSummary), { page: pageValue, perPage: perPageValue }),
        a,
        ...builds,
      );
    },
  }),
  defineTool({
    name: "get_build",
    title: "Get build",
    description: 'Get one build with its stages and steps; build can be "latest" (of a branch or ref).',
    toolset: "builds",
    input: z.object({
      ...location,
      build: buildOrLatest.optional(),
      branch: z.string().optional().describe("With latest: branch (default: the repo's default)"),
      ref: z.string().optional().describe("With latest: git ref, e.g. refs/pull/12/head"),
    }),
    annotations: READ,
    handler: locatedBuildOrLatest(async (a, { drone, signal }) => {
      const path =
        a.build === "latest"
          ? apiPath`api/repos/${a.namespace}/${a.name}/builds/latest`
          : buildPath({ ...a, build: a.build });
      const query = a.build === "latest" ? { branch: a.branch, ref: a.ref } : undefined;
      const build = await drone.json<Build>(path, { query, signal });
      if (!build) return done("Drone returned no build.");
      return withBuildLinks(objectResult(`Build ${buildHeadline(build)}.`, buildDetail(build)), a, build);
    }),
  }),
  defineTool({
    name: "create_build",
    title: "Start build",
    description: "Start a new build of a branch (default: the repo's default branch) or a commit.",
    toolset: "builds",
    input: z.object({
      ...repo,
      branch: z.string().optional().describe("Branch to build"),
      commit: z.string().optional().describe("Commit SHA to build (default: branch head)"),
      message: z.string().optional().describe("Build message, instead of the commit message"),
      params: buildParams,
    }),
    annotations: CREATE,
    handler: async (a, { drone, signal }) => {
      const build = await drone.json<Build>(apiPath`api/repos/${a.namespace}/${a.name}/builds`, {
        method: "POST",
        query: { ...a.params, branch: a.branch, commit: a.commit, message: a.message },
        signal,
      });
      return newBuildResult(build, "Started", a);
    },
  }),
  defineTool({
    name: "restart_build",
    title: "Restart build",
    description: "Run a build's whole pipeline again as a new build (same commit and event).",
    toolset: "builds",
    input: z.object({
      ...location,
      build: buildNumber.optional(),
      debug: z.boolean().optional().describe("Restart in debug mode"),
      params: buildParams,
      force: z.boolean().optional().describe("Even if a restart already runs"),
    }),
    annotations: CREATE,
    handler: locatedBuild(restartBuild),
  }),
  defineTool({
    name: "cancel_build",
    title: "Cancel build",
    description: "Stop a pending or running build; its unfinished steps are killed.",
    toolset: "builds",
    input: z.object({ ...location, build: buildNumber.optional() }),
    annotations: DESTRUCTIVE,
    handler: locatedBuild(async (a, { drone, signal }) => {
      const build = await drone.json<Build>(buildPath(a), { method: "DELETE", signal });
      if (!build) return done(`Build #${a.build} cancelled.`);
      return withBuildLinks(
        objectResult(`Build #${a.build} cancelled; it is now ${build.status}.`, buildDetail(build)),
        a,
        build,
      );
    }),
  }),
  defineTool({
    name: "approve_build",
    title: "Approve stage",
    description: "Approve a build stage that is blocked awaiting approval (needs repo admin).",
    toolset: "builds",
    input: z.object({ ...location, build: buildNumber.optional(), stage: stageNumber }),
    annotations: UPDATE,
    handler: locatedBuild(async (a, { drone, signal }) => {
      await drone.json(apiPath`api/repos/${a.namespace}/${a.name}/builds/${a.build}/approve/${a.stage}`, {
        method: "POST",
        signal,
      });
      return done(`Stage ${a.stage} of build #${a.build} approved; it will run now.`);
    }),
  }),
  defineTool({
    name: "decline_build",
    title: "Decline build",
    description: "Decline a build awaiting approval, or one blocked stage of it (needs repo admin).",
    toolset: "builds",
    input: z.object({
      ...location,
      build: buildNumber.optional(),
      stage: stageNumber.optional().describe("Only this stage (default: the whole build)"),
    }),
    annotations: DESTRUCTIVE,
    handler: locatedBuild(async (a, { drone, signal }) => {
      if (a.stage !== undefined) {
        await drone.json(apiPath`api/repos/${a.namespace}/${a.name}/builds/${a.build}/decline/${a.stage}`, {
          method: "POST",
          signal,
        });
        return done(`Stage ${a.stage} of build #${a.build} declined; the build is now declined.`);
      }
      await drone.json(apiPath`api/repos/${a.namespace}/${a.name}/builds/${a.build}/decline`, {
        method: "POST",
        signal,
      });
      return done(`Build #${a.build} declined; none of its stages will run.`);
    }),
  }),
  defineTool({
    name: "promote_build",
    title: "Promote build",
    description: "Deploy a build to a target environment (e.g. production) as a new promote build.",
    toolset: "builds",
    input: z.object({
      ...location,
      build: buildNumber.optional(),
      target: z.string().min(1).describe("Target environment, e.g. production"),
      params: buildParams,
    }),
    annotations: CREATE,
    handler: locatedBuild(async (a, { drone, signal }) => {
      const build = await drone.json<Build>(apiPath`api/repos/${a.namespace}/${a.name}/builds/${a.build}/promote`, {
        method: "POST",
        query: { ...a.params, target: a.target },
        signal,
      });
      return newBuildResult(build, `Promoted #${a.build} to ${a.target} as`, a);
    }),
  }),
  defineTool({
    name: "rollback_build",
    title: "Roll back",
    description: "Roll a target environment back to this build, as a new rollback build.",
    toolset: "builds",
    input: z.object({
      ...location,
      build: buildNumber.optional(),
      target: z.string().min(1).describe("Target environment, e.g. production"),
      params: buildParams,
    }),
    annotations: CREATE,
    handler: locatedBuild(async (a, { drone, signal }) => {
      const build = await drone.json<Build>(apiPath`api/repos/${a.namespace}/${a.name}/builds/${a.build}/rollback`, {
        method: "POST",
        query: { ...a.params, target: a.target },
        signal,
      });
      return newBuildResult(build, `Rolled ${a.target} back to #${a.build} as`, a);
    }),
  }),
  defineTool({
    name: "purge_build_history",
    title: "Purge builds",
    description: "Permanently delete all builds numbered below `before` (needs repo admin).",
    toolset: "builds",
    input: z.object({ ...repo, before: buildNumber.describe("Delete builds numbered below this") }),
    annotations: DESTRUCTIVE,
    handler: async (a, { drone, signal }) => {
      await drone.json(apiPath`api/repos/${a.namespace}/${a.name}/builds`, {
        method: "DELETE",
        query: { before: a.before },
        signal,
      });
      return done(`Builds numbered below ${a.before} in ${a.namespace}/${a.name} deleted.`);
    },
  }),
];
