/**
 * `npm run sandbox [-- --port N --host H --no-simulate --step-ms N --log]`: starts the Drone sandbox on its
 * own and prints how to point an MCP client at it. Runs until Ctrl+C.
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_PORT, standaloneBanner, startStandalone } from "./standalone.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: String(DEFAULT_PORT) },
    host: { type: "string", default: "127.0.0.1" },
    "no-simulate": { type: "boolean", default: false },
    log: { type: "boolean", default: false },
    "step-ms": { type: "string" },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`sandbox: --port must be a port number (got ${values.port})\n`);
  process.exit(2);
}

try {
  const sandbox = await startStandalone({
    host: values.host,
    port,
    simulate: !values["no-simulate"],
    ...(values["step-ms"] ? { stepMs: Number(values["step-ms"]) } : {}),
    ...(values.log ? { onRequest: (line: string) => process.stderr.write(`${line}\n`) } : {}),
  });
  process.stdout.write(
    `${standaloneBanner(sandbox.drone.url, join(process.cwd(), "dist", "index.js"), !values["no-simulate"])}\n`,
  );
  const stop = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  process.stderr.write(
    code === "EADDRINUSE"
      ? `sandbox: port ${port} is in use: pick another with \`npm run sandbox -- --port 8090\`\n`
      : `sandbox: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}
