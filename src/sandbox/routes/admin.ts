/**
 * Server-wide admin routes (sysadmin only): the build queue (GET lists pending/running stages
 * by stage id, DELETE pauses, POST resumes: 204) and incomplete builds (v1: repos each with a
 * build, newest first, at most 50; v2: one flat row per pending/running stage).
 */
import type { Build, Repo, RepoBuildStage, Stage } from "../../drone/types.js";
import { type SandboxContext, withAdmin } from "../acl.js";
import { type Router, sendEmpty, sendJson } from "../router.js";
import { type DroneState, withoutStages } from "../state.js";

const INCOMPLETE = new Set(["pending", "running"]);

interface Incomplete {
  repo: Repo;
  build: Build;
  stage: Stage;
}

/** Every pending or running stage with its repo and build. */
function incompleteStages(state: DroneState): Incomplete[] {
  const out: Incomplete[] = [];
  for (const repo of state.repos) {
    for (const build of state.buildsOf(repo)) {
      for (const stage of build.stages ?? []) if (INCOMPLETE.has(stage.status)) out.push({ repo, build, stage });
    }
  }
  return out;
}

function row({ repo, build, stage }: Incomplete): RepoBuildStage {
  return {
    repo_namespace: repo.namespace,
    repo_name: repo.name,
    repo_slug: repo.slug,
    build_number: build.number,
    build_author: build.author_login,
    build_author_name: build.author_name,
    build_author_email: build.author_email,
    build_author_avatar: build.author_avatar,
    build_sender: build.sender,
    build_started: build.started,
    build_finished: build.finished,
    build_created: build.created,
    build_updated: build.updated,
    stage_name: stage.name,
    stage_kind: stage.kind ?? "",
    stage_type: stage.type ?? "",
    stage_status: stage.status,
    stage_machine: stage.machine ?? "",
    stage_os: stage.os,
    stage_arch: stage.arch,
    stage_variant: stage.variant ?? "",
    stage_kernel: stage.kernel ?? "",
    stage_limit: String(stage.limit ?? 0),
    stage_limit_repo: String(repo.throttle ?? 0),
    stage_started: stage.started,
    stage_stopped: stage.stopped,
  };
}

export function adminRoutes(router: Router<SandboxContext>): void {
  router.get(
    "/api/queue",
    withAdmin(({ res, state }) => {
      const stages = incompleteStages(state)
        .map(({ stage }) => {
          const { steps: _steps, ...rest } = stage;
          return rest;
        })
        .sort((a, b) => a.id - b.id);
      sendJson(res, 200, stages);
    }),
  );
  router.post(
    "/api/queue",
    withAdmin(({ res, state }) => {
      state.queuePaused = false;
      sendEmpty(res, 204);
    }),
  );
  router.delete(
    "/api/queue",
    withAdmin(({ res, state }) => {
      state.queuePaused = true;
      sendEmpty(res, 204);
    }),
  );

  router.get(
    "/api/builds/incomplete",
    withAdmin(({ res, state }) => {
      const seen = new Map<number, Incomplete>();
      for (const item of incompleteStages(state)) seen.set(item.build.id, item);
      const repos = [...seen.values()]
        .sort((a, b) => b.build.id - a.build.id)
        .slice(0, 50)
        .map(({ repo, build }) => ({ ...repo, build: withoutStages(build) }));
      sendJson(res, 200, repos);
    }),
  );
  router.get(
    "/api/builds/incomplete/v2",
    withAdmin(({ res, state }) => {
      const rows = incompleteStages(state)
        .sort((a, b) => b.build.id - a.build.id || a.stage.number - b.stage.number)
        .map(row);
      sendJson(res, 200, rows);
    }),
  );
}
