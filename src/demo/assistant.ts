/**
 * The demo's scripted assistant: calls drone-mcp's tools through a real MCP client and prints
 * a short transcript (each call, then the part of the answer worth reading).
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

export type Args = Record<string, unknown>;

export interface UntilOptions {
  intervalMs: number;
  timeoutMs: number;
  /** A short description of the state so far; a new one is printed when it changes. */
  describe: (result: CallToolResult) => string;
}

export class Assistant {
  private calls = 0;

  constructor(
    private readonly client: Client,
    private readonly print: (line: string) => void,
  ) {}

  /** What the person asks. */
  you(text: string): void {
    this.print(`\nYou: ${text}\n`);
  }

  /** What the assistant concludes. */
  say(text: string): void {
    this.print(`\nAssistant: ${text}`);
  }

  /** An indented line under the last call. */
  note(text: string): void {
    this.print(`    ${text}`);
  }

  /** Calls a tool and prints the call; a tool error ends the demo with its message. */
  async call(tool: string, args: Args = {}, suffix = ""): Promise<CallToolResult> {
    this.calls += 1;
    this.print(`[${this.calls}] ${tool} ${JSON.stringify(args)}${suffix}`);
    return this.send(tool, args);
  }

  /** Calls a tool and prints the first lines of its answer (the summary line by default). */
  async quote(tool: string, args: Args = {}, maxLines = 1): Promise<CallToolResult> {
    const result = await this.call(tool, args);
    for (const line of textOf(result).split("\n").slice(0, maxLines)) this.note(line);
    return result;
  }

  /** Calls a tool again and again until `done`, printing each new state on one line. */
  async until(tool: string, args: Args, done: (r: CallToolResult) => boolean, options: UntilOptions) {
    const started = Date.now();
    const every = options.intervalMs > 0 ? `, every ${options.intervalMs / 1000} s` : ", again";
    let result = await this.call(tool, args, `${every} until it finishes`);
    const seen: string[] = [options.describe(result)];
    while (!done(result)) {
      if (Date.now() - started > options.timeoutMs)
        throw new Error(`${tool}: still not finished after ${options.timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
      result = await this.send(tool, args);
      const state = options.describe(result);
      if (state !== seen.at(-1)) seen.push(state);
    }
    this.note(`${seen.join(" -> ")}  [${((Date.now() - started) / 1000).toFixed(1)} s]`);
    return result;
  }

  private async send(tool: string, args: Args): Promise<CallToolResult> {
    const result = (await this.client.callTool({ name: tool, arguments: args })) as CallToolResult;
    if (result.isError) throw new Error(`${tool} failed: ${textOf(result)}`);
    return result;
  }
}

export function textOf(result: CallToolResult): string {
  const first = result.content[0];
  return first?.type === "text" ? first.text : "";
}

/** The structured answer of a tool (every drone-mcp object result has one). */
export function dataOf<T>(result: CallToolResult): T {
  return (result.structuredContent ?? {}) as T;
}
