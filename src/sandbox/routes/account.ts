/**
 * Account routes outside the spec: PATCH /api/user (email only), POST /api/user/token
 * (?rotate=true), the SCM's view of the user's repositories (/api/user/remote/repos), and the
 * admin routes /api/users/{user}/repos and /api/users/{user}/token/rotate.
 */
import { randomBytes } from "node:crypto";
import type { Repo } from "../../drone/types.js";
import { type SandboxContext, withAdmin, withUser } from "../acl.js";
import { type Router, sendJson, sendMessage } from "../router.js";
import { type DroneState, publicUser, type SandboxUser } from "../state.js";

/** A new 32-character token, like uniuri.NewLen(32). */
function newToken(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return [...randomBytes(32)].map((b) => alphabet[b % alphabet.length]).join("");
}

/** repos.List(userID): repos the user has a permission row for, ordered by slug. */
function reposWithPerm(state: DroneState, user: SandboxUser): Repo[] {
  return state.repos.filter((r) => state.perm(r, user)).sort((a, b) => a.slug.localeCompare(b.slug));
}

/** A repository as the SCM describes it (service/repo): no Drone id, owner, activity or settings. */
function scmRepo(repo: Repo): Record<string, unknown> {
  return {
    id: 0,
    uid: repo.uid,
    user_id: 0,
    namespace: repo.namespace,
    name: repo.name,
    slug: repo.slug,
    scm: "",
    git_http_url: repo.git_http_url,
    git_ssh_url: repo.git_ssh_url,
    link: repo.link,
    default_branch: repo.default_branch,
    private: repo.private,
    visibility: repo.visibility,
    active: false,
    config_path: "",
    trusted: false,
    protected: false,
    ignore_forks: false,
    ignore_pull_requests: false,
    auto_cancel_pull_requests: false,
    auto_cancel_pushes: false,
    auto_cancel_running: false,
    timeout: 0,
    counter: 0,
    synced: 0,
    created: 0,
    updated: 0,
    version: 0,
    archived: repo.archived,
  };
}

export function accountRoutes(router: Router<SandboxContext>): void {
  router.patch(
    "/api/user",
    withUser(({ res, user, body }) => {
      let input: { email?: unknown };
      try {
        input = JSON.parse(body) as { email?: unknown };
      } catch {
        return sendMessage(res, 400, body.trim() === "" ? "EOF" : "invalid character in request body");
      }
      // Drone copies in.Email whatever it is: a missing email clears it.
      user.email = typeof input?.email === "string" ? input.email : "";
      user.updated = Math.floor(Date.now() / 1000);
      sendJson(res, 200, publicUser(user));
    }),
  );

  router.post(
    "/api/user/token",
    withUser(({ res, user, query, body }) => {
      const rotate = (query.get("rotate") ?? new URLSearchParams(body).get("rotate")) === "true";
      if (rotate) user.token = newToken();
      sendJson(res, 200, { ...publicUser(user), token: user.token });
    }),
  );

  router.get(
    "/api/user/remote/repos",
    withUser(({ res, user, state }) => sendJson(res, 200, reposWithPerm(state, user).map(scmRepo))),
  );

  router.get(
    "/api/user/remote/repos/:owner/:name",
    withUser(({ res, user, state, params }) => {
      const repo = state.repoBySlug(params.owner ?? "", params.name ?? "");
      const perm = repo ? state.perm(repo, user) : undefined;
      // The SCM answers "Not Found" for a repo the user cannot see; Drone turns any SCM error into 500.
      if (!repo || (!perm && repo.visibility !== "public")) return sendMessage(res, 500, "Not Found");
      sendJson(res, 200, {
        ...scmRepo(repo),
        permissions: perm ?? { read: true, write: false, admin: false },
      });
    }),
  );

  router.get(
    "/api/users/:user/repos",
    withAdmin(({ res, state, params }) => {
      const target = state.users.find((u) => u.login === params.user);
      if (!target) return sendMessage(res, 404, "sql: no rows in result set");
      sendJson(res, 200, reposWithPerm(state, target));
    }),
  );

  router.post(
    "/api/users/:user/token/rotate",
    withAdmin(({ res, state, params }) => {
      const target = state.users.find((u) => u.login === params.user);
      if (!target) return sendMessage(res, 404, "sql: no rows in result set");
      target.token = newToken();
      sendJson(res, 200, { ...publicUser(target), message: "Token rotated successfully." });
    }),
  );
}
