/** The `repos` toolset: inspect, activate, configure, disable and repair repositories. */
import * as z from "zod";
import { repos } from "../drone/api/index.js";
import { UserError } from "../drone/errors.js";
import { repoDetail, repoSummary } from "../drone/shape.js";
import type { Repo } from "../drone/types.js";
import { DESTRUCTIVE, defineTool, READ, type ToolOutput, UPDATE } from "./define.js";
import { done, listResult, objectResult } from "./format.js";
import { page, repo } from "./params.js";

const slugOf = (a: { namespace: string; name: string }) => `${a.namespace}/${a.name}`;

function repoResult(repo: Repo | null, summary: string, fallback: string): ToolOutput {
  return repo ? objectResult(summary, repoDetail(repo)) : done(fallback);
}

/** Fields Drone applies only for system admins; anyone else's values are dropped silently. */
const SYSADMIN_FIELDS = ["trusted", "timeout", "throttle", "counter"] as const;

export const repoTools = [
  defineTool({
    name: "list_all_repos",
    title: "All repositories",
    description: "List every repository Drone knows, active or not (admin).",
    toolset: "admin",
    input: z.object({
      page,
      per_page: z.int().min(1).optional().describe("Items per page (default 25)"),
    }),
    annotations: READ,
    handler: async (a, { drone, signal }) => {
      const found = await repos.all(drone, a, { signal });
      return listResult("repositories", found.map(repoSummary), { page: a.page ?? 1, perPage: a.per_page ?? 25 });
    },
  }),
  defineTool({
    name: "get_repo",
    title: "Get repository",
    description: "Show a repository's Drone settings and your permissions on it.",
    toolset: "repos",
    input: z.object(repo),
    annotations: READ,
    handler: async (a, { drone, signal }) => {
      const found = await repos.get(drone, a, { signal });
      return repoResult(found, `Repository ${slugOf(a)}${found?.active ? "" : " (not active)"}.`, "No repository.");
    },
  }),
  defineTool({
    name: "enable_repo",
    title: "Enable repository",
    description: "Activate a repository in Drone so pushes trigger builds.",
    toolset: "repos",
    input: z.object(repo),
    annotations: UPDATE,
    handler: async (a, { drone, signal }) => {
      const enabled = await repos.enable(drone, a, { signal });
      return repoResult(enabled, `Repository ${slugOf(a)} enabled; you own its webhook.`, `Enabled ${slugOf(a)}.`);
    },
  }),
  defineTool({
    name: "update_repo",
    title: "Update repository",
    description: "Change a repository's Drone settings (visibility, config path, timeout...).",
    toolset: "repos",
    input: z.object({
      ...repo,
      visibility: z.enum(["public", "private", "internal"]).optional().describe("Who can see builds"),
      config_path: z.string().min(1).optional().describe("Pipeline file, e.g. .drone.yml"),
      protected: z.boolean().optional().describe("Require signed config (else builds need approval)"),
      trusted: z.boolean().optional().describe("Allow privileged containers (sysadmin only)"),
      timeout: z.int().min(1).optional().describe("Build timeout in minutes (sysadmin only)"),
      throttle: z.int().min(0).optional().describe("Max concurrent builds, 0 = no limit (sysadmin only)"),
      counter: z.int().min(0).optional().describe("Set the last build number (sysadmin only)"),
      ignore_forks: z.boolean().optional().describe("Ignore pull requests from forks"),
      ignore_pull_requests: z.boolean().optional().describe("Ignore all pull requests"),
      auto_cancel_pull_requests: z.boolean().optional().describe("Cancel older pending PR builds"),
      auto_cancel_pushes: z.boolean().optional().describe("Cancel older pending push builds"),
      auto_cancel_running: z.boolean().optional().describe("Also cancel running builds"),
    }),
    annotations: UPDATE,
    privileged: (a) => {
      const changes = [
        a.trusted !== undefined ? `${a.trusted ? "allows" : "forbids"} privileged containers (trusted)` : undefined,
        a.visibility !== undefined ? `makes its builds ${a.visibility}` : undefined,
        a.protected === false ? "stops requiring a signed pipeline file" : undefined,
      ].filter(Boolean);
      return changes.length > 0 ? changes.join(" and ") : undefined;
    },
    handler: async (a, { drone, signal }) => {
      const { namespace, name, ...patch } = a;
      if (Object.values(patch).every((v) => v === undefined)) {
        throw new UserError("Nothing to change: give at least one setting.");
      }
      const updated = await repos.update(drone, a, patch, { signal });
      if (!updated) return done(`Repository ${slugOf(a)} updated.`);
      const ignored = SYSADMIN_FIELDS.filter((f) => patch[f] !== undefined && updated[f] !== patch[f]);
      let summary = `Repository ${slugOf(a)} updated.`;
      if (ignored.length) {
        summary += ` Drone ignored ${ignored.join(", ")}: only system admins may change ${ignored.length > 1 ? "them" : "it"}.`;
      }
      return objectResult(summary, repoDetail(updated));
    },
  }),
  defineTool({
    name: "disable_repo",
    title: "Disable repository",
    description: "Deactivate a repository in Drone; remove=true deletes it from Drone.",
    toolset: "repos",
    input: z.object({
      ...repo,
      remove: z.boolean().optional().describe("Delete the repository and its settings from Drone"),
    }),
    undo: (a) =>
      a.remove
        ? "Removing cannot be undone: Drone forgets the repository and its settings."
        : "enable_repo undoes it (settings and history are kept).",
    annotations: DESTRUCTIVE,
    handler: async (a, { drone, signal }) => {
      const disabled = await repos.disable(drone, a, a.remove === true, { signal });
      const what = a.remove ? "deleted from Drone" : "disabled; pushes no longer trigger builds";
      return repoResult(disabled, `Repository ${slugOf(a)} ${what}.`, `Repository ${slugOf(a)} ${what}.`);
    },
  }),
  defineTool({
    name: "chown_repo",
    title: "Take ownership",
    description: "Make yourself the repository's owner in Drone (hooks use your account).",
    toolset: "repos",
    input: z.object(repo),
    annotations: UPDATE,
    privileged: () => "makes you the repository's owner (its webhook and builds then use your account)",
    handler: async (a, { drone, signal }) => {
      const owned = await repos.maintain(drone, a, "chown", { signal });
      return repoResult(owned, `You now own ${slugOf(a)} in Drone.`, `You now own ${slugOf(a)} in Drone.`);
    },
  }),
  defineTool({
    name: "repair_repo",
    title: "Repair repository",
    description: "Re-sync a repository from the SCM and recreate its webhook.",
    toolset: "repos",
    input: z.object(repo),
    annotations: UPDATE,
    handler: async (a, { drone, signal }) => {
      const repaired = await repos.maintain(drone, a, "repair", { signal });
      const summary = `Repository ${slugOf(a)} repaired: metadata re-synced, webhook recreated.`;
      return repoResult(repaired, summary, summary);
    },
  }),
];
