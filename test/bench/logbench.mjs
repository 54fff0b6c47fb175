#!/usr/bin/env node
// `npm run bench:logs`: scores get_build_failure of the built server (dist/index.js) on logbench's
// labelled failing CI logs, next to the log's tail and head cut to the same budget. logbench lives
// beside the project (../shared/logbench, or LOGBENCH_DIR); arguments go to its run.mjs
// (--source cidiff|logchunks, --limit N, --budget TOKENS, --out FILE). Then it asks each case
// once more and counts how often the answer's headline ("Cause ranked first") is a marked line.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

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
if (code === 0) await headlines(url);
server.kill();
process.exit(code ?? 1);

/** How often the headline line is one of the lines a person marked, per data set. */
async function headlines(url) {
  const { loadCases, splitLines } = await import(pathToFileURL(join(dir, "cases.mjs")).href);
  const opt = (name) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  let cases = loadCases(join(dir, "data"), { sources: opt("--source") ? [opt("--source")] : undefined });
  const limit = opt("--limit");
  if (limit) cases = cases.filter((_, i) => i % Math.ceil(cases.length / Number(limit)) === 0);
  const norm = (text) => stripVTControlCharacters(text).replace(/\s+/g, " ").trim();
  const client = new Client({ name: "logbench-headline", version: "1.0.0" });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [join(root, "dist/index.js")],
      env: { PATH: process.env.PATH ?? "", DRONE_SERVER: url, DRONE_TOKEN: "bench-token" },
      stderr: "ignore",
    }),
  );
  const tally = new Map();
  for (const c of cases) {
    const result = await client.callTool({
      name: "get_build_failure",
      arguments: { namespace: "bench", name: c.name, build: 2 },
    });
    const text = (result.content ?? []).map((part) => part.text ?? "").join("\n");
    const headline = /Cause ranked first: [^\n]*\n[^\n]*\n\d+(?:-\d+)?: ([^\n]*)/.exec(text)?.[1] ?? "";
    const lines = splitLines(c.log);
    const marked = c.source === "cidiff" ? c.errors.flatMap(([a, b]) => lines.slice(a - 1, b)) : splitLines(c.chunk);
    const hit = marked.map(norm).some((line) => line.length >= 8 && norm(headline).includes(line.slice(0, 60)));
    const row = tally.get(c.source) ?? { cases: 0, hits: 0 };
    row.cases++;
    if (hit) row.hits++;
    tally.set(c.source, row);
  }
  await client.close();
  for (const [source, { cases: n, hits }] of tally) {
    console.log(
      `${source}: headline ("Cause ranked first") is a marked line in ${hits} of ${n} (${Math.round((100 * hits) / n)}%)`,
    );
  }
}
