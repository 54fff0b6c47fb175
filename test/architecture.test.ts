/**
 * The shape of the code: no import cycles in src/ (value imports and type imports alike), and
 * Drone routes written only in src/drone/ (the typed API layer). src/sandbox/ is the Drone
 * test server: it serves routes, so it names them.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ENV_VARS } from "../src/env.js";
import { cycles, importGraph, SRC, sourceFiles } from "./import-graph.js";

describe("architecture", () => {
  it("src/ has no import cycles", () => {
    const found = cycles(importGraph(true));
    expect(found, `import cycles: ${found.map((c) => c.join(" <-> ")).join("; ")}`).toEqual([]);
  });

  it("finds a cycle when there is one (the checker itself works)", () => {
    const graph = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts"]],
      ["d.ts", ["a.ts"]],
    ]);
    expect(cycles(graph)).toEqual([["a.ts", "b.ts", "c.ts"]]);
  });

  it("only src/drone/ writes Drone API routes", () => {
    const route = /(["'`])\/?api\//;
    const offenders = sourceFiles().filter(
      (file) =>
        !file.startsWith("drone/") && !file.startsWith("sandbox/") && route.test(readFileSync(join(SRC, file), "utf8")),
    );
    expect(offenders).toEqual([]);
  });

  it("every environment variable src/ reads is described in src/env.ts (which --help and the README render)", () => {
    const described = new Set(ENV_VARS.flatMap((v) => v.name.split(", ")));
    const read = new Set<string>();
    for (const file of sourceFiles().filter((f) => f !== "env.ts" && !f.startsWith("sandbox/"))) {
      const text = readFileSync(join(SRC, file), "utf8");
      for (const match of text.matchAll(/env\??\.((?:DRONE|NODE)_[A-Z_]+)|"((?:DRONE|DRONE_MCP)_[A-Z_]+)"/g)) {
        read.add((match[1] ?? match[2]) as string);
      }
    }
    expect(read.size).toBeGreaterThan(10);
    expect([...read].filter((name) => !described.has(name))).toEqual([]);
  });
});
