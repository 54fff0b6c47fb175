/**
 * The Drone sandbox for `npm run bench:http`, in its own process: the demo seed plus
 * BENCH_USERS users (`bench-user-N`, token `bench-token-N`), so that every benchmark client is a
 * different user. Prints its URL as the first stdout line; exits when stdin closes.
 */
import { seedSandbox } from "../../src/sandbox/seed.js";
import { startDroneSandbox } from "../../src/sandbox/server.js";

const users = Number(process.env.BENCH_USERS ?? 50);
const seeded = seedSandbox();
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
