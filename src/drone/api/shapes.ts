/** The checks for each Drone object the tools reason with (see check.ts for what is checked). */

import { oneLine, safeLines } from "../../logs/untrusted.js";
import type {
  Build,
  Cron,
  Node,
  Perm,
  Repo,
  RepoBuildStage,
  Secret,
  Stage,
  Step,
  Template,
  User,
  Version,
} from "../types.js";
import { type Check, listOf, ShapeProblem, shape } from "./check.js";

const stepShape = shape<Step>(
  "a step",
  { number: "number", status: "string", name: "string" },
  { exit_code: "number" },
);
const stageFields = shape<Stage>(
  "a stage",
  { number: "number", status: "string" },
  { name: "string", steps: "array", depends_on: "array" },
);

/** A stage, with its steps checked too (failure reports and log choice walk them). */
export const stage: Check<Stage> = (value) => {
  const checked = stageFields(value);
  nested(checked.steps, stepShape, "step");
  cleanFields(checked, STAGE_TEXT);
  for (const step of checked.steps ?? []) cleanFields(step, STEP_TEXT);
  return checked;
};

/**
 * Fields whose text comes from a pipeline file or a commit, written by whoever opened the pull
 * request: reduced to one safe line as they arrive (oneLine), so that no tool, resource or
 * label prints a raw newline, carriage return or line separator from them.
 */
const STEP_TEXT = ["name", "image", "error"] as const;
const STAGE_TEXT = ["name", "error", "machine"] as const;
const BUILD_TEXT = [
  "title",
  "error",
  "ref",
  "source",
  "target",
  "source_repo",
  "deploy_to",
  "author_name",
  "author_email",
  "sender",
  "trigger",
] as const;

function cleanFields(record: object, fields: readonly string[], max = 500): void {
  const values = record as Record<string, unknown>;
  for (const field of fields) {
    const value = values[field];
    if (typeof value === "string") values[field] = oneLine(value, max);
  }
}

/** A build's own text fields and those of its stages and steps, made safe (see STEP_TEXT). */
export function cleanBuild(build: Build): Build {
  cleanFields(build, BUILD_TEXT);
  if (typeof build.message === "string") build.message = safeLines(build.message);
  for (const s of build.stages ?? []) {
    cleanFields(s, STAGE_TEXT);
    for (const step of s.steps ?? []) cleanFields(step, STEP_TEXT);
  }
  return build;
}

const buildFields = shape<Build>(
  "a build",
  { number: "number", status: "string" },
  {
    stages: "array",
    event: "string",
    ref: "string",
    after: "string",
    parent: "number",
    started: "number",
    finished: "number",
  },
);

/** A build, with its stages and steps checked when present. */
export const build: Check<Build> = (value) => {
  const checked = buildFields(value);
  nested(checked.stages, stage, "stage");
  return cleanBuild(checked);
};

function nested<T>(items: unknown[] | undefined, check: Check<T>, what: string): void {
  items?.forEach((item, i) => {
    try {
      check(item);
    } catch (error) {
      if (error instanceof ShapeProblem) throw new ShapeProblem(`${what} ${i + 1} ${error.message}`);
      throw error;
    }
  });
}

const repoFields = shape<Repo>(
  "a repository",
  { namespace: "string", name: "string" },
  { slug: "string", build: "object" },
);

/** A repository; its `build` (the latest, in some lists) is checked as a build. */
export const repo: Check<Repo> = (value) => {
  const checked = repoFields(value);
  if (checked.build) build(checked.build);
  return checked;
};

export const user = shape<User>("a user", { login: "string" }, { admin: "boolean", active: "boolean" });
export const secret = shape<Secret>("a secret", { name: "string" });
export const cron = shape<Cron>("a cron job", { name: "string" }, { next: "number", prev: "number" });
export const template = shape<Template>("a template", { name: "string" }, { data: "string" });
export const node = shape<Node>("a node", { name: "string" });
export const version = shape<Version>("a version", {}, { version: "string", commit: "string" });
export const perm = shape<Perm>("a permission", {}, { read: "boolean", write: "boolean", admin: "boolean" });
export const incompleteRow = shape<RepoBuildStage>("an incomplete-stage row", {}, { build_number: "number" });

export const builds = listOf(build);
export const repos = listOf(repo);
export const stages = listOf(stage);
export const users = listOf(user);
export const secrets = listOf(secret);
export const crons = listOf(cron);
export const templates = listOf(template);
export const nodes = listOf(node);
export const incompleteRows = listOf(incompleteRow);
