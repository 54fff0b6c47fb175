/**
 * check_connection and the diagnosis it shares with `drone-mcp doctor`: wrong URL (DNS, refused,
 * redirect, HTML), TLS (self-signed, untrusted CA, expired, wrong host, plain HTTP port), 401,
 * 403 and non-admin tokens, and the version and user when all is well.
 */
import { Agent, fetch as undiciFetch } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ConnectionReport, diagnose, redirectProblem } from "../src/doctor.js";
import { DroneClient } from "../src/drone/client.js";
import { SANDBOX_ADMIN_TOKEN, SANDBOX_USER_TOKEN, seedSandbox } from "../src/sandbox/seed.js";
import { type DroneSandbox, startDroneSandbox } from "../src/sandbox/server.js";
import { type Harness, type HarnessOptions, startHarness, textOf } from "./helpers.js";
import { makeTestCerts, opensslMissing, type Pem, type TestCerts } from "./tls.js";

let h: Harness | undefined;
const extra: DroneSandbox[] = [];
afterEach(async () => {
  if (h) expect(JSON.stringify(h.logs)).not.toContain(SANDBOX_ADMIN_TOKEN);
  await h?.close();
  h = undefined;
  await Promise.all(extra.splice(0).map((d) => d.close()));
});

async function check(options: HarnessOptions = {}): Promise<{ text: string; report: ConnectionReport }> {
  h = await startHarness({ timeoutMs: 2_000, ...options });
  const result = await h.call("check_connection");
  expect(result.isError).toBeFalsy();
  expect(textOf(result)).not.toContain(SANDBOX_ADMIN_TOKEN);
  return { text: textOf(result), report: result.structuredContent as unknown as ConnectionReport };
}

const failed = (report: ConnectionReport) => report.checks.find((c) => c.status === "fail");

describe("check_connection", () => {
  it("reports the Drone version and the user, admin included", async () => {
    const { text, report } = await check();
    expect(text.split("\n")[0]).toBe(`Connected to Drone 2.25.0 at ${h!.drone.url} as octocat (admin).`);
    expect(report).toMatchObject({ ok: true, version: "2.25.0", user: { login: "octocat", admin: true } });
    expect(report.checks.map((c) => [c.name, c.status])).toEqual([
      ["server", "ok"],
      ["token", "ok"],
      ["admin", "ok"],
    ]);
    expect(h!.drone.requests.map((r) => r.path)).toEqual(["/version", "/api/user"]);
  });

  it("a token without admin rights: works, with a warning that admin tools answer 403", async () => {
    const { text, report } = await check({ token: SANDBOX_USER_TOKEN });
    expect(report.ok).toBe(true);
    expect(report.user).toEqual({ login: "jane", admin: false });
    expect(report.checks.find((c) => c.name === "admin")).toMatchObject({ status: "warn" });
    expect(report.checks.find((c) => c.name === "admin")?.message).toContain("HTTP 403");
    expect(text).toMatch(/as jane\. 1 warning\./);
  });

  it("an invalid token (401)", async () => {
    const { text, report } = await check({ token: "not-a-valid-token-0000000000" });
    expect(report.ok).toBe(false);
    expect(failed(report)).toMatchObject({ name: "token" });
    expect(text).toMatch(/^Connection problem: Drone rejected the token \(HTTP 401\)/);
    expect(text).toContain("DRONE_TOKEN");
  });

  it("an inactive user (403 on /api/user)", async () => {
    h = await startHarness();
    h.drone.faults.push({ path: "/api/user", status: 403, body: '{"message":"Forbidden"}', times: 1 });
    const result = await h.call("check_connection");
    expect(textOf(result)).toContain("HTTP 403");
    expect(textOf(result)).toContain("inactive");
  });

  it("a host name that does not resolve", async () => {
    const { text, report } = await check({ server: "http://drone.invalid" });
    expect(failed(report)).toMatchObject({ name: "server" });
    expect(text).toContain("does not resolve");
    expect(text).toContain("DRONE_SERVER");
  });

  it("a closed port (connection refused)", async () => {
    const probe = await startDroneSandbox();
    const url = probe.url;
    await probe.close();
    const { text } = await check({ server: url });
    expect(text).toContain("connection refused");
  });

  it("a port that fetch refuses to use", async () => {
    const { text } = await check({ server: "http://127.0.0.1:9" });
    expect(text).toContain("a port that fetch refuses to connect to");
  });

  it("a redirect from http to https on the same host: suggests the https address", async () => {
    h = await startHarness();
    h.drone.faults.push({ path: "/version", status: 301, headers: { Location: "https://127.0.0.1/version" } });
    const report = (await h.call("check_connection")).structuredContent as unknown as ConnectionReport;
    expect(failed(report)?.message).toContain("redirects to https://127.0.0.1/version");
    expect(failed(report)?.message).toContain("Try DRONE_SERVER=https://127.0.0.1");
    expect(h.drone.requestsTo("/api")).toHaveLength(0);
  });

  it("a redirect to another host is reported as suspicious, never suggested (issue 15, row 13)", async () => {
    h = await startHarness();
    h.drone.faults.push({ path: "/version", status: 301, headers: { Location: "https://evil.example.com/version" } });
    const result = await h.call("check_connection");
    const report = result.structuredContent as unknown as ConnectionReport;
    expect(failed(report)?.message).toContain("goes to another host (evil.example.com), which is suspicious");
    expect(JSON.stringify(result)).not.toContain("Try DRONE_SERVER");
  });

  it("a redirect from https to http is suspicious, whatever the host", () => {
    const https = "https://drone.example.com";
    for (const location of ["http://drone.example.com/version", "http://other.example.com/version"]) {
      const message = redirectProblem(https, location);
      expect(message).toContain("leaves https for plain http, which is suspicious");
      expect(message).not.toContain("Try DRONE_SERVER");
    }
    expect(redirectProblem(https, "https://drone.example.com/drone/version")).toContain(
      "Try DRONE_SERVER=https://drone.example.com/drone",
    );
  });

  it("an HTML page where the API should be", async () => {
    h = await startHarness();
    h.drone.faults.push({
      path: "/version",
      status: 200,
      contentType: "text/html",
      body: "<!doctype html><html><head><title>GitLab</title></head><body>...</body></html>",
    });
    const report = (await h.call("check_connection")).structuredContent as unknown as ConnectionReport;
    expect(failed(report)?.message).toContain('an HTML page titled "GitLab" where Drone\'s API should be');
  });

  it("a timeout", async () => {
    h = await startHarness({ timeoutMs: 300 });
    h.drone.faults.push({ path: "/version", delayMs: 2_000 });
    const result = await h.call("check_connection");
    expect(textOf(result)).toContain("did not answer in time");
  });

  it("an https:// address on a port that speaks plain HTTP", async () => {
    const drone = await startDroneSandbox({ state: seedSandbox().state });
    extra.push(drone);
    const { text } = await check({ server: drone.url.replace("http:", "https:") });
    expect(text).toContain("does not speak TLS");
  });
});

