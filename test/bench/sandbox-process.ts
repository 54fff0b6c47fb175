/**
 * The Drone sandbox in its own process, for the benchmark: the server under test and the direct
 * requests then both cross a process boundary to reach it, as they would reach a real Drone.
 * BENCH_USERS=N adds N users (`bench-user-N`, token `bench-token-N`) so that every client of
 * `npm run bench:http` is a different user. Prints its URL as the first stdout line; exits when
 * stdin closes.
 */
import { seedSandbox } from "../../src/sandbox/seed.js";
import { startDroneSandbox } from "../../src/sandbox/server.js";
import { seedLarge } from "../fixtures/large.js";

// BENCH_LARGE=1: 5,000 repositories, 10,000 users, 2,000 incomplete builds (test/fixtures/large.ts).
const seeded = seedSandbox();
if (process.env.BENCH_LARGE === "1") seedLarge(seeded);
const users = Number(process.env.BENCH_USERS ?? 0);
for (let i = 0; i < users; i++) seeded.state.addUser(`bench-user-${i}`, `bench-token-${i}`);
const drone = await startDroneSandbox({ state: seeded.state });
// Keep memory flat over thousands of requests: the benchmark never reads the request log.
setInterval(() => {
  drone.requests.length = 0;
}, 1000).unref();
process.stdout.write(`${drone.url}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  void drone.close().then(() => process.exit(0));
});
