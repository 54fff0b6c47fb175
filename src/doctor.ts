/**
 * Connection diagnosis shared by the `check_connection` tool and the `drone-mcp doctor` command:
 * is DRONE_SERVER a Drone server (DNS, refused, redirect, HTML where the API should be), does TLS
 * work (self-signed, untrusted, expired, wrong host), is the token valid (401) and an admin's
 * (403 on admin tools), which Drone version answers and who the token belongs to.
 */

import { system, user as userApi } from "./drone/api/index.js";
import { type DroneClient, htmlTitle, isHtml } from "./drone/client.js";
import { DroneApiError, DroneNetworkError, DroneResponseError, describeError } from "./drone/errors.js";
import { oneLine } from "./logs/untrusted.js";

export type CheckStatus = "ok" | "warn" | "fail";

export interface Check {
  name: "server" | "tls" | "token" | "admin";
  status: CheckStatus;
  message: string;
}

export interface ConnectionReport {
  ok: boolean;
  server: string;
  /** Drone's version from /version, when it said. */
  version?: string;
  /** The user the token belongs to. */
  user?: { login: string; admin: boolean };
  checks: Check[];
}

export interface DiagnoseOptions {
  signal?: AbortSignal;
  /** Why no usable token is configured (the token check then fails with this). */
  tokenProblem?: string;
  /** DRONE_SKIP_VERIFY is on (reported as a warning). */
  skipVerify?: boolean;
}

export async function diagnose(drone: DroneClient, options: DiagnoseOptions = {}): Promise<ConnectionReport> {
  const report: ConnectionReport = { ok: false, server: drone.server, checks: [] };
  const add = (check: Check) => report.checks.push(check);
  if (options.skipVerify && drone.server.startsWith("https:")) {
    add({
      name: "tls",
      status: "warn",
      message:
        "DRONE_SKIP_VERIFY=true: the server's certificate is not checked, so anyone on the network path could read the token. Prefer NODE_EXTRA_CA_CERTS with your CA.",
    });
  }

  const server = await checkServer(drone, options.signal);
  add(server.check);
  if (server.version) report.version = server.version;
  if (server.check.status === "fail") return finish(report);

  if (options.tokenProblem) {
    add({ name: "token", status: "fail", message: options.tokenProblem });
    return finish(report);
  }
  try {
    const user = await userApi.self(drone, { signal: options.signal });
    if (!user) {
      add({ name: "token", status: "fail", message: "Drone answered without a user: is this a Drone server?" });
      return finish(report);
    }
    report.user = { login: user.login, admin: user.admin === true };
    add({ name: "token", status: "ok", message: `Logged in as ${user.login}${user.admin ? " (admin)" : ""}.` });
    add(
      user.admin
        ? { name: "admin", status: "ok", message: "The token has admin rights: admin tools work." }
        : {
            name: "admin",
            status: "warn",
            message:
              "The token is not an admin's: admin tools (users, all repos, queue, org secrets) will answer HTTP 403. Turn the admin toolset off with DRONE_TOOLSETS, or use an admin token.",
          },
    );
  } catch (error) {
    add({ name: "token", status: "fail", message: tokenFailure(error) });
  }
  return finish(report);
}

function finish(report: ConnectionReport): ConnectionReport {
  report.ok = report.checks.every((c) => c.status !== "fail");
  return report;
}

async function checkServer(drone: DroneClient, signal?: AbortSignal): Promise<{ check: Check; version?: string }> {
  const fail = (message: string) => ({ check: { name: "server", status: "fail", message } as Check });
  let body: string;
  let contentType: string;
  try {
    const response = await system.versionResponse(drone, { signal });
    body = response.body.trim();
    contentType = response.contentType;
  } catch (error) {
    if (error instanceof DroneNetworkError) {
      if (error.kind === "tls") return { check: { name: "tls", status: "fail", message: tlsProblem(error) } };
      return fail(networkProblem(error));
    }
    if (error instanceof DroneApiError) {
      if (error.status >= 300 && error.status < 400) return fail(redirectProblem(drone.server, error.location));
      if (error.status === 404 || error.status === 401 || error.status === 403) {
        return {
          check: {
            name: "server",
            status: "warn",
            message: `${drone.server}/version answered HTTP ${error.status}${error.droneMessage ? ` (${error.droneMessage})` : ""}; every Drone server answers it, so this may not be Drone.`,
          },
        };
      }
      return fail(`${drone.server} ${describeError(error)}`);
    }
    return fail(describeError(error));
  }
  if (isHtml(body, contentType)) {
    return fail(
      `${drone.server} answers with an HTML page${htmlTitle(body)} where Drone's API should be: DRONE_SERVER points at something else (a proxy, a login page, another application). Use the address of the Drone server itself.`,
    );
  }
  let version: string | undefined;
  try {
    const parsed = JSON.parse(body) as { version?: unknown };
    if (typeof parsed.version === "string" && parsed.version) version = parsed.version;
  } catch {
    return fail(
      `${drone.server}/version did not answer with JSON (starts with ${JSON.stringify(body.slice(0, 40))}): DRONE_SERVER does not look like a Drone server.`,
    );
  }
  return {
    check: {
      name: "server",
      status: "ok",
      message: version ? `Drone ${version} answers at ${drone.server}.` : `A Drone server answers at ${drone.server}.`,
    },
    ...(version ? { version } : {}),
  };
}

