/**
 * drone://repos (the user's repositories) and drone://repos/{namespace}/{name} (one repository).
 * resources/list shows the repositories as resources, capped: the SDK's list handler has no
 * cursor, so a user with thousands of repos would otherwise get them all in one answer.
 */
import { type McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { ListResourcesResult } from "@modelcontextprotocol/sdk/types.js";
import { repos as reposApi, user } from "../drone/api/index.js";
import type { DroneClient } from "../drone/client.js";
import { describeError } from "../drone/errors.js";
import { repoDetail, repoSummary } from "../drone/shape.js";
import type { Repo } from "../drone/types.js";
import { estimateTokens } from "../tokens.js";
import { DEFAULT_RESULT_TOKENS } from "../tools/budget.js";
import type { Completers } from "./complete.js";
import { JSON_MIME, jsonContents } from "./contents.js";
import { missingWhat, toResourceError } from "./errors.js";
import { REPOS_URI, repoUri, segmentVar, TEMPLATES } from "./uris.js";

/**
 * The repositories as a JSON array when they fit the answer budget; else the first that fit in
 * an object that says how many there are and how to get the rest (list_user_repos).
 */
export function withinBudget(items: readonly Record<string, unknown>[], budget = DEFAULT_RESULT_TOKENS): unknown {
  let used = estimateTokens(JSON.stringify(items.slice(0, 0))) + 120;
  let shown = 0;
  for (const item of items) {
    const cost = estimateTokens(JSON.stringify(item)) + 1;
    if (used + cost > budget) break;
    used += cost;
    shown++;
  }
  if (shown === items.length) return items;
  return {
    total: items.length,
    shown,
    note: `The first ${shown} of ${items.length} repositories, by slug, to stay within ${budget} tokens. list_user_repos filters them (status, query, namespace, active) and pages them (offset).`,
    items: items.slice(0, shown),
  };
}

/** Most repositories resources/list returns. */
export const LIST_LIMIT = 100;

export function registerRepoResources(
  mcp: McpServer,
  drone: DroneClient,
  complete: Completers,
  log?: (line: string) => void,
): void {
  mcp.registerResource(
    "repos",
    REPOS_URI,
    {
      title: "My repositories",
      description:
        "Your repositories: slug, active, default branch, latest build status (as many as fit 8,000 tokens, with a note when more).",
      mimeType: JSON_MIME,
    },
    async (uri, extra) => {
      try {
        const repos = await user.repos(drone, { latest: true }, extra);
        return jsonContents(uri.href, withinBudget(repos.map(repoSummary)));
      } catch (error) {
        throw toResourceError(
          error,
          uri.href,
          () =>
            `Drone answered 404 to the list of your repositories: check that DRONE_SERVER is the Drone server address (${drone.server}).`,
        );
      }
    },
  );

  mcp.registerResource(
    "repo",
    new ResourceTemplate(TEMPLATES.repo, {
      list: async (extra) => listRepos(drone, extra.signal, log),
      complete: { namespace: complete.namespace, name: complete.name },
    }),
    {
      title: "Repository",
      description: `One repository's settings and permissions. resources/list shows up to ${LIST_LIMIT} of your repositories: read ${REPOS_URI} for all of them.`,
      mimeType: JSON_MIME,
    },
    async (uri, variables, extra) => {
      const namespace = segmentVar(variables, "namespace", uri.href);
      const name = segmentVar(variables, "name", uri.href);
      try {
        const repo = await reposApi.get(drone, { namespace, name }, extra);
        return jsonContents(uri.href, repoDetail(repo));
      } catch (error) {
        throw toResourceError(error, uri.href, (e) => missingWhat(e, `${namespace}/${name}`));
      }
    },
  );
}

/**
 * The user's repositories as resources (at most LIST_LIMIT). A Drone failure leaves them out
 * and is logged, so resources/list still answers with drone://repos, whose read reports it.
 */
async function listRepos(
  drone: DroneClient,
  signal: AbortSignal,
  log?: (line: string) => void,
): Promise<ListResourcesResult> {
  let repos: Repo[];
  try {
    repos = await user.repos(drone, {}, { signal });
  } catch (error) {
    log?.(`resources/list: could not list repositories: ${describeError(error)}`);
    return { resources: [] };
  }
  return {
    resources: repos.slice(0, LIST_LIMIT).map((repo) => ({
      uri: repoUri(repo.namespace, repo.name),
      name: repo.slug || `${repo.namespace}/${repo.name}`,
      title: repo.slug || `${repo.namespace}/${repo.name}`,
      description: `Drone repository (default branch ${repo.default_branch || "unknown"}${repo.active ? "" : ", not active"})`,
      mimeType: JSON_MIME,
    })),
  };
}
