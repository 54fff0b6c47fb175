/**
 * The sandbox's data: users, repositories, permissions, builds with stages and steps, logs,
 * secrets, crons and templates, shaped exactly as Drone serializes them.
 */
import type { Build, Cron, Line, Perm, Repo, Stage, Status, Step, Template, User } from "../drone/types.js";
import { BuildEvents, LiveLogs } from "./live.js";

export interface SandboxUser extends User {
  /** The API token (Drone's user hash); never serialized in answers. */
  token: string;
}

export interface StoredSecret {
  id: number;
  repo_id?: number;
  namespace?: string;
  name: string;
  data: string;
  pull_request: boolean;
  pull_request_push: boolean;
}

export interface StepSpec {
  name: string;
  status?: Status;
  exit_code?: number;
  image?: string;
  errignore?: boolean;
  error?: string;
  /** Log lines (text without trailing newline); null stores a JSON null log; undefined stores none. */
  log?: string[] | null;
}

/** Platform, labels and limits as Drone stores them from the pipeline (and the runner, for `machine`). */
type StagePlacement = Partial<
  Pick<Stage, "machine" | "os" | "arch" | "variant" | "kernel" | "labels" | "limit" | "throttle" | "created">
>;

export interface StageSpec extends StagePlacement {
  name: string;
  status?: Status;
  error?: string;
  depends_on?: string[];
  steps: StepSpec[];
}

export interface BuildSpec extends Partial<Omit<Build, "stages">> {
  stages?: StageSpec[];
}

const now = () => Math.floor(Date.now() / 1000);

/** Stage statuses before a runner has it. */
const WAITING: ReadonlySet<string> = new Set(["pending", "blocked", "waiting_on_dependencies", "skipped", "declined"]);

function placementOf(spec: StageSpec): StagePlacement {
  const { name: _n, status: _s, error: _e, depends_on: _d, steps: _st, ...placement } = spec;
  return Object.fromEntries(Object.entries(placement).filter(([, v]) => v !== undefined)) as StagePlacement;
}

export class DroneState {
  users: SandboxUser[] = [];
  repos: Repo[] = [];
  /** Permission rows keyed by `${repoId}:${userId}`. */
  perms = new Map<string, Perm>();
  /** Builds per repo id, in creation order (ids ascending). */
  builds = new Map<number, Build[]>();
  /** Stored step logs keyed by `${repoId}/${build}/${stage}/${step}` as the raw JSON Drone stores. */
  logs = new Map<string, string>();
  secrets = new Map<number, StoredSecret[]>();
  orgSecrets: StoredSecret[] = [];
  crons = new Map<number, Cron[]>();
  templates: Template[] = [];
  queuePaused = false;
  /** SCM branches per repo id: branch -> head commit sha. */
  branches = new Map<number, Map<string, string>>();
  /** Org memberships: login -> org -> admin? */
  orgs = new Map<string, Map<string, boolean>>();
  /** Live step logs (start a step, append lines, end it) and the build event bus: see live.ts. */
  readonly live: LiveLogs = new LiveLogs(this);
  readonly events = new BuildEvents();
  /** Removed entries of Drone's `latest` index (branch/pull/deploy lists): key -> last build id then. */
  latestDeleted = new Map<string, number>();
  version = {
    source: "https://github.com/harness/drone.git",
    version: "2.25.0",
    commit: "c32df38e62b39a78d2fc1a6163b9f223320bf7b9",
  };
  private ids = { user: 0, repo: 0, build: 0, stage: 0, step: 0, secret: 0, cron: 0, template: 0 };

  nextId(kind: keyof DroneState["ids"]): number {
    this.ids[kind] += 1;
    return this.ids[kind];
  }

  addUser(login: string, token: string, opts: Partial<User> = {}): SandboxUser {
    const t = now();
    const user: SandboxUser = {
      id: this.nextId("user"),
      login,
      email: `${login}@example.com`,
      machine: false,
      admin: false,
      active: true,
      avatar: `https://avatars.example.com/${login}`,
      syncing: false,
      synced: t,
      created: t,
      updated: t,
      last_login: t,
      ...opts,
      token,
    };
    this.users.push(user);
    return user;
  }

  userByToken(token: string): SandboxUser | undefined {
    return token ? this.users.find((u) => u.token === token) : undefined;
  }

