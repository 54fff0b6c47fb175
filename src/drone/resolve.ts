/**
 * The one way to find the build a call means. A call names a repository with namespace + name,
 * or a pasted Drone URL (whose build/stage/step it also gives; explicit arguments win); with
 * neither, the git checkout's `origin` remote. A build is a number, or "latest" of a branch or
 * ref: by default the checkout's current branch when the repository is the checkout's, falling
 * back to the default branch when that branch has no builds. `notes` says what was chosen.
 */
import { type GitOrigin, gitOrigin } from "../git.js";
import * as builds from "./api/builds.js";
import type { RepoRef, StepRef } from "./api/refs.js";
import type { Call } from "./api/request.js";
import { failedSteps, isFailedBuild } from "./build-state.js";
import type { DroneClient } from "./client.js";
import { UserError } from "./errors.js";
import { checked, type BuildFilter as Scope, type Search, searchBuilds } from "./search.js";
import { branchOf } from "./shape.js";
import type { Build } from "./types.js";
import { type DroneUrlParts, parseDroneUrl } from "./urls.js";

/** What a call says about where it acts (every field optional; tools pass their arguments). */
export interface Where {
  namespace?: string | undefined;
  name?: string | undefined;
  url?: string | undefined;
  build?: number | "latest" | undefined;
  stage?: number | undefined;
  step?: number | undefined;
  branch?: string | undefined;
  ref?: string | undefined;
}

/** What resolving needs: the Drone client and the directory whose git checkout gives defaults. */
export interface Resolving {
  drone: DroneClient;
  /** undefined: no git defaults (a remote caller, HTTP mode). */
  cwd: string | undefined;
  signal?: AbortSignal | undefined;
}

export interface RepoTarget extends RepoRef {
  /** What the URL said, when one was given. */
  fromUrl?: DroneUrlParts;
  /** The git checkout's origin, when the repository came from it. */
  origin?: GitOrigin;
  /** Sentences saying what was chosen (empty when everything was explicit); results end with them. */
  notes: string[];
}

export interface BuildTarget extends RepoTarget {
  build: number | "latest";
  stage?: number;
  step?: number;
  /** For "latest": its branch (undefined: the default branch) or ref. */
  branch?: string;
  ref?: string;
  /** The branch came from the git checkout: when it has no builds, the default branch's latest. */
  branchFromGit?: boolean;
  /** The build once fetched (buildOf). */
  fetched?: Build;
  /** No build was named (no number, "latest" or URL): the tool chose it. */
  unnamed?: boolean;
  /** failedBuildOf: the newest build of the branch asked about, when an older failed one was chosen. */
  passedOver?: Build;
}

