/**
 * Read-only mode and toolsets: exactly the selected tools are listed and callable. Expectations
 * are computed from the registry (each tool's toolset and annotations), and pinned with names.
 */
import { afterEach, describe, expect, it } from "vitest";
import { allTools } from "../src/tools/index.js";
import { CORE_TOOLS, DEFAULT_TOOLSETS, selectTools, TOOLSETS, type Toolset } from "../src/toolsets.js";
import { type Harness, type HarnessOptions, startHarness, textOf } from "./helpers.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function listed(config: HarnessOptions["config"]): Promise<string[]> {
  h = await startHarness({ config });
  const { tools } = await h.client.listTools();
  return tools.map((t) => t.name);
}

const names = (filter: (t: (typeof allTools)[number]) => boolean) => allTools.filter(filter).map((t) => t.name);
const mutating = names((t) => !t.annotations.readOnlyHint);

describe("tools/list by configuration", () => {
  it("lists every group but nodes by default", async () => {
    const list = await listed({ toolsets: undefined });
    expect(list).toEqual(names((t) => t.toolset !== "nodes"));
    expect(list).toEqual(
      expect.arrayContaining(["get_build", "restart_build", "purge_build_logs", "check_connection"]),
    );
    expect(DEFAULT_TOOLSETS).not.toContain("nodes");
  });

  it("read-only lists only tools annotated readOnlyHint, and no mutating tool at all", async () => {
    const list = await listed({ toolsets: undefined, readOnly: true });
    expect(list).toEqual(names((t) => t.toolset !== "nodes" && t.annotations.readOnlyHint));
    expect(list).toEqual(
      expect.arrayContaining(["get_current_user", "list_builds", "get_build", "get_build_logs", "check_connection"]),
    );
    for (const name of ["create_build", "restart_build", "cancel_build", "purge_build_history", "purge_build_logs"]) {
      expect(list).not.toContain(name);
    }
    for (const name of mutating) expect(list).not.toContain(name);
    const { tools } = await h!.client.listTools();
    for (const tool of tools) expect(tool.annotations?.readOnlyHint).toBe(true);
  });

  it.each(TOOLSETS.map((t) => [t]))("toolset %s lists exactly that group's tools", async (toolset: Toolset) => {
    const list = await listed({ toolsets: [toolset] });
    expect(list).toEqual(names((t) => t.toolset === toolset));
  });

  it("a concrete group: builds", async () => {
    const list = await listed({ toolsets: ["builds"] });
    expect(list).toEqual(expect.arrayContaining(["list_builds", "get_build", "create_build", "restart_build"]));
    expect(list).not.toContain("get_build_logs");
    expect(list).not.toContain("get_current_user");
  });

  it("several groups add up; read-only wins inside a named group", async () => {
    const list = await listed({ toolsets: ["builds", "logs"], readOnly: true });
    expect(list).toEqual(names((t) => (t.toolset === "builds" || t.toolset === "logs") && t.annotations.readOnlyHint));
    expect(list).toEqual(expect.arrayContaining(["list_builds", "get_build", "get_build_logs"]));
    expect(list).not.toContain("purge_build_logs");
    expect(list).not.toContain("restart_build");
  });

  it("all turns on every group, nodes included", async () => {
    expect(await listed({ toolsets: ["all"] })).toEqual(allTools.map((t) => t.name));
  });

  it("core is the named preset; names of tools not in this build are ignored", async () => {
    const list = await listed({ toolsets: ["core"] });
    expect(list).toEqual(names((t) => CORE_TOOLS.includes(t.name)));
    expect(list).toEqual(
      expect.arrayContaining(["list_user_repos", "list_builds", "get_build", "get_build_logs", "restart_build"]),
    );
    expect(list).not.toContain("purge_build_history");
    expect(list).not.toContain("create_build");
  });

  it("core plus a group is their union", () => {
    const selected = selectTools(allTools, { toolsets: ["core", "system"] }).map((t) => t.name);
    expect(selected).toContain("check_connection");
    expect(selected).toContain("get_build");
    expect(selected).not.toContain("create_build");
  });
});

describe("tools that are off cannot be called", () => {
  it("read-only: a mutating tool is refused and nothing reaches Drone", async () => {
    h = await startHarness({ config: { readOnly: true } });
    for (const [name, args] of [
      ["purge_build_history", { namespace: "octocat", name: "hello-world", before: 3 }],
      ["restart_build", { namespace: "octocat", name: "hello-world", build: 1 }],
    ] as const) {
      const result = await h.call(name, args);
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain(`Tool ${name} not found`);
    }
    expect(h.drone.requests).toHaveLength(0);
    const ok = await h.call("get_build", { namespace: "octocat", name: "hello-world", build: 1 });
    expect(ok.isError).toBeFalsy();
  });

  it("a tool outside the selected toolsets is refused", async () => {
    h = await startHarness({ config: { toolsets: ["logs"] } });
    const result = await h.call("get_current_user");
    expect(result.isError).toBe(true);
    expect(h.drone.requests).toHaveLength(0);
  });
});

describe("server instructions", () => {
  it("say which toolsets are on, that logs are untrusted, and how to find a failure's cause", async () => {
    h = await startHarness({ config: { toolsets: ["builds", "logs", "system"], readOnly: true } });
    const text = h.client.getInstructions() ?? "";
    expect(text).toContain("Toolsets on: builds, logs, system (read-only mode");
    expect(text).toMatch(/untrusted data/);
    const tools = (await h.client.listTools()).tools.map((t) => t.name);
    if (tools.includes("get_build_failure")) expect(text).toContain("get_build_failure");
    else expect(text).toMatch(/get_build .*get_build_logs/);
    expect(text).toContain("check_connection");
    expect(text.split("\n").length).toBeLessThanOrEqual(6);
  });
});
