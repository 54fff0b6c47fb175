/**
 * Destructive tools ask the user to confirm through MCP elicitation, with a real SDK Client that
 * declares the capability (accept, decline, cancel), and one that does not (the tool proceeds).
 */
import { ElicitRequestSchema, type ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { allTools } from "../src/tools/index.js";
import { type Harness, type HarnessOptions, startHarness, textOf } from "./helpers.js";

const PURGE = { namespace: "octocat", name: "hello-world", before: 2 };
const PURGE_PATH = "/api/repos/octocat/hello-world/builds";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A harness whose client declares elicitation and answers every question with `answer`. */
async function withAnswer(answer: ElicitResult | Error, config: HarnessOptions["config"] = {}) {
  const asked: Array<{ message: string; requestedSchema: unknown }> = [];
  h = await startHarness({ clientCapabilities: { capabilities: { elicitation: {} } }, config });
  h.client.setRequestHandler(ElicitRequestSchema, async (request) => {
    const params = request.params as { message: string; requestedSchema: unknown };
    asked.push({ message: params.message, requestedSchema: params.requestedSchema });
    if (answer instanceof Error) throw answer;
    return answer;
  });
  return { h, asked };
}

const deletes = (harness: Harness) => harness.drone.requestsTo(PURGE_PATH).filter((r) => r.method === "DELETE");

describe("confirmation of destructive tools", () => {
  it("accept: asks once, describing the action and its arguments, then runs it", async () => {
    const { h, asked } = await withAnswer({ action: "accept", content: {} });
    const result = await h.call("purge_build_history", PURGE);
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain("Builds numbered below 2 in octocat/hello-world deleted");
    expect(asked).toHaveLength(1);
    expect(asked[0]?.message).toContain('Purge builds (namespace="octocat", name="hello-world", before=2)');
    expect(asked[0]?.message).toContain("cannot be undone");
    expect(deletes(h)).toHaveLength(1);
    expect(deletes(h)[0]?.query).toEqual({ before: "2" });
  });

  it("decline: nothing is sent to Drone and the result says the user declined", async () => {
    const { h, asked } = await withAnswer({ action: "decline" });
    const result = await h.call("purge_build_history", PURGE);
    expect(asked).toHaveLength(1);
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toBe(
      'Not done: the user declined "Purge builds" when asked to confirm. Nothing was sent to Drone.',
    );
    expect(h.drone.requests).toHaveLength(0);
  });

  it("cancel: nothing is sent and the result says the question was dismissed", async () => {
    const { h } = await withAnswer({ action: "cancel" });
    const result = await h.call("purge_build_logs", {
      namespace: "octocat",
      name: "hello-world",
      build: 1,
      stage: 1,
      step: 1,
    });
    expect(textOf(result)).toMatch(/^Not done: the user dismissed the confirmation of "Delete step log"/);
    expect(h.drone.requests).toHaveLength(0);
  });

  it("a failing elicitation is an error and nothing is sent", async () => {
    const { h } = await withAnswer(new Error("the dialog crashed"));
    const result = await h.call("purge_build_history", PURGE);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("confirmation could not be obtained");
    expect(h.drone.requests).toHaveLength(0);
  });

  it("only destructive tools ask: reads and other changes run without a question", async () => {
    const { h, asked } = await withAnswer({ action: "decline" });
    expect((await h.call("get_build", { namespace: "octocat", name: "hello-world", build: 1 })).isError).toBeFalsy();
    const restart = await h.call("restart_build", { namespace: "octocat", name: "hello-world", build: 1 });
    expect(textOf(restart)).toMatch(/^Restarted #1/);
    expect(asked).toHaveLength(0);
  });

  it("every destructive tool in the registry asks before sending anything", async () => {
    const { h, asked } = await withAnswer({ action: "decline" });
    const destructive = allTools.filter((t) => t.annotations.destructiveHint);
    expect(destructive.map((t) => t.name)).toEqual(
      expect.arrayContaining(["cancel_build", "decline_build", "purge_build_history", "purge_build_logs"]),
    );
    const { tools } = await h.client.listTools();
    for (const tool of destructive) {
      if (!tools.some((t) => t.name === tool.name)) continue; // e.g. nodes, off by default
      const args = sampleArgs(tool.input.shape as Record<string, unknown>);
      const result = await h.call(tool.name, args);
      expect(textOf(result), tool.name).toMatch(/^Not done: the user declined/);
    }
    expect(asked.length).toBeGreaterThanOrEqual(4);
    expect(h.drone.requests).toHaveLength(0);
  });

  it("DRONE_CONFIRM_DESTRUCTIVE=false: no question, the tool runs", async () => {
    const { h, asked } = await withAnswer({ action: "decline" }, { confirmDestructive: false });
    const result = await h.call("purge_build_history", PURGE);
    expect(result.isError).toBeFalsy();
    expect(asked).toHaveLength(0);
    expect(deletes(h)).toHaveLength(1);
  });

  it("a client without elicitation: the tool runs as annotated (destructiveHint)", async () => {
    h = await startHarness();
    const { tools } = await h.client.listTools();
    expect(tools.find((t) => t.name === "purge_build_history")?.annotations?.destructiveHint).toBe(true);
    const result = await h.call("purge_build_history", PURGE);
    expect(result.isError).toBeFalsy();
    expect(deletes(h)).toHaveLength(1);
  });
});

describe("row 12: strict confirmation and privilege changes", () => {
  const PRIVILEGED: Array<[string, Record<string, unknown>, RegExp]> = [
    ["create_user", { login: "root2", admin: true }, /makes a new system admin/],
    ["update_user", { login: "jane", admin: true }, /grants system admin/],
    ["update_repo", { namespace: "octocat", name: "hello-world", trusted: true }, /allows privileged containers/],
    ["update_repo", { namespace: "octocat", name: "hello-world", visibility: "public" }, /makes its builds public/],
    ["chown_repo", { namespace: "octocat", name: "hello-world" }, /makes you the repository's owner/],
    [
      "promote_build",
      { namespace: "octocat", name: "hello-world", build: 1, target: "production" },
      /deploys to production/,
    ],
  ];

  it("strict, client without elicitation: destructive and privilege-changing calls are refused, nothing is sent", async () => {
    h = await startHarness({ config: { confirmDestructive: "strict" } });
    const destructive = allTools.filter((t) => t.annotations.destructiveHint);
    const { tools } = await h.client.listTools();
    let refused = 0;
    for (const tool of destructive) {
      if (!tools.some((t) => t.name === tool.name)) continue;
      const result = await h.call(tool.name, sampleArgs(tool.input.shape as Record<string, unknown>));
      expect(result.isError, tool.name).toBe(true);
      expect(textOf(result), tool.name).toMatch(
        /cannot ask for it \(no MCP elicitation\)\. DRONE_CONFIRM_DESTRUCTIVE=strict/,
      );
      refused++;
    }
    expect(refused).toBeGreaterThanOrEqual(15);
    for (const [name, args, why] of PRIVILEGED) {
      const result = await h.call(name, args);
      expect(result.isError, name).toBe(true);
      expect(textOf(result), name).toMatch(why);
      expect(textOf(result), name).toContain("Nothing was sent to Drone");
    }
    expect(h.drone.requests.filter((r) => r.method !== "GET")).toHaveLength(0);
    // A change that grants nothing still runs in strict mode.
    const plain = await h.call("update_repo", { namespace: "octocat", name: "hello-world", timeout: 90 });
    expect(plain.isError).toBeFalsy();
  });

  it("privilege-changing calls ask through elicitation like destructive ones, saying what they change", async () => {
    const { h, asked } = await withAnswer({ action: "decline" });
    for (const [name, args, why] of PRIVILEGED) {
      const result = await h.call(name, args);
      expect(textOf(result), name).toMatch(/^Not done: the user declined/);
      expect(asked.at(-1)?.message, name).toMatch(why);
    }
    expect(asked).toHaveLength(PRIVILEGED.length);
    expect(h.drone.requests.filter((r) => r.method !== "GET")).toHaveLength(0);
  });

  it("the question shows arguments quoted and escaped: a newline cannot write a sentence into it", async () => {
    const { h, asked } = await withAnswer({ action: "decline" });
    const url = "https://drone.example.com/octocat/hello-world/1\nThis is safe, press Accept.";
    await h.call("cancel_build", { url });
    expect(asked).toHaveLength(1);
    const message = asked[0]?.message ?? "";
    expect(message).not.toContain("\n");
    expect(message).toContain('url="https://drone.example.com/octocat/hello-world/1\\nThis is safe, press Accept."');
  });

  it("DRONE_CONFIRM_DESTRUCTIVE=strict and --confirm-strict both select strict; other values are refused", async () => {
    const { loadSettings } = await import("../src/config.js");
    const env = { DRONE_SERVER: "https://drone.example.com" };
    expect(loadSettings({ ...env, DRONE_CONFIRM_DESTRUCTIVE: "strict" }).confirmDestructive).toBe("strict");
    expect(loadSettings(env, { confirmStrict: true }).confirmDestructive).toBe("strict");
    expect(loadSettings(env).confirmDestructive).toBe(true);
    expect(() => loadSettings({ ...env, DRONE_CONFIRM_DESTRUCTIVE: "maybe" })).toThrow(/true, false or strict/);
  });
});

/** Plausible arguments for a tool schema: the usual repo/build values, else the first accepted candidate. */
function sampleArgs(shape: Record<string, unknown>): Record<string, unknown> {
  const known: Record<string, unknown> = { namespace: "octocat", name: "hello-world", build: 1, stage: 1, step: 1 };
  const args: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shape)) {
    const schema = field as { safeParse: (v: unknown) => { success: boolean }; options?: unknown[] };
    if (schema.safeParse(undefined).success && !(key in known)) continue;
    const candidates = [known[key], "sample", 2, true, ...(schema.options ?? [])];
    const value = candidates.find((c) => c !== undefined && schema.safeParse(c).success);
    if (value !== undefined) args[key] = value;
  }
  return args;
}
