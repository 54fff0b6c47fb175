/**
 * /api/repos/{owner}/{name}/collaborators (repos/collabs): Drone's cached SCM permissions per
 * user. List and find need repo read; remove needs repo admin. A login without a user, or a
 * user without a permission row, is 404 "sql: no rows in result set".
 */
import type { Repo } from "../../drone/types.js";
import { type RepoCtx, type SandboxContext, withRepo } from "../acl.js";
import { type Router, sendEmpty, sendJson, sendMessage } from "../router.js";
import type { DroneState, SandboxUser } from "../state.js";

/** core.Collaborator: the perm row joined with the user. */
function collaborator(repo: Repo, user: SandboxUser, state: DroneState): Record<string, unknown> {
  const perm = state.perm(repo, user);
  return {
    user_id: user.id,
    repo_id: repo.uid,
    login: user.login,
    avatar: user.avatar,
    read: perm?.read ?? false,
    write: perm?.write ?? false,
    admin: perm?.admin ?? false,
    synced: user.synced,
    created: user.created,
    updated: user.updated,
  };
}

function memberOr404(ctx: RepoCtx): SandboxUser | undefined {
  const user = ctx.state.users.find((u) => u.login === ctx.params.member);
  if (!user || !ctx.state.perm(ctx.repo, user)) {
    sendMessage(ctx.res, 404, "sql: no rows in result set");
    return undefined;
  }
  return user;
}

export function collaboratorRoutes(router: Router<SandboxContext>): void {
  const C = "/api/repos/:owner/:name/collaborators";
  router.get(
    C,
    withRepo("read", ({ res, state, repo }) => {
      const members = state.users.filter((u) => state.perm(repo, u)).sort((a, b) => a.login.localeCompare(b.login));
      sendJson(
        res,
        200,
        members.map((u) => collaborator(repo, u, state)),
      );
    }),
  );
  router.get(
    `${C}/:member`,
    withRepo("read", (ctx) => {
      const user = memberOr404(ctx);
      if (user) sendJson(ctx.res, 200, ctx.state.perm(ctx.repo, user));
    }),
  );
  router.delete(
    `${C}/:member`,
    withRepo("admin", (ctx) => {
      const user = memberOr404(ctx);
      if (!user) return;
      ctx.state.perms.delete(`${ctx.repo.id}:${user.id}`);
      sendEmpty(ctx.res, 204);
    }),
  );
}
