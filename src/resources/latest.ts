/**
 * drone://repos/{namespace}/{name}/branches (the latest build of each branch) and
 * drone://repos/{namespace}/{name}/deployments (the latest build per deploy target): Drone's
 * `latest` index, GET .../builds/branches and .../builds/deployments, newest build first.
 */
import { type McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { builds } from "../drone/api/index.js";
import type { DroneClient } from "../drone/client.js";
import { buildSummary } from "../drone/shape.js";
import type { Completers } from "./complete.js";
import { JSON_MIME, jsonContents } from "./contents.js";
import { missingWhat, toResourceError } from "./errors.js";
import { segmentVar, TEMPLATES } from "./uris.js";

type Kind = "branches" | "deployments";

const RESOURCES: Array<{ kind: Kind; resource: string; title: string; description: string }> = [
  {
    kind: "branches",
    resource: "branch-builds",
    title: "Latest build per branch",
    description:
      "The latest push build of each branch, newest first: number, status, branch, commit, author, message, times.",
  },
  {
    kind: "deployments",
    resource: "deployments",
    title: "Latest deployments",
    description:
      "The latest promote or rollback build per deploy target (deploy_to), newest first: what is deployed where.",
  },
];

export function registerLatestResources(mcp: McpServer, drone: DroneClient, complete: Completers): void {
  for (const { kind, resource, title, description } of RESOURCES) {
    mcp.registerResource(
      resource,
      new ResourceTemplate(TEMPLATES[kind], {
        list: undefined,
        complete: { namespace: complete.namespace, name: complete.name },
      }),
      { title, description, mimeType: JSON_MIME },
      async (uri, variables, extra) => {
        const namespace = segmentVar(variables, "namespace", uri.href);
        const name = segmentVar(variables, "name", uri.href);
        try {
          const found = await builds.latestIndex(drone, { namespace, name }, kind, extra);
          return jsonContents(uri.href, found.map(buildSummary));
        } catch (error) {
          throw toResourceError(error, uri.href, (e) => missingWhat(e, `${namespace}/${name}`));
        }
      },
    );
  }
}
