/**
 * HTTP(S)_PROXY and NO_PROXY, honoured through undici's EnvHttpProxyAgent: requests go through a
 * real forwarding proxy (node:http CONNECT tunnel) unless NO_PROXY names the host.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SANDBOX_ADMIN_TOKEN } from "../src/sandbox/seed.js";
import { type Harness, startHarness, textOf } from "./helpers.js";

let proxy: Server;
let proxyUrl: string;
const tunnels: string[] = [];

beforeEach(async () => {
  tunnels.length = 0;
  proxy = createServer((_req, res) => {
    res.writeHead(501);
    res.end();
  });
  proxy.on("connect", (req, client, head) => {
    tunnels.push(req.url ?? "");
    const [host, port] = (req.url ?? "").split(":");
    const upstream = connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  proxy.closeAllConnections();
  await new Promise((resolve) => proxy.close(resolve));
});

describe("proxies", () => {
  it("HTTP_PROXY: requests to Drone go through the proxy", async () => {
    h = await startHarness({ config: { proxy: { httpProxy: proxyUrl } } });
    const result = await h.call("get_current_user");
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain("octocat");
    const host = new URL(h.drone.url).host;
    expect(tunnels).toEqual([host]);
    expect(h.drone.requests[0]?.headers.authorization).toBe(`Bearer ${SANDBOX_ADMIN_TOKEN}`);
  });

  it("NO_PROXY naming the host: requests go direct", async () => {
    h = await startHarness({ config: { proxy: { httpProxy: proxyUrl, noProxy: "localhost,127.0.0.1" } } });
    const result = await h.call("get_current_user");
    expect(result.isError).toBeFalsy();
    expect(tunnels).toEqual([]);
    expect(h.drone.requests).toHaveLength(1);
  });

  it("HTTPS_PROXY alone does not apply to an http:// Drone", async () => {
    h = await startHarness({ config: { proxy: { httpsProxy: proxyUrl } } });
    expect((await h.call("get_current_user")).isError).toBeFalsy();
    expect(tunnels).toEqual([]);
  });

  it("a proxy that is down: a clear error that points at the proxy too", async () => {
    const deadProxy = "http://127.0.0.1:9"; // discard port: nothing listens
    h = await startHarness({ config: { proxy: { httpProxy: deadProxy } } });
    const result = await h.call("get_current_user");
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/Could not connect|Could not reach/);
    expect(textOf(result)).toContain("Requests go through the proxy set in HTTPS_PROXY/HTTP_PROXY");
    expect(textOf(result)).not.toContain(SANDBOX_ADMIN_TOKEN);
  });
});
