/**
 * Stands in for `ajv` and `ajv-formats` in dist/ (esbuild --alias in the build script): the SDK
 * imports them for its default JSON Schema validator, which drone-mcp never builds because
 * createServer passes its own (validator.ts). Leaving them out makes the bundle a third smaller.
 */
export default class NoAjv {
  constructor() {
    throw new Error("drone-mcp's bundle has no Ajv: give the SDK a jsonSchemaValidator (src/validator.ts)");
  }
}
