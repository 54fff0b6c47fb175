/** The `user` toolset: the token's own user and repositories. */
import * as z from "zod";
import { user as userApi } from "../drone/api/index.js";
import { repoSummary, userSummary } from "../drone/shape.js";
import { CREATE, defineTool, READ } from "./define.js";
import { done, listResult, objectResult } from "./format.js";

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
    description: "List repositories the user can access, optionally with each one's latest build.",
    toolset: "user",
    input: z.object({
      latest: z.boolean().optional().describe("Include each repo's latest build"),
      active: z.boolean().optional().describe("Only active (true) or inactive (false) repos"),
    }),
    annotations: READ,
    handler: async ({ latest, active }, { drone, signal }) => {
      const repos = await userApi.repos(drone, { latest }, { signal });
      const shown = active === undefined ? repos : repos.filter((r) => r.active === active);
      return listResult("repositories", shown.map(repoSummary));
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
