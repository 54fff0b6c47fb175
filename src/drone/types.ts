/**
 * JSON shapes as a real Drone server (v2.25) serializes them (core/*.go). Fields marked
 * omitempty in Go may be missing: treat a missing field as its zero value.
 */

export const BUILD_STATUSES = [
  "skipped",
  "blocked",
  "declined",
  "waiting_on_dependencies",
  "pending",
  "running",
  "success",
  "failure",
  "killed",
  "error",
] as const;
export type Status = (typeof BUILD_STATUSES)[number];

export const BUILD_EVENTS = ["push", "pull_request", "tag", "promote", "rollback", "cron", "custom"] as const;
export type BuildEvent = (typeof BUILD_EVENTS)[number];

/** Statuses after which nothing changes any more. */
export const FINISHED_STATUSES: ReadonlySet<string> = new Set([
  "success",
  "failure",
  "killed",
  "error",
  "skipped",
  "declined",
]);

export interface Step {
  id: number;
  step_id: number; // the parent stage's id (a documented typo in Drone)
  number: number;
  name: string;
  status: Status;
  error?: string;
  errignore?: boolean;
  exit_code: number;
  started?: number;
  stopped?: number;
  version: number;
  depends_on?: string[];
  image?: string;
  detached?: boolean;
  schema?: string;
}

export interface Stage {
  id: number;
  repo_id: number;
  build_id: number;
  number: number;
  name: string;
  kind?: string;
  type?: string;
  status: Status;
  error?: string;
  errignore: boolean;
  exit_code: number;
  machine?: string;
  os: string;
  arch: string;
  variant?: string;
  kernel?: string;
  limit?: number;
  throttle?: number;
  started: number;
  stopped: number;
  created: number;
  updated: number;
  version: number;
  on_success: boolean;
  on_failure: boolean;
  depends_on?: string[];
  labels?: Record<string, string>;
  steps?: Step[];
}

export interface Build {
  id: number;
  repo_id: number;
  trigger: string;
  number: number;
  parent?: number;
  status: Status;
  error?: string;
  event: BuildEvent;
  action: string;
  link: string;
  timestamp: number;
  title?: string;
  message: string;
  before: string;
  after: string;
  ref: string;
  source_repo: string;
  source: string;
  target: string;
  author_login: string;
  author_name: string;
  author_email: string;
  author_avatar: string;
  sender: string;
  params?: Record<string, string>;
  cron?: string;
  deploy_to?: string;
  deploy_id?: number;
  debug?: boolean;
  started: number;
  finished: number;
  created: number;
  updated: number;
  version: number;
  stages?: Stage[];
}

export interface Perm {
  read: boolean;
  write: boolean;
  admin: boolean;
}

export interface Repo {
  id: number;
  uid: string;
  user_id: number;
  namespace: string;
  name: string;
  slug: string;
  scm: string;
  git_http_url: string;
  git_ssh_url: string;
  link: string;
  default_branch: string;
  private: boolean;
  visibility: "public" | "private" | "internal";
  active: boolean;
  config_path: string;
  trusted: boolean;
  protected: boolean;
  ignore_forks: boolean;
  ignore_pull_requests: boolean;
  auto_cancel_pull_requests: boolean;
  auto_cancel_pushes: boolean;
  auto_cancel_running: boolean;
  timeout: number;
  throttle?: number;
  counter: number;
  synced: number;
  created: number;
  updated: number;
  version: number;
  archived: boolean;
  build?: Build;
  permissions?: Perm;
}

export interface User {
  id: number;
  login: string;
  email: string;
  machine: boolean;
  admin: boolean;
  active: boolean;
  avatar: string;
  syncing: boolean;
  synced: number;
  created: number;
  updated: number;
  last_login: number;
  token?: string;
}

export interface Line {
  pos: number;
  out: string;
  time: number;
}

export interface Secret {
  id?: number;
  repo_id?: number;
  namespace?: string;
  name?: string;
  type?: string;
  pull_request?: boolean;
  pull_request_push?: boolean;
}

export interface Cron {
  id: number;
  repo_id: number;
  name: string;
  expr: string;
  next: number;
  prev: number;
  event: string;
  branch: string;
  target?: string;
  disabled: boolean;
  created: number;
  updated: number;
  version: number;
}

export interface Template {
  id?: number;
  name?: string;
  namespace?: string;
  data?: string;
  created?: number;
  updated?: number;
}

/** A row of /api/builds/incomplete/v2: one pending or running stage with its repo and build. */
export interface RepoBuildStage {
  repo_namespace: string;
  repo_name: string;
  repo_slug: string;
  build_number: number;
  build_author: string;
  build_author_name?: string;
  build_author_email?: string;
  build_author_avatar?: string;
  build_sender: string;
  build_started: number;
  build_finished: number;
  build_created: number;
  build_updated: number;
  stage_name: string;
  stage_kind?: string;
  stage_type?: string;
  stage_status: Status;
  stage_machine?: string;
  stage_os?: string;
  stage_arch?: string;
  stage_variant?: string;
  stage_kernel?: string;
  stage_limit?: string;
  stage_limit_repo?: string;
  stage_started: number;
  stage_stopped: number;
}

/** GET /version (outside /api); every field may be missing. */
export interface Version {
  source?: string;
  version?: string;
  commit?: string;
}

/** A runner node as drone-go describes it; no released Drone server serves /api/nodes. */
export interface Node {
  id?: number;
  uid?: string;
  provider?: string;
  state?: string;
  name?: string;
  image?: string;
  region?: string;
  size?: string;
  os?: string;
  arch?: string;
  kernel?: string;
  variant?: string;
  address?: string;
  capacity?: number;
  filters?: string[];
  labels?: Record<string, string>;
  error?: string;
  paused?: boolean;
  protected?: boolean;
  created?: number;
  updated?: number;
}
