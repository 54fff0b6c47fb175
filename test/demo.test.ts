/**
 * `npm run demo` and `npm run sandbox`: the demo's job end to end (sandbox, simulated runner,
 * the built server over stdio, a real SDK Client), in-process and through the bundled CLIs.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { causeFromTool, waitWithTool } from "../src/demo/job.js";
import { runDemo } from "../src/demo/run.js";
import { SANDBOX_ADMIN_TOKEN } from "../src/sandbox/seed.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const entry = `${root}dist/index.js`;

beforeAll(() => {
  // The CLIs run from dist/dev (esbuild bundles, packages external); only this file uses them.
  execFileSync("npm", ["run", "--silent", "build:dev"], { cwd: root, stdio: "pipe" });
});

/** The tools called, in order, from the transcript's "[n] tool {...}" lines. */
const toolsIn = (transcript: string) => [...transcript.matchAll(/^\[\d+\] (\w+) /gm)].map((m) => m[1]);

describe("demo", () => {
  it("lists repos, finds the failing build, shows its cause, restarts it and waits for the new build", async () => {
    const lines: string[] = [];
    const result = await runDemo({ entry, print: (line) => lines.push(line), stepMs: 40, queueMs: 40 });
    const transcript = lines.join("\n");
    expect(toolsIn(transcript)).toEqual([
      "list_user_repos",
      "list_builds",
      "get_build_failure",
      "restart_build",
      "wait_for_build",
    ]);
    expect(result).toEqual(
      expect.objectContaining({ repo: "acme/payments-api", failed: 7, restarted: 8, status: "success" }),
    );
    expect(transcript).toContain("connect ECONNREFUSED"); // the cause, quoted from the long log
    expect(transcript).toMatch(/until it finishes\n {4}(.* -> )?success {2}\[\d+\.\d s\]/);
    expect(result.requests.filter((r) => r.startsWith("POST "))).toEqual([
      "POST /api/repos/acme/payments-api/builds/7",
    ]);
    expect(result.requests).toContain("GET /api/repos/acme/payments-api/builds/7/logs/1/4");
    expect(transcript).not.toContain(SANDBOX_ADMIN_TOKEN);
  }, 60_000);

  it("switches a step to a one-call tool by changing the plan only", async () => {
    const lines: string[] = [];
    const result = await runDemo({
      entry,
      print: (line) => lines.push(line),
      stepMs: 40,
      queueMs: 40,
      plan: { cause: causeFromTool("get_build", 2), wait: waitWithTool("get_build", 100) },
    });
    expect(toolsIn(lines.join("\n"))).toEqual([
      "list_user_repos",
      "list_builds",
      "get_build",
      "restart_build",
      "get_build",
    ]);
    expect(result.status).toBe("success");
  }, 60_000);

  it("runs as `node dist/dev/demo/main.js` (what npm run demo starts) and exits 0", () => {
    const out = execFileSync(process.execPath, ["dist/dev/demo/main.js", "--step-ms", "40"], {
      cwd: root,
      encoding: "utf8",
    });
    expect(out).toContain("is green again: build #8");
  }, 60_000);
});

describe("standalone sandbox", () => {
  it("prints its address and token, serves the demo data, runs new builds, and stops on Ctrl+C", async () => {
    const child: ChildProcess = spawn(process.execPath, ["dist/dev/sandbox/cli.js", "--port", "0", "--step-ms", "40"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
    });
    const deadline = Date.now() + 10_000;
    while (!out.includes("Ctrl+C") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    expect(url).toBeDefined();
    expect(out).toContain(`DRONE_TOKEN=${SANDBOX_ADMIN_TOKEN}`);
    expect(out).toContain(`"args": [\n        "${entry}"`);

    const headers = { Authorization: `Bearer ${SANDBOX_ADMIN_TOKEN}` };
    const created = await fetch(`${url}/api/repos/acme/web/builds?branch=main`, { method: "POST", headers });
    const { number } = (await created.json()) as { number: number };
    let status = "pending";
    while (status !== "success" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      status = (
        (await (await fetch(`${url}/api/repos/acme/web/builds/${number}`, { headers })).json()) as { status: string }
      ).status;
    }
    expect(status).toBe("success");

    child.kill("SIGINT");
    const code = await new Promise((resolve) => child.once("exit", resolve));
    expect(code).toBe(0);
  }, 30_000);
});
