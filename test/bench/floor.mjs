// The floor for the benchmark: the least a Node process can do to answer MCP over stdio, by hand,
// with no dependencies. It answers tools/list with the tool list recorded from the real server
// (path in argv[2]) and tools/call with a recorded result (path in argv[3]), so it sends the same
// bytes as the server without doing the work. Given a URL (argv[4]), it first makes that GET with
// fetch (token in FLOOR_TOKEN) for each tools/call: the least any stdio server that makes the
// request can cost.
import { readFileSync } from "node:fs";

const toolsFile = process.argv[2];
const callResultFile = process.argv[3];
const fetchUrl = process.argv[4];
let callResult;
let buffer = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  buffer += chunk;
  let newline = buffer.indexOf("\n");
  while (newline >= 0) {
    const line = buffer.slice(0, newline);
    buffer = buffer.slice(newline + 1);
    if (line.trim()) answer(JSON.parse(line));
    newline = buffer.indexOf("\n");
  }
});

function answer(message) {
  if (message.id === undefined) return;
  let result;
  if (message.method === "initialize") {
    result = {
      protocolVersion: message.params.protocolVersion,
      capabilities: { tools: { listChanged: true }, logging: {} },
      serverInfo: { name: "floor", version: "0.0.0" },
    };
  } else if (message.method === "tools/list") {
    result = { tools: toolsFile ? JSON.parse(readFileSync(toolsFile, "utf8")) : [] };
  } else if (message.method === "tools/call" && callResultFile) {
    callResult ??= JSON.parse(readFileSync(callResultFile, "utf8"));
    if (fetchUrl) {
      const headers = { Authorization: `Bearer ${process.env.FLOOR_TOKEN}`, Accept: "application/json" };
      fetch(fetchUrl, { headers })
        .then((response) => response.text())
        .then(() => reply(message.id, callResult));
      return;
    }
    result = callResult;
  } else {
    process.stdout.write(
      `${JSON.stringify({ jsonrpc: "2.0", id: message.id, error: { code: -32601, message: "not found" } })}\n`,
    );
    return;
  }
  reply(message.id, result);
}

function reply(id, result) {
  process.stdout.write(`${JSON.stringify({ jsonrpc: "2.0", id, result })}\n`);
}
