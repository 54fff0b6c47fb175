/**
 * The `cron` toolset: scheduled builds of a repository. Drone's cron expressions put SECONDS
 * first (robfig/cron): "0 0 0 * * *" is daily at midnight, while the crontab-style "0 0 * * *"
 * means minute 0 of every hour.
 */
import * as z from "zod";
import { cron as cronApi } from "../drone/api/index.js";
import { UserError } from "../drone/errors.js";
import { cronView } from "../drone/shape.js";
import type { Cron } from "../drone/types.js";
import { CREATE, DESTRUCTIVE, defineTool, READ, type ToolOutput, UPDATE } from "./define.js";
import { done, newBuildResult, objectResult, pagedList } from "./format.js";
import { cronName, localPage, repo } from "./params.js";

function cronResult(cron: Cron | null, summary: string): ToolOutput {
  if (!cron) return done(summary);
  const next = cronView(cron).next;
  return objectResult(`${summary}${next && !cron.disabled ? ` Next run: ${next}.` : ""}`, cronView(cron));
}

/** A 5-field expression is valid but often a crontab habit: Drone reads the first field as seconds. */
function fieldWarning(expr: string): string {
  const fields = expr.trim().split(/\s+/);
  if (expr.trim().startsWith("@") || fields.length !== 5) return "";
  return ` Note: Drone reads "${expr}" as second minute hour day-of-month month (seconds first); check the next run time.`;
}

export const cronTools = [
  defineTool({
    name: "list_cron_jobs",
    title: "List cron jobs",
    description: "List a repository's cron jobs with their next run times.",
    toolset: "cron",
    input: z.object({ ...repo, ...localPage }),
    annotations: READ,
    handler: async (a, { drone, signal }) => {
      const crons = await cronApi.list(drone, a, { signal });
      return pagedList("cron jobs", crons.map(cronView), a);
    },
  }),
  defineTool({
    name: "create_cron_job",
    title: "Create cron job",
    description: "Schedule recurring builds of a branch with a cron expression.",
    toolset: "cron",
    input: z.object({
      ...repo,
      cron: z.string().min(1).describe("Cron job name (Drone slugifies it)"),
      expr: z.string().min(1).describe('Seconds-first cron: "0 0 0 * * *" = daily at midnight; or @hourly, @every 2h'),
      branch: z.string().min(1).describe("Branch to build"),
    }),
    annotations: CREATE,
    handler: async (a, { drone, signal }) => {
      const created = await cronApi.create(drone, a, { name: a.cron, expr: a.expr, branch: a.branch }, { signal });
      const name = created?.name ?? a.cron;
      const output = cronResult(created, `Cron job ${name} (${a.expr}) created for branch ${a.branch}.`);
      const warning = fieldWarning(a.expr);
      if (!warning) return output;
      const [first = "", ...rest] = output.text.split("\n");
      return { ...output, text: [first + warning, ...rest].join("\n") };
    },
  }),
  defineTool({
    name: "get_cron_job",
    title: "Get cron job",
    description: "Show one cron job: expression, branch, next and last run.",
    toolset: "cron",
    input: z.object({ ...repo, cron: cronName }),
    annotations: READ,
    handler: async (a, { drone, signal }) => {
      const cron = await cronApi.get(drone, a, a.cron, { signal });
      return cronResult(cron, `Cron job ${a.cron}${cron?.disabled ? " (disabled)" : ""}.`);
    },
  }),
  defineTool({
    name: "trigger_cron_job",
    title: "Run cron job now",
    description: "Start a cron job's build now, outside its schedule.",
    toolset: "cron",
    input: z.object({ ...repo, cron: cronName }),
    annotations: CREATE,
    handler: async (a, { drone, signal }) => {
      const build = await cronApi.trigger(drone, a, a.cron, { signal });
      return newBuildResult(build, `Cron job ${a.cron} started`, a);
    },
  }),
  defineTool({
    name: "update_cron_job",
    title: "Update cron job",
    description: "Change a cron job's branch or target, or pause it (expr is fixed).",
    toolset: "cron",
    input: z.object({
      ...repo,
      cron: cronName,
      branch: z.string().min(1).optional().describe("Branch to build"),
      target: z.string().optional().describe("Deploy target passed to the build"),
      disabled: z.boolean().optional().describe("true pauses the schedule, false resumes it"),
    }),
    annotations: UPDATE,
    handler: async (a, { drone, signal }) => {
      if (a.branch === undefined && a.target === undefined && a.disabled === undefined) {
        throw new UserError(
          "Nothing to change: give branch, target and/or disabled. To change the expression, delete and recreate the job.",
        );
      }
      const patch = { branch: a.branch, target: a.target, disabled: a.disabled };
      const updated = await cronApi.update(drone, a, a.cron, patch, { signal });
      return cronResult(updated, `Cron job ${a.cron} updated${updated?.disabled ? " (disabled)" : ""}.`);
    },
  }),
  defineTool({
    name: "delete_cron_job",
    title: "Delete cron job",
    description: "Delete a repository's cron job.",
    toolset: "cron",
    input: z.object({ ...repo, cron: cronName }),
    undo: "This cannot be undone; create_cron_job can set it up again.",
    annotations: DESTRUCTIVE,
    handler: async (a, { drone, signal }) => {
      await cronApi.remove(drone, a, a.cron, { signal });
      return done(`Cron job ${a.cron} deleted from ${a.namespace}/${a.name}.`);
    },
  }),
];
