/**
 * Concise views of Drone objects for a model with a limited context: only the fields that
 * answer questions, timestamps as ISO strings, empty values left out. Pure functions.
 */
import type { Build, Cron, Node, Repo, RepoBuildStage, Secret, Stage, Step, Template, User, Version } from "./types.js";

/** Unix seconds to an ISO time (seconds precision); 0 or missing gives undefined. */
export function isoTime(seconds: number | undefined): string | undefined {
  if (!seconds) return undefined;
  return new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
}

/** Drops undefined, null, empty strings, empty arrays and empty objects (keeps 0 and false). */
export function compact<T extends Record<string, unknown>>(value: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || v === null || v === "") continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    out[key] = v;
  }
  return out as Partial<T>;
}

export function firstLine(text: string | undefined, max = 120): string | undefined {
  if (!text) return undefined;
  const line = text.split("\n", 1)[0]?.trim() ?? "";
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function duration(start: number | undefined, end: number | undefined): number | undefined {
  if (!start || !end || end < start) return undefined;
  return end - start;
}

export function branchOf(build: Pick<Build, "ref" | "target" | "event">): string | undefined {
  if (build.ref?.startsWith("refs/heads/")) return build.ref.slice("refs/heads/".length);
  if (build.event === "pull_request") return build.target || undefined;
  return undefined;
}

/** One line of build facts, for lists. */
export function buildSummary(build: Build) {
  return compact({
    number: build.number,
    status: build.status,
    event: build.event,
    ref: build.ref,
    branch: branchOf(build),
    deploy_to: build.deploy_to,
    commit: build.after ? build.after.slice(0, 10) : undefined,
    author: build.author_login,
    message: firstLine(build.message),
    parent: build.parent,
    error: build.error,
    started: isoTime(build.started),
    finished: isoTime(build.finished),
    duration_s: duration(build.started, build.finished),
  });
}

export function stepSummary(step: Step) {
  return compact({
    number: step.number,
    name: step.name,
    status: step.status,
    exit_code: step.exit_code,
    error: step.error,
    errignore: step.errignore || undefined,
    image: step.image,
    duration_s: duration(step.started, step.stopped),
  });
}

export function stageSummary(stage: Stage) {
  return compact({
    number: stage.number,
    name: stage.name,
    status: stage.status,
    exit_code: stage.exit_code,
    error: stage.error,
    errignore: stage.errignore || undefined,
    os: stage.os && stage.arch ? `${stage.os}/${stage.arch}` : undefined,
    depends_on: stage.depends_on,
    duration_s: duration(stage.started, stage.stopped),
    steps: stage.steps?.map(stepSummary),
  });
}

/** A build with its stages and steps, for single-build answers. */
export function buildDetail(build: Build) {
  return compact({
    ...buildSummary(build),
    message: build.message?.trim(),
    commit: build.after || undefined,
    link: build.link,
    trigger: build.trigger,
    sender: build.sender !== build.author_login ? build.sender : undefined,
    source: build.source,
    target: build.target,
    params: build.params,
    cron: build.cron,
    debug: build.debug || undefined,
    created: isoTime(build.created),
    stages: build.stages?.map(stageSummary),
  });
}

export function repoSummary(repo: Repo) {
  return compact({
    slug: repo.slug || `${repo.namespace}/${repo.name}`,
    active: repo.active,
    default_branch: repo.default_branch,
    visibility: repo.visibility,
    archived: repo.archived || undefined,
    last_build: repo.build ? compact({ number: repo.build.number, status: repo.build.status }) : undefined,
  });
}

export function repoDetail(repo: Repo) {
  return compact({
    ...repoSummary(repo),
    link: repo.link,
    git_http_url: repo.git_http_url,
    private: repo.private,
    config_path: repo.config_path,
    trusted: repo.trusted,
    protected: repo.protected,
    ignore_forks: repo.ignore_forks,
    ignore_pull_requests: repo.ignore_pull_requests,
    auto_cancel_pull_requests: repo.auto_cancel_pull_requests,
    auto_cancel_pushes: repo.auto_cancel_pushes,
    auto_cancel_running: repo.auto_cancel_running,
    timeout_min: repo.timeout,
    throttle: repo.throttle,
    counter: repo.counter,
    permissions: repo.permissions,
  });
}

export function userSummary(user: User) {
  return compact({
    login: user.login,
    email: user.email,
    admin: user.admin,
    machine: user.machine || undefined,
    active: user.active,
    last_login: isoTime(user.last_login),
  });
}

/** A secret without its value: Drone never returns `data`, and neither do we. */
export function secretView(secret: Secret) {
  return compact({
    namespace: secret.namespace,
    name: secret.name,
    pull_request: secret.pull_request ?? false,
    pull_request_push: secret.pull_request_push ?? false,
  });
}

export function cronView(cron: Cron) {
  return compact({
    name: cron.name,
    expr: cron.expr,
    branch: cron.branch,
    target: cron.target,
    disabled: cron.disabled ?? false,
    next: isoTime(cron.next),
    prev: isoTime(cron.prev),
  });
}

export function templateSummary(template: Template) {
  return compact({
    namespace: template.namespace,
    name: template.name,
    size: template.data?.length,
    updated: isoTime(template.updated),
  });
}

export function templateDetail(template: Template) {
  return compact({
    namespace: template.namespace,
    name: template.name,
    created: isoTime(template.created),
    updated: isoTime(template.updated),
    data: template.data,
  });
}

/** A queued stage: Drone gives ids, not the repo slug or build number. */
export function queueItem(stage: Stage) {
  return compact({
    id: stage.id,
    repo_id: stage.repo_id,
    build_id: stage.build_id,
    stage: stage.number,
    name: stage.name,
    status: stage.status,
    platform: stage.os && stage.arch ? `${stage.os}/${stage.arch}` : undefined,
    machine: stage.machine,
    created: isoTime(stage.created),
    started: isoTime(stage.started),
  });
}

/** A repository from /api/builds/incomplete with its build flattened in. */
export function incompleteBuild(repo: Repo) {
  return compact({
    repo: repo.slug || `${repo.namespace}/${repo.name}`,
    ...(repo.build ? buildSummary(repo.build) : {}),
  });
}

export function incompleteStage(row: RepoBuildStage) {
  return compact({
    repo: row.repo_slug || `${row.repo_namespace}/${row.repo_name}`,
    build: row.build_number,
    author: row.build_author,
    stage: row.stage_name,
    status: row.stage_status,
    platform: row.stage_os && row.stage_arch ? `${row.stage_os}/${row.stage_arch}` : undefined,
    machine: row.stage_machine,
    created: isoTime(row.build_created),
    started: isoTime(row.stage_started),
  });
}

export function nodeView(node: Node) {
  return compact({
    name: node.name,
    state: node.state,
    address: node.address,
    platform: node.os && node.arch ? `${node.os}/${node.arch}` : undefined,
    capacity: node.capacity,
    provider: node.provider,
    region: node.region,
    size: node.size,
    image: node.image,
    labels: node.labels,
    paused: node.paused || undefined,
    protected: node.protected || undefined,
    error: node.error,
  });
}

export function versionView(version: Version) {
  return compact({ version: version.version, commit: version.commit, source: version.source });
}
