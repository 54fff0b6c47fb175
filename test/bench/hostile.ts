/**
 * `npm run bench:hostile`: what a hostile Drone costs, in figures (issue 15). Parsing a step log
 * that is one 30 MB line, reading a running step whose stream repeats 4 MiB events, each with
 * its time and the growth of the process's RSS over the idle figure, and the failure answer of
 * logs whose megabyte lines repeat what its patterns look for. Prints; asserts nothing.
 */
import { DroneClient } from "../../src/drone/client.js";
import { readLiveLog } from "../../src/drone/live-log.js";
import { parseLineArray } from "../../src/drone/logs.js";
import { analyzeLog, renderExcerpt, topLine } from "../../src/logs/failure.js";
import { normalizeLog } from "../../src/logs/normalize.js";
import { startDroneSandbox } from "../../src/sandbox/server.js";

const MiB = 1024 * 1024;
const mb = (bytes: number) => `${(bytes / MiB).toFixed(0)} MiB`;

async function oneLongLine(size: number): Promise<void> {
  const encoder = new TextEncoder();
  const chunk = encoder.encode("C".repeat(16 * 1024));
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === 0) controller.enqueue(encoder.encode('[{"pos":0,"out":"'));
      if (sent >= size) {
        controller.enqueue(encoder.encode('","time":1}]'));
        controller.close();
        return;
      }
      controller.enqueue(chunk);
      sent += chunk.length;
    },
  });
  global.gc?.();
  const rss = process.memoryUsage().rss;
  let peak = rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const started = performance.now();
  let chars = 0;
  for await (const line of parseLineArray(body, 32 * MiB, "bench")) chars += line.out.length;
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(`one ${mb(size)} log line: ${ms.toFixed(0)} ms, RSS +${mb(peak - rss)} (${chars} chars)`);
}

async function megabyteEvents(): Promise<void> {
  global.gc?.();
  const out = "X".repeat(4 * MiB - 100);
  const sandbox = await startDroneSandbox();
  sandbox.faults.push({
    path: "/api/stream/o/r/1/1/1",
    respond: async (res, req) => {
      res.writeHead(200, { "Content-Type": "text/event-stream" });
      let closed = false;
      req.socket.once("close", () => {
        closed = true;
      });
      for (let pos = 0; !closed && pos < 200; pos++) {
        if (!res.write(`data: {"pos":${pos},"out":"${out}","time":1}\n\n`)) {
          await new Promise((resolve) => {
            res.once("drain", resolve);
            req.socket.once("close", resolve);
          });
        }
      }
      res.end();
    },
  });
  const drone = new DroneClient({ server: sandbox.url, token: "t", timeoutMs: 30_000 });
  const rss = process.memoryUsage().rss;
  let peak = rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const started = performance.now();
  const live = await readLiveLog(
    drone,
    { namespace: "o", name: "r", build: 1, stage: 1, step: 1 },
    {
      maxLines: 2000,
      maxWaitMs: 3000,
      idleMs: 500,
    },
  );
  const ms = performance.now() - started;
  clearInterval(sampler);
  console.log(
    `live stream of 4 MiB events: ${ms.toFixed(0)} ms, stopped by ${live.stop} after ${live.total} events, kept ${live.lines.length} line(s), RSS +${mb(peak - rss)}`,
  );
  await sandbox.close();
}

/** The failure answer (classify, headline, excerpt) of a log whose lines are built to make its patterns backtrack. */
function hostileFailureLines(): void {
  const cases: Array<[string, string[]]> = [
    [
      "a 1 MB effect line repeating Maven's 'Failed to execute goal' above the runner's exit",
      ["+ mvn verify", `[ERROR] ${"Failed to execute goal x ".repeat(40_000)}`, "Finished: FAILURE"],
    ],
    ["a 1 MB runner exit line", ["+ make", `The command "${"x".repeat(1_000_000)} exited with 1`, "cache upload"]],
    ["10,000 lines repeating '0 errors' and a count", Array.from({ length: 10_000 }, () => "1 0 errors ".repeat(150))],
    ["a line of 1 MB of spaces before its text", ["+ ./run.sh", `${" ".repeat(1_000_000)}done`, "exit status 1"]],
    ["an error line holding 1 MB of tabs", ["+ ./run.sh", `error:${"\t".repeat(1_000_000)}x`, "exit status 1"]],
    // 32 MiB (the log cap) of 2,000-character lines, the length classification reads, shaped for
    // the test-status and vitest patterns, which backtracked quadratically (4 ms a line) before.
    [
      "16,000 lines 'error: ' then 2,000 dots",
      Array.from({ length: 16_000 }, (_, i) => `error: ${".".repeat(2000)} (${i}`),
    ],
    [
      "16,000 lines 'FAIL ' then 2,000 characters",
      Array.from({ length: 16_000 }, (_, i) => `FAIL ${"x.go:1".repeat(333)}${i}`),
    ],
  ];
  for (const [label, lines] of cases) {
    const started = performance.now();
    const analysis = analyzeLog(normalizeLog(lines.map((line) => `${line}\n`)));
    topLine(analysis);
    renderExcerpt(analysis, 1800);
    console.log(`failure answer, ${label}: ${(performance.now() - started).toFixed(0)} ms`);
  }
}

hostileFailureLines();
await oneLongLine(10 * MiB);
await oneLongLine(30 * MiB);
await megabyteEvents();
