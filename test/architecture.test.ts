/**
 * The shape of the code: no import cycles in src/ (value imports and type imports alike), and
 * Drone routes written only in src/drone/ (the typed API layer). src/sandbox/ is the Drone
 * test server: it serves routes, so it names them.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
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
});
