/**
 * Every tool's input schema as tools/list sends it (compact JSON Schema), by tool name. The build
 * (build.mjs) computes this once and writes it into dist/main.cjs, so that the built server does
 * not convert zod schemas when a client first lists the tools; listing.ts falls back to converting
 * at run time (tests run the sources) and for a schema changed with RegisteredTool.update().
 */
import { allTools } from "../tools/index.js";
import { type JsonSchema, toCompactJsonSchemas } from "../tools/schema.js";

export function toolInputSchemas(): Record<string, JsonSchema> {
  const schemas = toCompactJsonSchemas(allTools.map((tool) => tool.input));
  return Object.fromEntries(allTools.map((tool, i) => [tool.name, schemas[i] as JsonSchema]));
}
