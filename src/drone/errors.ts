/**
 * Errors from talking to Drone, and the one place that turns any failure into a message
 * that tells the user what to do next. The token never appears in these messages.
 */

/** Drone answered with a status outside 2xx. */
export class DroneApiError extends Error {
  constructor(
    readonly status: number,
    /** Drone's own message ({"message": ...} or a plain-text body), already shortened. */
    readonly droneMessage: string,
    readonly method: string,
    readonly path: string,
    /** Set for a 3xx answer: where the server wanted to send us. */
    readonly location?: string,
    /** The Retry-After header, in milliseconds, when the answer had one. */
    readonly retryAfterMs?: number,
  ) {
    super(`Drone answered ${status} to ${method} /${path}${droneMessage ? `: ${droneMessage}` : ""}`);
    this.name = "DroneApiError";
  }
}

/** The request never got an HTTP answer (timeout, refused, DNS, TLS, reset). */
export class DroneNetworkError extends Error {
  constructor(
    readonly kind: "timeout" | "refused" | "dns" | "tls" | "reset" | "other",
    readonly detail: string,
    readonly server: string,
    readonly method: string,
    readonly path: string,
    /** The system or TLS error code (ECONNREFUSED, CERT_HAS_EXPIRED...), when there is one. */
    readonly code = "",
  ) {
    super(`${kind}: ${detail}`);
    this.name = "DroneNetworkError";
  }

  /** Set when a proxy was configured: it may be the part that failed. */
  proxied = false;
}

/** A problem found in what Drone sent back (bad JSON, an HTML page, too large). */
export class DroneResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DroneResponseError";
  }
}

/**
 * The one user error: bad input (a path segment, a URL, missing arguments) or something the
 * handler decided cannot be done. Its message is shown as it is, and says what to do instead;
 * tools return it as an isError result, resources as resource-not-found.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }
}

/** Hints that make a status actionable, keyed by HTTP status. */
function statusAdvice(error: DroneApiError): string {
  const forbiddenOrg = error.status === 401 && /forbidden/i.test(error.droneMessage);
  if (forbiddenOrg) {
    return "Your token is valid but you are not a member (or, for changes, an admin) of that organization.";
  }
  switch (error.status) {
    case 400:
      return "Drone refused the request as invalid; check the arguments.";
    case 401:
      return "The token is missing or invalid: check DRONE_TOKEN (copy it from your Drone profile page).";
    case 402:
      return "Your Drone license limit is reached.";
    case 403:
      return "This needs an admin token (or your Drone user is inactive).";
    case 404:
      // chi's own plain-text answer for a path no route matches, unlike Drone's JSON 404s.
      if (error.droneMessage === "404 page not found") {
        return "This Drone server has no such API route: it may be older than the feature, or DRONE_SERVER points at something else.";
      }
      return "Not found, or your token has no permission on that repository (Drone answers 404 for both): check namespace, name and build/stage/step numbers.";
    case 405:
      return "This Drone server does not support that operation on this path.";
    case 409:
      return "The build changed at the same moment; fetch it again and retry.";
    case 429:
      return rateLimitAdvice(error);
    case 501:
      return "This Drone edition (the open-source build) does not have this feature.";
    default:
      if (error.status >= 300 && error.status < 400) {
        return "Drone tried to redirect the request. Did you configure the correct server address in DRONE_SERVER?";
      }
      if (error.status === 502 || error.status === 503 || error.status === 504) {
        return "Drone, or a proxy in front of it, is unavailable (restarting, overloaded or down); try again in a minute.";
      }
      if (error.status >= 500) return "The Drone server had an internal problem; try again later or check its logs.";
      return "";
  }
}

function rateLimitAdvice(error: DroneApiError): string {
  const wait = error.retryAfterMs !== undefined ? `wait ${Math.ceil(error.retryAfterMs / 1000)} s` : "wait a little";
  if (error.method !== "GET") {
    return `Drone (or a proxy in front of it) is limiting the request rate. This request changes something, so it was not repeated automatically: ${wait}, then try again.`;
  }
  return `Drone (or a proxy in front of it) is limiting the request rate and retrying did not fit in DRONE_TIMEOUT_MS: ${wait}, then try again.`;
}

/** Turns any thrown value into the text the assistant sees with isError: true. */
export function describeError(error: unknown): string {
  if (error instanceof UserError) return error.message;
  if (error instanceof DroneApiError) {
    const where = error.location ? ` (to ${error.location})` : "";
    const said = error.droneMessage ? `: ${error.droneMessage}` : "";
    const advice = statusAdvice(error);
    return `Drone answered HTTP ${error.status}${where}${said}. ${advice}`.trim();
  }
  if (error instanceof DroneNetworkError) {
    const message = describeNetworkError(error);
    return error.proxied
      ? `${message} Requests go through the proxy set in HTTPS_PROXY/HTTP_PROXY (unless NO_PROXY names the host): check it too.`
      : message;
  }
  if (error instanceof DroneResponseError) return error.message;
  if (error instanceof Error) return `Unexpected error: ${error.message}`;
  return `Unexpected error: ${String(error)}`;
}

function describeNetworkError(error: DroneNetworkError): string {
  switch (error.kind) {
    case "timeout":
      return `Drone at ${error.server} did not answer in time (${error.detail}). Check that DRONE_SERVER is reachable, or raise DRONE_TIMEOUT_MS.`;
    case "refused":
      return `Could not connect to Drone at ${error.server} (connection refused). Check DRONE_SERVER and that the server is running.`;
    case "dns":
      return `Could not resolve the host of DRONE_SERVER (${error.server}). Check the address for typos.`;
    case "tls":
      return `TLS problem talking to ${error.server}: ${error.detail}. For a private CA set NODE_EXTRA_CA_CERTS; check DRONE_SERVER's host name.`;
    case "reset":
      return `The connection to Drone at ${error.server} broke before the answer was complete (${error.detail}). Try again.`;
    default:
      return `Could not reach Drone at ${error.server}: ${error.detail}. Check DRONE_SERVER.`;
  }
}
