/** The `builds` toolset: list, inspect, start, restart, cancel, approve and deploy builds. */
import * as z from "zod";
import { builds } from "../drone/api/index.js";
import { fittedBuildDetail, stageDetail } from "../drone/big-build.js";
import { UserError } from "../drone/errors.js";
import { buildOf } from "../drone/resolve.js";
import { SCAN_LIMIT } from "../drone/search.js";
import { buildDetail } from "../drone/shape.js";
import { withBuildLinks } from "../resources/links.js";
import { approveBuild, declineBuild } from "./approvals.js";
import { eventFilter, statusFilter } from "./build-search.js";
import { CREATE, DESTRUCTIVE, defineTool, READ, UPDATE } from "./define.js";
import { buildHeadline, done, newBuildResult, objectResult } from "./format.js";
import { listBuilds } from "./list-builds.js";
import { buildNumber, buildOrLatest, buildParams, location, page, perPage, repo, stageNumber } from "./params.js";
import { restartBuild, restartInput } from "./restart.js";
import { explainWaiting } from "./waiting.js";

/** promote_build and rollback_build: one handler, two wordings. */
const DEPLOYMENTS = [
  {
    kind: "promote",
    title: "Promote build",
    description: "Deploy a build to a target environment (e.g. production) as a new promote build.",
    verb: (build: number, target: string) => `Promoted #${build} to ${target} as`,
  },
  {
    kind: "rollback",
    title: "Roll back",
    description: "Roll a target environment back to this build, as a new rollback build.",
    verb: (build: number, target: string) => `Rolled ${target} back to #${build} as`,
  },
] as const;

export const buildTools = [
  defineTool({
    name: "list_builds",
    title: "List builds",
    description: `List a repo's builds, newest first; status/event/author filters search the newest ${SCAN_LIMIT}.`,
    toolset: "builds",
    input: z.object({
      ...repo,
      branch: z.string().optional().describe("Branch"),
      tag: z.string().optional().describe("Tag"),
      status: statusFilter.optional(),
      event: eventFilter.optional(),
      author: z.string().optional().describe("Login, name or email"),
      page,
      per_page: perPage,
    }),
    annotations: READ,
    handler: listBuilds,
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
      stage: stageNumber.optional(),
    }),
    annotations: READ,
    scope: "build-or-latest",
    handler: async (a, { drone, signal, at, maxTokens }) => {
      const build = await buildOf(drone, at, { signal });
      if (a.stage !== undefined) {
        const stage = stageDetail(build, a.stage);
        if (!stage) {
          throw new UserError(
            `Build #${build.number} has ${build.stages?.length ?? 0} stages: there is no stage ${a.stage}.`,
          );
        }
        return withBuildLinks(objectResult(`Build ${buildHeadline(build)}, stage ${a.stage}.`, stage), at, build);
      }
      const waiting = await explainWaiting({ drone, signal }, at, build);
      const summary = [`Build ${buildHeadline(build)}.`, ...waiting.map((w) => w.text)].join("\n");
      const why = waiting.map(({ stage, reason }) => ({ stage, reason }));
      const data = { ...fittedBuildDetail(build, maxTokens), ...(why.length ? { waiting: why } : {}) };
      return withBuildLinks(objectResult(summary, data), at, build);
    },
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
    handler: async (a, { drone, signal }) => newBuildResult(await builds.create(drone, a, a, { signal }), "Started", a),
  }),
  defineTool({
    name: "restart_build",
    title: "Restart build",
    description: "Run a build's whole pipeline again as a new build (same commit and event).",
    toolset: "builds",
    input: restartInput,
    annotations: CREATE,
    scope: "build",
    handler: restartBuild,
  }),
  defineTool({
    name: "cancel_build",
    title: "Cancel build",
    description: "Stop a pending or running build; its unfinished steps are killed.",
    toolset: "builds",
    input: z.object({ ...location, build: buildNumber.optional() }),
    undo: "A cancelled build cannot be resumed; restart_build runs it again as a new build.",
    annotations: DESTRUCTIVE,
    scope: "build",
    handler: async (_a, { drone, signal, at }) => {
      const build = await builds.cancel(drone, at, { signal });
      if (!build) return done(`Build #${at.build} cancelled.`);
      return withBuildLinks(
        objectResult(`Build #${at.build} cancelled; it is now ${build.status}.`, buildDetail(build)),
        at,
        build,
      );
    },
  }),
  defineTool({
    name: "approve_build",
    title: "Approve build",
    description: "Approve a build awaiting approval: every blocked stage, or one (needs repo admin).",
    toolset: "builds",
    input: z.object({ ...location, build: buildNumber.optional(), stage: stageNumber.optional() }),
    annotations: UPDATE,
    scope: "build",
    handler: (a, ctx) => approveBuild(a.stage, ctx),
  }),
  defineTool({
    name: "decline_build",
    title: "Decline build",
    description: "Decline a build awaiting approval: every blocked stage, or one (needs repo admin).",
    toolset: "builds",
    input: z.object({ ...location, build: buildNumber.optional(), stage: stageNumber.optional() }),
    undo: "This cannot be undone: Drone will not restart a declined build; a new push or create_build starts a new one.",
    annotations: DESTRUCTIVE,
    scope: "build",
    handler: (a, ctx) => declineBuild(a.stage, ctx),
  }),
  ...DEPLOYMENTS.map(({ kind, title, description, verb }) =>
    defineTool({
      name: `${kind}_build`,
      title,
      description,
      toolset: "builds",
      input: z.object({
        ...location,
        build: buildNumber.optional(),
        target: z.string().min(1).describe("Target environment, e.g. production"),
        params: buildParams,
      }),
      annotations: CREATE,
      privileged: (a) => (/prod/i.test(a.target) ? `deploys to ${a.target}` : undefined),
      scope: "build",
      handler: async (a, { drone, signal, at }) => {
        const build = await builds.deploy(drone, at, kind, a, { signal });
        return newBuildResult(build, verb(at.build, a.target), at);
      },
    }),
  ),
  defineTool({
    name: "purge_build_history",
    title: "Purge builds",
    description: "Permanently delete all builds numbered below `before` (needs repo admin).",
    toolset: "builds",
    input: z.object({ ...repo, before: buildNumber.describe("Delete builds numbered below this") }),
    annotations: DESTRUCTIVE,
    handler: async (a, { drone, signal }) => {
      await builds.purge(drone, a, a.before, { signal });
      return done(`Builds numbered below ${a.before} in ${a.namespace}/${a.name} deleted.`);
    },
  }),
];
