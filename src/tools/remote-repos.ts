/** Repositories as the source host (GitHub, GitLab...) shows them to the user, live. */
import * as z from "zod";
import { user } from "../drone/api/index.js";
import { DroneApiError, UserError } from "../drone/errors.js";
import { compact } from "../drone/shape.js";
import type { Repo } from "../drone/types.js";
import { defineTool, READ } from "./define.js";
import { done, objectResult, pagedList } from "./format.js";
import { localPage, repo } from "./params.js";

function remoteSummary(r: Repo) {
  return compact({
    slug: r.slug || `${r.namespace}/${r.name}`,
    visibility: r.visibility,
    default_branch: r.default_branch,
    archived: r.archived || undefined,
    link: r.link,
  });
}

export const remoteRepoTools = [
  defineTool({
    name: "list_remote_repos",
    title: "Source host repositories",
    description: "List the repos the source host (GitHub, GitLab...) shows you, in Drone or not.",
    toolset: "user",
    input: z.object({ ...localPage }),
    annotations: READ,
    handler: async (a, { drone, signal }) => {
      const repos = await user.remoteRepos(drone, { signal });
      return pagedList("repositories on the source host", repos.map(remoteSummary), a);
    },
  }),
  defineTool({
    name: "get_remote_repo",
    title: "Source host repository",
    description: "Look a repo up on the source host with your permissions there (admin/write/read).",
    toolset: "user",
    input: z.object(repo),
    annotations: READ,
    handler: async (a, { drone, signal }) => {
      let found: Repo | null;
      try {
        found = await user.remoteRepo(drone, a, { signal });
      } catch (error) {
        // Drone passes any source-host error on as 500 with the host's message.
        if (error instanceof DroneApiError && error.status === 500) {
          throw new UserError(
            `The source host did not give ${a.namespace}/${a.name}${error.droneMessage ? ` (${error.droneMessage})` : ""}: it does not exist there or your account cannot see it.`,
          );
        }
        throw error;
      }
      if (!found) return done("Drone returned no repository.");
      return objectResult(`${found.slug} on the source host.`, {
        ...remoteSummary(found),
        ...(found.permissions ? { permissions: found.permissions } : {}),
      });
    },
  }),
];
