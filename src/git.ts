/**
 * The git checkout the server was started in, read from its files (no `git` process): the
 * `origin` remote's URL and the current branch. Read on first use, never at start-up, and
 * re-read each time (a user may switch branches during a session). Handles worktrees
 * (`.git` is a file pointing at the real git dir) and detached HEADs.
 */
import { readFile, stat } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";

export interface Checkout {
  /** The working tree's top directory. */
  root: string;
  /** Where HEAD lives (per worktree). */
  gitDir: string;
  /** Where config lives (shared by worktrees). */
  commonDir: string;
}

async function isDirectory(path: string): Promise<boolean | undefined> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return undefined;
  }
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return undefined;
  }
}

/** The checkout containing `dir`, searching upwards; undefined outside any checkout. */
export async function findCheckout(dir: string): Promise<Checkout | undefined> {
  let current = resolve(dir);
  for (;;) {
    const dotGit = join(current, ".git");
    const kind = await isDirectory(dotGit);
    if (kind === true) return { root: current, gitDir: dotGit, commonDir: dotGit };
    if (kind === false) {
      const pointer = /^gitdir:\s*(.+?)\s*$/m.exec((await readText(dotGit)) ?? "")?.[1];
      if (pointer) {
        const gitDir = isAbsolute(pointer) ? pointer : resolve(current, pointer);
        const common = (await readText(join(gitDir, "commondir")))?.trim();
        const commonDir = common ? resolve(gitDir, common) : gitDir;
        return { root: current, gitDir, commonDir };
      }
    }
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** The URL of a remote in a git config file's text. */
export function remoteUrl(config: string, remote = "origin"): string | undefined {
  let inRemote = false;
  for (const raw of config.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith("[")) {
      const section = /^\[\s*remote\s+"([^"]*)"\s*\]$/.exec(line);
      inRemote = section?.[1] === remote;
      continue;
    }
    if (!inRemote) continue;
    const url = /^url\s*=\s*(.+)$/.exec(line)?.[1];
    if (url) return url.replace(/^"(.*)"$/, "$1").trim();
  }
  return undefined;
}

/**
 * owner/name from a remote URL: https://host/owner/name.git, git@host:owner/name.git,
 * ssh://git@host:22/owner/name. Nested groups (GitLab) keep the last two segments.
 */
export function repoFromRemote(url: string): { namespace: string; name: string } | undefined {
  let path: string;
  const scp = /^(?:[\w.-]+@)?[\w.-]+:(?!\/\/)(.+)$/.exec(url);
  if (scp?.[1] && !/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) path = scp[1];
  else {
    try {
      path = new URL(url).pathname;
    } catch {
      return undefined;
    }
  }
  const parts = path
    .replace(/\.git\/?$/, "")
    .split("/")
    .filter((p) => p.length > 0);
  const name = parts.at(-1);
  const namespace = parts.at(-2);
  return name && namespace ? { namespace: decodeURIComponent(namespace), name: decodeURIComponent(name) } : undefined;
}

/** The checked-out branch, or undefined for a detached HEAD. */
export function branchFromHead(head: string): string | undefined {
  return /^ref:\s*refs\/heads\/(.+?)\s*$/m.exec(head)?.[1];
}

export interface GitOrigin {
  namespace: string;
  name: string;
  /** The remote's URL as configured. */
  remote: string;
  /** The current branch; undefined when HEAD is detached. */
  branch?: string;
  root: string;
}

/** The origin remote's repository and the current branch of the checkout around `dir`. */
export async function gitOrigin(dir: string): Promise<GitOrigin | undefined> {
  const checkout = await findCheckout(dir);
  if (!checkout) return undefined;
  const remote = remoteUrl((await readText(join(checkout.commonDir, "config"))) ?? "");
  const repo = remote ? repoFromRemote(remote) : undefined;
  if (!remote || !repo) return undefined;
  const branch = branchFromHead((await readText(join(checkout.gitDir, "HEAD"))) ?? "");
  return { ...repo, remote, ...(branch ? { branch } : {}), root: checkout.root };
}
