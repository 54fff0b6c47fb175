/**
 * drone-mcp over Streamable HTTP (`--http`): /mcp with the SDK's transport in stateless mode (a
 * fresh McpServer per request over the caller's own DroneClient, so any replica can answer any
 * request), /healthz and /readyz, the network guards (Host/Origin allow-lists, body size,
 * per-user rate and concurrency, time limits), one access-log line per request and a graceful
 * shutdown.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { JSONRPCMessage, RequestId } from "@modelcontextprotocol/sdk/types.js";
import * as api from "../drone/api/index.js";
import { DroneClient } from "../drone/client.js";
import { makeRedactor, type Redactor } from "../outgoing.js";
import { createServer } from "../server.js";
import { type AccessEntry, auditedArgs, formatAccessLine } from "./access-log.js";
import { BodyError, readJsonBody } from "./body.js";
import { AuthError, type DroneSettings, Identities, type Identity } from "./identity.js";
import { isRefusal, Limits } from "./limits.js";
import { type HttpOptions, hostAllowed, originAllowed } from "./options.js";

export interface HttpServerDeps {
  settings: DroneSettings;
  options: HttpOptions;
  /** The server's own token, used for every request in shared-token mode only. */
  sharedToken?: string;
  /** Diagnostics (stderr). */
  log: (line: string) => void;
  /** Access-log lines (stderr by default). */
  accessLog?: (line: string) => void;
}

export interface RunningHttpServer {
  /** http://host:port of the listening socket. */
  url: string;
  server: Server;
  /** Stops accepting, lets in-flight requests finish up to the shutdown limit, then cuts them. */
  shutdown(): Promise<void>;
}

/**
 * One /mcp request being answered: cut() ends it, with a JSON-RPC error for each pending id
 * unless the client cancelled (a cancelled request gets no answer).
 */
interface Active {
  user: string;
  ids: RequestId[];
  cut(reason: string, answer?: boolean): void;
}

const READY_CACHE_MS = 2_000;
/** Rejected tokens per client address and minute (in bursts of up to 10). */
const AUTH_FAILURES_PER_MINUTE = 30;
const READY_TIMEOUT_MS = 3_000;

