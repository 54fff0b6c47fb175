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
  return schemas.map((_, i) => compactSchema(properties[`s${i}`] as JsonSchema, combined.$schema));
}

/**
 * Removes what carries no meaning from a JSON Schema produced by zod (returns a new object).
 * dialect is the $schema it was written in (for a schema cut out of a larger one).
 */
export function compactSchema(schema: JsonSchema, dialect: unknown = schema.$schema): JsonSchema {
  const state = { draft7Only: false };
  const { $schema: _, ...compacted } = compactNode(schema, false, state);
  // Without $schema a client reads 2020-12, which agrees with draft-07 unless these are used.
  return state.draft7Only && dialect ? { $schema: dialect, ...compacted } : compacted;
}

/** Keywords whose value is one schema, a list of schemas, or a map of name to schema. */
const SCHEMA_VALUED = new Set(["items", "additionalProperties", "not", "if", "then", "else", "contains"]);
const SCHEMA_LISTS = new Set(["anyOf", "oneOf", "allOf", "prefixItems"]);
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "definitions", "$defs"]);

/** One pass over a schema node; data keywords (const, enum, default, examples...) are copied as they are. */
function compactNode(source: JsonSchema, underDescribedUnion: boolean, state: { draft7Only: boolean }): JsonSchema {
  const out: JsonSchema = {};
  const isInteger = source.type === "integer";
  for (const key in source) {
    const value = source[key];
    // z.int() says "a safe integer" with +-(2^53 - 1); no model sends such numbers.
    if (isInteger && ((key === "maximum" && value === SAFE_MAX) || (key === "minimum" && value === SAFE_MIN))) continue;
    // JSON object keys are always strings.
    if (key === "propertyNames" && isPlainStringSchema(value)) continue;
    // A union's own description says it; its branches repeat the parts.
    if (key === "description" && underDescribedUnion) continue;
    if (DRAFT7_ONLY.has(key) || (key === "items" && Array.isArray(value))) state.draft7Only = true;
    if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      const described = (key === "anyOf" || key === "oneOf") && typeof source.description === "string";
      out[key] = value.map((branch) => (isSchema(branch) ? compactNode(branch, described, state) : branch));
    } else if (SCHEMA_MAPS.has(key) && isSchema(value)) {
      const map: JsonSchema = {};
      for (const name in value) {
        const child = value[name];
        map[name] = isSchema(child) ? compactNode(child, false, state) : child;
      }
      out[key] = map;
    } else if (SCHEMA_VALUED.has(key) && isSchema(value)) {
      out[key] = compactNode(value, false, state);
    } else if (key === "items" && Array.isArray(value)) {
      out[key] = value.map((item) => (isSchema(item) ? compactNode(item, false, state) : item));
    } else {
      out[key] = value;
    }
  }
  return out;
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isPlainStringSchema(value: unknown): boolean {
  if (!isSchema(value) || value.type !== "string") return false;
  for (const key in value) if (key !== "type") return false;
  return true;
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
