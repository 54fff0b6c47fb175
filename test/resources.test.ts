import { ErrorCode, type TextResourceContents } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RESOURCE_NOT_FOUND } from "../src/resources/errors.js";
import { LIST_LIMIT } from "../src/resources/repos.js";
import { SANDBOX_USER_TOKEN } from "../src/sandbox/seed.js";
import { type Harness, startHarness } from "./helpers.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const HELLO = "drone://repos/octocat/hello-world";

async function read(uri: string): Promise<TextResourceContents> {
  const result = await h.client.readResource({ uri });
  expect(result.contents).toHaveLength(1);
  const [content] = result.contents as TextResourceContents[];
  expect(content?.uri).toBe(uri);
  return content as TextResourceContents;
}

async function readJson<T>(uri: string): Promise<T> {
  const content = await read(uri);
  expect(content.mimeType).toBe("application/json");
  return JSON.parse(content.text) as T;
}

function hello() {
  const repo = h.seeded.state.repoBySlug("octocat", "hello-world");
  if (!repo) throw new Error("seed changed: octocat/hello-world is missing");
  return repo;
}

describe("resources/list and resources/templates/list", () => {
  it("lists drone://repos and each of the user's repositories", async () => {
    const { resources } = await h.client.listResources();
    expect(resources.map((r) => r.uri)).toEqual([
      "drone://repos",
      "drone://repos/acme/api",
      "drone://repos/acme/docs",
      HELLO,
    ]);
    expect(resources[3]).toMatchObject({ name: "octocat/hello-world", mimeType: "application/json" });
    expect(resources[2]?.description).toContain("not active");
    expect(h.drone.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /api/user/repos"]);
  });

  it("lists only what a non-admin user can access", async () => {
    await h.close();
    h = await startHarness({ token: SANDBOX_USER_TOKEN });
    const { resources } = await h.client.listResources();
    expect(resources.map((r) => r.uri)).toEqual(["drone://repos", "drone://repos/acme/api", HELLO]);
  });

  it(`caps the list at ${LIST_LIMIT} repositories and says where the rest are`, async () => {
    for (let i = 0; i < LIST_LIMIT + 20; i++) h.seeded.state.addRepo("many", `repo-${String(i).padStart(3, "0")}`);
    const { resources } = await h.client.listResources();
    expect(resources).toHaveLength(LIST_LIMIT + 1);
    const { resourceTemplates } = await h.client.listResourceTemplates();
    expect(resourceTemplates.find((t) => t.name === "repo")?.description).toContain("read drone://repos for all");
    const all = await readJson<unknown[]>("drone://repos");
    expect(all).toHaveLength(LIST_LIMIT + 23);
  });

  it("still answers resources/list when Drone fails, and logs why", async () => {
    h.drone.faults.push({ path: "/api/user/repos", status: 403, body: '{"message":"Forbidden"}' });
    const { resources } = await h.client.listResources();
    expect(resources.map((r) => r.uri)).toEqual(["drone://repos"]);
    expect(h.logs.join("\n")).toContain("could not list repositories: Drone answered HTTP 403");
  });

  it("lists the templates with titles, descriptions and MIME types", async () => {
    const { resourceTemplates } = await h.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => [t.uriTemplate, t.mimeType])).toEqual([
      ["drone://repos/{namespace}/{name}", "application/json"],
      ["drone://repos/{namespace}/{name}/builds", "application/json"],
      ["drone://repos/{namespace}/{name}/builds/{build}", "application/json"],
      ["drone://repos/{namespace}/{name}/builds/{build}/logs/{stage}/{step}", "text/plain"],
      ["drone://repos/{namespace}/{name}/branches", "application/json"],
      ["drone://repos/{namespace}/{name}/deployments", "application/json"],
    ]);
    for (const template of resourceTemplates) {
      expect(template.title).toBeTruthy();
      expect(template.description?.length).toBeGreaterThan(20);
    }
    expect(h.client.getServerCapabilities()).toMatchObject({ resources: {}, completions: {} });
  });
});

