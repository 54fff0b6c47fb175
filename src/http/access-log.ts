/**
 * The access log of the HTTP mode: one JSON line per request on stderr, with who (the Drone
 * login), what (JSON-RPC method; the tool, resource or prompt; the arguments that say which
 * repository, build or branch, never values such as a secret's data), the status, the outcome and
 * the duration. Tokens never reach it: the user is the login Drone gave for the token, and the
 * logged argument values pass through the request's redactor.
 */

/** Arguments that name what a call is about; nothing else (a secret's data, a message) is logged. */
const AUDITED_ARGS = [
  "namespace",
  "name",
  "build",
  "stage",
  "step",
  "branch",
  "ref",
  "target",
  "event",
  "status",
  "login",
  "url",
  // The name of a secret (its value is `data`, never logged).
  "secret",
] as const;

export interface AccessEntry {
  /** performance.now() when the request arrived. */
  start: number;
  method: string;
  path: string;
  status: number;
  /** The client's address (the ingress's, behind one). */
  ip: string;
  user?: string;
  rpc?: string;
  tool?: string;
  /** resources/read: the URI; prompts/get: the prompt. */
  resource?: string;
  prompt?: string;
  /** The audited arguments of a tools/call or prompts/get. */
  args?: Record<string, string | number | boolean>;
  /** tool_error, rpc_error, cut (time limit, cancellation, shutdown), aborted (client went away). */
  outcome?: "tool_error" | "rpc_error" | "cut" | "aborted";
  /** Why the request was refused or cut. */
  reason?: string;
}

export function formatAccessLine(entry: AccessEntry): string {
  const line: Record<string, unknown> = {
    time: new Date().toISOString(),
    event: "access",
    method: entry.method,
    path: entry.path.slice(0, 200),
    status: entry.status,
    ms: Math.round((performance.now() - entry.start) * 10) / 10,
  };
  line.ip = entry.ip;
  if (entry.user !== undefined) line.user = entry.user;
  if (entry.rpc !== undefined) line.rpc = entry.rpc.slice(0, 100);
  if (entry.tool !== undefined) line.tool = entry.tool;
  if (entry.resource !== undefined) line.resource = entry.resource;
  if (entry.prompt !== undefined) line.prompt = entry.prompt;
  if (entry.args !== undefined) line.args = entry.args;
  if (entry.outcome !== undefined) line.outcome = entry.outcome;
  if (entry.reason !== undefined) line.reason = entry.reason;
  return JSON.stringify(line);
}

/** The audited arguments of a call (short scalar values only), redacted; undefined when none. */
export function auditedArgs(
  args: unknown,
  redact: (text: string) => string,
): Record<string, string | number | boolean> | undefined {
  if (!args || typeof args !== "object") return undefined;
  const out: Record<string, string | number | boolean> = {};
  for (const key of AUDITED_ARGS) {
    const value = (args as Record<string, unknown>)[key];
    if (typeof value === "string") out[key] = redact(value.slice(0, 200));
    else if (typeof value === "number" || typeof value === "boolean") out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
