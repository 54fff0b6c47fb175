import { describe, expect, it } from "vitest";
import { parseLineArray } from "../src/drone/logs.js";
import { cleanOutput, collapseRedraws, stripAnsi } from "../src/logs/clean.js";

function streamOf(text: string, chunk = 7): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunk));
      offset += chunk;
    },
  });
}

async function collect(text: string, chunk?: number) {
  const out = [];
  for await (const line of parseLineArray(streamOf(text, chunk), 1 << 20, "test")) out.push(line);
  return out;
}

describe("log primitives", () => {
  it("parses Drone's stored JSON array incrementally, across chunk boundaries and escapes", async () => {
    const lines = [
      { pos: 0, out: 'say "hi" {braces} [brackets]\n', time: 0 },
      { pos: 1, out: 'back\\slash\\\\ and \\"quote\n', time: 1 },
      { pos: 2, out: "unicode é 😀\n", time: 2 },
    ];
    for (const chunk of [1, 3, 7, 1000]) expect(await collect(JSON.stringify(lines), chunk)).toEqual(lines);
  });

  it("treats a null log as empty", async () => {
    expect(await collect("null\n")).toEqual([]);
    expect(await collect("[]\n")).toEqual([]);
  });

  it("strips colours, OSC hyperlinks and collapses progress redraws", () => {
    expect(stripAnsi("\x1b[31;1mFAIL\x1b[0m done")).toBe("FAIL done");
    expect(stripAnsi("\x1b]8;;https://x\x07link\x1b]8;;\x07")).toBe("link");
    expect(collapseRedraws(" 10%\r 50%\r100%")).toBe("100%");
    expect(collapseRedraws("windows line\r")).toBe("windows line");
    expect(cleanOutput("\x1b[32mok\x1b[0m\r\n")).toEqual(["ok"]);
    expect(cleanOutput("a\nb\n")).toEqual(["a", "b"]);
  });
});
