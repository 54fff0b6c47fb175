/**
 * /api/repos/{owner}/{name}/cron routes as Drone's handler/api/repos/crons answers them: the
 * whole subtree needs repo:write; create reads only name (slugified), expr (seconds first) and
 * branch, and forces event=push; patch applies only branch/target/disabled and ignores a
 * malformed body; exec answers 200 with a new Build or null.
 */
import type { Cron } from "../../drone/types.js";
import { type RepoCtx, type SandboxContext, withRepo } from "../acl.js";
import { decodeJson } from "../body.js";
import { nextRun, parseCron } from "../cron-expr.js";
import { type Router, sendEmpty, sendJson, sendMessage } from "../router.js";
import { withoutStages } from "../state.js";
import { trigger } from "./builds.js";

const C = "/api/repos/:owner/:name/cron";
const now = () => Math.floor(Date.now() / 1000);

/** gosimple/slug.Make for ASCII names: lower case, runs of other characters become one dash. */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^[-_]+|[-_]+$/g, "");
}

function nextOf(expr: string): number {
  const next = nextRun(parseCron(expr), new Date());
  return next ? Math.floor(next.getTime() / 1000) : 0;
}

function findCron(ctx: RepoCtx): Cron | undefined {
  const cron = ctx.state.crons.get(ctx.repo.id)?.find((c) => c.name === ctx.params.cron);
  if (!cron) sendMessage(ctx.res, 404, "sql: no rows in result set");
  return cron;
}

export function cronRoutes(router: Router<SandboxContext>): void {
  router.get(
    C,
    withRepo("write", ({ res, state, repo }) => {
      const list = [...(state.crons.get(repo.id) ?? [])].sort((a, b) => a.name.localeCompare(b.name));
      sendJson(res, 200, list);
    }),
  );

  router.post(
    C,
    withRepo("write", (ctx) => {
      const body = decodeJson(ctx, { name: "string", expr: "string", branch: "string" });
      if (!body) return;
      const name = slugify(String(body.name ?? ""));
      const expr = String(body.expr ?? "");
      const branch = String(body.branch ?? "");
      try {
        parseCron(expr);
      } catch {
        return sendMessage(ctx.res, 400, "Invalid Cronjob Expression");
      }
      if (!name) return sendMessage(ctx.res, 400, "Invalid Cronjob Name");
      if (!branch) return sendMessage(ctx.res, 400, "Invalid Cronjob Branch");
      if (ctx.state.crons.get(ctx.repo.id)?.some((c) => c.name === name)) {
        return sendMessage(ctx.res, 500, "UNIQUE constraint failed: cron.cron_repo_id, cron.cron_name");
      }
      const cron = ctx.state.addCron(ctx.repo, { name, expr, branch, event: "push", next: nextOf(expr) });
      sendJson(ctx.res, 200, cron);
    }),
  );

  router.get(
    `${C}/:cron`,
    withRepo("write", (ctx) => {
      const cron = findCron(ctx);
      if (cron) sendJson(ctx.res, 200, cron);
    }),
  );

  router.post(
    `${C}/:cron`,
    withRepo("write", (ctx) => {
      const cron = findCron(ctx);
      if (!cron) return;
      const sha = ctx.state.branches.get(ctx.repo.id)?.get(cron.branch);
      if (!sha) return sendMessage(ctx.res, 404, "Not Found");
      const author = ctx.state.users.find((u) => u.id === ctx.repo.user_id)?.login ?? "octocat";
      const build = trigger(ctx.state, ctx.repo, {
        trigger: "@cron",
        event: "cron",
        ref: `refs/heads/${cron.branch}`,
        source: cron.branch,
        target: cron.branch,
        before: sha,
        after: sha,
        message: `Scheduled build of ${cron.branch}`,
        author_login: author,
        sender: author,
        cron: cron.name,
      });
      sendJson(ctx.res, 200, build ? withoutStages(build) : null);
    }),
  );

  router.patch(
    `${C}/:cron`,
    withRepo("write", (ctx) => {
      const cron = findCron(ctx);
      if (!cron) return;
      // Drone ignores a decoding error here and applies whatever decoded.
      let body: Record<string, unknown> = {};
      try {
        body = (JSON.parse(ctx.body) as Record<string, unknown> | null) ?? {};
      } catch {
        body = {};
      }
      if (typeof body.branch === "string") cron.branch = body.branch;
      if (typeof body.target === "string") cron.target = body.target;
      if (typeof body.disabled === "boolean") cron.disabled = body.disabled;
      cron.updated = now();
      cron.version += 1;
      sendJson(ctx.res, 200, cron);
    }),
  );

  router.delete(
    `${C}/:cron`,
    withRepo("write", (ctx) => {
      const cron = findCron(ctx);
      if (!cron) return;
      ctx.state.crons.set(
        ctx.repo.id,
        (ctx.state.crons.get(ctx.repo.id) ?? []).filter((c) => c !== cron),
      );
      sendEmpty(ctx.res, 204);
    }),
  );
}
