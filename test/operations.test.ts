/**
 * Every operation of the Drone OpenAPI spec (/work/shared/drone/openapi.yml, 61 operationIds,
 * listed here literally) is a tool named after its operationId in snake_case, and every tool
 * in tools/list is complete: title, one-line description, all four annotations, and an input
 * schema whose every property is described.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allTools } from "../src/tools/index.js";
import { type Harness, startHarness } from "./helpers.js";

const SPEC_OPERATION_IDS = [
  "getCurrentUser",
  "listUserRepos",
  "syncUserRepos",
  "listUsers",
  "createUser",
  "getUser",
  "updateUser",
  "deleteUser",
  "listAllRepos",
  "getRepo",
  "enableRepo",
  "updateRepo",
  "disableRepo",
  "chownRepo",
  "repairRepo",
  "listBuilds",
  "createBuild",
  "purgeBuildHistory",
  "getBuild",
  "restartBuild",
  "cancelBuild",
  "approveBuild",
  "declineBuild",
  "promoteBuild",
  "rollbackBuild",
  "getBuildLogs",
  "purgeBuildLogs",
  "listRepoSecrets",
  "createRepoSecret",
  "getRepoSecret",
  "updateRepoSecret",
  "deleteRepoSecret",
  "listOrgSecrets",
  "listNamespaceSecrets",
  "createNamespaceSecret",
  "getNamespaceSecret",
  "updateNamespaceSecret",
  "deleteNamespaceSecret",
  "listCronJobs",
  "createCronJob",
  "getCronJob",
  "triggerCronJob",
  "updateCronJob",
  "deleteCronJob",
  "listAllTemplates",
  "listNamespaceTemplates",
  "createTemplate",
  "getTemplate",
  "updateTemplate",
  "deleteTemplate",
  "getQueue",
  "resumeQueue",
  "pauseQueue",
  "listNodes",
  "createNode",
  "getNode",
  "updateNode",
  "deleteNode",
  "listIncompleteBuilds",
  "listIncompleteBuildsV2",
  "getVersion",
];

/** getCurrentUser -> get_current_user, listIncompleteBuildsV2 -> list_incomplete_builds_v2. */
function snakeCase(operationId: string): string {
  return operationId.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

interface JsonSchemaObject {
  type?: string;
  properties?: Record<string, { description?: string }>;
}

let h: Harness;
let tools: Awaited<ReturnType<Harness["client"]["listTools"]>>["tools"];
beforeAll(async () => {
  h = await startHarness();
  tools = (await h.client.listTools()).tools;
});
afterAll(async () => {
  await h.close();
});

describe("tools/list covers the Drone API", () => {
  it("lists the spec's 61 operations", () => {
    expect(SPEC_OPERATION_IDS).toHaveLength(61);
    expect(new Set(SPEC_OPERATION_IDS).size).toBe(61);
  });

  it("has one tool per spec operation, named in snake_case", () => {
    expect(snakeCase("listIncompleteBuildsV2")).toBe("list_incomplete_builds_v2");
    const names = new Set(tools.map((t) => t.name));
    const missing = SPEC_OPERATION_IDS.map(snakeCase).filter((name) => !names.has(name));
    expect(missing).toEqual([]);
  });

  it("has no duplicate tool names", () => {
    const names = tools.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("gives every tool a title, a one-line description and all four annotations", () => {
    const SPEC_DEFAULTS = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true };
    for (const tool of tools) {
      expect(tool.title, tool.name).toMatch(/\S/);
      expect(tool.description, tool.name).toMatch(/\S/);
      expect(tool.description, tool.name).not.toContain("\n");
      // Every definition states all four hints; tools/list leaves out those equal to the MCP spec's
      // defaults, so what a client reads (defaults applied) must equal the definition.
      const defined = allTools.find((t) => t.name === tool.name)?.annotations;
      expect(defined, tool.name).toBeDefined();
      for (const hint of ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const) {
        expect(typeof defined?.[hint], `${tool.name}.${hint}`).toBe("boolean");
      }
      const a = { ...SPEC_DEFAULTS, ...tool.annotations };
      expect(a.readOnlyHint, `${tool.name}.readOnlyHint`).toBe(defined?.readOnlyHint);
      expect(a.openWorldHint, `${tool.name}.openWorldHint`).toBe(defined?.openWorldHint);
      if (!a.readOnlyHint) {
        expect(a.destructiveHint, `${tool.name}.destructiveHint`).toBe(defined?.destructiveHint);
        expect(a.idempotentHint, `${tool.name}.idempotentHint`).toBe(defined?.idempotentHint);
      }
      expect(defined?.readOnlyHint && defined?.destructiveHint, `${tool.name} is read-only and destructive`).toBe(
        false,
      );
    }
  });

  it("describes every input property of every tool", () => {
    for (const tool of tools) {
      const schema = tool.inputSchema as JsonSchemaObject;
      expect(schema.type, tool.name).toBe("object");
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        expect(property.description, `${tool.name}.${key}`).toMatch(/\S/);
      }
    }
  });

  it("marks deletes, purges, disables and removals destructive", () => {
    const destructive = tools.filter((t) => /^(delete|purge|disable)_/.test(t.name));
    expect(destructive.length).toBeGreaterThan(8);
    for (const tool of destructive) expect(tool.annotations?.destructiveHint, tool.name).toBe(true);
  });
});
