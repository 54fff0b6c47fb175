/**
 * The JSON Schema validator the SDK uses to check elicitation answers, built on first use.
 * The SDK's default builds an Ajv instance (compiling its formats) in every Server's
 * constructor, which start-up pays for even when no tool ever elicits.
 */
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv-provider.js";
import type { jsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/types.js";

export function lazyJsonSchemaValidator(): jsonSchemaValidator {
  let ajv: AjvJsonSchemaValidator | undefined;
  return {
    getValidator(schema) {
      ajv ??= new AjvJsonSchemaValidator();
      return ajv.getValidator(schema);
    },
  };
}
