/**
 * Errors a resource read answers with: the protocol's resource-not-found error (-32002) with a
 * message naming what is missing, and every other failure worded by describeError as for tools.
 * The wire message is the plain sentence (no "MCP error" prefix): the protocol layer sends
 * `code`, `message` and `data` of whatever is thrown.
 */
import { ErrorCode } from "@modelcontextprotocol/sdk/types.js";
import { DroneApiError, describeError, UserError } from "../drone/errors.js";

/** MCP's "Resource not found" error code (not in the SDK's ErrorCode enum). */
export const RESOURCE_NOT_FOUND = -32002;

export class ResourceError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "ResourceError";
  }
}

export function resourceNotFound(uri: string, message: string, extra: Record<string, unknown> = {}): ResourceError {
  return new ResourceError(RESOURCE_NOT_FOUND, message, { uri, ...extra });
}

/** "Repository x/y not found" when Drone's repository check answered 404, else what the caller names. */
export function missingWhat(error: DroneApiError, slug: string, thing?: string): string {
  if (!thing || error.droneMessage === "Not Found") {
    return `Repository ${slug} not found, or your token cannot read it (Drone answers 404 for both).`;
  }
  return `${thing} not found in ${slug}.`;
}

/**
 * Maps anything a read threw: Drone 404 and bad path input become resource-not-found with the
 * message from `missing`; other failures keep describeError's advice (401, 403, network...).
 */
export function toResourceError(error: unknown, uri: string, missing: (error: DroneApiError) => string): unknown {
  if (error instanceof ResourceError) return error;
  if (error instanceof DroneApiError && error.status === 404) {
    return resourceNotFound(uri, missing(error), { drone: error.droneMessage });
  }
  if (error instanceof UserError) return resourceNotFound(uri, `No such resource: ${error.message}.`);
  if (error instanceof Error && error.name === "AbortError") return error;
  const data: Record<string, unknown> = { uri };
  if (error instanceof DroneApiError) data.status = error.status;
  return new ResourceError(ErrorCode.InternalError, describeError(error), data);
}
