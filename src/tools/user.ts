/** The `user` toolset: the token's own user and repositories. */
import * as z from "zod";
import { user as userApi } from "../drone/api/index.js";
import { repoSummary, userSummary } from "../drone/shape.js";
import { CREATE, defineTool, READ } from "./define.js";
import { done, listResult, objectResult, pagedList } from "./format.js";
import { localPage } from "./params.js";
import {
  byLatestBuild,
  describeFilter,
  filterRepos,
  repoNamespace,
  repoQuery,
  repoRow,
  repoStatus,
} from "./repo-filters.js";

export const userTools = [
  defineTool({
    name: "get_current_user",
    title: "Current user",
    description: "Show who the Drone token belongs to (login, email, admin).",
    toolset: "user",
    input: z.object({}),
    annotations: READ,
    handler: async (_args, { drone, signal }) => {
      const user = await userApi.self(drone, { signal });
      if (!user) return done("Drone returned no user.");
      return objectResult(`Logged in as ${user.login}${user.admin ? " (admin)" : ""}.`, userSummary(user));
    },
  }),
  defineTool({
    name: "list_user_repos",
    title: "My repositories",
    description: "Your repositories; status=failing: the red ones.",
    toolset: "user",
    input: z.object({
      latest: z.boolean().optional().describe("With latest builds"),
      status: repoStatus,
      query: repoQuery,
      namespace: repoNamespace,
      active: z.boolean().optional().describe("Active"),
      ...localPage,
    }),
    annotations: READ,
    handler: async (a, { drone, signal }) => {
      const latest = a.latest === true || a.status !== undefined;
      const repos = await userApi.repos(drone, { latest }, { signal });
      const matched = filterRepos(repos, a);
      const filter = describeFilter(a);
      const order = latest ? ", newest build first" : "";
      const summary = filter
        ? `${matched.length} of your ${repos.length} repositories${filter}${order}.`
        : `${repos.length} repositories${order}.`;
      return pagedList("repositories", (latest ? byLatestBuild(matched) : matched).map(repoRow), a, { summary });
    },
  }),
  defineTool({
    name: "sync_user_repos",
    title: "Sync repositories",
    description: "Refresh the user's repository list from the source host (GitHub, GitLab...).",
    toolset: "user",
    input: z.object({
      async: z.boolean().optional().describe("Start the sync in the background and return at once"),
    }),
    annotations: { ...CREATE, idempotentHint: true },
    handler: async ({ async }, { drone, signal }) => {
      const repos = await userApi.syncRepos(drone, async === true, { signal });
      if (!repos) return done("Repository sync started in the background.");
      return listResult("repositories after sync", repos.map(repoSummary));
    },
  }),
];
