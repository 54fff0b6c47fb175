/**
 * The `secrets` toolset: repository and organization secrets. Values are write-only: Drone never
 * returns `data` and the views here would drop it if it did.
 */
import * as z from "zod";
import { secrets } from "../drone/api/index.js";
import { UserError } from "../drone/errors.js";
import { secretView } from "../drone/shape.js";
import type { Secret } from "../drone/types.js";
import { CREATE, DESTRUCTIVE, defineTool, READ, type ToolOutput, UPDATE } from "./define.js";
import { done, objectResult, pagedList } from "./format.js";
import { localPage, org, repo, secretName } from "./params.js";

const newSecretName = z
  .string()
  .regex(/^[a-zA-Z0-9._-]+$/, "letters, digits, '.', '_' or '-' only")
  .describe("Secret name, e.g. docker_password");
const data = z.string().min(1).describe("Secret value (write-only: never shown back)");
const pullRequest = z.boolean().optional().describe("Expose to pull request builds");
const pullRequestPush = z.boolean().optional().describe("Allow pushes (e.g. docker push) in PR builds");

/** A new secret's fields, for a repo or an organization. */
const newSecretFields = { secret: newSecretName, data, pull_request: pullRequest, pull_request_push: pullRequestPush };
/** What an update may change, for a repo or an organization secret. */
const secretChangeFields = {
  secret: secretName,
  data: data.optional(),
  pull_request: pullRequest,
  pull_request_push: pullRequestPush,
};

/** The POST body of a new secret. */
function secretCreate(a: { secret: string; data: string; pull_request?: boolean; pull_request_push?: boolean }) {
  return { name: a.secret, data: a.data, pull_request: a.pull_request, pull_request_push: a.pull_request_push };
}

const secretResult = (secret: Secret | null, summary: string): ToolOutput =>
  secret ? objectResult(summary, secretView(secret)) : done(summary);

/** The PATCH body: only what the caller set; a value-less PATCH would change nothing. */
function secretPatch(a: { data?: string | undefined; pull_request?: boolean; pull_request_push?: boolean }) {
  if (a.data === undefined && a.pull_request === undefined && a.pull_request_push === undefined) {
    throw new UserError("Nothing to change: give data, pull_request and/or pull_request_push.");
  }
  return { data: a.data, pull_request: a.pull_request, pull_request_push: a.pull_request_push };
}

const repoSecretTools = [
  defineTool({
    name: "list_repo_secrets",
    title: "List repo secrets",
    description: "List a repository's secret names (values are never shown).",
    toolset: "secrets",
    input: z.object({ ...repo, ...localPage }),
    annotations: READ,
    handler: async (a, { drone, signal }) => {
      const found = await secrets.list(drone, { repo: a }, { signal });
      return pagedList("secrets", found.map(secretView), a);
    },
  }),
  defineTool({
    name: "create_repo_secret",
    title: "Create repo secret",
    description: "Add a secret to a repository's pipelines (needs write access).",
    toolset: "secrets",
    input: z.object({ ...repo, ...newSecretFields }),
    annotations: CREATE,
    handler: async (a, { drone, signal }) => {
      const created = await secrets.create(drone, { repo: a }, secretCreate(a), { signal });
      return secretResult(created, `Secret ${a.secret} created in ${a.namespace}/${a.name}.`);
    },
  }),
  defineTool({
    name: "get_repo_secret",
    title: "Get repo secret",
    description: "Show a repository secret's settings (never its value).",
    toolset: "secrets",
    input: z.object({ ...repo, secret: secretName }),
    annotations: READ,
    handler: async (a, { drone, signal }) => {
      const found = await secrets.get(drone, { repo: a }, a.secret, { signal });
      return secretResult(found, `Secret ${a.secret} of ${a.namespace}/${a.name}.`);
    },
  }),
  defineTool({
    name: "update_repo_secret",
    title: "Update repo secret",
    description: "Change a repository secret's value or pull-request access.",
    toolset: "secrets",
    input: z.object({ ...repo, ...secretChangeFields }),
    annotations: UPDATE,
    handler: async (a, { drone, signal }) => {
      const updated = await secrets.update(drone, { repo: a }, a.secret, secretPatch(a), { signal });
      return secretResult(updated, `Secret ${a.secret} of ${a.namespace}/${a.name} updated.`);
    },
  }),
  defineTool({
    name: "delete_repo_secret",
    title: "Delete repo secret",
    description: "Delete a repository secret.",
    toolset: "secrets",
    input: z.object({ ...repo, secret: secretName }),
    undo: "This cannot be undone: Drone cannot show the value; recreate it with its value.",
    annotations: DESTRUCTIVE,
    handler: async (a, { drone, signal }) => {
      await secrets.remove(drone, { repo: a }, a.secret, { signal });
      return done(`Secret ${a.secret} deleted from ${a.namespace}/${a.name}.`);
    },
  }),
];

