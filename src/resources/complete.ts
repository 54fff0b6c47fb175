/**
 * Argument completion for the resource templates (completion/complete): namespace and name from
 * the user's repositories, build from the repo's recent builds (plus `latest`), stage and step
 * from that build. Earlier arguments come from the request's context; without them there is
 * nothing to suggest. The SDK sends at most 100 values and reports the total.
 */
import type { CompleteResourceTemplateCallback } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ErrorCode } from "@modelcontextprotocol/sdk/types.js";
import { builds, user } from "../drone/api/index.js";
import type { DroneClient } from "../drone/client.js";
import { DroneApiError, describeError } from "../drone/errors.js";
import { segmentProblem } from "../drone/path.js";
import { buildOfRef } from "./build-ref.js";
import { ResourceError } from "./errors.js";
import { type BuildRef, RECENT_BUILDS } from "./uris.js";

type Context = Parameters<CompleteResourceTemplateCallback>[1];

export type Completers = Record<"namespace" | "name" | "build" | "stage" | "step", CompleteResourceTemplateCallback>;

function startsWith(value: string, prefix: string): boolean {
  return value.toLowerCase().startsWith(prefix.toLowerCase());
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function segmentArg(context: Context, key: string): string | undefined {
  const value = context?.arguments?.[key];
  return value !== undefined && !segmentProblem(value) ? value : undefined;
}

function numberArg(context: Context, key: string): number | undefined {
  const value = context?.arguments?.[key];
  return value && /^[1-9]\d{0,15}$/.test(value) ? Number(value) : undefined;
}

function buildArg(context: Context): BuildRef | undefined {
  const value = context?.arguments?.build;
  return value === "latest" || value === "failed" ? value : numberArg(context, "build");
}

/** Nothing to suggest when Drone says the repo or build is not there; other failures are errors. */
async function guarded(run: () => Promise<string[]>): Promise<string[]> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DroneApiError && (error.status === 404 || error.status === 400)) return [];
    throw new ResourceError(ErrorCode.InternalError, describeError(error));
  }
}

export function completers(drone: DroneClient): Completers {
  const stagesOf = async (context: Context) => {
    const namespace = segmentArg(context, "namespace");
    const name = segmentArg(context, "name");
    const build = buildArg(context);
    if (!namespace || !name || build === undefined) return [];
    return (await buildOfRef(drone, { namespace, name }, build)).build.stages ?? [];
  };

  return {
    namespace: (value) =>
      guarded(async () => {
        const repos = await user.repos(drone);
        return unique(repos.map((r) => r.namespace).filter((ns) => startsWith(ns, value))).sort();
      }),
    name: (value, context) =>
      guarded(async () => {
        const namespace = segmentArg(context, "namespace");
        const repos = await user.repos(drone);
        const names = repos
          .filter((r) => namespace === undefined || r.namespace === namespace)
          .map((r) => r.name)
          .filter((n) => startsWith(n, value));
        return unique(names).sort();
      }),
    build: (value, context) =>
      guarded(async () => {
        const namespace = segmentArg(context, "namespace");
        const name = segmentArg(context, "name");
        if (!namespace || !name) return [];
        const recent = await builds.list(drone, { namespace, name }, { per_page: RECENT_BUILDS });
        return ["latest", "failed", ...recent.map((b) => String(b.number))].filter((b) => startsWith(b, value));
      }),
    stage: (value, context) =>
      guarded(async () => {
        const stages = await stagesOf(context);
        return stages.map((s) => String(s.number)).filter((n) => n.startsWith(value));
      }),
    step: (value, context) =>
      guarded(async () => {
        const stage = numberArg(context, "stage");
        if (stage === undefined) return [];
        const steps = (await stagesOf(context)).find((s) => s.number === stage)?.steps ?? [];
        return steps.map((s) => String(s.number)).filter((n) => n.startsWith(value));
      }),
  };
}
