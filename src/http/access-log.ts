/**
 * The access log of the HTTP mode: one JSON line per request on stderr, with who (the Drone
 * login), what (JSON-RPC method and tool name, never arguments), the status, the outcome and the
 * duration. Tokens never reach it: the user is the login Drone gave for the token.
 */

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
  if (entry.outcome !== undefined) line.outcome = entry.outcome;
  if (entry.reason !== undefined) line.reason = entry.reason;
  return JSON.stringify(line);
}
