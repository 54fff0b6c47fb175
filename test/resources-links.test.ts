import type { CallToolResult, ResourceLink, TextResourceContents } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./helpers.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const REPO = { namespace: "octocat", name: "hello-world" };
const HELLO = "drone://repos/octocat/hello-world";

function linksOf(result: CallToolResult): ResourceLink[] {
  expect(result.isError).toBeFalsy();
  expect(result.content[0]?.type).toBe("text");
  return result.content.filter((c): c is ResourceLink => c.type === "resource_link");
}

describe("resource_link items in build tool results", () => {
  it("get_build links the build and the log of each failed step, and the links open", async () => {
    const links = linksOf(await h.call("get_build", { ...REPO, build: 2 }));
    expect(links).toEqual([
      expect.objectContaining({ uri: `${HELLO}/builds/2`, mimeType: "application/json", title: "Build #2 (failure)" }),
      expect.objectContaining({ uri: `${HELLO}/builds/2/logs/1/3`, mimeType: "text/plain" }),
    ]);
    expect(links[1]?.title).toContain("test");
    const log = await h.client.readResource({ uri: links[1]?.uri ?? "" });
    expect((log.contents[0] as TextResourceContents).text).toContain("--- FAIL: TestGreeting");
    const build = await h.client.readResource({ uri: links[0]?.uri ?? "" });
    expect(JSON.parse((build.contents[0] as TextResourceContents).text)).toMatchObject({ number: 2 });
  });

  it("a passing build links only itself; `latest` links by number", async () => {
    expect(linksOf(await h.call("get_build", { ...REPO, build: 1 })).map((l) => l.uri)).toEqual([`${HELLO}/builds/1`]);
    expect(linksOf(await h.call("get_build", { ...REPO, build: "latest" })).map((l) => l.uri)).toEqual([
      `${HELLO}/builds/3`,
    ]);
  });

  it("links every failed step across stages, error steps included", async () => {
    const repo = h.seeded.state.repoBySlug("octocat", "hello-world");
    if (!repo) throw new Error("seed changed");
    const build = h.seeded.state.addBuild(repo, {
      status: "failure",
      stages: [
        { name: "backend", status: "failure", steps: [{ name: "clone" }, { name: "test", status: "failure" }] },
        { name: "frontend", status: "error", steps: [{ name: "lint", status: "error", error: "OOM killed" }] },
      ],
    });
    const links = linksOf(await h.call("get_build", { ...REPO, build: build.number }));
    expect(links.map((l) => l.uri)).toEqual([
      `${HELLO}/builds/${build.number}`,
      `${HELLO}/builds/${build.number}/logs/1/2`,
      `${HELLO}/builds/${build.number}/logs/2/1`,
    ]);
  });

  it("list_builds links each listed build", async () => {
    const links = linksOf(await h.call("list_builds", REPO));
    expect(links.map((l) => l.uri)).toEqual([`${HELLO}/builds/3`, `${HELLO}/builds/2`, `${HELLO}/builds/1`]);
  });

  it("create, restart, promote, rollback and cancel link the build they return", async () => {
    const created = linksOf(await h.call("create_build", { ...REPO, branch: "main" }));
    expect(created.map((l) => l.uri)).toEqual([`${HELLO}/builds/4`]);
    const restarted = linksOf(await h.call("restart_build", { ...REPO, build: 2 }));
    expect(restarted.map((l) => l.uri)).toEqual([`${HELLO}/builds/5`]);
    const promoted = linksOf(await h.call("promote_build", { ...REPO, build: 1, target: "production" }));
    expect(promoted.map((l) => l.uri)).toEqual([`${HELLO}/builds/6`]);
    const rolledBack = linksOf(await h.call("rollback_build", { ...REPO, build: 1, target: "production" }));
    expect(rolledBack.map((l) => l.uri)).toEqual([`${HELLO}/builds/7`]);
    const cancelled = linksOf(await h.call("cancel_build", { ...REPO, build: 7 }));
    expect(cancelled.map((l) => l.uri)).toEqual([`${HELLO}/builds/7`]);
  });

  it("no build, no links", async () => {
    h.seeded.state.branches.get(1)?.set("no-ci", "abc");
    expect(linksOf(await h.call("create_build", { ...REPO, branch: "no-ci" }))).toEqual([]);
  });

  it("encodes each URI segment", async () => {
    const repo = h.seeded.state.addRepo("my org", "app");
    h.seeded.state.addBuild(repo, {});
    const links = linksOf(await h.call("get_build", { namespace: "my org", name: "app", build: 1 }));
    expect(links[0]?.uri).toBe("drone://repos/my%20org/app/builds/1");
    const read = await h.client.readResource({ uri: links[0]?.uri ?? "" });
    expect(JSON.parse((read.contents[0] as TextResourceContents).text)).toMatchObject({ number: 1 });
  });
});
