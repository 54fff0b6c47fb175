/**
 * Decoding JSON request bodies the way Drone's handlers do (json.NewDecoder): an empty body is
 * 400 "EOF", malformed JSON or a field of the wrong type is 400 with a Go-style message, and
 * unknown fields are ignored.
 */
import type { ServerResponse } from "node:http";
import { sendMessage } from "./router.js";

export type FieldType = "string" | "boolean" | "number";

const GO_TYPE: Record<FieldType, string> = { string: "string", boolean: "bool", number: "int64" };

/** The decoded object, or undefined after sending the 400 answer. */
export function decodeJson(
  ctx: { body: string; res: ServerResponse },
  fields: Record<string, FieldType> = {},
): Record<string, unknown> | undefined {
  const text = ctx.body.trim();
  if (text === "") {
    sendMessage(ctx.res, 400, "EOF");
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    sendMessage(ctx.res, 400, `invalid character '${text[0]}' looking for beginning of value`);
    return undefined;
  }
  if (value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    const kind = Array.isArray(value) ? "array" : typeof value;
    sendMessage(ctx.res, 400, `json: cannot unmarshal ${kind} into Go value of type struct`);
    return undefined;
  }
  const body = value as Record<string, unknown>;
  for (const [key, type] of Object.entries(fields)) {
    const v = body[key];
    if (v !== undefined && v !== null && typeof v !== type) {
      sendMessage(
        ctx.res,
        400,
        `json: cannot unmarshal ${typeof v} into Go struct field .${key} of type ${GO_TYPE[type]}`,
      );
      return undefined;
    }
  }
  return body;
}
