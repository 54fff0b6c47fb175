/**
 * /builds/branches, /builds/pulls, /builds/deployments: Drone's `latest` index (store/build).
 * Creating a build indexes it: a push under its target branch, a pull request under the first
 * number in its ref, a promote/rollback under its deploy target (other events are not indexed).
 * The lists answer the indexed builds without stages; DELETE removes an index entry (builds
 * stay) and answers 204 whether or not the entry existed.
 */
import type { Build, Repo } from "../../drone/types.js";
import { type Ctx, type SandboxContext, withRepo } from "../acl.js";
import { type Router, sendEmpty, sendJson } from "../router.js";
import { type DroneState, withoutStages } from "../state.js";

export type IndexKind = "branch" | "pull_request" | "deployment";

const B = "/api/repos/:owner/:name/builds";

/** Where Drone's Create indexes a build, or undefined for events it does not index. */
export function indexEntry(build: Build): { kind: IndexKind; name: string } | undefined {
  switch (build.event) {
    case "push":
      return { kind: "branch", name: build.target };
    case "pull_request":
      return { kind: "pull_request", name: /\d+/.exec(build.ref)?.[0] ?? "" };
    case "promote":
    case "rollback":
      return { kind: "deployment", name: build.deploy_to ?? "" };
    default:
      return undefined;
  }
}

function indexKey(repo: Repo, kind: IndexKind, name: string): string {
  return `${repo.id}:${kind}:${name}`;
}

/** The builds the index points at, in build id order (the query has no ORDER BY). */
export function indexedBuilds(state: DroneState, repo: Repo, kind: IndexKind): Build[] {
  const latest = new Map<string, Build>();
  for (const build of state.buildsOf(repo)) {
    const entry = indexEntry(build);
    if (!entry || entry.kind !== kind) continue;
    const key = indexKey(repo, kind, entry.name);
    if (build.id > (state.latestDeleted.get(key) ?? 0)) latest.set(key, build);
  }
  return [...latest.values()].sort((a, b) => a.id - b.id);
}

export function deleteIndexEntry(state: DroneState, repo: Repo, kind: IndexKind, name: string): void {
  const maxId = state.buildsOf(repo).reduce((max, b) => Math.max(max, b.id), 0);
  state.latestDeleted.set(indexKey(repo, kind, name), maxId);
}

/** Go's escape(path, encodePath), byte by byte: what net/url compares the sent path with. */
function goEscapePath(path: string): string {
  let out = "";
  for (const byte of Buffer.from(path, "utf8")) {
    const c = String.fromCharCode(byte);
    out +=
      byte < 0x80 && /[A-Za-z0-9\-_.~$&+,/:;=@]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/**
 * chi's `*` parameter: Go sets URL.RawPath when the sent path is not Go's own escaping of the
 * decoded path, and chi then matches on the raw path, so the wildcard keeps its %-escapes.
 */
function chiWildcard(ctx: Ctx): string {
  const raw = new URL(ctx.req.url ?? "/", "http://sandbox").pathname;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    decoded = raw;
  }
  const routed = goEscapePath(decoded) === raw ? decoded : raw;
  // /api/repos/{owner}/{name}/builds/{branches|deployments}/<wildcard>
  const prefix = raw.split("/").slice(0, 7).join("/");
  return routed === decoded ? decoded.split("/").slice(7).join("/") : raw.slice(prefix.length + 1);
}

export function buildIndexRoutes(router: Router<SandboxContext>): void {
  const lists: Array<[string, IndexKind]> = [
    ["branches", "branch"],
    ["pulls", "pull_request"],
    ["deployments", "deployment"],
  ];
  for (const [segment, kind] of lists) {
    router.get(
      `${B}/${segment}`,
      withRepo("read", ({ res, state, repo }) =>
        sendJson(res, 200, indexedBuilds(state, repo, kind).map(withoutStages)),
      ),
    );
  }
  // chi wildcards: the branch or target is the rest of the path, '/' included.
  router.delete(
    `${B}/branches/*`,
    withRepo("write", (ctx) => {
      const { res, state, repo } = ctx;
      deleteIndexEntry(state, repo, "branch", chiWildcard(ctx));
      sendEmpty(res, 204);
    }),
  );
  router.delete(
    `${B}/deployments/*`,
    withRepo("write", (ctx) => {
      const { res, state, repo } = ctx;
      deleteIndexEntry(state, repo, "deployment", chiWildcard(ctx));
      sendEmpty(res, 204);
    }),
  );
  // strconv.Atoi with the error ignored: a bad number deletes entry "0".
  router.delete(
    `${B}/pulls/:pull`,
    withRepo("write", ({ res, state, repo, params }) => {
      const raw = params.pull ?? "";
      deleteIndexEntry(state, repo, "pull_request", /^[+-]?\d+$/.test(raw) ? String(Number(raw)) : "0");
      sendEmpty(res, 204);
    }),
  );
}
