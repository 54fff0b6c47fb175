/**
 * Stands in, in dist/ only (esbuild --alias in the build script), for packages the SDK imports
 * for features drone-mcp never uses, so start-up neither parses nor runs them:
 * - `ajv`, `ajv-formats`: the SDK's default validator for elicitation answers; createServer
 *   passes its own (validator.ts), so the SDK never builds an Ajv.
 * - `zod/v3`, `zod-to-json-schema`: support for zod 3 schemas; every schema here is zod 4, and
 *   tools/list is converted by tools/schema.ts.
 * Each throws if it is ever used, naming what to change.
 */

export default class NoAjv {
  constructor() {
    throw new Error("drone-mcp's bundle has no Ajv: give the SDK a jsonSchemaValidator (src/validator.ts)");
  }
}

/** zod/v3's object(), which the SDK calls for a raw shape of zod 3 schemas. */
export function object(): never {
  throw new Error("drone-mcp's bundle has no zod 3: define schemas with zod 4");
}

/** zod-to-json-schema's converter, which the SDK calls for zod 3 schemas. */
export function zodToJsonSchema(): never {
  throw new Error("drone-mcp's bundle has no zod 3: define schemas with zod 4");
}
