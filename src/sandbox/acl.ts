/**
 * Drone's authorization levels (handler/api/acl), with the exact answers a real server gives:
 * 401 Unauthorized, 403 Forbidden for non-admins and inactive users, 404 for missing repos and
 * for missing repo permissions, 401 {"message":"Forbidden"} for failed org membership.
 */
import type { Repo } from "../drone/types.js";
import { type Handler, type RouteContext, sendMessage } from "./router.js";
import type { DroneState, SandboxUser } from "./state.js";

export interface SandboxContext {
  state: DroneState;
  /** The user the token belongs to; undefined for guests and unknown tokens. */
  user: SandboxUser | undefined;
}

export type Ctx = RouteContext & SandboxContext;
export type RepoCtx = Ctx & { repo: Repo };

export function withUser(handler: Handler<SandboxContext & { user: SandboxUser }>): Handler<SandboxContext> {
  return (ctx) => {
    if (!ctx.user) return sendMessage(ctx.res, 401, "Unauthorized");
    return handler(ctx as Ctx & { user: SandboxUser });
  };
}

export function withAdmin(handler: Handler<SandboxContext & { user: SandboxUser }>): Handler<SandboxContext> {
  return (ctx) => {
    if (!ctx.user) return sendMessage(ctx.res, 401, "Unauthorized");
    if (!ctx.user.admin) return sendMessage(ctx.res, 403, "Forbidden");
    return handler(ctx as Ctx & { user: SandboxUser });
  };
}

export type RepoLevel = "read" | "write" | "admin";

/** acl.InjectRepository + CheckReadAccess/CheckWriteAccess/CheckAdminAccess. */
export function withRepo(level: RepoLevel, handler: Handler<SandboxContext & { repo: Repo }>): Handler<SandboxContext> {
  return (ctx) => {
    const { state, user, res } = ctx;
    const repo = state.repoBySlug(ctx.params.owner ?? "", ctx.params.name ?? "");
    if (!repo) return sendMessage(res, user ? 404 : 401, user ? "Not Found" : "Unauthorized");
    if (user?.admin) return handler({ ...ctx, repo });
    if (level === "read") {
      if (repo.visibility === "public") return handler({ ...ctx, repo });
      if (!user) return sendMessage(res, 401, "Unauthorized");
      if (repo.visibility === "internal") return handler({ ...ctx, repo });
    }
    if (!user) return sendMessage(res, 401, "Unauthorized");
    if (!user.active) return sendMessage(res, 403, "Forbidden");
    const perm = state.perm(repo, user);
    if (!perm?.[level]) return sendMessage(res, 404, "Not Found");
    return handler({ ...ctx, repo });
  };
}

/** acl.CheckMembership: sysadmins, the namespace's own user, org members (admins for writes). */
export function withOrg(
  admin: boolean,
  handler: Handler<SandboxContext & { user: SandboxUser }>,
): Handler<SandboxContext> {
  return (ctx) => {
    const { user, res, state } = ctx;
    if (!user) return sendMessage(res, 401, "Unauthorized");
    const namespace = ctx.params.namespace ?? "";
    if (user.admin || user.login === namespace) return handler(ctx as Ctx & { user: SandboxUser });
    const membership = state.orgs.get(user.login)?.get(namespace);
    if (membership === undefined || (admin && !membership)) return sendMessage(res, 401, "Forbidden");
    return handler(ctx as Ctx & { user: SandboxUser });
  };
}