  userByLoginOrId(key: string): SandboxUser | undefined {
    return this.users.find((u) => u.login === key || String(u.id) === key);
  }

  addRepo(namespace: string, name: string, opts: Partial<Repo> & { branches?: Record<string, string> } = {}): Repo {
    const t = now();
    const { branches, ...rest } = opts;
    const id = this.nextId("repo");
    const repo: Repo = {
      id,
      uid: String(1000 + id),
      user_id: 1,
      namespace,
      name,
      slug: `${namespace}/${name}`,
      scm: "",
      git_http_url: `https://git.example.com/${namespace}/${name}.git`,
      git_ssh_url: `git@git.example.com:${namespace}/${name}.git`,
      link: `https://git.example.com/${namespace}/${name}`,
      default_branch: "main",
      private: false,
      visibility: "public",
      active: true,
      config_path: ".drone.yml",
      trusted: false,
      protected: false,
      ignore_forks: false,
      ignore_pull_requests: false,
      auto_cancel_pull_requests: false,
      auto_cancel_pushes: false,
      auto_cancel_running: false,
      timeout: 60,
      counter: 0,
      synced: t,
      created: t,
      updated: t,
      version: 1,
      archived: false,
      ...rest,
    };
    this.repos.push(repo);
    this.builds.set(repo.id, []);
    this.branches.set(repo.id, new Map(Object.entries(branches ?? { [repo.default_branch]: fakeSha(repo.slug) })));
    return repo;
  }

  repoBySlug(namespace: string, name: string): Repo | undefined {
    return this.repos.find((r) => r.namespace === namespace && r.name === name);
  }

  grant(repo: Repo, user: User, perm: Partial<Perm>): void {
    this.perms.set(`${repo.id}:${user.id}`, { read: false, write: false, admin: false, ...perm });
  }

  perm(repo: Repo, user: User | undefined): Perm | undefined {
    return user ? this.perms.get(`${repo.id}:${user.id}`) : undefined;
  }

  buildsOf(repo: Repo): Build[] {
    let list = this.builds.get(repo.id);
    if (!list) {
      list = [];
      this.builds.set(repo.id, list);
    }
    return list;
  }

  findBuild(repo: Repo, number: number): Build | undefined {
    return this.buildsOf(repo).find((b) => b.number === number);
  }

  /** Adds a build with stages, steps and logs; numbers come from the repo counter. */
  addBuild(repo: Repo, spec: BuildSpec = {}): Build {
    const t = now();
    repo.counter += 1;
    const branch = spec.ref?.startsWith("refs/heads/") ? spec.ref.slice(11) : repo.default_branch;
    const sha = spec.after ?? this.branches.get(repo.id)?.get(branch) ?? fakeSha(`${repo.slug}#${repo.counter}`);
    const { stages: stageSpecs, ...fields } = spec;
    const build: Build = {
      id: this.nextId("build"),
      repo_id: repo.id,
      trigger: "@hook",
      number: repo.counter,
      status: "success",
      event: "push",
      action: "",
      link: `${repo.link}/commit/${sha}`,
      timestamp: t,
      message: "Update README",
      before: fakeSha(`${sha}^`),
      after: sha,
      ref: `refs/heads/${branch}`,
      source_repo: "",
      source: branch,
      target: branch,
      author_login: "octocat",
      author_name: "The Octocat",
      author_email: "octocat@example.com",
      author_avatar: "https://avatars.example.com/octocat",
      sender: "octocat",
      started: t - 120,
      finished: t - 60,
      created: t - 125,
      updated: t - 60,
      version: 3,
      ...fields,
    };
    if (stageSpecs) build.stages = stageSpecs.map((s, i) => this.makeStage(repo, build, s, i + 1));
    this.buildsOf(repo).push(build);
    return build;
  }

