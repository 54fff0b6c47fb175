/** The `system` toolset's connection check (the same diagnosis as `drone-mcp doctor`). */
import * as z from "zod";
import { diagnose, summarize } from "../doctor.js";
import { defineTool, READ } from "./define.js";
import { objectResult } from "./format.js";

export const connectionTools = [
  defineTool({
    name: "check_connection",
    title: "Check connection",
    description: "Diagnose the Drone connection: server address, TLS, token, admin rights, version.",
    toolset: "system",
    input: z.object({}),
    annotations: READ,
    handler: async (_args, { drone, signal }) => {
      const report = await diagnose(drone, { signal });
      return objectResult(summarize(report), { ...report });
    },
  }),
];
