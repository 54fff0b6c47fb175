/**
 * Drone's web addresses: reading a pasted build URL (https://drone.example.com/owner/repo/42,
 * optionally /stage/step, or an API URL) and writing a build's web link.
 */
import { UserError } from "./errors.js";

export interface DroneUrlParts {
  namespace: string;
  name: string;
  build?: number;
  stage?: number;
  step?: number;
}

const URL_SHAPE = "https://drone.example.com/owner/repo/42 (optionally /stage/step)";

function positive(value: string, what: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new UserError(`The URL's ${what} "${value}" is not a number; expected ${URL_SHAPE}.`);
  }
  return Number(value);
}

/** The URL's path below the server's own prefix (DRONE_SERVER=https://host/drone), as decoded parts. */
function pathParts(url: URL, server: string): string[] {
  let path = url.pathname;
  const base = new URL(server);
  const prefix = base.pathname.replace(/\/+$/, "");
  if (url.host === base.host && prefix && (path === prefix || path.startsWith(`${prefix}/`))) {
    path = path.slice(prefix.length);
  }
  try {
    return path
      .split("/")
      .filter((p) => p.length > 0)
      .map((p) => decodeURIComponent(p));
  } catch {
    throw new UserError(`The URL's path is not valid percent-encoding; expected ${URL_SHAPE}.`);
  }
}

/** The repo, build, stage and step in a Drone web URL (or an API URL). */
export function parseDroneUrl(text: string, server: string): DroneUrlParts {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new UserError(`"${text.slice(0, 100)}" is not a URL; expected ${URL_SHAPE}.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UserError(`"${text.slice(0, 200)}" is not a web URL; expected ${URL_SHAPE}.`);
  }
  let parts = pathParts(url, server);
  if (parts[0] === "api" && parts[1] === "repos") {
    parts = parts.slice(2).filter((p, i) => !(i === 2 && p === "builds") && !(i === 4 && p === "logs"));
  }
  const [namespace, name, build, stage, step] = parts;
  if (!namespace || !name || parts.length > 5) {
    throw new UserError(`"${text.slice(0, 200)}" is not a Drone build URL; expected ${URL_SHAPE}.`);
  }
  return {
    namespace,
    name,
    ...(build !== undefined ? { build: positive(build, "build number") } : {}),
    ...(stage !== undefined ? { stage: positive(stage, "stage number") } : {}),
    ...(step !== undefined ? { step: positive(step, "step number") } : {}),
  };
}

/** The Drone web page of a build. */
export function buildWebUrl(server: string, namespace: string, name: string, build: number): string {
  return `${server}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/${build}`;
}