/** The repository a call is about. */
export async function resolveRepo(where: Where, env: Resolving): Promise<RepoTarget> {
  const fromUrl = where.url ? parseDroneUrl(where.url, env.drone.server) : undefined;
  const namespace = where.namespace ?? fromUrl?.namespace;
  const name = where.name ?? fromUrl?.name;
  if (namespace && name) return { namespace, name, ...(fromUrl ? { fromUrl } : {}), notes: [] };
  if (namespace || name) throw new UserError("Give both namespace and name (or a Drone URL).");
  const origin = await originOf(env);
  if (!origin) {
    throw new UserError(
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

/**
 * The build a call is about (not fetched: buildOf fetches it). Without a build number anywhere,
 * "latest" when `latest` is allowed, else an UserError asking for one.
 */
export async function resolveBuild(where: Where, env: Resolving, latest = true): Promise<BuildTarget> {
  const repo = await resolveRepo(where, env);
  const number = where.build ?? repo.fromUrl?.build;
  if (number === undefined && !latest)
    throw new UserError("Say which build: `build` (its number) or a Drone build URL.");
  const stage = where.stage ?? repo.fromUrl?.stage;
  const step = where.step ?? repo.fromUrl?.step;
  const target: BuildTarget = {
    ...repo,
    build: number ?? "latest",
    ...(stage !== undefined ? { stage } : {}),
    ...(step !== undefined ? { step } : {}),
  };
  if (target.build !== "latest") return target;
  if (number === undefined) target.unnamed = true;
  if (where.branch || where.ref) {
    if (where.branch) target.branch = where.branch;
    if (where.ref) target.ref = where.ref;
    return target;
  }
  const origin = repo.origin ?? (await originOf(env));
  if (origin?.branch && origin.namespace === repo.namespace && origin.name === repo.name) {
    target.branch = origin.branch;
    target.branchFromGit = true;
  }
  if (number === undefined) {
    target.unnamed = true;
    target.notes.push(latestNote(target.branch));
  }
  return target;
}

const originOf = (env: Resolving) => (env.cwd === undefined ? undefined : gitOrigin(env.cwd));

const latestNote = (branch: string | undefined) =>
  branch ? `Build: the latest of branch ${branch}.` : "Build: the latest of the default branch.";

/**
 * The target's build with its stages and steps, fetched once. For "latest" of the checkout's
 * branch with no builds, the default branch's latest, and the notes say so.
 */
export async function buildOf(drone: DroneClient, target: BuildTarget, call: Call = {}): Promise<Build> {
  if (target.fetched) return target.fetched;
  if (target.build !== "latest") {
    target.fetched = await builds.get(drone, { ...target, build: target.build }, call);
    return target.fetched;
  }
  const { branch, ref, branchFromGit } = target;
  const found = await builds.latest(drone, target, { branch, ref, fallback: branchFromGit }, call);
  if (found.fellBackFrom) {
    const chosen = target.notes.indexOf(latestNote(found.fellBackFrom));
    if (chosen >= 0) target.notes.splice(chosen, 1);
    target.notes.push(`Branch ${found.fellBackFrom} has no builds, so this is the default branch's latest.`);
    delete target.branch;
  }
  target.fetched = found.build;
  return found.build;
}

/** How the newest build of a branch stands (a list item: no stages), for the note: "#44 is still running". */
function standing(build: Build): string {
  switch (build.status) {
    case "running":
      return `#${build.number} is still running`;
    case "pending":
      return `#${build.number} is still pending`;
    case "success":
      return `#${build.number} passed`;
    default:
      return `#${build.number} is ${build.status}`;
  }
}

const scopeName = (scope: Scope): string =>
  scope.branch ?? scope.ref ?? (scope.tag ? `tag ${scope.tag}` : "any branch");

/** The newest failed build (failure, error, killed) of a branch or ref, within the search bound. */
export function newestFailed(drone: DroneClient, repo: RepoRef, scope: Scope, call: Call = {}): Promise<Search> {
  return searchBuilds(drone, repo, scope, isFailedBuild, 1, call);
}

/**
 * "The latest failure" when no build was named: the newest failed build (failure, error or
 * killed) on the target's branch or ref, else on the default branch, else on any branch; with
 * none anywhere (within the search bound), the newest build. The notes say which and why
 * ("#44 is still running; #43 is the newest failed build on main").
 */
export async function failedBuildOf(
  drone: DroneClient,
  target: BuildTarget,
  defaultBranch: () => Promise<string>,
  call: Call = {},
): Promise<Build> {
  if (!target.unnamed || target.fetched) return buildOf(drone, target, call);
  const scopes: Scope[] = [];
  if (target.ref) scopes.push({ ref: target.ref });
  if (target.branch) scopes.push({ branch: target.branch });
  const main = await defaultBranch();
  if (!scopes.some((s) => s.branch === main)) scopes.push({ branch: main });
  scopes.push({});
  const misses: string[] = [];
  let newestOfFirst: Build | undefined;
  for (const scope of scopes) {
    const search = await newestFailed(drone, target, scope, call);
    if (scope === scopes[0]) newestOfFirst = search.first;
    const found = search.found[0];
    if (!found) {
      misses.push(`${scopeName(scope)} (${checked(search)})`);
      continue;
    }
    const where = scopeName(scope);
    let note =
      search.first?.number === found.number
        ? `#${found.number} is the newest build on ${where} and it failed.`
        : `${search.first ? `${standing(search.first)}; ` : ""}#${found.number} is the newest failed build on ${where}.`;
    if (misses.length) note = `No failed build on ${misses.join(" or ")}. ${note}`;
    target.notes = target.notes.filter((n) => !n.startsWith("Build: the latest"));
    target.notes.push(note);
    target.build = found.number;
    if (newestOfFirst && newestOfFirst.number !== found.number) target.passedOver = newestOfFirst;
    target.fetched = await builds.get(drone, { ...target, build: found.number }, call);
    return target.fetched;
  }
  target.notes = target.notes.filter((n) => !n.startsWith("Build: the latest"));
  target.notes.push(`No failed build on ${misses.join(" or ")}; this is the newest build.`);
  if (newestOfFirst) {
    target.build = newestOfFirst.number;
    target.fetched = await builds.get(drone, { ...target, build: newestOfFirst.number }, call);
    return target.fetched;
  }
  return buildOf(drone, target, call);
}

/** For a build that did not fail: its branch's newest failed build, in words ("" when none or it failed). */
export async function failedNearby(drone: DroneClient, repo: RepoRef, build: Build, call: Call = {}): Promise<string> {
  if (isFailedBuild(build)) return "";
  const branch = branchOf(build);
  const scope: Scope = build.ref?.startsWith("refs/heads/") && branch ? { branch } : { ref: build.ref };
  const search = await newestFailed(drone, repo, scope, call);
  const found = search.found[0];
  const where = scopeName(scope);
  if (!found) return `No failed build on ${where} (${checked(search)}).`;
  return `The newest failed build on ${where} is #${found.number} (${found.status}).`;
}

export interface ChosenStep {
  ref: StepRef;
  /** The build, when it had to be fetched. */
  build?: Build;
  /** "stage 1 step 3 (test)", or "... (test, the first failed step)". */
  label: string;
}

/** "1/2 test (failure), ..." for messages that list what there is. */
export function listSteps(build: Build): string {
  const all = (build.stages ?? []).flatMap((stage) =>
    (stage.steps ?? []).map((step) => `${stage.number}/${step.number} ${step.name} (${step.status})`),
  );
  return all.length > 20 ? `${all.slice(0, 20).join(", ")}, ...` : all.join(", ");
}

/**
 * The step a call is about: the target's stage and step, else the build's first failed step
 * (in the target's stage, when one is given). Fetches the build only when the target does not say.
 */
export async function resolveStep(drone: DroneClient, target: BuildTarget, call: Call = {}): Promise<ChosenStep> {
  const repo = { namespace: target.namespace, name: target.name };
  const { stage, step } = target;
  if (target.build !== "latest" && stage !== undefined && step !== undefined) {
    return { ref: { ...repo, build: target.build, stage, step }, label: `stage ${stage} step ${step}` };
  }
  const build = await buildOf(drone, target, call);
  if (stage !== undefined && step !== undefined) {
    const name = build.stages?.find((s) => s.number === stage)?.steps?.find((s) => s.number === step)?.name;
    const ref = { ...repo, build: build.number, stage, step };
    return { ref, build, label: `stage ${stage} step ${step}${name ? ` (${name})` : ""}` };
  }
  const first = failedSteps(build).find((f) => stage === undefined || f.stage.number === stage);
  if (!first) {
    throw new UserError(
      `Build #${build.number} has no failed step${stage !== undefined ? ` in stage ${stage}` : ""}; say which log with stage and step (stage/step: ${listSteps(build) || "none"}).`,
    );
  }
  const ref = { ...repo, build: build.number, stage: first.stage.number, step: first.step.number };
  const label = `stage ${first.stage.number} step ${first.step.number} (${first.step.name}, the first failed step)`;
  return { ref, build, label };
}
