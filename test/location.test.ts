/** Where a build-scoped tool acts: explicit arguments, pasted Drone URLs, and git checkout defaults. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseDroneUrl } from "../src/drone/urls.js";
import { branchFromHead, gitOrigin, remoteUrl, repoFromRemote } from "../src/git.js";
import { type Harness, startHarness, textOf } from "./helpers.js";

const dirs: string[] = [];
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A directory that looks like a git checkout with an origin remote and a checked-out branch. */
function checkout(remote: string, head: string): string {
  const dir = mkdtempSync(join(tmpdir(), "drone-mcp-git-"));
  dirs.push(dir);
  mkdirSync(join(dir, ".git"));
  writeFileSync(
    join(dir, ".git", "config"),
    `[core]\n\trepositoryformatversion = 0\n[remote "upstream"]\n\turl = https://git.example.com/other/thing.git\n[remote "origin"]\n\turl = ${remote}\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n[branch "main"]\n\tremote = origin\n`,
  );
  writeFileSync(join(dir, ".git", "HEAD"), head);
  mkdirSync(join(dir, "src", "deep"), { recursive: true });
  return dir;
}

describe("parseDroneUrl", () => {
  const server = "https://drone.example.com";
  it.each([
    ["https://drone.example.com/octocat/hello-world/42", { namespace: "octocat", name: "hello-world", build: 42 }],
    [
      "https://drone.example.com/octocat/hello-world/42/1/2",
      { namespace: "octocat", name: "hello-world", build: 42, stage: 1, step: 2 },
    ],
    ["https://drone.example.com/octocat/hello-world", { namespace: "octocat", name: "hello-world" }],
    [
      "https://drone.example.com/api/repos/octocat/hello-world/builds/42/logs/1/3",
      { namespace: "octocat", name: "hello-world", build: 42, stage: 1, step: 3 },
    ],
  ])("%s", (url, parts) => {
    expect(parseDroneUrl(url, server)).toEqual(parts);
  });

  it("strips the server's own path prefix", () => {
    expect(parseDroneUrl("https://ci.example.com/drone/acme/api/7", "https://ci.example.com/drone")).toEqual({
      namespace: "acme",
      name: "api",
      build: 7,
    });
  });

  it.each([
    "not a url",
    "https://drone.example.com/octocat",
    "https://drone.example.com/octocat/hello-world/latest",
    "https://drone.example.com/a/b/1/2/3/4",
    "ftp://drone.example.com/a/b/1",
  ])("refuses %s", (url) => {
    expect(() => parseDroneUrl(url, server)).toThrow(/expected https:\/\/drone\.example\.com\/owner\/repo\/42/);
  });
});

describe("git checkout", () => {
  it.each([
    ["https://github.com/octocat/hello-world.git", "octocat", "hello-world"],
    ["git@github.com:octocat/hello-world.git", "octocat", "hello-world"],
    ["ssh://git@git.example.com:2222/acme/api", "acme", "api"],
    ["https://gitlab.example.com/group/sub/api.git", "sub", "api"],
  ])("reads %s", (remote, namespace, name) => {
    expect(repoFromRemote(remote)).toEqual({ namespace, name });
  });

  it("finds origin and the branch from a subdirectory and through a worktree's .git file", async () => {
    const main = checkout("git@git.example.com:octocat/hello-world.git", "ref: refs/heads/main\n");
    expect(await gitOrigin(join(main, "src", "deep"))).toMatchObject({
      namespace: "octocat",
      name: "hello-world",
      branch: "main",
    });
    // A worktree: .git is a file pointing at <main>/.git/worktrees/wt, which has its own HEAD.
    const wtGit = join(main, ".git", "worktrees", "wt");
    mkdirSync(wtGit, { recursive: true });
    writeFileSync(join(wtGit, "HEAD"), "ref: refs/heads/feature/greeting\n");
    writeFileSync(join(wtGit, "commondir"), "../..\n");
    const worktree = mkdtempSync(join(tmpdir(), "drone-mcp-wt-"));
    dirs.push(worktree);
    writeFileSync(join(worktree, ".git"), `gitdir: ${wtGit}\n`);
    expect(await gitOrigin(worktree)).toMatchObject({ name: "hello-world", branch: "feature/greeting" });
    expect(branchFromHead("4b825dc642cb6eb9a060e54bf8d69288fbee4904\n")).toBeUndefined();
    expect(remoteUrl('[remote "origin"]\n  url = "https://x/a/b"\n')).toBe("https://x/a/b");
  });
});

