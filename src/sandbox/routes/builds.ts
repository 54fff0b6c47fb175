/**
 * /api/repos/{owner}/{name}/builds routes, as Drone's handler/api/repos/builds answers them:
 * paging rules, `latest` with ref/branch, new builds (or null) for create/restart/promote/
 * rollback, 200-with-body cancel, per-stage approve/decline, logs as stored JSON.
 */
import type { Build, Repo, Stage } from "../../drone/types.js";
import { type RepoCtx, type SandboxContext, withRepo } from "../acl.js";
import { type Router, sendEmpty, sendJson, sendMessage } from "../router.js";
import { type DroneState, withoutStages } from "../state.js";

const B = "/api/repos/:owner/:name/builds";
const SKIP_MARKERS = ["[ci skip]", "[skip ci]", "***NO_CI***"];

/** strconv.ParseInt as Drone's handlers use it; sends 400 and returns undefined on failure. */
export function intParam(ctx: RepoCtx, key: string, message?: string): number | undefined {
  const raw = ctx.params[key] ?? "";
  if (!/^-?\d+$/.test(raw)) {
    sendMessage(ctx.res, 400, message ?? `strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax`);
    return undefined;
  }
  return Number(raw);
}

function findBuildOr404(ctx: RepoCtx, number: number): Build | undefined {
  const build = ctx.state.findBuild(ctx.repo, number);
  if (!build) sendMessage(ctx.res, 404, "sql: no rows in result set");
  return build;
}

/** Query parameters that become build params (everything but the excluded keys). */
function paramsFrom(query: URLSearchParams, exclude: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of query) if (!exclude.includes(k)) out[k] = v;
  return out;
}

/**
 * The triggerer: a new pending build, or null when nothing runs. In the sandbox a branch listed
 * in repo "no pipeline" (a branch named `no-ci`) or a skip marker in the message gives null.
 */
export function trigger(
  state: DroneState,
  repo: Repo,
  fields: Omit<Partial<Build>, "stages">,
  pipelineOf?: Build,
): Build | null {
  const message = fields.message ?? "";
  const branch = fields.ref?.replace("refs/heads/", "") ?? "";
  if (branch === "no-ci" || SKIP_MARKERS.some((m) => message.includes(m))) return null;
  const t = Math.floor(Date.now() / 1000);
  // The pipeline shape comes from the build being restarted, else the repo's most recent build with stages.
  const template =
    pipelineOf ??
    state
      .buildsOf(repo)
      .filter((b) => b.stages?.length)
      .at(-1);
  const build = state.addBuild(repo, {
    status: "pending",
    started: 0,
    finished: 0,
    created: t,
    updated: t,
    version: 1,
    ...fields,
    stages: (template?.stages ?? []).map((s) => ({
      name: s.name,
      status: "pending" as const,
      ...(s.depends_on ? { depends_on: s.depends_on } : {}),
      steps: (s.steps ?? []).map((step) => ({
        name: step.name,
        status: "pending" as const,
        ...(step.image ? { image: step.image } : {}),
      })),
    })),
  });
  return build;
}

function markUnfinished(stage: Stage): void {
  const done = new Set(["waiting_on_dependencies", "pending", "running", "blocked"]);
  if (done.has(stage.status)) stage.status = stage.started ? "killed" : "skipped";
  for (const step of stage.steps ?? []) {
    if (done.has(step.status)) {
      step.status = step.started ? "killed" : "skipped";
      step.exit_code = 130;
    }
  }
}

