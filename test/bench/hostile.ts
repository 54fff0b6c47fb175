/**
 * `npm run bench:hostile`: what a hostile Drone costs, in figures (issue 15). Parsing a step log
 * that is one 30 MB line, and reading a running step whose stream repeats 4 MiB events, each
 * with its time and the growth of the process's RSS over the idle figure. Prints; asserts nothing.
 */
import { DroneClient } from "../../src/drone/client.js";
import { readLiveLog } from "../../src/drone/live-log.js";
import { parseLineArray } from "../../src/drone/logs.js";
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

await oneLongLine(10 * MiB);
await oneLongLine(30 * MiB);
await megabyteEvents();