export async function startHttpServer(deps: HttpServerDeps): Promise<RunningHttpServer> {
  const { settings, options, log } = deps;
  const accessLog = deps.accessLog ?? ((line: string) => process.stderr.write(`${line}\n`));
  const identities = new Identities(settings, options.authTtlMs, options.sharedToken ? deps.sharedToken : undefined);
  const limits = new Limits(options.ratePerMinute, options.concurrency);
  const failures = new Limits(AUTH_FAILURES_PER_MINUTE, Number.POSITIVE_INFINITY);
  const active = new Set<Active>();
  let draining = false;
  let ready: { at: number; ok: boolean; detail: string } | undefined;

  const server = createHttpServer({
    // Slow clients cannot hold a socket open for free: headers within 10 s, a body within 30 s.
    headersTimeout: 10_000,
    requestTimeout: 30_000,
    keepAliveTimeout: 5_000,
  });
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const entry: AccessEntry = {
      start: performance.now(),
      method: req.method ?? "",
      path: pathOf(req),
      status: 0,
      ip: req.socket.remoteAddress ?? "",
    };
    res.on("close", () => {
      entry.status = res.statusCode;
      if (!res.writableFinished && entry.outcome === undefined) entry.outcome = "aborted";
      accessLog(formatAccessLine(entry));
    });
    handle(req, res, entry).catch((error: unknown) => {
      log(`http: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) sendJson(res, 500, rpcError(-32603, "internal error"));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse, entry: AccessEntry): Promise<void> {
    if (entry.path === "/healthz") {
      if (req.method !== "GET" && req.method !== "HEAD") return methodNotAllowed(res, "GET, HEAD");
      return sendJson(res, 200, { status: "ok" });
    }
    if (entry.path === "/readyz") {
      if (req.method !== "GET" && req.method !== "HEAD") return methodNotAllowed(res, "GET, HEAD");
      if (draining) return sendJson(res, 503, { status: "shutting down" });
      const state = await readiness();
      return sendJson(res, state.ok ? 200 : 503, { status: state.ok ? "ok" : "unavailable", drone: state.detail });
    }
    if (entry.path !== "/mcp") return sendJson(res, 404, { error: "not found: the MCP endpoint is /mcp" });

    if (!hostAllowed(req.headers.host, options.allowedHosts)) {
      entry.reason = "host not allowed";
      return sendJson(res, 403, rpcError(-32000, `Host ${JSON.stringify(req.headers.host ?? "")} is not allowed`));
    }
    if (!originAllowed(req.headers.origin, options.allowedOrigins)) {
      entry.reason = "origin not allowed";
      return sendJson(res, 403, rpcError(-32000, `Origin ${JSON.stringify(req.headers.origin)} is not allowed`));
    }
    if (req.headers.origin !== undefined) {
      // A page from an allowed origin (a browser-based client) may read the answers.
      allowCors(res, req.headers.origin);
      if (req.method === "OPTIONS") {
        res.writeHead(204, {
          "Access-Control-Allow-Methods": "POST",
          "Access-Control-Allow-Headers": "Authorization, Content-Type, Accept, Mcp-Protocol-Version, Last-Event-ID",
          "Access-Control-Max-Age": "600",
        });
        res.end();
        return;
      }
    }
    if (draining) {
      res.setHeader("Connection", "close");
      res.setHeader("Retry-After", "1");
      entry.reason = "shutting down";
      return sendJson(res, 503, rpcError(-32000, "server shutting down: retry"));
    }
    if (req.method !== "POST") {
      // Stateless: no session to open a stream for or to delete.
      return methodNotAllowed(res, "POST");
    }

    // Failed token checks are limited per client address, so guessing tokens stays slow and a
    // flood of bad ones does not reach Drone; users already checked are not held up by it.
    const address = req.socket.remoteAddress ?? "";
    if (!identities.known(req.headers.authorization)) {
      const refused = failures.check(address);
      if (refused) {
        entry.reason = "too many failed token checks from this address";
        res.setHeader("Retry-After", String(refused.retryAfterSeconds));
        return sendJson(res, 429, rpcError(-32001, `${entry.reason}: retry in ${refused.retryAfterSeconds} s`));
      }
    }
    let identity: Identity;
    try {
      identity = await identities.identify(req.headers.authorization);
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      if (error.status === 401 || error.status === 403) failures.spend(address);
      entry.reason = error.message;
      if (error.status === 401) {
        const code = error.challenge ? `, error="${error.challenge}"` : "";
        const description = error.message.replace(/["\\]/g, "");
        res.setHeader("WWW-Authenticate", `Bearer realm="drone-mcp"${code}, error_description="${description}"`);
      }
      if (error.retryAfterSeconds) res.setHeader("Retry-After", String(error.retryAfterSeconds));
      return sendJson(res, error.status, rpcError(-32001, error.message));
    }
    entry.user = identity.login;

    const slot = limits.acquire(identity.key);
    if (isRefusal(slot)) {
      entry.reason = slot.reason;
      res.setHeader("Retry-After", String(slot.retryAfterSeconds));
      return sendJson(res, 429, rpcError(-32000, `${slot.reason}: retry in ${slot.retryAfterSeconds} s`));
    }
    res.on("close", slot.release);

    let body: unknown;
    try {
      body = await readJsonBody(req, options.maxBodyBytes);
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      entry.reason = error.message;
      if (error.status === 413) res.setHeader("Connection", "close");
      return sendJson(res, error.status, rpcError(error.code, error.message));
    }
    const messages = (Array.isArray(body) ? body : [body]) as JSONRPCMessage[];
    describe(messages, entry, makeRedactor(identity.drone.secrets()));
    for (const message of messages) cancelFromNotification(message, identity.login);

    await serve(req, res, body, messages, identity, entry);
  }

  async function serve(
    req: IncomingMessage,
    res: ServerResponse,
    body: unknown,
    messages: JSONRPCMessage[],
    identity: Identity,
    entry: AccessEntry,
  ): Promise<void> {
    const { mcp } = createServer({
      config: { ...settings, token: "" },
      drone: identity.drone,
      log: (line) => log(`${identity.login}: ${line}`),
      remote: true,
    });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    const ids = messages.flatMap((m) => ("id" in m && "method" in m && m.id !== undefined ? [m.id] : []));
    const pending = new Set<RequestId>(ids);
    const send = transport.send.bind(transport);
    transport.send = async (message, sendOptions) => {
      if (("result" in message || "error" in message) && message.id !== undefined) {
        pending.delete(message.id);
        if ("error" in message) entry.outcome = "rpc_error";
        else if ((message.result as { isError?: unknown }).isError === true) entry.outcome = "tool_error";
      }
      return send(message, sendOptions);
    };
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      active.delete(current);
      void mcp.close().catch(() => {});
    };
    const current: Active = {
      user: identity.login,
      ids,
      cut: (reason, answer = true) => {
        if (closed) return;
        entry.outcome ??= "cut";
        entry.reason = reason;
        for (const id of answer ? pending : []) {
          void send({ jsonrpc: "2.0", id, error: { code: -32000, message: reason } }, { relatedRequestId: id }).catch(
            () => {},
          );
        }
        // Let the error reach the client before the stream ends.
        setImmediate(close);
      },
    };
    const timer = setTimeout(
      () => current.cut(`time limit: the request took longer than ${Math.round(options.requestTimeoutMs / 1000)} s`),
      options.requestTimeoutMs,
    );
    timer.unref();
    res.on("close", close);
    active.add(current);
    await mcp.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  /** notifications/cancelled: ends the named request of the same user, when this process runs it. */
  function cancelFromNotification(message: JSONRPCMessage, user: string): void {
    if (!("method" in message) || message.method !== "notifications/cancelled") return;
    const requestId = (message.params as { requestId?: RequestId } | undefined)?.requestId;
    if (requestId === undefined) return;
    for (const running of active) {
      if (running.user === user && running.ids.includes(requestId)) running.cut("cancelled by the client", false);
    }
  }

  async function readiness(): Promise<{ ok: boolean; detail: string }> {
    const now = Date.now();
    if (ready && now - ready.at < READY_CACHE_MS) return ready;
    const drone = new DroneClient({ ...settings, token: "", timeoutMs: READY_TIMEOUT_MS });
    try {
      await api.system.health(drone);
      ready = { at: now, ok: true, detail: "reachable" };
    } catch (error) {
      const detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
      ready = { at: now, ok: false, detail: drone.redact(detail ?? "unreachable") };
    }
    return ready;
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  let shuttingDown: Promise<void> | undefined;
  const shutdown = () => {
    shuttingDown ??= (async () => {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = Date.now() + options.shutdownTimeoutMs;
      while (active.size > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      for (const running of active) running.cut("server shutting down: retry");
      // The cut requests' errors go out on their streams, then every connection ends.
      await new Promise((resolve) => setTimeout(resolve, 50));
      server.closeAllConnections();
      await closed;
      identities.clear();
    })();
    return shuttingDown;
  };
  return { url, server, shutdown };
}

function pathOf(req: IncomingMessage): string {
  const raw = req.url ?? "/";
  const end = raw.indexOf("?");
  return end < 0 ? raw : raw.slice(0, end);
}

/** Fills the access-log entry with what the request asks: method, tool, resource or prompt, audited arguments. */
function describe(messages: JSONRPCMessage[], entry: AccessEntry, redact: Redactor): void {
  const first = messages[0];
  if (!first || !("method" in first)) return;
  entry.rpc = first.method.slice(0, 100);
  const params = (first.params ?? {}) as { name?: unknown; uri?: unknown; arguments?: unknown };
  const name = typeof params.name === "string" ? params.name.slice(0, 100) : undefined;
  if (first.method === "tools/call" && name) entry.tool = name;
  if (first.method === "prompts/get" && name) entry.prompt = name;
  if (first.method === "resources/read" && typeof params.uri === "string") {
    entry.resource = redact(params.uri.slice(0, 300));
  }
  if (first.method === "tools/call" || first.method === "prompts/get") {
    const args = auditedArgs(params.arguments, redact);
    if (args) entry.args = args;
  }
}

function rpcError(code: number, message: string): unknown {
  return { jsonrpc: "2.0", id: null, error: { code, message } };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

function allowCors(res: ServerResponse, origin: string): void {
  res.setHeader("Access-Control-Allow-Origin", origin);
  res.setHeader("Vary", "Origin");
  res.setHeader("Access-Control-Expose-Headers", "WWW-Authenticate, Retry-After, Mcp-Session-Id, Mcp-Protocol-Version");
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  res.setHeader("Allow", allow);
  sendJson(res, 405, rpcError(-32000, `method not allowed: use ${allow}`));
}
