/**
 * /api/repos routes as Drone's handler/api/repos answers them: the admin-only list of every
 * repo (page/per_page with no maximum), find with `permissions`, enable, patch (sysadmin-only
 * fields dropped for others), disable/delete, chown and repair (200 with the repo).
 */
import type { Repo } from "../../drone/types.js";
import { type SandboxContext, withAdmin, withRepo } from "../acl.js";
import { decodeJson } from "../body.js";
import { type Router, sendJson } from "../router.js";

const R = "/api/repos/:owner/:name";
const now = () => Math.floor(Date.now() / 1000);

/** strconv.Atoi semantics: anything unparsable is 0. */
function atoi(value: string | null): number {
  return value && /^-?\d+$/.test(value) ? Number(value) : 0;
}

const PATCH_FIELDS = {
  visibility: "string",
  config_path: "string",
  protected: "boolean",
  trusted: "boolean",
  timeout: "number",
  throttle: "number",
  counter: "number",
  ignore_forks: "boolean",
  ignore_pull_requests: "boolean",
  auto_cancel_pull_requests: "boolean",
  auto_cancel_pushes: "boolean",
  auto_cancel_running: "boolean",
} as const;

/** Only system admins may change these; Drone drops them silently for everyone else. */
const SYSADMIN_ONLY = new Set(["trusted", "timeout", "throttle", "counter"]);

export function repoRoutes(router: Router<SandboxContext>): void {
  router.get(
    "/api/repos",
    withAdmin(({ res, state, query }) => {
      const page = Math.max(1, atoi(query.get("page")));
      let perPage = atoi(query.get("per_page"));
      if (perPage < 1) perPage = 25;
      sendJson(res, 200, state.repos.slice((page - 1) * perPage, page * perPage));
    }),
  );

  router.get(
    R,
    withRepo("read", ({ res, state, repo, user }) => {
      const perm = state.perm(repo, user);
      sendJson(res, 200, perm ? { ...repo, permissions: perm } : repo);
    }),
  );

  router.post(
    R,
    withRepo("admin", ({ res, repo, user }) => {
      repo.active = true;
      repo.user_id = user?.id ?? repo.user_id;
      if (!repo.config_path) repo.config_path = ".drone.yml";
      if (!repo.timeout) repo.timeout = 60;
      repo.updated = now();
      repo.version += 1;
      sendJson(res, 200, repo);
    }),
  );

  router.patch(
    R,
    withRepo("admin", (ctx) => {
      const body = decodeJson(ctx, PATCH_FIELDS);
      if (!body) return;
      const repo = ctx.repo as unknown as Record<string, unknown>;
      for (const key of Object.keys(PATCH_FIELDS)) {
        const value = body[key];
        if (value === undefined || value === null) continue;
        if (SYSADMIN_ONLY.has(key) && !ctx.user?.admin) continue;
        repo[key] = value;
      }
      ctx.repo.updated = now();
      ctx.repo.version += 1;
      sendJson(ctx.res, 200, ctx.repo);
    }),
  );

  router.delete(
    R,
    withRepo("admin", ({ res, repo, state, query, body }) => {
      repo.active = false;
      const remove = (query.get("remove") ?? new URLSearchParams(body).get("remove")) === "true";
      if (remove) state.repos = state.repos.filter((r: Repo) => r.id !== repo.id);
      else repo.version += 1;
      sendJson(res, 200, repo);
    }),
  );

  router.post(
    `${R}/chown`,
    withRepo("admin", ({ res, repo, user }) => {
      repo.user_id = user?.id ?? repo.user_id;
      repo.version += 1;
      sendJson(res, 200, repo);
    }),
  );

  router.post(
    `${R}/repair`,
    withRepo("admin", ({ res, repo }) => {
      // Drone refreshes branch, URLs, private and link from the SCM and re-creates the hook.
      repo.synced = now();
      repo.version += 1;
      sendJson(res, 200, repo);
    }),
  );
}
