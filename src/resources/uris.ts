/**
 * The drone:// resource URIs: the RFC 6570 templates the server registers, builders for concrete
 * URIs (each segment percent-encoded), and the checked reading of a matched template's variables.
 */
import type { Variables } from "@modelcontextprotocol/sdk/shared/uriTemplate.js";
import { segmentProblem } from "../drone/path.js";
import { resourceNotFound } from "./errors.js";

export const REPOS_URI = "drone://repos";

export const TEMPLATES = {
  repo: "drone://repos/{namespace}/{name}",
  builds: "drone://repos/{namespace}/{name}/builds",
  build: "drone://repos/{namespace}/{name}/builds/{build}",
  log: "drone://repos/{namespace}/{name}/builds/{build}/logs/{stage}/{step}",
  branches: "drone://repos/{namespace}/{name}/branches",
  deployments: "drone://repos/{namespace}/{name}/deployments",
} as const;

/** A build number, `latest` (the newest build of the default branch) or `failed` (the newest failed build). */
export type BuildRef = number | "latest" | "failed";

const enc = encodeURIComponent;

export function repoUri(namespace: string, name: string): string {
  return `${REPOS_URI}/${enc(namespace)}/${enc(name)}`;
}

export function buildsUri(namespace: string, name: string): string {
  return `${repoUri(namespace, name)}/builds`;
}

export function buildUri(namespace: string, name: string, build: BuildRef): string {
  return `${buildsUri(namespace, name)}/${build}`;
}

export function logUri(namespace: string, name: string, build: BuildRef, stage: number, step: number): string {
  return `${buildUri(namespace, name, build)}/logs/${stage}/${step}`;
}

function rawVar(variables: Variables, key: string): string {
  const value = variables[key];
  return Array.isArray(value) ? value.join(",") : (value ?? "");
}

/** A namespace or name from a matched URI: percent-decoded and checked as a path segment. */
export function segmentVar(variables: Variables, key: string, uri: string): string {
  const raw = rawVar(variables, key);
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    throw resourceNotFound(uri, `No such resource: ${key} ${JSON.stringify(raw)} is not valid percent-encoding.`);
  }
  const problem = segmentProblem(value);
  if (problem) throw resourceNotFound(uri, `No such resource: ${key} ${JSON.stringify(value)} ${problem}.`);
  return value;
}

/** A stage or step number (1-based) from a matched URI. */
export function numberVar(variables: Variables, key: string, uri: string): number {
  const raw = rawVar(variables, key);
  const value = /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value)) {
    throw resourceNotFound(uri, `No such resource: ${key} must be a number from 1, not ${JSON.stringify(raw)}.`);
  }
  return value;
}

/** A build number, `latest` or `failed` from a matched URI. */
export function buildVar(variables: Variables, uri: string): BuildRef {
  const raw = rawVar(variables, "build");
  if (raw === "latest" || raw === "failed") return raw;
  try {
    return numberVar(variables, "build", uri);
  } catch {
    throw resourceNotFound(
      uri,
      `No such resource: build must be a build number, "latest" or "failed", not ${JSON.stringify(raw)}.`,
    );
  }
}

/** How many builds the builds resource holds and build completion offers. */
export const RECENT_BUILDS = 25;