function networkProblem(error: DroneNetworkError): string {
  switch (error.kind) {
    case "dns":
      return `The host name of ${error.server} does not resolve (${error.code || "DNS"}): check DRONE_SERVER for typos.`;
    case "refused":
      return `Nothing accepts connections at ${error.server} (connection refused): check the host and port in DRONE_SERVER and that Drone is running.`;
    case "timeout":
      return `${error.server} did not answer in time (${error.detail}): check DRONE_SERVER, proxies and firewalls, or raise DRONE_TIMEOUT_MS.`;
    case "reset":
      return `${error.server} closed the connection before answering (${error.detail}): a proxy or load balancer may be rejecting the request.`;
    default:
      if (/bad port/i.test(error.detail)) {
        return `${error.server} uses a port that fetch refuses to connect to (a blocked port such as 1, 9 or 25): check the port in DRONE_SERVER.`;
      }
      return `Could not reach ${error.server}: ${error.detail}.`;
  }
}

function tlsProblem(error: DroneNetworkError): string {
  const fix = "set NODE_EXTRA_CA_CERTS to your CA's PEM file (or, insecurely, DRONE_SKIP_VERIFY=true)";
  switch (error.code) {
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "SELF_SIGNED_CERT_IN_CHAIN":
      return `${error.server} uses a self-signed certificate that this machine does not trust: ${fix}.`;
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "UNABLE_TO_GET_ISSUER_CERT":
    case "UNABLE_TO_GET_ISSUER_CERT_LOCALLY":
    case "CERT_UNTRUSTED":
      return `${error.server}'s certificate is signed by a CA this machine does not trust: ${fix}.`;
    case "CERT_HAS_EXPIRED":
      return `${error.server}'s TLS certificate has expired: renew it on the server.`;
    case "CERT_NOT_YET_VALID":
      return `${error.server}'s TLS certificate is not valid yet: check the clocks of this machine and the server.`;
    case "ERR_TLS_CERT_ALTNAME_INVALID": {
      const names = /the certificate is for (.+)$/.exec(error.detail)?.[1] ?? error.detail.replace(/^[A-Z_]+: /, "");
      return `${error.server}'s certificate is for another host name (${names}): use a name the certificate lists in DRONE_SERVER, or fix the certificate.`;
    }
    default:
      if (/wrong version number|packet length too long/i.test(error.detail)) {
        return `${error.server} does not speak TLS on that port: use http:// in DRONE_SERVER, or the HTTPS port.`;
      }
      return `TLS failed with ${error.server}: ${error.detail}.`;
  }
}

/**
 * A redirect from DRONE_SERVER. It is only worth suggesting its target when that is the same
 * host over the same or a safer scheme (http to https, or another path): a redirect to another
 * host, or from https to http, is reported as suspicious and never offered as the fix, since
 * following it would send the token where the redirect chose.
 */
export function redirectProblem(server: string, location: string | undefined): string {
  if (!location) return `${server} answers with a redirect: DRONE_SERVER is not the Drone server's own address.`;
  const target = location.replace(/\/version\/?$/, "");
  const said = `${server} redirects to ${oneLine(location, 300)}: DRONE_SERVER is not the Drone server's own address.`;
  let from: URL;
  let to: URL;
  try {
    from = new URL(server);
    to = new URL(target, server);
  } catch {
    return said;
  }
  if (to.protocol !== "https:" && to.protocol !== "http:") return said;
  if (from.protocol === "https:" && to.protocol === "http:") {
    return `${said} The redirect leaves https for plain http, which is suspicious: keep DRONE_SERVER on https and ask your Drone administrator for the server's https address.`;
  }
  if (to.hostname !== from.hostname) {
    return `${said} The redirect goes to another host (${oneLine(to.host, 200)}), which is suspicious: do not point DRONE_SERVER there unless your Drone administrator confirms that host is your Drone server.`;
  }
  const suggestion = to.href.replace(/\/$/, "");
  return suggestion !== server ? `${said} Try DRONE_SERVER=${suggestion}` : said;
}

function tokenFailure(error: unknown): string {
  if (error instanceof DroneApiError) {
    if (error.status === 401) {
      return "Drone rejected the token (HTTP 401): it is missing, mistyped or revoked. Copy it again from your Drone profile page into DRONE_TOKEN.";
    }
    if (error.status === 403) {
      return "Drone refused the token's user (HTTP 403): the account is inactive. Ask a Drone admin to activate it.";
    }
  }
  if (error instanceof DroneResponseError) return error.message;
  return describeError(error);
}

/** The one-line verdict shown first by the tool and the command. */
export function summarize(report: ConnectionReport): string {
  if (!report.ok) {
    const failed = report.checks.find((c) => c.status === "fail");
    return `Connection problem: ${failed?.message ?? "unknown"}`;
  }
  const who = report.user ? ` as ${report.user.login}${report.user.admin ? " (admin)" : ""}` : "";
  const version = report.version ? `Drone ${report.version}` : "Drone";
  const warnings = report.checks.filter((c) => c.status === "warn").length;
  return `Connected to ${version} at ${report.server}${who}.${warnings ? ` ${warnings} warning${warnings > 1 ? "s" : ""}.` : ""}`;
}

/** The report as plain lines for a terminal. */
export function formatReport(report: ConnectionReport): string {
  const lines = report.checks.map((c) => `  ${c.status.padEnd(5)} ${c.name.padEnd(7)} ${c.message}`);
  return `${lines.join("\n")}\n${summarize(report)}\n`;
}