describe("reading resources", () => {
  it("drone://repos holds every repository with its latest build status", async () => {
    const repos = await readJson<Array<Record<string, unknown>>>("drone://repos");
    expect(h.drone.requestsTo("/api/user/repos")[0]?.query).toEqual({ latest: "true" });
    expect(repos.map((r) => r.slug)).toEqual(["acme/api", "acme/docs", "octocat/hello-world"]);
    expect(repos[2]).toMatchObject({
      active: true,
      default_branch: "main",
      last_build: { number: 3, status: "pending" },
    });
    expect(repos[1]).toMatchObject({ active: false });
  });

  it("a repository URI reads that repository with its permissions", async () => {
    const repo = await readJson<Record<string, unknown>>("drone://repos/acme/api");
    expect(h.drone.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /api/repos/acme/api"]);
    expect(repo).toMatchObject({
      slug: "acme/api",
      default_branch: "master",
      visibility: "private",
      permissions: { read: true, write: true, admin: true },
    });
  });

  it("the builds URI reads the 25 most recent builds, newest first", async () => {
    const builds = await readJson<Array<Record<string, unknown>>>(`${HELLO}/builds`);
    expect(h.drone.requestsTo("/api/repos")[0]).toMatchObject({
      path: "/api/repos/octocat/hello-world/builds",
      query: { per_page: "25" },
    });
    expect(builds.map((b) => b.number)).toEqual([3, 2, 1]);
    expect(builds[1]).toMatchObject({
      status: "failure",
      event: "push",
      branch: "main",
      commit: "7fd1a60b01",
      author: "octocat",
      message: "Change greeting punctuation",
    });
    expect(builds[1]?.started).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(builds[1]?.finished).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("a build URI reads the build with stages and steps (number, name, status, exit code)", async () => {
    const build = await readJson<{ number: number; stages: Array<{ steps: unknown[] }> }>(`${HELLO}/builds/2`);
    expect(build.number).toBe(2);
    expect(build.stages[0]?.steps).toEqual([
      expect.objectContaining({ number: 1, name: "clone", status: "success", exit_code: 0 }),
      expect.objectContaining({ number: 2, name: "build", status: "success", exit_code: 0 }),
      expect.objectContaining({ number: 3, name: "test", status: "failure", exit_code: 1 }),
    ]);
  });

  it("build `latest` asks Drone for the latest build of the default branch", async () => {
    const build = await readJson<{ number: number; stages: unknown[] }>(`${HELLO}/builds/latest`);
    expect(h.drone.requestsTo("/api/repos")[0]).toMatchObject({
      path: "/api/repos/octocat/hello-world/builds/latest",
      query: {},
    });
    expect(build.number).toBe(3);
    expect(build.stages).toHaveLength(1);
  });

  it("a log URI reads the step's log as plain text", async () => {
    const log = await read(`${HELLO}/builds/2/logs/1/3`);
    expect(log.mimeType).toBe("text/plain");
    expect(log.text.split("\n")).toEqual([
      "+ go test ./...",
      "ok  \tgithub.com/octocat/hello-world/internal/config\t0.012s",
      "--- FAIL: TestGreeting (0.00s)",
      '    greeting_test.go:14: Greeting("Ada") = "Hello Ada", want "Hello, Ada!"',
      "FAIL",
      "FAIL\tgithub.com/octocat/hello-world/internal/greeting\t0.004s",
      "FAIL",
    ]);
    expect(h.drone.requests.map((r) => r.path)).toEqual(["/api/repos/octocat/hello-world/builds/2/logs/1/3"]);
  });

  it("a `latest` log URI resolves the build number first (Drone has no latest/logs route)", async () => {
    const build = h.seeded.state.addBuild(hello(), {
      message: "Newest",
      stages: [{ name: "default", steps: [{ name: "lint", log: ["+ npm run lint", "no problems"] }] }],
    });
    const log = await read(`${HELLO}/builds/latest/logs/1/1`);
    expect(log.text).toBe("+ npm run lint\nno problems");
    expect(h.drone.requests.map((r) => r.path)).toEqual([
      "/api/repos/octocat/hello-world/builds/latest",
      `/api/repos/octocat/hello-world/builds/${build.number}/logs/1/1`,
    ]);
  });

  it("removes ANSI colours, OSC links and carriage-return progress redraws from a log", async () => {
    const build = h.seeded.state.addBuild(hello(), {
      stages: [
        {
          name: "default",
          steps: [
            {
              name: "install",
              log: [
                "\x1b[1;34m==>\x1b[0m Installing \x1b[32mdependencies\x1b[0m",
                "Downloading  10%\rDownloading  55%\rDownloading 100%",
                "\x1b[2K\r[=====>    ] 50%\r\x1b[2K[==========] 100%\r",
                "see \x1b]8;;https://example.com/docs\x07the docs\x1b]8;;\x07 for more",
                "\x1b[31mERROR\x1b[39m: exit status 1",
              ],
            },
          ],
        },
      ],
    });
    const log = await read(`${HELLO}/builds/${build.number}/logs/1/1`);
    expect(log.text).toBe(
      [
        "==> Installing dependencies",
        "Downloading 100%",
        "[==========] 100%",
        "see the docs for more",
        "ERROR: exit status 1",
      ].join("\n"),
    );
    expect(log.text).not.toMatch(/[\x1b\r]/);
  });

  it("splits a log entry that holds several lines and reads a null log as empty text", async () => {
    const repo = hello();
    const build = h.seeded.state.addBuild(repo, {
      stages: [{ name: "default", steps: [{ name: "quiet", log: null }, { name: "multi" }] }],
    });
    h.seeded.state.logs.set(
      h.seeded.state.logKey(repo, build.number, 1, 2),
      JSON.stringify([{ pos: 0, out: "one\r\ntwo\n\x1b[33mthree\x1b[0m\n", time: 0 }]),
    );
    expect((await read(`${HELLO}/builds/${build.number}/logs/1/1`)).text).toBe("");
    expect((await read(`${HELLO}/builds/${build.number}/logs/1/2`)).text).toBe("one\ntwo\nthree");
  });

  it("returns a 5 MB log's last 1 MiB, under a first line saying what was cut and how to read the rest", async () => {
    const line = `${"x".repeat(90)} \x1b[32mok\x1b[0m`;
    const count = Math.ceil((5 * 1024 * 1024) / (line.length + 1));
    const build = h.seeded.state.addBuild(hello(), {
      stages: [
        { name: "default", steps: [{ name: "big", log: Array.from({ length: count }, (_, i) => `${i} ${line}`) }] },
      ],
    });
    const log = await read(`${HELLO}/builds/${build.number}/logs/1/1`);
    const [header, ...lines] = log.text.split("\n");
    expect(log.text.length).toBeLessThanOrEqual(1024 * 1024 + 512);
    const from = count - lines.length + 1;
    expect(header).toBe(
      `[Log cut: ${count.toLocaleString("en-US")} lines in all, too long for one answer; this is its last part, from line ${from.toLocaleString("en-US")}. Read earlier lines with get_build_logs (offset/limit, or grep), or search every step with search_build_logs.]`,
    );
    expect(lines[0]).toBe(`${from - 1} ${"x".repeat(90)} ok`);
    expect(lines.at(-1)).toBe(`${count - 1} ${"x".repeat(90)} ok`);
  });

  it("returns a log under 1 MiB whole", async () => {
    const build = h.seeded.state.addBuild(hello(), {
      stages: [{ name: "default", steps: [{ name: "small", log: ["a", "b", "c"] }] }],
    });
    const log = await read(`${HELLO}/builds/${build.number}/logs/1/1`);
    expect(log.text).toBe("a\nb\nc");
  });
});

describe("resource errors", () => {
  async function readError(uri: string) {
    try {
      await h.client.readResource({ uri });
    } catch (error) {
      return error as { code: number; message: string; data?: Record<string, unknown> };
    }
    throw new Error(`reading ${uri} did not fail`);
  }

  it("a missing repository is resource-not-found, named", async () => {
    for (const uri of [
      "drone://repos/octocat/nope",
      "drone://repos/octocat/nope/builds",
      "drone://repos/octocat/nope/builds/1",
      "drone://repos/octocat/nope/builds/1/logs/1/1",
    ]) {
      const error = await readError(uri);
      expect(error.code).toBe(RESOURCE_NOT_FOUND);
      expect(error.message).toContain("Repository octocat/nope not found, or your token cannot read it");
      expect(error.data).toMatchObject({ uri });
    }
  });

  it("a private repository the user cannot read reads as not found", async () => {
    await h.close();
    h = await startHarness({ token: SANDBOX_USER_TOKEN });
    h.seeded.state.addRepo("acme", "secret-plans", { private: true, visibility: "private" });
    const error = await readError("drone://repos/acme/secret-plans");
    expect(error.code).toBe(RESOURCE_NOT_FOUND);
    expect(error.message).toContain("Repository acme/secret-plans not found");
  });

  it("a missing build, stage or step is resource-not-found that says which", async () => {
    expect(await readError(`${HELLO}/builds/99`)).toMatchObject({
      code: RESOURCE_NOT_FOUND,
      message: expect.stringContaining("Build #99 not found in octocat/hello-world"),
    });
    expect(await readError(`${HELLO}/builds/99/logs/1/1`)).toMatchObject({
      code: RESOURCE_NOT_FOUND,
      message: expect.stringContaining("Build #99 not found in octocat/hello-world"),
    });
    expect((await readError(`${HELLO}/builds/2/logs/4/1`)).message).toContain(
      "Stage 4 not found in build #2 of octocat/hello-world (its stages: 1 default)",
    );
    expect((await readError(`${HELLO}/builds/2/logs/1/7`)).message).toContain(
      "Step 7 not found in stage 1 of build #2 of octocat/hello-world (its steps: 1 clone, 2 build, 3 test)",
    );
  });

  it("`latest` with no build on the default branch is resource-not-found", async () => {
    const error = await readError("drone://repos/acme/docs/builds/latest");
    expect(error.code).toBe(RESOURCE_NOT_FOUND);
    expect(error.message).toContain("A build of the default branch not found in acme/docs");
  });

  it("a running step says it is still running instead of not found", async () => {
    const build = h.seeded.state.addBuild(hello(), {
      status: "running",
      finished: 0,
      stages: [
        {
          name: "default",
          status: "running",
          steps: [
            { name: "clone", status: "success", log: ["+ git init"] },
            { name: "test", status: "running" },
            { name: "deploy", status: "pending" },
          ],
        },
      ],
    });
    const running = await readError(`${HELLO}/builds/${build.number}/logs/1/2`);
    expect(running.code).toBe(RESOURCE_NOT_FOUND);
    expect(running.message).toContain(`Step 2 (test) of stage 1 in build #${build.number}`);
    expect(running.message).toContain("is still running");
    expect(running.message).not.toMatch(/not found/i);
    expect(running.data).toMatchObject({ status: "running" });
    expect((await readError(`${HELLO}/builds/${build.number}/logs/1/3`)).message).toContain(
      "has not started yet (pending)",
    );
    // Once the runner uploads the log, the same URI reads.
    h.seeded.state.setLog(hello(), build.number, 1, 2, ["+ go test ./...", "PASS"]);
    expect((await read(`${HELLO}/builds/${build.number}/logs/1/2`)).text).toBe("+ go test ./...\nPASS");
  });

  it("a step that never started says so", async () => {
    const build = h.seeded.state.addBuild(hello(), {
      status: "error",
      started: 0,
      stages: [
        { name: "default", status: "error", steps: [{ name: "test", status: "error", error: "image pull failed" }] },
      ],
    });
    expect(build.stages?.[0]?.steps?.[0]?.started).toBe(0);
    const error = await readError(`${HELLO}/builds/${build.number}/logs/1/1`);
    expect(error.code).toBe(RESOURCE_NOT_FOUND);
    expect(error.message).toContain("never started (error: image pull failed), so it has no log");
  });

  it("a 404 for the repository list points at DRONE_SERVER", async () => {
    h.drone.faults.push({
      path: "/api/user/repos",
      status: 404,
      body: "404 page not found\n",
      contentType: "text/plain",
    });
    const error = await readError("drone://repos");
    expect(error.code).toBe(RESOURCE_NOT_FOUND);
    expect(error.message).toContain(`check that DRONE_SERVER is the Drone server address (${h.drone.url})`);
  });

  it("a finished step without a stored log says the log is gone", async () => {
    h.seeded.state.logs.delete(h.seeded.state.logKey(hello(), 2, 1, 3));
    const error = await readError(`${HELLO}/builds/2/logs/1/3`);
    expect(error.code).toBe(RESOURCE_NOT_FOUND);
    expect(error.message).toContain("No log is stored for step 3 (test) of stage 1 in build #2");
  });

  it("rejects malformed arguments without asking Drone", async () => {
    for (const [uri, text] of [
      [`${HELLO}/builds/abc`, 'build must be a build number, "latest" or "failed"'],
      [`${HELLO}/builds/0/logs/1/1`, 'build must be a build number, "latest" or "failed"'],
      [`${HELLO}/builds/2/logs/x/1`, "stage must be a number from 1"],
      [`${HELLO}/builds/2/logs/1/-1`, "step must be a number from 1"],
      ["drone://repos/%0Aoctocat/hello-world", 'namespace "\\noctocat" must not contain control characters'],
      ["drone://repos/octocat/a%2Fb/builds", "must not contain '/'"],
      ["drone://repos/octocat/%E0%A4%A", "not valid percent-encoding"],
    ] as const) {
      const error = await readError(uri);
      expect(error.code, uri).toBe(RESOURCE_NOT_FOUND);
      expect(error.message, uri).toContain(text);
    }
    expect(h.drone.requests).toHaveLength(0);
  });

  it("a URI outside the templates is the SDK's own not-found", async () => {
    const error = await readError("drone://repos/octocat/hello-world/settings");
    expect(error.code).toBe(ErrorCode.InvalidParams);
    // The URL parser resolves dot segments, so %2E%2E cannot climb out of a template either.
    expect((await readError("drone://repos/%2E%2E/hello-world")).code).toBe(ErrorCode.InvalidParams);
    expect(h.drone.requests).toHaveLength(0);
  });

  it("maps Drone errors as tools do (bad token, server errors)", async () => {
    await h.close();
    h = await startHarness({ token: "wrong-token" });
    const unauthorized = await readError("drone://repos/acme/api/builds/1");
    expect(unauthorized.code).toBe(ErrorCode.InternalError);
    expect(unauthorized.message).toContain("Drone answered HTTP 401");
    expect(unauthorized.message).toContain("check DRONE_TOKEN");
    expect(unauthorized.message).not.toContain("wrong-token");
    await h.close();
    h = await startHarness();
    h.drone.faults.push({ path: /\/logs\//, status: 501, body: '{"message":"Not Implemented"}' });
    const failing = await readError(`${HELLO}/builds/2/logs/1/3`);
    expect(failing.code).toBe(ErrorCode.InternalError);
    expect(failing.message).toContain("Drone answered HTTP 501: Not Implemented");
    expect(failing.data).toMatchObject({ status: 501 });
  });
});