const orgSecretTools = [
  defineTool({
    name: "list_org_secrets",
    title: "All org secrets",
    description: "List organization secrets of every namespace (admin).",
    toolset: "admin",
    input: z.object({ ...localPage }),
    annotations: READ,
    handler: async (a, { drone, signal }) => {
      const found = await secrets.all(drone, { signal });
      return pagedList("organization secrets", found.map(secretView), a);
    },
  }),
  defineTool({
    name: "list_namespace_secrets",
    title: "List org secrets",
    description: "List an organization's secret names (values are never shown).",
    toolset: "secrets",
    input: z.object({ namespace: org, ...localPage }),
    annotations: READ,
    handler: async (a, { drone, signal }) => {
      const found = await secrets.list(drone, { org: a.namespace }, { signal });
      return pagedList(`secrets in ${a.namespace}`, found.map(secretView), a);
    },
  }),
  defineTool({
    name: "create_namespace_secret",
    title: "Create org secret",
    description: "Add a secret shared by all of an organization's repos (org admin).",
    toolset: "secrets",
    input: z.object({ namespace: org, ...newSecretFields }),
    annotations: CREATE,
    handler: async (a, { drone, signal }) => {
      const created = await secrets.create(drone, { org: a.namespace }, secretCreate(a), { signal });
      return secretResult(created, `Secret ${a.secret} created in organization ${a.namespace}.`);
    },
  }),
  defineTool({
    name: "get_namespace_secret",
    title: "Get org secret",
    description: "Show an organization secret's settings (never its value).",
    toolset: "secrets",
    input: z.object({ namespace: org, secret: secretName }),
    annotations: READ,
    handler: async (a, { drone, signal }) => {
      const found = await secrets.get(drone, { org: a.namespace }, a.secret, { signal });
      return secretResult(found, `Secret ${a.secret} of organization ${a.namespace}.`);
    },
  }),
  defineTool({
    name: "update_namespace_secret",
    title: "Update org secret",
    description: "Change an organization secret's value or pull-request access (org admin).",
    toolset: "secrets",
    input: z.object({ namespace: org, ...secretChangeFields }),
    annotations: UPDATE,
    handler: async (a, { drone, signal }) => {
      const updated = await secrets.update(drone, { org: a.namespace }, a.secret, secretPatch(a), { signal });
      return secretResult(updated, `Secret ${a.secret} of organization ${a.namespace} updated.`);
    },
  }),
  defineTool({
    name: "delete_namespace_secret",
    title: "Delete org secret",
    description: "Delete an organization secret (org admin).",
    toolset: "secrets",
    input: z.object({ namespace: org, secret: secretName }),
    undo: "This cannot be undone: Drone cannot show the value; recreate it with its value.",
    annotations: DESTRUCTIVE,
    handler: async (a, { drone, signal }) => {
      await secrets.remove(drone, { org: a.namespace }, a.secret, { signal });
      return done(`Secret ${a.secret} deleted from organization ${a.namespace}.`);
    },
  }),
];

export const secretTools = [...repoSecretTools, ...orgSecretTools];
