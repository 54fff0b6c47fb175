/**
 * Reads a request's JSON body within a size limit: a declared Content-Length over the limit is
 * refused before reading, a body that grows past it stops being read.
 */
import type { IncomingMessage } from "node:http";

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    /** The JSON-RPC error code of the answer. */
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = "BodyError";
  }
}

export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = req.headers["content-type"] ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new BodyError(415, -32000, "Content-Type must be application/json");
  }
  const tooLarge = () => new BodyError(413, -32600, `request body larger than ${maxBytes} bytes`);
  const declared = Number(req.headers["content-length"] ?? Number.NaN);
  if (declared > maxBytes) {
    req.resume();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      req.resume();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
  } catch {
    throw new BodyError(400, -32700, "parse error: the body is not valid JSON");
  }
}
