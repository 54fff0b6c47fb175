/**
 * /api/templates routes as Drone's handler/api/template answers them: org membership to read,
 * org admin to change (401 {"message":"Forbidden"} otherwise), the list of every template
 * checked against an empty namespace (so only sysadmins pass), names ending in a known
 * extension, update by PATCH or PUT with `data` and `namespace` (which moves the template).
 */
import type { Template } from "../../drone/types.js";
import { type SandboxContext, withOrg } from "../acl.js";
import { decodeJson } from "../body.js";
import { type Router, sendEmpty, sendJson, sendMessage } from "../router.js";

const T = "/api/templates/:namespace";
const EXTENSIONS = [".yml", ".yaml", ".star", ".starlark", ".script", ".jsonnet"];
const byName = (a: Template, b: Template) => (a.name ?? "").localeCompare(b.name ?? "");

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "" : name.slice(dot);
}

export function templateRoutes(router: Router<SandboxContext>): void {
  router.get("/api/templates", (ctx) =>
    withOrg(false, ({ res, state }) => sendJson(res, 200, [...state.templates].sort(byName)))({
      ...ctx,
      params: { namespace: "" },
    }),
  );

  const inNamespace = (ctx: { state: SandboxContext["state"]; params: Record<string, string> }) =>
    ctx.state.templates.filter((t) => t.namespace === ctx.params.namespace);
  const find = (ctx: { state: SandboxContext["state"]; params: Record<string, string> }) =>
    inNamespace(ctx).find((t) => t.name === ctx.params.name);

  router.get(
    T,
    withOrg(false, (ctx) => sendJson(ctx.res, 200, inNamespace(ctx).sort(byName))),
  );

  router.post(
    T,
    withOrg(true, (ctx) => {
      const body = decodeJson(ctx, { name: "string", data: "string" });
      if (!body) return;
      const name = String(body.name ?? "");
      const data = String(body.data ?? "");
      if (!EXTENSIONS.includes(extensionOf(name))) {
        return sendMessage(ctx.res, 400, "Template extension invalid. Must be yaml, starlark or jsonnet");
      }
      if (!name) return sendMessage(ctx.res, 400, "No Template Name Provided");
      if (!data) return sendMessage(ctx.res, 400, "No Template Data Provided");
      if (find({ ...ctx, params: { ...ctx.params, name } })) {
        return sendMessage(
          ctx.res,
          500,
          "UNIQUE constraint failed: templates.template_name, templates.template_namespace",
        );
      }
      sendJson(ctx.res, 200, ctx.state.addTemplate(ctx.params.namespace ?? "", name, data));
    }),
  );

  router.get(
    `${T}/:name`,
    withOrg(false, (ctx) => {
      const template = find(ctx);
      if (!template) return sendMessage(ctx.res, 404, "sql: no rows in result set");
      sendJson(ctx.res, 200, template);
    }),
  );

  for (const method of ["put", "patch"] as const) {
    router[method](
      `${T}/:name`,
      withOrg(true, (ctx) => {
        const template = find(ctx);
        if (!template) return sendMessage(ctx.res, 404, "sql: no rows in result set");
        const body = decodeJson(ctx, { data: "string", namespace: "string" });
        if (!body) return;
        if (typeof body.data === "string") template.data = body.data;
        if (typeof body.namespace === "string") template.namespace = body.namespace;
        template.updated = Math.floor(Date.now() / 1000);
        sendJson(ctx.res, 200, template);
      }),
    );
  }

  router.delete(
    `${T}/:name`,
    withOrg(true, (ctx) => {
      const template = find(ctx);
      if (!template) return sendMessage(ctx.res, 404, "sql: no rows in result set");
      ctx.state.templates = ctx.state.templates.filter((t) => t !== template);
      sendEmpty(ctx.res, 204);
    }),
  );
}