export function buildRoutes(router: Router<SandboxContext>): void {
  router.get(
    B,
    withRepo("read", (ctx) => {
      const { query, state, repo, res } = ctx;
      const page = Math.max(1, Number.parseInt(query.get("page") ?? "1", 10) || 1);
      let perPage = Number.parseInt(query.get("per_page") ?? "25", 10);
      if (!(perPage >= 1 && perPage <= 100)) perPage = 25;
      const branch = query.get("branch");
      const tag = query.get("tag");
      let builds = [...state.buildsOf(repo)].reverse();
      if (branch) builds = builds.filter((b) => b.ref === `refs/heads/${branch}`);
      else if (tag) builds = builds.filter((b) => b.ref === `refs/tags/${tag}`);
      sendJson(res, 200, builds.slice((page - 1) * perPage, page * perPage).map(withoutStages));
    }),
  );

  router.post(
    B,
    withRepo("write", (ctx) => {
      const { query, state, repo, res, user } = ctx;
      const form = new URLSearchParams(ctx.body);
      const branch = query.get("branch") || form.get("branch") || repo.default_branch;
      const commitArg = query.get("commit") || form.get("commit") || "";
      const heads = state.branches.get(repo.id) ?? new Map<string, string>();
      const sha = commitArg || heads.get(branch);
      if (!sha || (commitArg === "" && !heads.has(branch))) return sendMessage(res, 404, "Not Found");
      const build = trigger(state, repo, {
        trigger: user?.login ?? "",
        sender: user?.login ?? "",
        event: "custom",
        action: query.get("action") ?? "",
        ref: `refs/heads/${branch}`,
        source: branch,
        target: branch,
        before: sha,
        after: sha,
        message: query.get("message") ?? `Build of ${branch}`,
        params: paramsFrom(query, ["access_token", "commit", "branch"]),
      });
      sendJson(res, 200, build ? withoutStages(build) : null);
    }),
  );

  router.delete(
    B,
    withRepo("admin", (ctx) => {
      const raw = ctx.query.get("before") ?? "";
      if (!/^-?\d+$/.test(raw))
        return sendMessage(ctx.res, 400, `strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax`);
      const before = Number(raw);
      const list = ctx.state.buildsOf(ctx.repo);
      ctx.state.builds.set(
        ctx.repo.id,
        list.filter((b) => b.number >= before),
      );
      sendEmpty(ctx.res, 204);
    }),
  );

  router.get(
    `${B}/latest`,
    withRepo("read", (ctx) => {
      const { query, state, repo, res } = ctx;
      let ref = query.get("ref") || `refs/heads/${repo.default_branch}`;
      const branch = query.get("branch");
      if (branch) ref = `refs/heads/${branch}`;
      const build = state
        .buildsOf(repo)
        .filter((b) => b.ref === ref)
        .at(-1);
      if (!build) return sendMessage(res, 404, "sql: no rows in result set");
      sendJson(res, 200, build);
    }),
  );

  router.get(
    `${B}/:number`,
    withRepo("read", (ctx) => {
      const number = intParam(ctx, "number");
      if (number === undefined) return;
      const build = findBuildOr404(ctx, number);
      if (build) sendJson(ctx.res, 200, build);
    }),
  );

  router.post(
    `${B}/:number`,
    withRepo("write", (ctx) => {
      const number = intParam(ctx, "number");
      if (number === undefined) return;
      const prev = findBuildOr404(ctx, number);
      if (!prev) return;
      if (prev.status === "blocked" || prev.status === "declined") {
        return sendMessage(ctx.res, 400, `cannot start a ${prev.status} build`);
      }
      const form = new URLSearchParams(ctx.body);
      const debug = (ctx.query.get("debug") ?? form.get("debug")) === "true";
      const { id: _id, number: _n, stages: _s, status: _st, started: _a, finished: _b, ...copy } = prev;
      const build = trigger(
        ctx.state,
        ctx.repo,
        {
          ...copy,
          parent: prev.number,
          trigger: ctx.user?.login ?? "",
          debug,
          params: { ...paramsFrom(ctx.query, ["access_token", "debug"]), ...prev.params },
        },
        prev,
      );
      sendJson(ctx.res, 200, build ? withoutStages(build) : null);
    }),
  );

  router.delete(
    `${B}/:number`,
    withRepo("write", (ctx) => {
      const number = intParam(ctx, "number");
      if (number === undefined) return;
      const build = findBuildOr404(ctx, number);
      if (!build) return;
      const t = Math.floor(Date.now() / 1000);
      if (build.status === "pending" || build.status === "running") {
        build.status = "killed";
        build.finished = t;
        if (!build.started) build.started = t;
      }
      for (const stage of build.stages ?? []) markUnfinished(stage);
      build.version += 1;
      // Drone's canceler publishes the cancelled build on the event streams.
      ctx.state.events.publish(ctx.repo, build);
      sendJson(ctx.res, 200, build);
    }),
  );

  for (const kind of ["promote", "rollback"] as const) {
    router.post(
      `${B}/:number/${kind}`,
      withRepo("write", (ctx) => {
        const number = intParam(ctx, "number");
        if (number === undefined) return;
        const prev = findBuildOr404(ctx, number);
        if (!prev) return;
        const target = ctx.query.get("target") || new URLSearchParams(ctx.body).get("target") || "";
        if (!target) return sendMessage(ctx.res, 400, "Missing target environment");
        const { id: _id, number: _n, stages: _s, status: _st, started: _a, finished: _b, ...copy } = prev;
        const build = trigger(ctx.state, ctx.repo, {
          ...copy,
          event: kind,
          parent: prev.number,
          deploy_to: target,
          trigger: ctx.user?.login ?? "",
          params: { ...prev.params, ...paramsFrom(ctx.query, ["access_token", "target"]) },
        });
        sendJson(ctx.res, 200, build ? withoutStages(build) : null);
      }),
    );
  }

  router.post(
    `${B}/:number/approve/:stage`,
    withRepo("admin", (ctx) => {
      const number = intParam(ctx, "number", "Invalid build number");
      if (number === undefined) return;
      const stageNumber = intParam(ctx, "stage", "Invalid stage number");
      if (stageNumber === undefined) return;
      const build = ctx.state.findBuild(ctx.repo, number);
      if (!build) return sendMessage(ctx.res, 404, "Build not found");
      const stage = build.stages?.find((s) => s.number === stageNumber);
      if (!stage) return sendMessage(ctx.res, 404, "Stage not found");
      if (stage.status !== "blocked") {
        return sendMessage(ctx.res, 400, `Cannot approve a Pipeline with Status "${stage.status}"`);
      }
      stage.status = stage.depends_on?.length ? "waiting_on_dependencies" : "pending";
      sendEmpty(ctx.res, 204);
    }),
  );

  router.post(
    `${B}/:number/decline/:stage`,
    withRepo("admin", (ctx) => {
      const number = intParam(ctx, "number", "Invalid build number");
      if (number === undefined) return;
      const stageNumber = intParam(ctx, "stage", "Invalid stage number");
      if (stageNumber === undefined) return;
      const build = ctx.state.findBuild(ctx.repo, number);
      if (!build) return sendMessage(ctx.res, 404, "Build not found");
      const stage = build.stages?.find((s) => s.number === stageNumber);
      if (!stage) return sendMessage(ctx.res, 404, "Stage not found");
      if (stage.status !== "blocked") {
        return sendMessage(ctx.res, 400, `Cannot decline build with status "${stage.status}"`);
      }
      stage.status = "declined";
      build.status = "declined";
      ctx.state.events.publish(ctx.repo, build);
      sendEmpty(ctx.res, 204);
    }),
  );

  router.get(
    `${B}/:number/logs/:stage/:step`,
    withRepo("read", (ctx) => {
      const number = intParam(ctx, "number");
      const stage = number === undefined ? undefined : intParam(ctx, "stage");
      const step = stage === undefined ? undefined : intParam(ctx, "step");
      if (number === undefined || stage === undefined || step === undefined) return;
      const stored = ctx.state.logs.get(ctx.state.logKey(ctx.repo, number, stage, step));
      if (stored === undefined) return sendMessage(ctx.res, 404, "sql: no rows in result set");
      ctx.res.writeHead(200, { "Content-Type": "application/json" });
      ctx.res.end(stored);
    }),
  );

  router.delete(
    `${B}/:number/logs/:stage/:step`,
    withRepo("admin", (ctx) => {
      const number = intParam(ctx, "number");
      const stage = number === undefined ? undefined : intParam(ctx, "stage");
      const step = stage === undefined ? undefined : intParam(ctx, "step");
      if (number === undefined || stage === undefined || step === undefined) return;
      const key = ctx.state.logKey(ctx.repo, number, stage, step);
      if (!ctx.state.logs.has(key)) return sendMessage(ctx.res, 404, "sql: no rows in result set");
      ctx.state.logs.delete(key);
      sendEmpty(ctx.res, 204);
    }),
  );
}
