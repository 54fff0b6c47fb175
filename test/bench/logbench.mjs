#!/usr/bin/env node
// `npm run bench:logs`: scores get_build_failure of the built server (dist/index.js) on logbench's
// labelled failing CI logs, next to the log's tail and head cut to the same budget. logbench lives
// beside the project (../shared/logbench, or LOGBENCH_DIR); arguments go to its run.mjs
// (--source cidiff|logchunks, --limit N, --budget TOKENS, --out FILE).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const dir = resolve(root, process.env.LOGBENCH_DIR ?? "../shared/logbench");
if (!existsSync(join(dir, "run.mjs")) || !existsSync(join(dir, "server.mjs"))) {
  console.error(`logbench is not at ${dir}.`);
  console.error(
    "Get it (its server.mjs, run.mjs, cases.mjs and data/ folder) and put it there, or point LOGBENCH_DIR at it;",
  );
  console.error('then run `npm run bench:logs` again. See the README, "Reading failing builds".');
  process.exit(2);
}

const server = spawn(process.execPath, [join(dir, "server.mjs"), "--port", "0"], {
  stdio: ["ignore", "pipe", "inherit"],
});
const url = await new Promise((ok, fail) => {
  let seen = "";
  server.stdout.on("data", (chunk) => {
    seen += chunk;
    const m = /listening (http:\/\/\S+)/.exec(seen);
    if (m) ok(m[1]);
  });
  server.on("exit", (code) => fail(new Error(`logbench server exited with ${code}`)));
});
const run = spawn(
  process.execPath,
  [join(dir, "run.mjs"), join(root, "dist/index.js"), url, ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: "inherit",
  },
);
const code = await new Promise((ok) => run.on("exit", ok));
server.kill();
process.exit(code ?? 1);
