/** The `logs` toolset: read and delete step logs. */
import * as z from "zod";
import { LOG_MAX_BYTES } from "../drone/client.js";
import { DroneApiError, ToolUserError } from "../drone/errors.js";
import { apiPath } from "../drone/path.js";
import type { Line } from "../drone/types.js";
import { DESTRUCTIVE, defineTool, READ } from "./define.js";
import { done } from "./format.js";
import { buildNumber, repo, stageNumber, stepNumber } from "./params.js";

const DEFAULT_TAIL = 200;

const logArgs = { ...repo, build: buildNumber, stage: stageNumber, step: stepNumber };

export const logTools = [
  defineTool({
    name: "get_build_logs",
    title: "Step log",
    description: "Read a finished step's log (the last lines by default).",
    toolset: "logs",
    input: z.object({
      ...logArgs,
      tail: z.int().min(1).max(5000).optional().describe(`Last N lines (default ${DEFAULT_TAIL})`),
    }),
    annotations: READ,
    handler: async (a, { drone, signal }) => {
      let lines: Line[];
      try {
        lines =
          (await drone.json<Line[]>(
            apiPath`api/repos/${a.namespace}/${a.name}/builds/${a.build}/logs/${a.stage}/${a.step}`,
            {
              signal,
              maxBytes: LOG_MAX_BYTES,
            },
          )) ?? [];
      } catch (error) {
        if (error instanceof DroneApiError && error.status === 404) {
          throw new ToolUserError(
            `No log stored for build #${a.build} stage ${a.stage} step ${a.step} of ${a.namespace}/${a.name}: the step may still be running or never ran (Drone stores a log when the step finishes), or the repo/build/stage/step does not exist. Check with get_build.`,
          );
        }
        throw error;
      }
      const tail = a.tail ?? DEFAULT_TAIL;
      const shown = lines.slice(-tail);
      const skipped = lines.length - shown.length;
      const header =
        lines.length === 0
          ? "The step printed nothing."
          : `${lines.length} lines${skipped ? `; showing the last ${shown.length} (lines ${skipped + 1}-${lines.length})` : ""}.`;
      const body = shown.map((l) => `${l.pos + 1}: ${l.out.replace(/\n$/, "")}`).join("\n");
      return { text: body ? `${header}\n${body}` : header, data: { line_count: lines.length, shown: shown.length } };
    },
  }),
  defineTool({
    name: "purge_build_logs",
    title: "Delete step log",
    description: "Permanently delete one step's stored log (needs repo admin).",
    toolset: "logs",
    input: z.object(logArgs),
    annotations: DESTRUCTIVE,
    handler: async (a, { drone, signal }) => {
      await drone.json(apiPath`api/repos/${a.namespace}/${a.name}/builds/${a.build}/logs/${a.stage}/${a.step}`, {
        method: "DELETE",
        signal,
      });
      return done(`Log of build #${a.build} stage ${a.stage} step ${a.step} deleted.`);
    },
  }),
];
