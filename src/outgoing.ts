/**
 * The one funnel every message leaving the server passes through, whatever the transport:
 * each string in it has the secrets of this server's context redacted (the Drone token in
 * every form it can take: as is, JSON-escaped, percent-encoded, and any `access_token=` or
 * `token=` URL parameter), and a message larger than clients accept is replaced by an error
 * that says how to ask for less. Tool results of every content type, structuredContent,
 * progress and log notifications, resource contents and errors, completions and prompts are
 * all just messages here, so none can bypass it. stderr lines go through the same redactor.
 */
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { formatBytes } from "./bytes.js";

/**
 * Largest message sent: well under the 10 MiB at which the SDK's stdio client (and others
 * modelled on it) gives up and closes the connection.
 */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

export const REDACTED = "[redacted]";

/** Credentials passed as URL parameters (a redirect's Location, a proxy's error page). */
const URL_CREDENTIALS = /([?&;](?:access_token|token|private_token|api_key|apikey|password)=)[\w.~%+/=-]+/gi;

export type Redactor = (text: string) => string;

/** Below this length a secret is redacted where it stands alone, so that "type" survives a token "t". */
const SHORT_SECRET = 8;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A redactor for the given secrets, whatever their length. A secret of 8 characters or more is
 * replaced wherever it occurs; a shorter one wherever it stands as a whole word (not inside a
 * longer run of letters, digits, `_` or `-`), so that it never leaks as a value and the
 * protocol's own words stay intact.
 */
export function makeRedactor(secrets: Iterable<string>): Redactor {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
    forms.add(encodeURIComponent(secret));
  }
  // Longest first, so that no form is left half-replaced by a shorter one.
  const ordered = [...forms].filter((form) => form !== "").sort((a, b) => b.length - a.length);
  const long = ordered.filter((form) => form.length >= SHORT_SECRET);
  const short = ordered.filter((form) => form.length < SHORT_SECRET);
  const shortPattern =
    short.length > 0
      ? new RegExp(`(?<![A-Za-z0-9])(?:${short.map(escapeRegExp).join("|")})(?![A-Za-z0-9])`, "g")
      : undefined;
  return (text) => {
    let out = text;
    for (const form of long) if (out.includes(form)) out = out.split(form).join(REDACTED);
    if (shortPattern && short.some((form) => out.includes(form))) out = out.replace(shortPattern, REDACTED);
    if (out.includes("=")) out = out.replace(URL_CREDENTIALS, `$1${REDACTED}`);
    return out;
  };
}

/** A copy of `value` with every string (keys included) passed through `redact`; unchanged parts are shared. */
export function redactDeep<T>(value: T, redact: Redactor): T {
  if (typeof value === "string") return redact(value) as T;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((item) => {
      const clean = redactDeep(item, redact);
      if (clean !== item) changed = true;
      return clean;
    });
    return (changed ? out : value) as T;
  }
  if (value && typeof value === "object") {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const cleanKey = redact(key);
      const clean = redactDeep(item, redact);
      if (clean !== item || cleanKey !== key) changed = true;
      out[cleanKey] = clean;
    }
    return (changed ? out : value) as T;
  }
  return value;
}

/** The message with its payload redacted; the JSON-RPC envelope (jsonrpc, id, method) is kept as is. */
export function redactMessage(message: JSONRPCMessage, redact: Redactor): JSONRPCMessage {
  const out: Record<string, unknown> = { ...message };
  for (const key of ["params", "result", "error"] as const) {
    if (key in out) out[key] = redactDeep(out[key], redact);
  }
  return out as unknown as JSONRPCMessage;
}

export interface GuardOptions {
  /** The secrets of this server's context (the token of the user it serves), read at each message. */
  secrets: () => Iterable<string>;
  /** Where a dropped message is reported (stderr). */
  log?: (line: string) => void;
  maxBytes?: number;
}

/**
 * The message as it may leave: redacted, and, when larger than maxBytes, replaced by an error
 * answer to the same request (or dropped, for a notification, with a line on the log).
 */
export function guardMessage(message: JSONRPCMessage, options: GuardOptions): JSONRPCMessage | undefined {
  const redacted = redactMessage(message, makeRedactor(options.secrets()));
  const maxBytes = options.maxBytes ?? MAX_MESSAGE_BYTES;
  const size = Buffer.byteLength(JSON.stringify(redacted));
  if (size <= maxBytes) return redacted;
  const what = `${formatBytes(size)} of JSON, over the ${formatBytes(maxBytes)} one message may carry`;
  if ("id" in redacted && redacted.id !== undefined && ("result" in redacted || "error" in redacted)) {
    options.log?.(`an answer of ${what} was replaced by an error`);
    return {
      jsonrpc: "2.0",
      id: redacted.id,
      error: {
        code: -32603,
        message: `The answer was ${what}, so it was not sent. Ask for less: a smaller page or filter, a line window of a log (get_build_logs with offset/limit), or search_build_logs.`,
      },
    };
  }
  options.log?.(`a message (${"method" in redacted ? redacted.method : "answer"}) of ${what} was not sent`);
  return undefined;
}

/** Makes every message the transport sends pass through guardMessage. Returns the same transport. */
export function guardTransport<T extends Transport>(transport: T, options: GuardOptions): T {
  const send = transport.send.bind(transport);
  transport.send = async (message, sendOptions) => {
    const safe = guardMessage(message, options);
    if (safe) await send(safe, sendOptions);
  };
  return transport;
}
