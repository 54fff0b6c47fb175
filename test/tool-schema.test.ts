/**
 * The compact tools/list: what compactSchema() drops and keeps for each zod construct, that the
 * one-call conversion equals converting tool by tool, that annotations keep their meaning, and
 * that zod still validates every call (nothing reaches Drone when the input is wrong).
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as z from "zod";
import { CREATE, DESTRUCTIVE, READ, UPDATE } from "../src/tools/define.js";
import { allTools } from "../src/tools/index.js";
import { addToList } from "../src/tools/listing.js";
import { buildNumber, buildParams, page, perPage, repo } from "../src/tools/params.js";
import { compactAnnotations, toCompactJsonSchema, toCompactJsonSchemas } from "../src/tools/schema.js";
import { type Harness, startHarness, textOf } from "./helpers.js";

describe("compactSchema", () => {
  it("drops $schema, safe-integer bounds, string propertyNames and union-branch descriptions; keeps the rest", () => {
    const schema = z.object({
      ...repo,
      build: z.union([buildNumber, z.literal("latest")]).describe('Build number or "latest"'),
      count: z.int().describe("Any whole number"),
      page,
      per_page: perPage,
      mode: z.enum(["fast", "slow"]).optional().describe("Mode"),
      target: z.string().min(1).describe("Target"),
      params: buildParams,
      when: z.string().nullable().describe("Or null"),
    });
    expect(toCompactJsonSchema(schema)).toEqual({
      type: "object",
      properties: {
        namespace: { type: "string", description: "Repo owner" },
        name: { type: "string", description: "Repo name" },
        build: {
          anyOf: [
            { type: "integer", minimum: 1 },
            { type: "string", const: "latest" },
          ],
          description: 'Build number or "latest"',
        },
        count: { type: "integer", description: "Any whole number" },
        page: { description: "Page number", type: "integer", minimum: 1 },
        per_page: { description: "Items per page (default 25)", type: "integer", minimum: 1, maximum: 100 },
        mode: { description: "Mode", type: "string", enum: ["fast", "slow"] },
        target: { type: "string", minLength: 1, description: "Target" },
        params: {
          description: "Pipeline parameters (KEY: value)",
          type: "object",
          additionalProperties: { type: "string" },
        },
        when: { description: "Or null", type: ["string", "null"] },
      },
      required: ["namespace", "name", "build", "count", "target", "when"],
    });
  });

  it("keeps real integer bounds even at the safe-integer limits of other types", () => {
    expect(toCompactJsonSchema(z.object({ n: z.number().max(Number.MAX_SAFE_INTEGER) }))).toEqual({
      type: "object",
      properties: { n: { type: "number", maximum: Number.MAX_SAFE_INTEGER } },
      required: ["n"],
    });
  });

  it("treats property names and data keywords as data, not as schema keywords", () => {
    const schema = z.object({
      option: z
        .union([z.object({ description: z.string().describe("Text"), limit: z.int().default(5) }), z.literal("none")])
        .describe("An option or none"),
    });
    expect(toCompactJsonSchema(schema)).toEqual({
      type: "object",
      properties: {
        option: {
          anyOf: [
            {
              type: "object",
              properties: {
                description: { type: "string", description: "Text" },
                limit: { type: "integer", default: 5 },
              },
              required: ["description"],
            },
            { type: "string", const: "none" },
          ],
          description: "An option or none",
        },
      },
      required: ["option"],
    });
  });

  it("keeps $schema when the schema uses a keyword that differs between draft-07 and 2020-12", () => {
    const json = toCompactJsonSchema(z.object({ pair: z.tuple([z.string(), z.int()]) }));
    expect(json.$schema).toBe("http://json-schema.org/draft-07/schema#");
  });

  it("converts all tools in one call to exactly what converting them one by one gives", () => {
    const inputs = allTools.map((tool) => tool.input);
    expect(toCompactJsonSchemas(inputs)).toEqual(inputs.map((input) => toCompactJsonSchema(input)));
  });

  it("keeps $schema on a tool cut out of the combined conversion when it needs it", () => {
    const inputs = [z.object({ pair: z.tuple([z.string(), z.int()]) }), z.object({ n: z.int() })];
    const json = toCompactJsonSchemas(inputs);
    expect(json).toEqual(inputs.map((input) => toCompactJsonSchema(input)));
    expect(json[0]?.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(json[1]).not.toHaveProperty("$schema");
  });

  it("falls back to one call per schema when schemas share a definition by id", () => {
    const shared = z.string().meta({ id: "SharedThing" });
    const inputs = [z.object({ a: shared }), z.object({ b: shared })];
    const json = toCompactJsonSchemas(inputs);
    expect(json).toEqual(inputs.map((input) => toCompactJsonSchema(input)));
    expect(JSON.stringify(json[0])).toContain("SharedThing");
  });
});

describe("compactAnnotations", () => {
  it("keeps readOnlyHint for reads and destructiveHint for every write, dropping spec defaults", () => {
    expect(compactAnnotations(READ)).toEqual({ readOnlyHint: true });
    expect(compactAnnotations(CREATE)).toEqual({ destructiveHint: false });
    expect(compactAnnotations(UPDATE)).toEqual({ destructiveHint: false, idempotentHint: true });
    expect(compactAnnotations(DESTRUCTIVE)).toEqual({ destructiveHint: true, idempotentHint: true });
    expect(compactAnnotations({ ...READ, openWorldHint: false })).toEqual({ readOnlyHint: true, openWorldHint: false });
  });
});

describe("tools/list handler", () => {
  it("lists live tools: disabled ones disappear, later ones appear, default execution is left out", async () => {
    const mcp = new McpServer({ name: "t", version: "0" });
    const input = z.object({ n: z.int().min(1).describe("N") });
    const first = mcp.registerTool("first", { description: "First", inputSchema: input }, async () => ({
      content: [],
    }));
    addToList(mcp, "first", first);
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: "t", version: "0" });
    await Promise.all([mcp.connect(serverTransport), client.connect(clientTransport)]);
    const listed = await client.listTools();
    expect(listed.tools).toEqual([
      {
        name: "first",
        description: "First",
        inputSchema: {
          type: "object",
          properties: { n: { type: "integer", minimum: 1, description: "N" } },
          required: ["n"],
        },
      },
    ]);
    first.disable();
    const second = mcp.registerTool("second", { description: "Second" }, async () => ({ content: [] }));
    addToList(mcp, "second", second);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["second"]);
    await client.close();
  });
});

describe("input validation still runs on every call", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it.each([
    ["a build number below 1", { namespace: "octocat", name: "hello-world", build: 0 }],
    ["a fractional build number", { namespace: "octocat", name: "hello-world", build: 1.5 }],
    ["a word other than latest", { namespace: "octocat", name: "hello-world", build: "newest" }],
    ["a namespace with a slash", { namespace: "octo/cat", name: "hello-world", build: 1 }],
    ["a missing name", { namespace: "octocat", build: 1 }],
  ])("get_build refuses %s and sends nothing", async (_label, args) => {
    const result = await h.call("get_build", args);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/invalid|expected|repo owner|required|namespace and name/i);
    expect(h.drone.requests).toHaveLength(0);
  });

  it("list_builds refuses per_page above its bound", async () => {
    const result = await h.call("list_builds", { namespace: "octocat", name: "hello-world", per_page: 101 });
    expect(result.isError).toBe(true);
    expect(h.drone.requests).toHaveLength(0);
  });
});
