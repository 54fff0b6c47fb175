// `npm run conformance`: the official MCP conformance suite (@modelcontextprotocol/conformance,
// server scenarios) against `dist/index.js --http` over the Drone sandbox. The suite sends no
// Authorization header, so drone-mcp runs in shared-token mode here; expected-failures.yml lists
// the scenarios that need the suite's own fixtures or features drone-mcp does not offer. npx
// fetches the pinned suite on first use (network once). Exits with the suite's code.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const SUITE = "@modelcontextprotocol/conformance@0.1.16";
const here = fileURLToPath(new URL(".", import.meta.url));
const root = join(here, "../..");
const children = [];

/** Spawns a process and resolves with the first match of `pattern` in its output. */
function start(args, env, pattern) {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  return new Promise((resolve, reject) => {
    const look = (chunk) => {
      output += chunk;
      const found = pattern.exec(output);
      if (found) resolve(found[1]);
    };
    child.stdout.on("data", look);
    child.stderr.on("data", look);
    child.on("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}:\n${output}`)));
  });
}

let code = 1;
try {
  const drone = await start(["dist/dev/sandbox/cli.js", "--port", "0"], {}, /listening on (http:\/\/\S+)/);
  const mcp = await start(
    ["dist/index.js", "--http", "--port", "0"],
    {
      DRONE_SERVER: drone,
      DRONE_TOKEN: "sandbox-admin-token",
      DRONE_MCP_SHARED_TOKEN: "true",
      DRONE_MCP_RATE_LIMIT: "100000",
    },
    /serving MCP at (http:\/\/\S+\/mcp)/,
  );
  const major = Number(process.versions.node.split(".")[0]);
  const nodeOptions = major < 22 ? `--import ${join(here, "node20-fs-glob.mjs")}` : "";
  const out = mkdtempSync(join(tmpdir(), "drone-mcp-conformance-"));
  process.stdout.write(`Running ${SUITE} server scenarios against ${mcp}\n`);
  code = await new Promise((resolve) => {
    const suite = spawn(
      "npx",
      ["--yes", SUITE, "server", "--url", mcp, "--expected-failures", join(here, "expected-failures.yml"), "-o", out],
      {
        stdio: "inherit",
        env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} ${nodeOptions}`.trim() },
      },
    );
    suite.on("exit", (exit) => resolve(exit ?? 1));
  });
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
} finally {
  for (const child of children) child.kill("SIGTERM");
}
process.exitCode = code;
