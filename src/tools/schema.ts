/**
 * The JSON Schemas and annotations tools/list sends, in fewer tokens and with the same meaning.
 * zod 4's toJSONSchema (what the SDK uses) adds words that tell a model nothing: `$schema`, the
 * safe-integer range of every z.int(), `propertyNames: {type: string}` on records, a branch's
 * description under a union that has its own. compactSchema() drops those and keeps every type,
 * enum, const, required list, real bound and description. Converting all tools in one
 * toJSONSchema call is also far faster than one call per tool, which start-up pays for.
 */
import * as z from "zod";
import type { Annotations } from "./define.js";

export type JsonSchema = { [key: string]: unknown };

const SAFE_MAX = Number.MAX_SAFE_INTEGER;
const SAFE_MIN = Number.MIN_SAFE_INTEGER;
/** draft-07 keywords that mean something else (or nothing) in 2020-12, MCP's default dialect. */
const DRAFT7_ONLY = new Set(["definitions", "dependencies", "additionalItems"]);

const OPTIONS = { target: "draft-7", io: "input" } as const;

/** One zod schema as compact JSON Schema (for a single or an output schema). */
export function toCompactJsonSchema(schema: z.ZodType, io: "input" | "output" = "input"): JsonSchema {
  return compactSchema(z.toJSONSchema(schema, { ...OPTIONS, io }) as JsonSchema);
}

/**
 * Compact input JSON Schemas for many zod object schemas, converted in one toJSONSchema call.
 * Falls back to one call per schema when the combined result refers to shared definitions
 * (schemas registered with an id), so each schema stays self-contained.
 */
export function toCompactJsonSchemas(schemas: readonly z.ZodType[]): JsonSchema[] {
  if (schemas.length === 0) return [];
  const shape: Record<string, z.ZodType> = {};
  schemas.forEach((schema, i) => {
    shape[`s${i}`] = schema;
  });
  const combined = z.toJSONSchema(z.object(shape), OPTIONS) as JsonSchema;
  const properties = combined.properties as Record<string, JsonSchema> | undefined;
  if (!properties || "definitions" in combined || JSON.stringify(properties).includes('"$ref"')) {
    return schemas.map((schema) => toCompactJsonSchema(schema));
  }
  return schemas.map((_, i) => compactSchema(properties[`s${i}`] as JsonSchema));
}

/** Removes what carries no meaning from a JSON Schema produced by zod (returns a new object). */
export function compactSchema(schema: JsonSchema): JsonSchema {
  const compacted = compactNode(schema, false) as JsonSchema;
  // Without $schema a client reads 2020-12, which agrees with draft-07 unless these are used.
  if (!usesDraft7Only(compacted)) delete compacted.$schema;
  return compacted;
}

function compactNode(node: unknown, underDescribedUnion: boolean): unknown {
  if (Array.isArray(node)) return node.map((item) => compactNode(item, false));
  if (node === null || typeof node !== "object") return node;
  const source = node as JsonSchema;
  const out: JsonSchema = {};
  const isInteger = source.type === "integer";
  for (const [key, value] of Object.entries(source)) {
    // z.int() says "a safe integer" with +-(2^53 - 1); no model sends such numbers.
    if (isInteger && key === "maximum" && value === SAFE_MAX) continue;
    if (isInteger && key === "minimum" && value === SAFE_MIN) continue;
    // JSON object keys are always strings.
    if (key === "propertyNames" && isPlainStringSchema(value)) continue;
    // A union's own description says it; its branches repeat the parts.
    if (key === "description" && underDescribedUnion) continue;
    if (key === "anyOf" || key === "oneOf") {
      const described = typeof source.description === "string";
      out[key] = (value as unknown[]).map((branch) => compactNode(branch, described));
    } else if (key === "properties" || key === "definitions" || key === "$defs") {
      out[key] = Object.fromEntries(
        Object.entries(value as JsonSchema).map(([name, child]) => [name, compactNode(child, false)]),
      );
    } else {
      out[key] = compactNode(value, false);
    }
  }
  return out;
}

function isPlainStringSchema(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    Object.keys(value).length === 1 &&
    (value as JsonSchema).type === "string"
  );
}

function usesDraft7Only(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(usesDraft7Only);
  if (node === null || typeof node !== "object") return false;
  for (const [key, value] of Object.entries(node)) {
    if (DRAFT7_ONLY.has(key) || (key === "items" && Array.isArray(value))) return true;
    if (usesDraft7Only(value)) return true;
  }
  return false;
}

/**
 * Annotations with the hints whose value is the spec's default left out, except the two that
 * clients act on: readOnlyHint (true, when set) and destructiveHint (always, for tools that write).
 * Spec defaults: readOnlyHint false, destructiveHint true, idempotentHint false, openWorldHint true;
 * destructiveHint and idempotentHint mean something only when readOnlyHint is false.
 */
export function compactAnnotations(annotations: Partial<Annotations> & { title?: string }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (annotations.title !== undefined) out.title = annotations.title;
  if (annotations.readOnlyHint) {
    out.readOnlyHint = true;
  } else {
    out.destructiveHint = annotations.destructiveHint ?? true;
    if (annotations.idempotentHint) out.idempotentHint = true;
  }
  if (annotations.openWorldHint === false) out.openWorldHint = false;
  return out;
}
