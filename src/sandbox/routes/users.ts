/**
 * /api/users routes (system admins only), as Drone's handler/api/users answers them: an
 * unpaginated list ordered by login, create (token shown for machine users only), find by login
 * or id, patch of admin/active only, delete (204).
 */
import { randomBytes } from "node:crypto";
import { type SandboxContext, withAdmin } from "../acl.js";
import { decodeJson } from "../body.js";
import { type Router, sendEmpty, sendJson, sendMessage } from "../router.js";
import { publicUser, type SandboxUser } from "../state.js";

const U = "/api/users/:user";

function findUser(ctx: { state: SandboxContext["state"]; params: Record<string, string> }): SandboxUser | undefined {
  return ctx.state.userByLoginOrId(ctx.params.user ?? "");
}

export function userAdminRoutes(router: Router<SandboxContext>): void {
  router.get(
    "/api/users",
    withAdmin(({ res, state }) => {
      const users = [...state.users].sort((a, b) => a.login.localeCompare(b.login));
      sendJson(res, 200, users.map(publicUser));
    }),
  );

  router.post(
    "/api/users",
    withAdmin((ctx) => {
      const body = decodeJson(ctx, { login: "string", admin: "boolean", machine: "boolean", token: "string" });
      if (!body) return;
      const login = String(body.login ?? "");
      if (login.length < 1 || login.length > 50) return sendMessage(ctx.res, 400, "Invalid username length");
      if (!/^[.a-zA-Z0-9_-]+$/.test(login)) return sendMessage(ctx.res, 400, "Invalid character in username");
      if (ctx.state.users.some((u) => u.login === login)) {
        return sendMessage(ctx.res, 500, "UNIQUE constraint failed: users.user_login");
      }
      const machine = body.machine === true;
      const token = typeof body.token === "string" && body.token ? body.token : randomBytes(16).toString("hex");
      const user = ctx.state.addUser(login, token, {
        admin: body.admin === true,
        machine,
        // Non-machine users get login and email from the SCM; machine users have no email.
        email: machine ? "" : `${login}@example.com`,
        last_login: 0,
      });
      sendJson(ctx.res, 200, machine ? { ...publicUser(user), token } : publicUser(user));
    }),
  );

  router.get(
    U,
    withAdmin((ctx) => {
      const user = findUser(ctx);
      if (!user) return sendMessage(ctx.res, 404, "sql: no rows in result set");
      sendJson(ctx.res, 200, publicUser(user));
    }),
  );

  router.patch(
    U,
    withAdmin((ctx) => {
      const user = findUser(ctx);
      if (!user) return sendMessage(ctx.res, 404, "sql: no rows in result set");
      const body = decodeJson(ctx, { admin: "boolean", active: "boolean", machine: "boolean", token: "string" });
      if (!body) return;
      if (typeof body.admin === "boolean") user.admin = body.admin;
      if (typeof body.active === "boolean") {
        user.active = body.active;
        if (!user.active) user.admin = false;
      }
      user.updated = Math.floor(Date.now() / 1000);
      sendJson(ctx.res, 200, publicUser(user));
    }),
  );

  router.delete(
    U,
    withAdmin((ctx) => {
      const user = findUser(ctx);
      if (!user) return sendMessage(ctx.res, 404, "sql: no rows in result set");
      ctx.state.users = ctx.state.users.filter((u) => u !== user);
      sendEmpty(ctx.res, 204);
    }),
  );
}
