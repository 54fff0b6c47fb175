/**
 * The stdio transport: one JSON-RPC message per line on stdin and stdout. Unlike the SDK's, a
 * line over MAX_INCOMING_BYTES is skipped as it streams in (never buffered whole) and answered
 * with a JSON-RPC error, and a line that is not JSON-RPC gets a parse error: in both cases a
 * line on stderr says what happened and the server keeps serving. Lines are split in one pass
 * over each chunk, so a long message costs time in proportion to its size.
 */
import process from "node:process";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { type JSONRPCMessage, JSONRPCMessageSchema } from "@modelcontextprotocol/sdk/types.js";
import { formatBytes } from "./bytes.js";

/** Largest incoming message: far above any real request, well under what would strain memory. */
export const MAX_INCOMING_BYTES = 4 * 1024 * 1024;

/** The request id near the start of a message too large to parse, to address the error to it. */
const ID_NEAR_START = /"id"\s*:\s*(-?\d{1,15}|"(?:[^"\\]|\\.){0,200}")/;

export class LineStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  #pieces: Buffer[] = [];
  #size = 0;
  /** The current line went over the limit: its bytes are dropped until its end. */
  #skipping = false;
  #skipHead = "";
  #started = false;

  constructor(
    private readonly stdin: NodeJS.ReadableStream = process.stdin,
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly log: (line: string) => void = () => {},
    private readonly maxBytes = MAX_INCOMING_BYTES,
  ) {}

  readonly #onData = (chunk: Buffer | string) => {
    const data = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    let start = 0;
    for (;;) {
      const end = data.indexOf(10, start);
      if (end < 0) {
        this.#keep(data.subarray(start));
        return;
      }
      this.#keep(data.subarray(start, end));
      this.#endLine();
      start = end + 1;
    }
  };

  readonly #onError = (error: Error) => this.onerror?.(error);

  #keep(part: Buffer): void {
    if (part.length === 0) return;
    if (this.#skipping) return;
    if (this.#size + part.length > this.maxBytes) {
      this.#skipping = true;
      const head = Buffer.concat([...this.#pieces, part.subarray(0, 512)]).subarray(0, 512);
      this.#skipHead = head.toString("utf8");
      this.#pieces = [];
      this.#size = 0;
      return;
    }
    this.#pieces.push(part);
    this.#size += part.length;
  }

  #endLine(): void {
    if (this.#skipping) {
      this.#skipping = false;
      const id = ID_NEAR_START.exec(this.#skipHead)?.[1];
      this.#skipHead = "";
      this.#reject(
        id === undefined ? null : (JSON.parse(id) as string | number),
        -32600,
        `The request was larger than ${formatBytes(this.maxBytes)}, the most this server reads in one message; it was skipped.`,
      );
      return;
    }
    const line = Buffer.concat(this.#pieces).toString("utf8").replace(/\r$/, "");
    this.#pieces = [];
    this.#size = 0;
    if (line.trim() === "") return;
    let message: JSONRPCMessage;
    try {
      message = JSONRPCMessageSchema.parse(JSON.parse(line));
    } catch {
      const id = ID_NEAR_START.exec(line.slice(0, 512))?.[1];
      let parsedId: string | number | null = null;
      try {
        parsedId = id === undefined ? null : (JSON.parse(id) as string | number);
      } catch {
        parsedId = null;
      }
      this.#reject(parsedId, -32700, "The message is not valid JSON-RPC; it was skipped.");
      return;
    }
    this.onmessage?.(message);
  }

  /** Answers a message that could not be read with a JSON-RPC error, and says so on stderr. */
  #reject(id: string | number | null, code: number, message: string): void {
    this.log(`${message}${id === null ? "" : ` (request id ${JSON.stringify(id)})`} The server keeps serving.`);
    // JSON-RPC answers an unreadable request with id null; the SDK types require an id, hence the cast.
    void this.send({ jsonrpc: "2.0", id: id as string | number, error: { code, message } });
  }

  async start(): Promise<void> {
    if (this.#started) throw new Error("LineStdioTransport already started");
    this.#started = true;
    this.stdin.on("data", this.#onData);
    this.stdin.on("error", this.#onError);
  }

  async close(): Promise<void> {
    this.stdin.off("data", this.#onData);
    this.stdin.off("error", this.#onError);
    this.stdin.pause();
    this.#pieces = [];
    this.onclose?.();
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve) => {
      if (this.stdout.write(`${JSON.stringify(message)}\n`)) resolve();
      else this.stdout.once("drain", resolve);
    });
  }
}