  makeStage(repo: Repo, build: Build, spec: StageSpec, number: number): Stage {
    const id = this.nextId("stage");
    const status = spec.status ?? build.status;
    const started = build.started;
    const stopped = build.finished;
    const stage: Stage = {
      id,
      repo_id: repo.id,
      build_id: build.id,
      number,
      name: spec.name,
      kind: "pipeline",
      type: "docker",
      status,
      errignore: false,
      exit_code: status === "failure" ? 1 : 0,
      // A runner's name is set when it accepts the stage: none while it waits in the queue.
      ...(WAITING.has(status) ? {} : { machine: "runner-1" }),
      os: "linux",
      arch: "amd64",
      started,
      stopped,
      created: build.created,
      updated: build.updated,
      version: 2,
      on_success: true,
      on_failure: false,
      ...(spec.error ? { error: spec.error } : {}),
      ...(spec.depends_on ? { depends_on: spec.depends_on } : {}),
      ...placementOf(spec),
    };
    stage.steps = spec.steps.map((stepSpec, i) => {
      const stepStatus = stepSpec.status ?? (status === "failure" ? "success" : status);
      const step: Step = {
        id: this.nextId("step"),
        step_id: id,
        number: i + 1,
        name: stepSpec.name,
        status: stepStatus,
        exit_code: stepSpec.exit_code ?? (stepStatus === "failure" ? 1 : 0),
        started,
        stopped,
        version: 2,
        image: stepSpec.image ?? "alpine:3",
        ...(stepSpec.errignore ? { errignore: true } : {}),
        ...(stepSpec.error ? { error: stepSpec.error } : {}),
      };
      if (stepSpec.log !== undefined) this.setLog(repo, build.number, number, i + 1, stepSpec.log);
      return step;
    });
    return stage;
  }

  logKey(repo: Repo, build: number, stage: number, step: number): string {
    return `${repo.id}/${build}/${stage}/${step}`;
  }

  /** Stores a step log the way the runner uploads it: a JSON array of lines, or null. */
  setLog(repo: Repo, build: number, stage: number, step: number, lines: string[] | null): void {
    const value: Line[] | null =
      lines === null ? null : lines.map((out, pos) => ({ pos, out: `${out}\n`, time: Math.floor(pos / 50) }));
    this.logs.set(this.logKey(repo, build, stage, step), JSON.stringify(value));
  }

  addSecret(repo: Repo | undefined, secret: Omit<StoredSecret, "id">): StoredSecret {
    const stored = { ...secret, id: this.nextId("secret") };
    if (repo) {
      const list = this.secrets.get(repo.id) ?? [];
      list.push({ ...stored, repo_id: repo.id });
      this.secrets.set(repo.id, list);
    } else {
      this.orgSecrets.push(stored);
    }
    return stored;
  }

  addCron(repo: Repo, cron: Partial<Cron> & { name: string; expr: string; branch: string }): Cron {
    const t = now();
    const stored: Cron = {
      id: this.nextId("cron"),
      repo_id: repo.id,
      next: t + 3600,
      prev: 0,
      event: "push",
      disabled: false,
      created: t,
      updated: t,
      version: 1,
      ...cron,
    };
    const list = this.crons.get(repo.id) ?? [];
    list.push(stored);
    this.crons.set(repo.id, list);
    return stored;
  }

  addTemplate(namespace: string, name: string, data: string): Template {
    const t = now();
    const template: Template = { id: this.nextId("template"), name, namespace, data, created: t, updated: t };
    this.templates.push(template);
    return template;
  }

  joinOrg(user: User, org: string, admin = false): void {
    const map = this.orgs.get(user.login) ?? new Map<string, boolean>();
    map.set(org, admin);
    this.orgs.set(user.login, map);
  }
}

/** A stable 40-hex-digit pseudo commit sha derived from a string. */
export function fakeSha(seed: string): string {
  let h1 = 0x811c9dc5;
  let out = "";
  for (let round = 0; out.length < 40; round++) {
    for (const ch of `${seed}:${round}`) h1 = Math.imul(h1 ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    out += h1.toString(16).padStart(8, "0");
  }
  return out.slice(0, 40);
}

/** A user as Drone serializes it: no token. */
export function publicUser(user: SandboxUser): User {
  const { token: _token, ...rest } = user;
  return rest;
}

/** A secret as Drone serializes it: data never included, empty fields left out. */
export function publicSecret(secret: StoredSecret): Record<string, unknown> {
  const { data: _data, ...rest } = secret;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined && v !== "" && v !== false));
}

/** A build without stages, as list endpoints and create/restart answer it. */
export function withoutStages(build: Build): Build {
  const { stages: _stages, ...rest } = build;
  return rest;
}
