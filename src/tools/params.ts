/**
 * Shared parameter schemas: one description per concept, so every tool says the same thing
 * in the same few words, and path segments are checked in one place.
 */
import * as z from "zod";
import { segmentProblem } from "../drone/path.js";

/** A value that becomes one URL path segment: no '/', '..' or control characters. */
export function segment(description: string) {
  return z
    .string()
    .describe(description)
    .superRefine((value, ctx) => {
      const problem = segmentProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: `${description} ${problem}` });
    });
}

export const namespace = segment("Repo owner");
export const name = segment("Repo name");
export const buildNumber = z.int().min(1).describe("Build number");
export const stageNumber = z.int().min(1).describe("Stage number");
export const stepNumber = z.int().min(1).describe("Step number");
export const page = z.int().min(1).optional().describe("Page number");
export const perPage = z.int().min(1).max(100).optional().describe("Items per page (default 25)");

/**
 * The cursor of lists Drone sends whole, paged by drone-mcp: an answer shows every item from
 * `offset` that fits the answer budget, and a cut one names the offset of the rest.
 */
export const localPage = {
  offset: z
    .int()
    .refine((n) => n >= 0, "Must be 0 or more")
    .optional()
    .describe("Skip this many items"),
};

/** Extra build parameters, sent in the query string as Drone expects. */
export const buildParams = z.record(z.string(), z.string()).optional().describe("Pipeline parameters (KEY: value)");

/** An organization (or user) namespace, for org secrets and templates. */
export const org = segment("Organization (namespace)");
export const secretName = segment("Secret name");
export const cronName = segment("Cron job name");

/** The two arguments every repository-scoped tool takes. */
export const repo = { namespace, name };

/** A build number or "latest". */
export const buildOrLatest = z.union([buildNumber, z.literal("latest")]).describe('Build number or "latest"');

/**
 * Where a build-scoped tool acts: namespace + name, or a pasted Drone URL; with neither, the
 * repo of the git checkout's origin remote (see drone/resolve.ts).
 */
export const location = {
  namespace: namespace.optional(),
  name: name.optional(),
  // The length limit stays out of the JSON Schema: five core tools repeat this argument.
  url: z
    .string()
    .refine((u) => u.length <= 2000, "At most 2000 characters")
    .optional()
    .describe("Drone build URL"),
};
