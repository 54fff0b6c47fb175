/** User accounts (the `admin` toolset): list, create, inspect, update and delete Drone users. */
import * as z from "zod";
import { users } from "../drone/api/index.js";
import { UserError } from "../drone/errors.js";
import { userSummary } from "../drone/shape.js";
import { CREATE, DESTRUCTIVE, defineTool, READ, UPDATE } from "./define.js";
import { done, objectResult, pagedList } from "./format.js";
import { localPage, segment } from "./params.js";

const login = segment("User login (or numeric id)");

export const userAdminTools = [
  defineTool({
    name: "list_users",
    title: "List users",
    description: "List every Drone user account (admin).",
    toolset: "admin",
    input: z.object({ query: z.string().min(1).optional().describe("Login or email contains"), ...localPage }),
    annotations: READ,
    handler: async (a, { drone, signal }) => {
      const found = await users.list(drone, { signal });
      const query = a.query?.toLowerCase();
      const matched = query
        ? found.filter((u) => u.login.toLowerCase().includes(query) || u.email?.toLowerCase().includes(query))
        : found;
      const summary = query ? `${matched.length} of ${found.length} users match "${a.query}".` : undefined;
      return pagedList("users", matched.map(userSummary), a, summary ? { summary } : {});
    },
  }),
  defineTool({
    name: "create_user",
    title: "Create user",
    description: "Create a Drone user or machine account (admin).",
    toolset: "admin",
    input: z.object({
      login: z
        .string()
        .regex(/^[.a-zA-Z0-9_-]{1,50}$/, "1-50 letters, digits, '.', '_' or '-'")
        .describe("Login (SCM user name, or any name for a machine)"),
      admin: z.boolean().optional().describe("Make the user a system admin"),
      machine: z.boolean().optional().describe("Machine account (for scripts; Drone returns its token)"),
      token: z.string().min(1).optional().describe("API token to assign (default: random)"),
    }),
    annotations: CREATE,
    privileged: (a) => (a.admin ? "makes a new system admin" : undefined),
    handler: async (a, { drone, signal }) => {
      const user = await users.create(drone, a, { signal });
      if (!user) return done(`User ${a.login} created.`);
      const kind = user.machine ? "machine user" : "user";
      const data: Record<string, unknown> = userSummary(user);
      let summary = `Created ${kind} ${user.login}${user.admin ? " (admin)" : ""}.`;
      if (user.token) {
        data.token = user.token;
        summary += " Drone shows this machine token only now: store it somewhere safe.";
      }
      return objectResult(summary, data);
    },
  }),
  defineTool({
    name: "get_user",
    title: "Get user",
    description: "Show one Drone user account by login or id (admin).",
    toolset: "admin",
    input: z.object({ login }),
    annotations: READ,
    handler: async (a, { drone, signal }) => {
      const user = await users.get(drone, a.login, { signal });
      if (!user) return done("Drone returned no user.");
      return objectResult(`User ${user.login}${user.admin ? " (admin)" : ""}.`, userSummary(user));
    },
  }),
  defineTool({
    name: "update_user",
    title: "Update user",
    description: "Grant or revoke admin, or block/unblock a Drone user (admin).",
    toolset: "admin",
    input: z.object({
      login,
      admin: z.boolean().optional().describe("System admin or not"),
      active: z.boolean().optional().describe("false blocks the user (and drops admin)"),
    }),
    annotations: UPDATE,
    privileged: (a) =>
      a.admin === true
        ? "grants system admin"
        : a.admin === false
          ? "revokes system admin"
          : a.active === false
            ? "blocks the user"
            : undefined,
    handler: async (a, { drone, signal }) => {
      if (a.admin === undefined && a.active === undefined) {
        throw new UserError("Nothing to change: give admin and/or active (the only fields Drone updates).");
      }
      const user = await users.update(drone, a.login, { admin: a.admin, active: a.active }, { signal });
      if (!user) return done(`User ${a.login} updated.`);
      const state = `${user.active ? "active" : "blocked"}${user.admin ? ", admin" : ""}`;
      return objectResult(`User ${user.login} updated: ${state}.`, userSummary(user));
    },
  }),
  defineTool({
    name: "delete_user",
    title: "Delete user",
    description: "Permanently delete a Drone user account (admin).",
    toolset: "admin",
    input: z.object({ login }),
    annotations: DESTRUCTIVE,
    handler: async (a, { drone, signal }) => {
      await users.remove(drone, a.login, { signal });
      return done(`User ${a.login} deleted.`);
    },
  }),
];