describe.skipIf(opensslMissing)("TLS problems (certificates made with openssl)", () => {
  let certs: TestCerts;
  beforeAll(() => {
    certs = makeTestCerts();
  });
  afterAll(() => certs?.cleanup());

  async function tlsDrone(pem: Pem): Promise<DroneSandbox> {
    const drone = await startDroneSandbox({ state: seedSandbox().state, tls: pem });
    extra.push(drone);
    return drone;
  }

  /** A client that trusts the test CA, as NODE_EXTRA_CA_CERTS would make it (tested end to end in e2e). */
  function trustingClient(server: string): DroneClient {
    const dispatcher = new Agent({ connect: { ca: [certs.ca] } });
    const fetchImpl = ((request: Request) =>
      undiciFetch(request.url, { method: request.method, headers: [...request.headers], dispatcher })) as never;
    return new DroneClient({ server, token: SANDBOX_ADMIN_TOKEN, timeoutMs: 2_000 }, fetchImpl);
  }

  it("a self-signed certificate: says so and names NODE_EXTRA_CA_CERTS", async () => {
    const drone = await tlsDrone(certs.selfSigned);
    const { text, report } = await check({ server: drone.url });
    expect(failed(report)).toMatchObject({ name: "tls" });
    expect(text).toContain("self-signed certificate");
    expect(text).toContain("NODE_EXTRA_CA_CERTS");
  });

  it("a certificate from a CA this machine does not trust", async () => {
    const drone = await tlsDrone(certs.valid);
    const { text } = await check({ server: drone.url });
    expect(text).toContain("signed by a CA this machine does not trust");
  });

  it("an expired certificate", async () => {
    const drone = await tlsDrone(certs.expired);
    const report = await diagnose(trustingClient(drone.url));
    expect(failed(report)).toMatchObject({ name: "tls" });
    expect(failed(report)?.message).toContain("has expired");
  });

  it("a certificate for another host name", async () => {
    const drone = await tlsDrone(certs.wrongHost);
    const report = await diagnose(trustingClient(drone.url));
    expect(failed(report)?.message).toContain("is for another host name");
    expect(failed(report)?.message).toContain("drone.example.com");
  });

  it("a trusted certificate works", async () => {
    const drone = await tlsDrone(certs.valid);
    const report = await diagnose(trustingClient(drone.url));
    expect(report).toMatchObject({ ok: true, version: "2.25.0", user: { login: "octocat" } });
  });

  it("DRONE_SKIP_VERIFY=true accepts the self-signed certificate, with a warning in the report", async () => {
    const drone = await tlsDrone(certs.selfSigned);
    h = await startHarness({ server: drone.url, config: { skipVerify: true } });
    const user = await h.call("get_current_user");
    expect(user.isError).toBeFalsy();
    expect(textOf(user)).toContain("octocat");
    expect(drone.requests[0]?.headers.authorization).toBe(`Bearer ${SANDBOX_ADMIN_TOKEN}`);
    const report = await diagnose(
      new DroneClient({ server: drone.url, token: SANDBOX_ADMIN_TOKEN, timeoutMs: 2_000, skipVerify: true }),
      {
        skipVerify: true,
      },
    );
    expect(report.ok).toBe(true);
    expect(report.checks.find((c) => c.name === "tls")).toMatchObject({ status: "warn" });
  });
});
