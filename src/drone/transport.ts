/**
 * The fetch the Drone client uses. Node's built-in fetch unless a proxy (HTTPS_PROXY, HTTP_PROXY,
 * NO_PROXY) or DRONE_SKIP_VERIFY is configured: then undici's own fetch with its env proxy agent,
 * loaded on the first request so that start-up stays fast when neither is used.
 */
import type { Config } from "../config.js";

export type FetchLike = (input: Request, init?: RequestInit) => Promise<Response>;

/** undefined: use the global fetch. */
export function createFetch(config: Pick<Config, "proxy" | "skipVerify">): FetchLike | undefined {
  if (!config.proxy && !config.skipVerify) return undefined;
  let ready: Promise<FetchLike> | undefined;
  return async (input, init) => {
    ready ??= loadUndiciFetch(config);
    const undiciFetch = await ready;
    return undiciFetch(input, init);
  };
}

async function loadUndiciFetch(config: Pick<Config, "proxy" | "skipVerify">): Promise<FetchLike> {
  const loaded = await import("undici");
  // undici is CommonJS: its exports are the namespace's `default` when bundled (esbuild chunk).
  const undici = loaded.default ?? loaded;
  const tls = config.skipVerify ? { rejectUnauthorized: false } : {};
  const dispatcher = config.proxy
    ? new undici.EnvHttpProxyAgent({
        httpProxy: config.proxy.httpProxy ?? "",
        httpsProxy: config.proxy.httpsProxy ?? "",
        noProxy: config.proxy.noProxy ?? "",
        connect: tls,
        requestTls: tls,
      })
    : new undici.Agent({ connect: tls });
  return async (request, init) => {
    // undici's fetch does not accept the global Request class that ky builds: pass its parts.
    const method = request.method.toUpperCase();
    const body = method === "GET" || method === "HEAD" ? undefined : await request.arrayBuffer();
    const response = await undici.fetch(request.url, {
      method,
      headers: [...request.headers],
      body: body && body.byteLength > 0 ? new Uint8Array(body) : null,
      redirect: request.redirect,
      signal: init?.signal ?? request.signal,
      dispatcher,
    });
    return response as unknown as Response;
  };
}
