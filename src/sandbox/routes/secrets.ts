/**
 * Secret routes as Drone answers them: repo secrets need repo:write even to read, org secrets
 * use org membership (admin for changes, 401 {"message":"Forbidden"} otherwise), the list of
 * every org secret is sysadmin-only, update also accepts POST for org secrets, and `data` is
 * never serialized.
 */
import type { ServerResponse } from "node:http";
import { type RepoCtx, type SandboxContext, withAdmin, withOrg, withRepo } from "../acl.js";
import { decodeJson } from "../body.js";
import { type Router, sendEmpty, sendJson, sendMessage } from "../router.js";
import { publicSecret, type StoredSecret } from "../state.js";

const RS = "/api/repos/:owner/:name/secrets";
const OS = "/api/secrets/:namespace";
const NAME = /^[a-zA-Z0-9-_.]+$/;
const CREATE_FIELDS = {
  name: "string",
  data: "string",
  pull_request: "boolean",
  pull_request_push: "boolean",
} as const;
const UPDATE_FIELDS = { data: "string", pull_request: "boolean", pull_request_push: "boolean" } as const;

const byName = (a: StoredSecret, b: StoredSecret) => a.name.localeCompare(b.name);

/** core.Secret.Validate: a name of [a-zA-Z0-9-_.] and a non-empty value. */
function invalid(res: ServerResponse, secret: Pick<StoredSecret, "name" | "data">): boolean {
  if (!NAME.test(secret.name)) {
    sendMessage(res, 400, "Invalid Secret Name");
    return true;
  }
  if (!secret.data) {
    sendMessage(res, 400, "Invalid Secret Value");
    return true;
  }
  return false;
}

/** Creates a secret in `list` from the request body; answers 200 with it, or the error. */
function create(
  ctx: { body: string; res: ServerResponse },
  list: StoredSecret[],
  add: (s: Omit<StoredSecret, "id">) => StoredSecret,
  extra: Partial<StoredSecret>,
) {
  const body = decodeJson(ctx, CREATE_FIELDS);
  if (!body) return;
  const fields = {
    name: String(body.name ?? ""),
    data: String(body.data ?? ""),
    pull_request: body.pull_request === true,
    pull_request_push: body.pull_request_push === true,
    ...extra,
  };
  if (invalid(ctx.res, fields)) return;
  if (list.some((s) => s.name === fields.name)) {
    return sendMessage(ctx.res, 500, "UNIQUE constraint failed: secrets.secret_repo_id, secrets.secret_name");
  }
  sendJson(ctx.res, 200, publicSecret(add(fields)));
}

function update(ctx: { body: string; res: ServerResponse }, secret: StoredSecret | undefined) {
  if (!secret) return sendMessage(ctx.res, 404, "sql: no rows in result set");
  const body = decodeJson(ctx, UPDATE_FIELDS);
  if (!body) return;
  const next = { ...secret };
  if (typeof body.data === "string") next.data = body.data;
  if (typeof body.pull_request === "boolean") next.pull_request = body.pull_request;
  if (typeof body.pull_request_push === "boolean") next.pull_request_push = body.pull_request_push;
  if (invalid(ctx.res, next)) return;
  Object.assign(secret, next);
  sendJson(ctx.res, 200, publicSecret(secret));
}

export function secretRoutes(router: Router<SandboxContext>): void {
  // Repository secrets: the whole subtree needs repo:write.
  router.get(
    RS,
    withRepo("write", ({ res, state, repo }) => {
      sendJson(res, 200, [...(state.secrets.get(repo.id) ?? [])].sort(byName).map(publicSecret));
    }),
  );
  router.post(
    RS,
    withRepo("write", (ctx) => {
      const list = ctx.state.secrets.get(ctx.repo.id) ?? [];
      create(ctx, list, (s) => ctx.state.addSecret(ctx.repo, s), {});
    }),
  );
  const repoSecret = (ctx: RepoCtx) => ctx.state.secrets.get(ctx.repo.id)?.find((s) => s.name === ctx.params.secret);
  router.get(
    `${RS}/:secret`,
    withRepo("write", (ctx) => {
      const secret = repoSecret(ctx);
      if (!secret) return sendMessage(ctx.res, 404, "sql: no rows in result set");
      sendJson(ctx.res, 200, publicSecret(secret));
    }),
  );
  router.patch(
    `${RS}/:secret`,
    withRepo("write", (ctx) => update(ctx, repoSecret(ctx))),
  );
  router.delete(
    `${RS}/:secret`,
    withRepo("write", (ctx) => {
      const secret = repoSecret(ctx);
      if (!secret) return sendMessage(ctx.res, 404, "sql: no rows in result set");
      ctx.state.secrets.set(
        ctx.repo.id,
        (ctx.state.secrets.get(ctx.repo.id) ?? []).filter((s) => s !== secret),
      );
      sendEmpty(ctx.res, 204);
    }),
  );

  // Organization secrets.
  router.get(
    "/api/secrets",
    withAdmin(({ res, state }) => {
      const all = [...state.orgSecrets].sort(
        (a, b) => (a.namespace ?? "").localeCompare(b.namespace ?? "") || byName(a, b),
      );
      sendJson(res, 200, all.map(publicSecret));
    }),
  );
  const inNamespace = (ctx: { state: SandboxContext["state"]; params: Record<string, string> }) =>
    ctx.state.orgSecrets.filter((s) => s.namespace === ctx.params.namespace);
  const orgSecret = (ctx: { state: SandboxContext["state"]; params: Record<string, string> }) =>
    inNamespace(ctx).find((s) => s.name === ctx.params.secret);
  router.get(
    OS,
    withOrg(false, (ctx) => sendJson(ctx.res, 200, inNamespace(ctx).sort(byName).map(publicSecret))),
  );
  router.post(
    OS,
    withOrg(true, (ctx) =>
      create(ctx, inNamespace(ctx), (s) => ctx.state.addSecret(undefined, s), {
        namespace: ctx.params.namespace ?? "",
      }),
    ),
  );
  router.get(
    `${OS}/:secret`,
    withOrg(false, (ctx) => {
      const secret = orgSecret(ctx);
      if (!secret) return sendMessage(ctx.res, 404, "sql: no rows in result set");
      sendJson(ctx.res, 200, publicSecret(secret));
    }),
  );
  for (const method of ["post", "patch"] as const) {
    router[method](
      `${OS}/:secret`,
      withOrg(true, (ctx) => update(ctx, orgSecret(ctx))),
    );
  }
  router.delete(
    `${OS}/:secret`,
    withOrg(true, (ctx) => {
      const secret = orgSecret(ctx);
      if (!secret) return sendMessage(ctx.res, 404, "sql: no rows in result set");
      ctx.state.orgSecrets = ctx.state.orgSecrets.filter((s) => s !== secret);
      sendEmpty(ctx.res, 204);
    }),
  );
}
