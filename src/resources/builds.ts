/**
 * drone://repos/{namespace}/{name}/builds (the 25 most recent builds) and
 * drone://repos/{namespace}/{name}/builds/{build} (one build with stages and steps).
 */
import { type McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { builds } from "../drone/api/index.js";
import { fittedBuildDetail } from "../drone/big-build.js";
import type { DroneClient } from "../drone/client.js";
import { buildSummary } from "../drone/shape.js";
import { DEFAULT_RESULT_TOKENS } from "../tools/budget.js";
import { buildOfRef } from "./build-ref.js";
import type { Completers } from "./complete.js";
import { JSON_MIME, jsonContents } from "./contents.js";
import { missingWhat, toResourceError } from "./errors.js";
import { type BuildRef, buildVar, RECENT_BUILDS, segmentVar, TEMPLATES } from "./uris.js";

/** "Build #7" or "The latest build of the default branch", for not-found messages. */
export function buildLabel(build: BuildRef): string {
  if (build === "failed") return "A build";
  return build === "latest" ? "A build of the default branch" : `Build #${build}`;
}

export function registerBuildResources(mcp: McpServer, drone: DroneClient, complete: Completers): void {
  mcp.registerResource(
    "builds",
    new ResourceTemplate(TEMPLATES.builds, {
      list: undefined,
      complete: { namespace: complete.namespace, name: complete.name },
    }),
    {
      title: "Recent builds",
      description: `A repository's ${RECENT_BUILDS} most recent builds: number, status, event, branch, commit, author, message, times.`,
      mimeType: JSON_MIME,
    },
    async (uri, variables, extra) => {
      const namespace = segmentVar(variables, "namespace", uri.href);
      const name = segmentVar(variables, "name", uri.href);
      try {
        const found = await builds.list(drone, { namespace, name }, { per_page: RECENT_BUILDS }, extra);
        return jsonContents(uri.href, found.map(buildSummary));
      } catch (error) {
        throw toResourceError(error, uri.href, (e) => missingWhat(e, `${namespace}/${name}`));
      }
    },
  );

  mcp.registerResource(
    "build",
    new ResourceTemplate(TEMPLATES.build, {
      list: undefined,
      complete: { namespace: complete.namespace, name: complete.name, build: complete.build },
    }),
    {
      title: "Build",
      description:
        'One build with its stages and steps (number, name, status, exit code); build is a number, "latest" (default branch) or "failed" (the newest failed build).',
      mimeType: JSON_MIME,
    },
    async (uri, variables, extra) => {
      const namespace = segmentVar(variables, "namespace", uri.href);
      const name = segmentVar(variables, "name", uri.href);
      const build = buildVar(variables, uri.href);
      const slug = `${namespace}/${name}`;
      try {
        const found = await buildOfRef(drone, { namespace, name }, build, extra);
        return jsonContents(uri.href, {
          ...fittedBuildDetail(found.build, DEFAULT_RESULT_TOKENS),
          ...(found.chosen ? { chosen: found.chosen } : {}),
        });
      } catch (error) {
        throw toResourceError(error, uri.href, (e) => missingWhat(e, slug, buildLabel(build)));
      }
    },
  );
}
