/**
 * drone://repos/{namespace}/{name}/builds/{build}/logs/{stage}/{step}: a step's log as clean
 * text, read by readStepLog like get_build_logs reads it: the stored log (streamed into text),
 * else a running step's output so far, else resource-not-found with the reason in the same
 * words the tool uses.
 */
import { type McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { DroneClient } from "../drone/client.js";
import { NoStepLog, readStepLog } from "../drone/step-log.js";
import { cleanOutput } from "../logs/clean.js";
import { redactLogText } from "../logs/redact.js";
import { buildOfRef } from "./build-ref.js";
import { buildLabel } from "./builds.js";
import type { Completers } from "./complete.js";
import { TEXT_MIME, textContents } from "./contents.js";
import { missingWhat, resourceNotFound, toResourceError } from "./errors.js";
import { readLogText } from "./log-text.js";
import { buildVar, numberVar, segmentVar, TEMPLATES } from "./uris.js";

export function registerLogResources(mcp: McpServer, drone: DroneClient, complete: Completers): void {
  mcp.registerResource(
    "step-log",
    new ResourceTemplate(TEMPLATES.log, { list: undefined, complete: { ...complete } }),
    {
      title: "Step log",
      description:
        "A step's log as plain text (colours and progress redraws removed): whole once finished, the output so far while running; stage and step are 1-based.",
      mimeType: TEXT_MIME,
    },
    async (uri, variables, { signal }) => {
      const href = uri.href;
      const repo = { namespace: segmentVar(variables, "namespace", href), name: segmentVar(variables, "name", href) };
      const buildRef = buildVar(variables, href);
      const [stage, step] = [numberVar(variables, "stage", href), numberVar(variables, "step", href)];
      try {
        // Drone has no latest/logs route: resolve the number first.
        const build =
          typeof buildRef === "number" ? undefined : (await buildOfRef(drone, repo, buildRef, { signal })).build;
        const ref = { ...repo, build: build?.number ?? (buildRef as number), stage, step };
        const log = await readStepLog(drone, ref, { build, signal, read: readLogText });
        // Secrets in the log text are redacted here as the tools redact the lines they show.
        if ("stored" in log) return textContents(href, redactLogText(log.stored));
        const body = redactLogText(log.live.outs.flatMap((out) => cleanOutput(out)).join("\n"));
        return textContents(href, body.length > 0 ? `${log.header}\n${body}` : log.header);
      } catch (error) {
        if (error instanceof NoStepLog) {
          throw resourceNotFound(href, error.message, error.status ? { status: error.status } : {});
        }
        throw toResourceError(error, href, (e) =>
          missingWhat(e, `${repo.namespace}/${repo.name}`, buildLabel(buildRef)),
        );
      }
    },
  );
}
