/**
 * Where a build-scoped tool acts. Every such tool accepts `namespace` + `name` (+ `build`), or a
 * pasted Drone URL (https://drone.example.com/octocat/hello-world/42, optionally /stage/step);
 * explicit arguments win over the URL's parts. With neither, the repo is the one the git
 * checkout's `origin` remote points at (read lazily, on first use), and the build is the latest
 * of the current branch. Results then say what was chosen.
 */
import { DroneApiError } from "../drone/errors.js";
import { apiPath, InputError } from "../drone/path.js";
import type { Build } from "../drone/types.js";
import { type GitOrigin, gitOrigin } from "../git.js";
import type { ToolContext, ToolOutput } from "./define.js";

export interface LocationArgs {
  namespace?: string | undefined;
  name?: string | undefined;
  url?: string | undefined;
  build?: number | "latest" | undefined;
  stage?: number | undefined;
  step?: number | undefined;
  branch?: string | undefined;
  ref?: string | undefined;
}

export interface DroneUrlParts {
  namespace: string;
  name: string;
  build?: number;
  stage?: number;
  step?: number;
}

const URL_SHAPE = "https://drone.example.com/owner/repo/42 (optionally /stage/step)";

function positive(value: string, what: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new InputError(`The URL's ${what} "${value}" is not a number; expected ${URL_SHAPE}.`);
  }
  return Number(value);
}

/**
 * The repo, build, stage and step in a Drone web URL (or an API URL). The server's own path
 * prefix (DRONE_SERVER=https://host/drone) is removed when the URL is on that server.
 */
export function parseDroneUrl(text: string, server: string): DroneUrlParts {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new InputError(`"${text.slice(0, 100)}" is not a URL; expected ${URL_SHAPE}.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new InputError(`"${text.slice(0, 200)}" is not a web URL; expected ${URL_SHAPE}.`);
  }
  let path = url.pathname;
  const base = new URL(server);
  const prefix = base.pathname.replace(/\/+$/, "");
  if (url.host === base.host && prefix && (path === prefix || path.startsWith(`${prefix}/`))) {
    path = path.slice(prefix.length);
  }
  let parts = path.split("/").filter((p) => p.length > 0);
  try {
    parts = parts.map((p) => decodeURIComponent(p));
  } catch {
    throw new InputError(`The URL's path is not valid percent-encoding; expected ${URL_SHAPE}.`);
  }
  if (parts[0] === "api" && parts[1] === "repos") {
    parts = parts.slice(2).filter((p, i) => !(i === 2 && p === "builds") && !(i === 4 && p === "logs"));
  }
  const [namespace, name, build, stage, step] = parts;
  if (!namespace || !name || parts.length > 5) {
    throw new InputError(`"${text.slice(0, 200)}" is not a Drone build URL; expected ${URL_SHAPE}.`);
  }
  return {
    namespace,
    name,
    ...(build !== undefined ? { build: positive(build, "build number") } : {}),
    ...(stage !== undefined ? { stage: positive(stage, "stage number") } : {}),
    ...(step !== undefined ? { step: positive(step, "step number") } : {}),
  };
}

export interface RepoLocation {
  namespace: string;
  name: string;
  /** What the URL said, when one was given. */
  fromUrl?: DroneUrlParts;
  /** The git checkout's origin, when the repo came from it. */
  origin?: GitOrigin;
  /** Sentences saying what was chosen for the user (empty when everything was explicit). */
  notes: string[];
}

type Ctx = Pick<ToolContext, "cwd" | "drone">;

/** The repository a call is about. */
export async function locateRepo(args: LocationArgs, ctx: Ctx): Promise<RepoLocation> {
  const fromUrl = args.url ? parseDroneUrl(args.url, ctx.drone.server) : undefined;
  const namespace = args.namespace ?? fromUrl?.namespace;
  const name = args.name ?? fromUrl?.name;
  if (namespace && name) return { namespace, name, ...(fromUrl ? { fromUrl } : {}), notes: [] };
  if (namespace || name) throw new InputError("Give both namespace and name (or a Drone URL).");
  const origin = ctx.cwd === undefined ? undefined : await gitOrigin(ctx.cwd);
  if (!origin) {
    throw new InputError(
      "Say which repository: namespace and name, or a Drone build URL (the server's directory is not a git checkout with an origin remote).",
    );
  }
  return {
    namespace: origin.namespace,
    name: origin.name,
    origin,
    notes: [`Repo ${origin.namespace}/${origin.name} is the git checkout's origin (${origin.remote}).`],
  };
}

export interface BuildLocation extends RepoLocation {
  build: number | "latest";
  stage?: number;
  step?: number;
  /** For "latest": the branch whose latest build is meant (undefined: the default branch). */
  branch?: string;
  /** True when the branch came from the git checkout (a miss then falls back to the default branch). */
  branchFromGit?: boolean;
}

/**
 * The build a call is about. Without a build anywhere, "latest" when `allowLatest` (of the
 * current git branch when the repo is the checkout's), else an InputError asking for one.
 */
