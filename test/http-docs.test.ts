/** Every DRONE_MCP_* setting the HTTP mode reads is in --help and in the README's table. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { HELP } from "../src/cli.js";

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), "utf8");

describe("HTTP mode settings are documented", () => {
  it("lists every DRONE_MCP_* variable in --help and the README", () => {
    const names = new Set([...read("src/http/options.ts").matchAll(/\b(DRONE_MCP_[A-Z_]+)\b/g)].map((m) => m[1]));
    expect(names.size).toBeGreaterThanOrEqual(10);
    const readme = read("README.md");
    for (const name of names) {
      expect(HELP, `--help: ${name}`).toContain(name as string);
      expect(readme, `README: ${name}`).toContain(`| \`${name}\` |`);
    }
  });
});
