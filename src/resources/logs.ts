/**
 * drone://repos/{namespace}/{name}/builds/{build}/logs/{stage}/{step}: a step's log as clean
 * text. Drone answers 404 for a log until the step finishes, so a 404 is explained from the
 * build: a running step gives its output so far from the live stream (readLiveText); otherwise
 * no such stage/step, not started, skipped, or finished without a log.
 */
import { type McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { DroneClient } from "../drone/client.js";
import { DroneApiError } from "../drone/errors.js";
import type { Build, Step } from "../drone/types.js";
import { buildLabel } from "./builds.js";
import type { Completers } from "./complete.js";
import { TEXT_MIME, textContents } from "./contents.js";
import { missingWhat, type ResourceError, resourceNotFound, toResourceError } from "./errors.js";
import { fetchBuild } from "./fetch.js";
import { readLiveText } from "./live-text.js";
import { readLogText } from "./log-text.js";
import { buildVar, numberVar, segmentVar, TEMPLATES } from "./uris.js";

interface LogTarget {
  uri: string;
  slug: string;
  build: Build;
  stage: number;
  step: number;
}

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
    async (uri, variables, extra) => {
      const href = uri.href;
      const namespace = segmentVar(variables, "namespace", href);
      const name = segmentVar(variables, "name", href);
      const buildRef = buildVar(variables, href);
      const stage = numberVar(variables, "stage", href);
      const step = numberVar(variables, "step", href);
      const slug = `${namespace}/${name}`;
      const signal = extra.signal;
      try {
        // Drone has no latest/logs route: resolve the number first.
        let build: Build | null | undefined;
        if (buildRef === "latest") {
          build = await fetchBuild(drone, namespace, name, "latest", signal);
          if (!build) throw resourceNotFound(href, `${buildLabel(buildRef)} not found in ${slug}.`);
        }
        const number = build?.number ?? (buildRef as number);
        const ref = { namespace, name, build: number, stage, step };
        try {
          return textContents(href, await readLogText(drone, ref, signal));
        } catch (error) {
          if (!isNoStoredLog(error)) throw error;
          build ??= await fetchBuild(drone, namespace, name, number, signal);
          if (!build) throw error;
          const target = { uri: href, slug, build, stage, step };
          const record = findStepRecord(target);
          if (record?.status === "running") {
            const live = await readLiveText(drone, ref, stepLabel(target, record), signal);
            if (live !== undefined) return textContents(href, live);
          }
          throw missingLog(target);
        }
      } catch (error) {
        throw toResourceError(error, href, (e) => missingWhat(e, slug, buildLabel(buildRef)));
      }
    },
  );
}

/** A 404 from the log route itself, not from the repository check ("Not Found"). */
function isNoStoredLog(error: unknown): boolean {
  return error instanceof DroneApiError && error.status === 404 && error.droneMessage !== "Not Found";
}

function findStepRecord({ build, stage, step }: LogTarget): Step | undefined {
  return build.stages?.find((s) => s.number === stage)?.steps?.find((s) => s.number === step);
}

/** "Step 2 (test) of stage 1 in build #7 of octocat/hello-world". */
function stepLabel({ slug, build, stage, step }: LogTarget, record: Step): string {
  return `Step ${step} (${record.name}) of stage ${stage} in build #${build.number} of ${slug}`;
}

/** Why Drone has no log for this step, from the build's own record of it. */
export function missingLog({ uri, slug, build, stage, step }: LogTarget): ResourceError {
  const where = `build #${build.number} of ${slug}`;
  const stages = build.stages ?? [];
  const stageRecord = stages.find((s) => s.number === stage);
  if (!stageRecord) {
    const list = stages.map((s) => `${s.number} ${s.name}`).join(", ") || "none";
    return resourceNotFound(uri, `Stage ${stage} not found in ${where} (its stages: ${list}).`);
  }
  const steps = stageRecord.steps ?? [];
  const stepRecord = steps.find((s) => s.number === step);
  if (!stepRecord) {
    const list = steps.map((s) => `${s.number} ${s.name}`).join(", ") || "none";
    return resourceNotFound(uri, `Step ${step} not found in stage ${stage} of ${where} (its steps: ${list}).`);
  }
  const label = stepLabel({ uri, slug, build, stage, step }, stepRecord);
  const status = stepRecord.status;
  let message: string;
  switch (status) {
    case "running":
      message = `${label} is still running, and Drone's live stream has no output for it: Drone stores a step's log when the step finishes. Read it again once it has finished.`;
      break;
    case "pending":
    case "waiting_on_dependencies":
    case "blocked":
      message = `${label} has not started yet (${status}), so it has no log.`;
      break;
    case "skipped":
    case "declined":
      message = `${label} never ran (${status}), so it has no log.`;
      break;
    default:
      if (!stepRecord.started) {
        message = `${label} never started (${status}${stepRecord.error ? `: ${stepRecord.error}` : ""}), so it has no log.`;
        break;
      }
      message = `No log is stored for ${label.charAt(0).toLowerCase()}${label.slice(1)} (${status}): it was deleted, or Drone is still saving it right after the step finished.`;
  }
  return resourceNotFound(uri, message, { status });
}