export async function locateBuild(args: LocationArgs, ctx: Ctx, allowLatest = true): Promise<BuildLocation> {
  const repo = await locateRepo(args, ctx);
  const build = args.build ?? repo.fromUrl?.build;
  const stage = args.stage ?? repo.fromUrl?.stage;
  const step = args.step ?? repo.fromUrl?.step;
  const out: BuildLocation = {
    ...repo,
    notes: [...repo.notes],
    build: build ?? "latest",
    ...(stage !== undefined ? { stage } : {}),
    ...(step !== undefined ? { step } : {}),
  };
  if (build === undefined && !allowLatest) {
    throw new InputError("Say which build: `build` (its number) or a Drone build URL.");
  }
  if (out.build !== "latest") return out;
  if (args.branch || args.ref) {
    if (args.branch) out.branch = args.branch;
    return out;
  }
  const origin = repo.origin ?? (ctx.cwd === undefined ? undefined : await gitOrigin(ctx.cwd));
  if (origin?.branch && origin.namespace === repo.namespace && origin.name === repo.name) {
    out.branch = origin.branch;
    out.branchFromGit = true;
  }
  if (build === undefined) {
    out.notes.push(
      out.branch ? `Build: the latest of branch ${out.branch}.` : "Build: the latest of the default branch.",
    );
  }
  return out;
}

/** GET the build (with stages); "latest" on a git branch with no builds falls back to the default branch. */
export async function fetchBuild(ctx: Pick<ToolContext, "drone" | "signal">, loc: BuildLocation): Promise<Build> {
  const { drone, signal } = ctx;
  if (loc.build !== "latest") {
    const build = await drone.json<Build>(apiPath`api/repos/${loc.namespace}/${loc.name}/builds/${loc.build}`, {
      signal,
    });
    if (!build) throw new DroneApiError(404, "no build", "GET", `api/repos/${loc.namespace}/${loc.name}/builds`);
    return build;
  }
  const latest = apiPath`api/repos/${loc.namespace}/${loc.name}/builds/latest`;
  try {
    const build = await drone.json<Build>(latest, { query: { branch: loc.branch }, signal });
    if (build) return build;
  } catch (error) {
    if (!(loc.branchFromGit && error instanceof DroneApiError && error.status === 404)) throw error;
  }
  if (!loc.branchFromGit) {
    throw new DroneApiError(404, "no build", "GET", latest);
  }
  loc.notes.push(`Branch ${loc.branch} has no builds, so this is the default branch's latest.`);
  loc.branch = undefined;
  const build = await drone.json<Build>(latest, { signal });
  if (!build) throw new DroneApiError(404, "no build", "GET", latest);
  return build;
}

/** Adds what was chosen to the end of a result's summary line. */
export function withNotes(output: ToolOutput, notes: readonly string[]): ToolOutput {
  if (notes.length === 0) return output;
  const cut = output.text.indexOf("\n");
  const first = cut < 0 ? output.text : output.text.slice(0, cut);
  const rest = cut < 0 ? "" : output.text.slice(cut);
  return { ...output, text: `${first} (${notes.join(" ")})${rest}` };
}

type Resolved = { namespace: string; name: string };
type WithBuild = Resolved & { build: number };
type WithBuildOrLatest = Resolved & { build: number | "latest"; branch?: string | undefined };

/**
 * Wraps a handler that needs namespace/name (and a build) so it also accepts a URL or the git
 * defaults: the inner handler gets them filled in, and its result says what was chosen.
 */
export function locatedRepo<A extends LocationArgs>(
  inner: (a: Omit<A, keyof Resolved> & Resolved, ctx: ToolContext) => Promise<ToolOutput>,
): (a: A, ctx: ToolContext) => Promise<ToolOutput> {
  return async (a, ctx) => {
    const loc = await locateRepo(a, ctx);
    return withNotes(await inner({ ...a, namespace: loc.namespace, name: loc.name }, ctx), loc.notes);
  };
}

/** As locatedRepo, with a build number required (from `build` or the URL). */
export function locatedBuild<A extends LocationArgs>(
  inner: (a: Omit<A, keyof WithBuild> & WithBuild, ctx: ToolContext) => Promise<ToolOutput>,
): (a: A, ctx: ToolContext) => Promise<ToolOutput> {
  return async (a, ctx) => {
    const loc = await locateBuild(a, ctx, false);
    const build = loc.build as number;
    return withNotes(await inner({ ...a, namespace: loc.namespace, name: loc.name, build }, ctx), loc.notes);
  };
}

/** As locatedRepo, with the build defaulting to "latest" (of the git branch when it applies). */
export function locatedBuildOrLatest<A extends LocationArgs>(
  inner: (a: Omit<A, keyof WithBuildOrLatest> & WithBuildOrLatest, ctx: ToolContext) => Promise<ToolOutput>,
): (a: A, ctx: ToolContext) => Promise<ToolOutput> {
  return async (a, ctx) => {
    const loc = await locateBuild(a, ctx, true);
    const resolved = { ...a, namespace: loc.namespace, name: loc.name, build: loc.build, branch: loc.branch };
    try {
      return withNotes(await inner(resolved, ctx), loc.notes);
    } catch (error) {
      // The checked-out branch may never have been built: then the default branch's latest.
      if (!(loc.branchFromGit && error instanceof DroneApiError && error.status === 404)) throw error;
      const output = await inner({ ...resolved, branch: undefined }, ctx);
      return withNotes(output, [
        ...loc.notes.filter((note) => !note.startsWith("Build: the latest")),
        `Branch ${loc.branch} has no builds, so this is the default branch's latest.`,
      ]);
    }
  };
}

/** The Drone web page of a build. */
export function buildWebUrl(server: string, namespace: string, name: string, build: number): string {
  return `${server}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/${build}`;
}
