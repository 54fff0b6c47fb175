/**
 * Repository collaborators: the permissions Drone caches per user from the source host
 * (re-synced when older than an hour). List/get need repo read; remove needs repo admin.
 */
import * as z from "zod";
import { repos } from "../drone/api/index.js";
import type { Perm } from "../drone/types.js";
import { DESTRUCTIVE, defineTool, READ } from "./define.js";
import { done, objectResult, pagedList } from "./format.js";
import { localPage, repo, segment } from "./params.js";

/** The highest of admin / write / read, or none. */
export function permissionLevel(perm: Perm): "admin" | "write" | "read" | "none" {
  if (perm.admin) return "admin";
  if (perm.write) return "write";
  if (perm.read) return "read";
  return "none";
}

const login = segment("User login");

export const collaboratorTools = [
  defineTool({
    name: "list_collaborators",
    title: "Collaborators",
    description: "List the users Drone knows on a repo and their permission (admin/write/read).",
    toolset: "repos",
    input: z.object({ ...repo, ...localPage }),
    annotations: READ,
    handler: async (a, { drone, signal }) => {
      const members = await repos.collaborators(drone, a, { signal });
      return pagedList(
        "collaborators",
        members.map((m) => ({ login: m.login, permission: permissionLevel(m) })),
        a,
      );
    },
  }),
  defineTool({
    name: "get_collaborator",
    title: "Collaborator",
    description: "Show one user's permission on a repo as Drone has it cached.",
    toolset: "repos",
    input: z.object({ ...repo, login }),
    annotations: READ,
    handler: async (a, { drone, signal }) => {
      const perm = await repos.permission(drone, a, a.login, { signal });
      if (!perm) return done("Drone returned no permission.");
      const level = permissionLevel(perm);
      return objectResult(`${a.login} has ${level} permission on ${a.namespace}/${a.name}.`, {
        login: a.login,
        permission: level,
        ...perm,
      });
    },
  }),
  defineTool({
    name: "remove_collaborator",
    title: "Remove collaborator",
    description: "Drop a user's cached permission on a repo, e.g. a stale one (needs repo admin).",
    toolset: "repos",
    input: z.object({ ...repo, login }),
    annotations: DESTRUCTIVE,
    handler: async (a, { drone, signal }) => {
      await repos.removeCollaborator(drone, a, a.login, { signal });
      return done(
        `${a.login}'s permission on ${a.namespace}/${a.name} removed from Drone; it comes back at their next sync if the source host still grants it.`,
      );
    },
  }),
];
