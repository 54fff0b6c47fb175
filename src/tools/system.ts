/** The `system` toolset: facts about the Drone server itself. */
import * as z from "zod";
import { system } from "../drone/api/index.js";
import { versionView } from "../drone/shape.js";
import { defineTool, READ } from "./define.js";
import { done, objectResult } from "./format.js";

export const systemTools = [
  defineTool({
    name: "get_version",
    title: "Drone version",
    description: "Show the Drone server's version and commit.",
    toolset: "system",
    input: z.object({}),
    annotations: READ,
    handler: async (_a, { drone, signal }) => {
      // /version lives outside /api and needs no token.
      const version = await system.version(drone, { signal });
      if (!version?.version) return done("Drone did not report a version.");
      const commit = version.commit ? ` (commit ${version.commit.slice(0, 10)})` : "";
      return objectResult(`Drone ${version.version}${commit}.`, versionView(version));
    },
  }),
];
