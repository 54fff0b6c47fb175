/**
 * Shared parameter schemas: one description per concept, so every tool says the same thing
 * in the same few words, and path segments are checked in one place.
 */
import { z } from "zod";
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
export const stageNumber = z.int().min(1).describe("Stage number (1-based)");
export const stepNumber = z.int().min(1).describe("Step number (1-based)");
export const page = z.int().min(1).optional().describe("Page, from 1");
export const perPage = z.int().min(1).max(100).optional().describe("Items per page (1-100, default 25)");

/** Extra build parameters, sent in the query string as Drone expects. */
export const buildParams = z
  .record(z.string(), z.string())
  .optional()
  .describe("Build parameters (KEY: value), available to the pipeline");

/** The two arguments every repository-scoped tool takes. */
export const repo = { namespace, name };

/** A build number or "latest". */
export const buildOrLatest = z.union([buildNumber, z.literal("latest")]).describe('Build number or "latest"');

/**
 * Where a build-scoped tool acts: namespace + name, or a pasted Drone URL; with neither, the
 * repo of the git checkout's origin remote (see tools/location.ts).
 */
export const location = {
  namespace: namespace.optional(),
  name: name.optional(),
  url: z.string().max(2000).optional().describe("Drone build URL"),
};