describe("build location in tools", () => {
  it("get_build accepts a pasted URL, with stage/step suffixes", async () => {
    h = await startHarness();
    const result = await h.call("get_build", { url: `${h.drone.url}/octocat/hello-world/2/1/3` });
    expect(result.isError).toBeFalsy();
    expect(h.drone.requestsTo("/api/repos")[0]?.path).toBe("/api/repos/octocat/hello-world/builds/2");
    expect(textOf(result)).toMatch(/^Build #2 failure/);
  });

  it("explicit arguments win over the URL's parts", async () => {
    h = await startHarness();
    await h.call("get_build", { url: "https://drone.example.com/octocat/hello-world/2", build: 1 });
    expect(h.drone.requestsTo("/api/repos")[0]?.path).toBe("/api/repos/octocat/hello-world/builds/1");
  });

  it("refuses a malformed URL before sending anything", async () => {
    h = await startHarness();
    const result = await h.call("get_build", { url: "https://drone.example.com/octocat" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("is not a Drone build URL");
    expect(h.drone.requests).toHaveLength(0);
  });

  it("defaults to the origin's repo and the latest build of the current branch, and says so", async () => {
    const dir = checkout("https://git.example.com/octocat/hello-world.git", "ref: refs/heads/feature/greeting\n");
    h = await startHarness({ cwd: join(dir, "src") });
    const repo = h.seeded.state.repoBySlug("octocat", "hello-world");
    if (!repo) throw new Error("seed changed");
    const build = h.seeded.state.addBuild(repo, { ref: "refs/heads/feature/greeting", status: "failure" });
    const result = await h.call("get_build", {});
    expect(h.drone.requestsTo("/api/repos")[0]).toMatchObject({
      path: "/api/repos/octocat/hello-world/builds/latest",
      query: { branch: "feature/greeting" },
    });
    const text = textOf(result);
    expect(text).toMatch(new RegExp(`^Build #${build.number} failure`));
    expect(text).toContain("Repo octocat/hello-world is the git checkout's origin");
    expect(text).toContain("Build: the latest of branch feature/greeting.");
  });

  it("falls back to the default branch's latest when the checked-out branch has no builds", async () => {
    const dir = checkout("git@git.example.com:octocat/hello-world.git", "ref: refs/heads/never-built\n");
    h = await startHarness({ cwd: dir });
    const result = await h.call("get_build", {});
    expect(h.drone.requestsTo("/api/repos").map((r) => r.query.branch)).toEqual(["never-built", undefined]);
    expect(textOf(result)).toMatch(
      /^Build #3 pending .*Branch never-built has no builds, so this is the default branch's latest\./,
    );
  });

  it("uses the checkout's branch when the given repo is the checkout's own", async () => {
    const dir = checkout("git@git.example.com:octocat/hello-world.git", "ref: refs/heads/feature/greeting\n");
    h = await startHarness({ cwd: dir });
    await h.call("get_build", { namespace: "octocat", name: "hello-world" });
    expect(h.drone.requestsTo("/api/repos")[0]?.query).toEqual({ branch: "feature/greeting" });
  });

  it("write tools need an explicit build: no implicit 'latest' for cancel", async () => {
    const dir = checkout("git@git.example.com:octocat/hello-world.git", "ref: refs/heads/main\n");
    h = await startHarness({ cwd: dir });
    const result = await h.call("cancel_build", {});
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("Say which build");
    expect(h.drone.requests).toHaveLength(0);
    const ok = await h.call("cancel_build", { build: 3 });
    expect(ok.isError).toBeFalsy();
    expect(h.drone.requestsTo("/api/repos")[0]).toMatchObject({
      method: "DELETE",
      path: "/api/repos/octocat/hello-world/builds/3",
    });
    expect(textOf(ok)).toContain("is the git checkout's origin");
  });

  it("outside a git checkout, asks for a repository", async () => {
    h = await startHarness();
    const result = await h.call("get_build", {});
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("Say which repository");
    expect(h.drone.requests).toHaveLength(0);
  });
});
