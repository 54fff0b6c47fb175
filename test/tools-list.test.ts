/**
 * What the model sees: the full tools/list of the built server (dist/index.js), kept in
 * test/__snapshots__/tools-list.json so every change to it shows in review, and held to its
 * token budget. Update it on purpose with `npm run generate` (every generated file) or `npm run snapshot`.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { startHarness } from "./helpers.js";
import { BUDGET, type ListedTool, listToolsOf, listToolsWith, sizeOf } from "./tool-list.js";

const entry = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const toolsetsSource = fileURLToPath(new URL("../src/toolsets.ts", import.meta.url));
/** tools/list never calls Drone, so the address only has to be valid. */
const env = { DRONE_SERVER: "http://127.0.0.1:9", DRONE_TOKEN: "tools-list-test" };

let defaultTools: ListedTool[];
beforeAll(async () => {
  if (!existsSync(entry)) throw new Error("dist/index.js is missing: run `npm run build` first (npm test does)");
  defaultTools = await listToolsOf(entry, env);
});

describe("tools/list of the built server", () => {
  it("matches test/__snapshots__/tools-list.json (stale? `npm run generate` rewrites it and every other generated file)", async () => {
    await expect(`${JSON.stringify(defaultTools, null, 2)}\n`).toMatchFileSnapshot("./__snapshots__/tools-list.json");
  });

  it("carries input schemas converted at build time that equal what the sources convert at run time", async () => {
    const h = await startHarness({ config: { toolsets: undefined } });
    try {
      expect(await listToolsWith(h.client)).toEqual(defaultTools);
    } finally {
      await h.close();
    }
  });

  it(`stays within ${BUDGET.perToolAverage} o200k tokens per tool on average and ${BUDGET.defaultTotal} in total`, () => {
    const size = sizeOf(defaultTools);
    const perTool = size.tokens / size.tools;
    expect(size.tools).toBeGreaterThan(0);
    expect(perTool, `${size.tokens} tokens for ${size.tools} tools`).toBeLessThanOrEqual(BUDGET.perToolAverage);
    expect(size.tokens).toBeLessThanOrEqual(BUDGET.defaultTotal);
  });

  it.skipIf(!existsSync(toolsetsSource))(`keeps the core preset within ${BUDGET.coreTotal} tokens`, async () => {
    const core = await listToolsOf(entry, { ...env, DRONE_TOOLSETS: "core" });
    expect(core.length).toBeGreaterThan(0);
    expect(core.length, "DRONE_TOOLSETS=core should list fewer tools than the default").toBeLessThan(
      defaultTools.length,
    );
    const size = sizeOf(core);
    expect(size.tokens, `${size.tokens} tokens for ${size.tools} core tools`).toBeLessThanOrEqual(BUDGET.coreTotal);
  });

  it("sends no schema noise: no $schema, safe-integer bounds, string propertyNames or default execution", () => {
    const json = JSON.stringify(defaultTools);
    expect(json).not.toContain('"$schema"');
    expect(json).not.toContain(String(Number.MAX_SAFE_INTEGER));
    expect(json).not.toContain('"propertyNames"');
    expect(json).not.toContain('"taskSupport":"forbidden"');
    for (const tool of defaultTools) {
      expect(tool.inputSchema).toMatchObject({ type: "object" });
      expect(tool.annotations, tool.name).toBeDefined();
    }
  });
});
