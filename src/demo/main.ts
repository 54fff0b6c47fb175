/**
 * `npm run demo`: prints the transcript of an assistant fixing a failing build through
 * drone-mcp, against the Drone sandbox. Exits 0 when the restarted build passed.
 * Options: --step-ms N (how long each simulated step runs, default 1000).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runDemo } from "./run.js";

const { values } = parseArgs({ options: { "step-ms": { type: "string" } } });
const entry = join(process.cwd(), "dist", "index.js");
if (!existsSync(entry)) {
  process.stderr.write("demo: dist/index.js is missing: run `npm run build` (npm run demo does)\n");
  process.exit(1);
}
const stepMs = values["step-ms"] ? Number(values["step-ms"]) : undefined;
try {
  const result = await runDemo({
    entry,
    print: (line) => process.stdout.write(`${line}\n`),
    ...(stepMs ? { stepMs, queueMs: stepMs } : {}),
  });
  process.exitCode = result.status === "success" ? 0 : 1;
} catch (error) {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
