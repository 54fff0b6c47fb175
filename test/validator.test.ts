/**
 * Elicitation answers are checked against the requested schema with zod (src/validator.ts),
 * since dist/ leaves out the SDK's default validator, Ajv.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { ElicitRequestSchema, type ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { createServer } from "../src/server.js";
import { zodJsonSchemaValidator } from "../src/validator.js";

const requestedSchema = {
  type: "object",
  properties: {
    confirm: { type: "boolean", title: "Confirm", description: "Delete it?" },
    reason: { type: "string", minLength: 3, maxLength: 40 },
    email: { type: "string", format: "email" },
    count: { type: "integer", minimum: 1, maximum: 10 },
    color: { type: "string", enum: ["red", "green"] },
  },
  required: ["confirm"],
} as const;

describe("zodJsonSchemaValidator", () => {
  const validate = zodJsonSchemaValidator().getValidator(requestedSchema);

  it("accepts answers that match the schema", () => {
    const answer = { confirm: true, reason: "done", email: "a@b.example", count: 3, color: "red" };
    expect(validate(answer)).toEqual({ valid: true, data: answer, errorMessage: undefined });
  });

  it.each([
    ["a missing required field", { reason: "done" }, /confirm/],
    ["a wrong type", { confirm: "yes" }, /boolean/],
    ["a string too short", { confirm: true, reason: "no" }, /reason/],
    ["a malformed email", { confirm: true, email: "nope" }, /email/],
    ["a number out of range", { confirm: true, count: 11 }, /count/],
    ["a fractional integer", { confirm: true, count: 1.5 }, /count/],
    ["a value outside the enum", { confirm: true, color: "blue" }, /color/],
  ])("rejects %s, saying where", (_label, answer, where) => {
    const result = validate(answer);
    expect(result.valid).toBe(false);
    expect(result.errorMessage).toMatch(where);
  });
});

describe("elicitation through the server", () => {
  async function elicitWith(content: NonNullable<ElicitResult["content"]>) {
    const { mcp } = createServer({ config: { server: "http://127.0.0.1:9", token: "t", timeoutMs: 1000 } });
    const client = new Client({ name: "t", version: "0" }, { capabilities: { elicitation: { form: {} } } });
    client.setRequestHandler(ElicitRequestSchema, async (): Promise<ElicitResult> => ({ action: "accept", content }));
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    await Promise.all([mcp.connect(serverTransport), client.connect(clientTransport)]);
    try {
      return await mcp.server.elicitInput({ message: "Sure?", requestedSchema: requestedSchema as never });
    } finally {
      await client.close();
    }
  }

  it("returns a valid answer", async () => {
    await expect(elicitWith({ confirm: true })).resolves.toMatchObject({
      action: "accept",
      content: { confirm: true },
    });
  });

  it("refuses an answer that does not match the requested schema", async () => {
    await expect(elicitWith({ confirm: "yes" })).rejects.toThrow(/does not match requested schema/);
  });
});

describe("the bundle", () => {
  it("leaves Ajv and zod 3 out of dist/main.cjs", () => {
    const bundle = readFileSync(fileURLToPath(new URL("../dist/main.cjs", import.meta.url)), "utf8");
    expect(bundle).toContain("bundle has no Ajv");
    expect(bundle).toContain("bundle has no zod 3");
    // Option names only Ajv's source spells out.
    expect(bundle).not.toContain("strictSchema");
    expect(bundle).not.toContain("unicodeRegExp");
  });
});
