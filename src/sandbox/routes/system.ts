/** Routes outside /api that clients use: /version and /healthz. */
import type { SandboxContext } from "../acl.js";
import { type Router, sendJson, sendText } from "../router.js";

export function systemRoutes(router: Router<SandboxContext>): void {
  router.get("/version", ({ res, state }) => sendJson(res, 200, state.version));
  router.get("/healthz", ({ res }) => sendText(res, 200, "OK"));
}
