// The conformance suite imports fs.globSync (Node >= 22) at load time but does not call it in
// server scenarios. On Node 20 its `fs` import is pointed at node:fs plus a globSync that says so.
import { register } from "node:module";

const shim = `export * from "node:fs";
import fs from "node:fs";
export default fs;
export function globSync() { throw new Error("fs.globSync needs Node >= 22"); }`;

const hooks = `export async function resolve(specifier, context, next) {
  if ((specifier === "fs" || specifier === "node:fs") && context.parentURL?.includes("/@modelcontextprotocol/conformance/")) {
    return { url: ${JSON.stringify(`data:text/javascript,${encodeURIComponent(shim)}`)}, shortCircuit: true };
  }
  return next(specifier, context);
}`;

register(`data:text/javascript,${encodeURIComponent(hooks)}`);
