/**
 * A tiny HTTP router for the Drone-compatible sandbox, matching chi's behaviour where clients
 * can see it: unknown paths get 404 text/plain "404 page not found", a known path with the
 * wrong method gets 405 with an empty body, JSON bodies end with a newline.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  /** Decoded path parameters (":name" segments and a trailing "*" as params["*"]). */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The raw request body. */
  body: string;
}

export type Handler<C> = (ctx: RouteContext & C) => void | Promise<void>;

interface Route<C> {
  method: string;
  pattern: string;
  regex: RegExp;
  keys: string[];
  handler: Handler<C>;
}

function compile(pattern: string): { regex: RegExp; keys: string[] } {
  const keys: string[] = [];
  const source = pattern
    .split("/")
    .map((part) => {
      if (part === "*") {
        keys.push("*");
        return "(.+)";
      }
      if (part.startsWith(":")) {
        keys.push(part.slice(1));
        return "([^/]+)";
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return { regex: new RegExp(`^${source}$`), keys };
}

export class Router<C> {
  private readonly routes: Route<C>[] = [];

  add(method: string, pattern: string, handler: Handler<C>): this {
    const { regex, keys } = compile(pattern);
    this.routes.push({ method, pattern, regex, keys, handler });
    return this;
  }

  get(pattern: string, handler: Handler<C>): this {
    return this.add("GET", pattern, handler);
  }
  post(pattern: string, handler: Handler<C>): this {
    return this.add("POST", pattern, handler);
  }
  patch(pattern: string, handler: Handler<C>): this {
    return this.add("PATCH", pattern, handler);
  }
  put(pattern: string, handler: Handler<C>): this {
    return this.add("PUT", pattern, handler);
  }
  delete(pattern: string, handler: Handler<C>): this {
    return this.add("DELETE", pattern, handler);
  }

  /**
   * Finds the handler for a path. Static routes win over parameter routes (as in chi), which is
   * why routes are tried in order of registration within a method: register static ones first.
   */
  match(
    method: string,
    rawPath: string,
  ): { handler: Handler<C>; params: Record<string, string> } | "method" | undefined {
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.regex.exec(rawPath);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((key, i) => {
        params[key] = safeDecode(m[i + 1] ?? "");
      });
      return { handler: route.handler, params };
    }
    return pathMatched ? "method" : undefined;
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-cache" });
  res.end(text);
}

/** Drone's error body: {"message": "..."}. */
export function sendMessage(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { message });
}

export function sendEmpty(res: ServerResponse, status = 204): void {
  res.writeHead(status);
  res.end();
}

export function sendText(res: ServerResponse, status: number, text: string, type = "text/plain; charset=utf-8"): void {
  res.writeHead(status, { "Content-Type": type });
  res.end(text);
}
