/**
 * The token's own account (email, API token) and two admin views of other users: their
 * repositories and a token rotation. A token is returned only in the answer to
 * get_user_token / rotate_user_token, never logged.
 */
import * as z from "zod";
import { user as userApi, users } from "../drone/api/index.js";
import { repoSummary, userSummary } from "../drone/shape.js";
import { DESTRUCTIVE, defineTool, READ, UPDATE } from "./define.js";
import { done, objectResult, pagedList } from "./format.js";
import { localPage, segment } from "./params.js";

const login = segment("User login");
/** Rotations make a new token each call. */
const ROTATE = { ...DESTRUCTIVE, idempotentHint: false };

export const accountTools = [
  defineTool({
    name: "update_current_user",
    title: "Update my email",
    description: "Change the email address of the token's Drone user.",
    toolset: "user",
    input: z.object({ email: z.email().describe("New email address") }),
    annotations: UPDATE,
    handler: async ({ email }, { drone, signal }) => {
      const user = await userApi.updateEmail(drone, email, { signal });
      if (!user) return done("Drone returned no user.");
      return objectResult(`Email of ${user.login} is now ${user.email}.`, userSummary(user));
    },
  }),
  defineTool({
    name: "get_user_token",
    title: "My API token",
    description: "Show your Drone API token unless it is drone-mcp's own DRONE_TOKEN.",
    toolset: "user",
    input: z.object({}),
    annotations: READ,
    handler: async (_args, { drone, signal }) => {
      const user = await userApi.token(drone, false, { signal });
      if (!user?.token) return done("Drone returned no token.");
      if (drone.redact(user.token) !== user.token) {
        // The token is the one drone-mcp itself uses: never echo DRONE_TOKEN into the conversation.
        return objectResult(
          `The API token of ${user.login} is the one drone-mcp is configured with (DRONE_TOKEN), so it is not shown here. Copy it from your Drone profile page: ${drone.server}/account`,
          { login: user.login, token_shown: false, same_as_drone_token: true },
        );
      }
      return objectResult(`API token of ${user.login} (keep it secret):`, { login: user.login, token: user.token });
    },
  }),
  defineTool({
    name: "rotate_user_token",
    title: "New API token",
    description: "Replace your Drone API token; the old one, also drone-mcp's DRONE_TOKEN, stops working.",
    toolset: "user",
    input: z.object({}),
    annotations: ROTATE,
    handler: async (_args, { drone, signal }) => {
      const user = await userApi.token(drone, true, { signal });
      if (!user?.token) return done("Drone returned no token.");
      return objectResult(
        `New API token of ${user.login} (keep it secret). The old token no longer works: put the new one in DRONE_TOKEN and restart drone-mcp, which cannot call Drone until then.`,
        { login: user.login, token: user.token },
      );
    },
  }),
  defineTool({
    name: "list_user_repos_of",
    title: "A user's repositories",
    description: "List the repositories another user has access to (needs admin).",
    toolset: "admin",
    input: z.object({ login, ...localPage }),
    annotations: READ,
    handler: async (a, { drone, signal }) => {
      const repos = await users.repos(drone, a.login, { signal });
      return pagedList(`repositories ${a.login} can access`, repos.map(repoSummary), a);
    },
  }),
  defineTool({
    name: "rotate_user_token_admin",
    title: "Rotate a user's token",
    description: "Give another user a new API token, ending the old one; Drone does not reveal it (needs admin).",
    toolset: "admin",
    input: z.object({ login }),
    annotations: ROTATE,
    handler: async (a, { drone, signal }) => {
      const user = await users.rotateToken(drone, a.login, { signal });
      return objectResult(
        `Token of ${a.login} rotated: the old one no longer works. Drone does not return the new token; ${a.login} can see it on their Drone account page (or with get_user_token).`,
        user ? userSummary(user) : { login: a.login },
      );
    },
  }),
];
