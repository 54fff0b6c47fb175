/**
 * The JSON Schema validator the SDK uses to check elicitation answers, built on zod
 * (z.fromJSONSchema) instead of the SDK's default, Ajv. Ajv and its formats are a third of the
 * bundle and build an instance in every Server's constructor; dist/ leaves them out (src/bundle-stubs.ts).
 * Elicitation schemas are flat objects of strings (formats, lengths), numbers, booleans and enums,
 * all of which zod reads.
 */
import type { JsonSchemaValidator, jsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/types.js";
import * as z from "zod";

export function zodJsonSchemaValidator(): jsonSchemaValidator {
  return {
    getValidator<T>(schema: Parameters<jsonSchemaValidator["getValidator"]>[0]): JsonSchemaValidator<T> {
      const parser = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
      return (input) => {
        const result = parser.safeParse(input);
        if (result.success) return { valid: true, data: result.data as T, errorMessage: undefined };
        return { valid: false, data: undefined, errorMessage: z.prettifyError(result.error) };
      };
    },
  };
}
