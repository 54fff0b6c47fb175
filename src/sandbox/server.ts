/**
 * A Drone-compatible HTTP server (node:http) for tests, the demo and trying drone-mcp without a
 * Drone: it answers the REST API as Drone v2.25 does, records every request it receives, and
 * can inject faults (statuses, delays, broken connections, odd bodies).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { SandboxContext } from "./acl.js";
import { Router, sendText } from "./router.js";
import { accountRoutes } from "./routes/account.js";
import { activityRoutes } from "./routes/activity.js";
import { adminRoutes } from "./routes/admin.js";
import { badgeRoutes } from "./routes/badges.js";
import { buildIndexRoutes } from "./routes/build-index.js";
import { buildRoutes } from "./routes/builds.js";
import { collaboratorRoutes } from "./routes/collaborators.js";
import { cronRoutes } from "./routes/cron.js";
import { declineBuildRoutes } from "./routes/decline-build.js";
import { repoRoutes } from "./routes/repos.js";
import { secretRoutes } from "./routes/secrets.js";
import { serverInfoRoutes } from "./routes/server-info.js";
import { signingRoutes } from "./routes/signing.js";
import { streamRoutes } from "./routes/streams.js";
import { systemRoutes } from "./routes/system.js";
import { templateRoutes } from "./routes/templates.js";
import { userRoutes } from "./routes/user.js";
import { userAdminRoutes } from "./routes/users.js";
import { DroneState } from "./state.js";

export interface RecordedRequest {
  method: string;
  /** The path as sent, still percent-encoded. */
  path: string;
  query: Record<string, string>;
  body: string;
  headers: Record<string, string | undefined>;
}

export interface Fault {
  method?: string;
  /** Applies to paths equal to this string, or matching this regex (the raw encoded path). */
  path?: string | RegExp;
  /** How many requests it applies to (default: all). */
  times?: number;
  /** Wait before answering (or before breaking the connection). */
  delayMs?: number;
  status?: number;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Break the connection: before any answer, or after sending headers and part of the body. */
  destroy?: "before" | "mid";
  /** Send the headers and part of the body, then send nothing more until the client gives up. */
  hang?: "mid";
  /** A hostile Drone: answer the request any way at all (drip a body, send gigabytes, stall). */
  respond?: (res: ServerResponse, req: IncomingMessage) => void | Promise<void>;
}

export interface DroneSandbox {
  url: string;
  state: DroneState;
  requests: RecordedRequest[];
  faults: Fault[];
  /** Requests whose path starts with this (e.g. "/api/repos"), for assertions. */
  requestsTo(prefix: string): RecordedRequest[];
  close(): Promise<void>;
}

export interface SandboxOptions {
  state?: DroneState;
  host?: string;
  port?: number;
  /** Called for each request before routing, e.g. to log it. */
  onRequest?: (request: RecordedRequest) => void;
  /** Serve HTTPS with this PEM key and certificate (TLS tests). */
  tls?: { key: string; cert: string };
}

export function createRouter(): Router<SandboxContext> {
  const router = new Router<SandboxContext>();
  systemRoutes(router);
  userRoutes(router);
  // Static /builds/branches|pulls|deployments before buildRoutes' /builds/{number}.
  buildIndexRoutes(router);
  activityRoutes(router);
  buildRoutes(router);
  declineBuildRoutes(router);
  repoRoutes(router);
  userAdminRoutes(router);
  secretRoutes(router);
  cronRoutes(router);
  templateRoutes(router);
  adminRoutes(router);
  accountRoutes(router);
  collaboratorRoutes(router);
  signingRoutes(router);
  badgeRoutes(router);
  streamRoutes(router);
  serverInfoRoutes(router);
  return router;
}

export async function startDroneSandbox(options: SandboxOptions = {}): Promise<DroneSandbox> {
  const state = options.state ?? new DroneState();
  const requests: RecordedRequest[] = [];
  const faults: Fault[] = [];
  const router = createRouter();

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendText(res, 500, `sandbox error: ${String(error)}`);
      else res.destroy();
    });
  };
  const server: Server = options.tls ? createTlsServer(options.tls, listener) : createServer(listener);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? "/", "http://sandbox");
    const record: RecordedRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      headers: {
        authorization: req.headers.authorization,
        "user-agent": req.headers["user-agent"],
        "content-type": req.headers["content-type"],
        accept: req.headers.accept,
      },
    };
    requests.push(record);
    options.onRequest?.(record);

    const fault = takeFault(faults, record);
    if (fault) {
      if (fault.delayMs) await delay(fault.delayMs, req);
      if (fault.respond) {
        await fault.respond(res, req);
        return;
      }
      if (fault.destroy === "before") {
        req.socket.destroy();
        return;
      }
      if (fault.status !== undefined || fault.body !== undefined || fault.destroy === "mid" || fault.hang) {
        applyFault(res, fault);
        return;
      }
    }

    const token = tokenOf(req, url.searchParams);
    const user = state.userByToken(token);
    const match = router.match(record.method, url.pathname);
    if (match === undefined) return sendText(res, 404, "404 page not found\n");
    if (match === "method") {
      res.writeHead(405);
      res.end();
      return;
    }
    await match.handler({
      req,
      res,
      method: record.method,
      params: match.params,
      query: url.searchParams,
      body,
      state,
      user,
    });
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? "127.0.0.1";
  return {
    url: `${options.tls ? "https" : "http"}://${host}:${port}`,
    state,
    requests,
    faults,
    requestsTo: (prefix) => requests.filter((r) => r.path.startsWith(prefix)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Drone: the Authorization header (with "Bearer " stripped), else the access_token parameter. */
function tokenOf(req: IncomingMessage, query: URLSearchParams): string {
  const header = req.headers.authorization;
  if (header) return header.startsWith("Bearer ") ? header.slice(7) : header;
  return query.get("access_token") ?? "";
}

function takeFault(faults: Fault[], request: RecordedRequest): Fault | undefined {
  const index = faults.findIndex(
    (f) =>
      (f.method === undefined || f.method === request.method) &&
      (f.path === undefined || (typeof f.path === "string" ? f.path === request.path : f.path.test(request.path))),
  );
  if (index < 0) return undefined;
  const fault = faults[index] as Fault;
  if (fault.times !== undefined) {
    fault.times -= 1;
    if (fault.times <= 0) faults.splice(index, 1);
  }
  return fault;
}

function applyFault(res: ServerResponse, fault: Fault): void {
  const body = fault.body ?? "";
  res.writeHead(fault.status ?? 200, {
    "Content-Type": fault.contentType ?? "application/json",
    ...fault.headers,
  });
  if (fault.destroy === "mid") {
    res.write(body.slice(0, Math.max(1, Math.floor(body.length / 2))));
    setTimeout(() => res.socket?.destroy(), 10);
    return;
  }
  if (fault.hang === "mid") {
    res.write(body.slice(0, Math.max(1, Math.floor(body.length / 2))));
    return; // the client's timeout (or the sandbox's close) ends the connection
  }
  res.end(body);
}

function delay(ms: number, req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    req.socket.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
