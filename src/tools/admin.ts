/** The build queue and server-wide running builds (the `admin` toolset; system admins only). */
import * as z from "zod";
import { builds, queue } from "../drone/api/index.js";
import { incompleteBuild, incompleteStage, queueItem } from "../drone/shape.js";
import { defineTool, READ, UPDATE } from "./define.js";
import { done, pagedList } from "./format.js";
import { localPage } from "./params.js";

export const adminTools = [
  defineTool({
    name: "get_queue",
    title: "Build queue",
    description: "List pending and running stages in the build queue (admin).",
    toolset: "admin",
    input: z.object({ ...localPage }),
    annotations: READ,
    handler: async (a, { drone, signal }) => {
      const stages = await queue.list(drone, { signal });
      return pagedList("queued stages", stages.map(queueItem), a);
    },
  }),
  defineTool({
    name: "resume_queue",
    title: "Resume queue",
    description: "Resume a paused build queue so runners take jobs again (admin).",
    toolset: "admin",
    input: z.object({}),
    annotations: UPDATE,
    handler: async (_a, { drone, signal }) => {
      await queue.resume(drone, { signal });
      return done("Build queue resumed: runners take pending stages again.");
    },
  }),
  defineTool({
    name: "pause_queue",
    title: "Pause queue",
    description: "Pause the build queue: no new stages start until resumed (admin).",
    toolset: "admin",
    input: z.object({}),
    annotations: UPDATE,
    handler: async (_a, { drone, signal }) => {
      await queue.pause(drone, { signal });
      return done("Build queue paused: no new stages start until resume_queue; running ones continue.");
    },
  }),
  defineTool({
    name: "list_incomplete_builds",
    title: "Running builds",
    description: "List pending and running builds across all repositories (admin).",
    toolset: "admin",
    input: z.object({ ...localPage }),
    annotations: READ,
    handler: async (a, { drone, signal }) => {
      const repos = await builds.incomplete(drone, { signal });
      return pagedList("incomplete builds", repos.map(incompleteBuild), a);
    },
  }),
  defineTool({
    name: "list_incomplete_builds_v2",
    title: "Running stages",
    description: "List pending and running stages across all repositories, one row each (admin).",
    toolset: "admin",
    input: z.object({ ...localPage }),
    annotations: READ,
    handler: async (a, { drone, signal }) => {
      const rows = await builds.incompleteStages(drone, { signal });
      return pagedList("incomplete stages", rows.map(incompleteStage), a);
    },
  }),
];
