/** The `contents` of a resources/read answer. */
import type { ReadResourceResult } from "@modelcontextprotocol/sdk/types.js";

export const JSON_MIME = "application/json";
export const TEXT_MIME = "text/plain";

/** Compact JSON, as tool results use: resources land in the same context window. */
export function jsonContents(uri: string, data: unknown): ReadResourceResult {
  return { contents: [{ uri, mimeType: JSON_MIME, text: JSON.stringify(data) }] };
}

export function textContents(uri: string, text: string): ReadResourceResult {
  return { contents: [{ uri, mimeType: TEXT_MIME, text }] };
}
