/**
 * POST /api/repos/{owner}/{name}/builds/{number}/decline (Drone >= 2.23, stages/decline_build.go):
 * declines every stage of a build awaiting approval. Each stage must be blocked; they are updated
 * one by one without a transaction, so stages before a non-blocked one stay declined.
 */
import { type SandboxContext, withRepo } from "../acl.js";
import { type Router, sendEmpty, sendMessage } from "../router.js";
import { intParam } from "./builds.js";

export function declineBuildRoutes(router: Router<SandboxContext>): void {
  router.post(
    "/api/repos/:owner/:name/builds/:number/decline",
    withRepo("admin", (ctx) => {
      const number = intParam(ctx, "number", "Invalid build number");
      if (number === undefined) return;
      const build = ctx.state.findBuild(ctx.repo, number);
      if (!build) return sendMessage(ctx.res, 404, "Build not found");
      for (const stage of build.stages ?? []) {
        if (stage.status !== "blocked") {
          return sendMessage(ctx.res, 400, `Cannot decline build with status "${stage.status}"`);
        }
        stage.status = "declined";
      }
      build.status = "declined";
      ctx.state.events.publish(ctx.repo, build);
      sendEmpty(ctx.res, 204);
    }),
  );
}
