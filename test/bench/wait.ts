/**
 * `npm run bench:wait`: how soon wait_for_build answers after a build finishes, against the
 * Drone-compatible sandbox, through the SDK's real Client: over Drone's event stream, and with
 * the stream refused (the polling fallback). Prints the delay of each run and the median; it
 * asserts nothing (machines are shared and noisy).
 */
import { tmpdir } from "node:os";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { Repo } from "../../src/drone/types.js";
import { finishBuild, startBuild } from "../../src/sandbox/lifecycle.js";
import { SANDBOX_ADMIN_TOKEN, seedSandbox } from "../../src/sandbox/seed.js";
import { startDroneSandbox } from "../../src/sandbox/server.js";
import { createServer } from "../../src/server.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** The build finishes this long after the call starts (past the first poll, like a real build). */
const FINISH_AFTER_MS = [1_500, 2_600, 4_100, 6_300, 9_700];

async function measure(streamOff: boolean, finishAfterMs: number): Promise<number> {
  const seeded = seedSandbox();
  const drone = await startDroneSandbox({ state: seeded.state });
  const config = { server: drone.url, token: SANDBOX_ADMIN_TOKEN, timeoutMs: 5_000, toolsets: ["all" as const] };
  const { mcp } = createServer({ config, cwd: tmpdir() });
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "bench-wait", version: "0" });
  await Promise.all([mcp.connect(b), client.connect(a)]);
  try {
    const repo = seeded.state.repoBySlug("octocat", "hello-world") as Repo;
    const build = seeded.state.addBuild(repo, {
      status: "pending",
      stages: [{ name: "default", status: "pending", steps: [{ name: "test", status: "pending" }] }],
    });
    startBuild(build);
    if (streamOff) drone.faults.push({ path: /^\/api\/stream/, status: 404, body: "404 page not found" });
    let finishedAt = 0;
    setTimeout(() => {
      finishBuild(seeded.state, repo, build, { status: "success" });
      finishedAt = performance.now();
    }, finishAfterMs);
    const result = await client.callTool({
      name: "wait_for_build",
      arguments: { namespace: "octocat", name: "hello-world", build: build.number, timeout_seconds: 60 },
    });
    const answeredAt = performance.now();
    if (!(result.structuredContent as { finished?: boolean } | undefined)?.finished) throw new Error("not finished");
    return answeredAt - finishedAt;
  } finally {
    await client.close();
    await mcp.close();
    await drone.close();
  }
}

const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] as number;

for (const [label, streamOff] of [
  ["event stream", false],
  ["polling (stream refused)", true],
] as const) {
  const delays: number[] = [];
  for (let i = 0; i < RUNS; i++)
    delays.push(await measure(streamOff, FINISH_AFTER_MS[i % FINISH_AFTER_MS.length] as number));
  console.log(
    `wait_for_build, ${label}: answer ${delays.map((d) => `${Math.round(d)} ms`).join(", ")} after the build finished; median ${Math.round(median(delays))} ms`,
  );
}
