/**
 * GET /api/repos/{owner}/{name} (repos/find.go): the repository, with `permissions` when the
 * caller has a permission row. Only the read route; the repos toolset adds the others.
 */
import { type SandboxContext, withRepo } from "../acl.js";
import { type Router, sendJson } from "../router.js";

export function repoFindRoute(router: Router<SandboxContext>): void {
  router.get(
    "/api/repos/:owner/:name",
    withRepo("read", ({ res, repo, state, user }) => {
      const perm = state.perm(repo, user);
      sendJson(res, 200, perm ? { ...repo, permissions: perm } : repo);
    }),
  );
}
