/**
 * The nodes tools: Drone has no /api/nodes (chi answers 404 "404 page not found"), so every call
 * says plainly that this server has no nodes API; a server that does serve nodes is simulated
 * with fault injection.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, startHarness, textOf } from "./helpers.js";
import { expectOneRequest } from "./requests.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const calls = [
  { tool: "list_nodes", args: {}, method: "GET", path: "/api/nodes" },
  {
    tool: "create_node",
    args: { name: "runner-2", os: "linux", arch: "arm64", capacity: 2 },
    method: "POST",
    path: "/api/nodes",
    json: { name: "runner-2", os: "linux", arch: "arm64", capacity: 2 },
  },
  { tool: "get_node", args: { name: "runner-1" }, method: "GET", path: "/api/nodes/runner-1" },
  {
    tool: "update_node",
    args: { name: "runner-1", paused: true, labels: { zone: "a" } },
    method: "PATCH",
    path: "/api/nodes/runner-1",
    json: { paused: true, labels: { zone: "a" } },
  },
  { tool: "delete_node", args: { name: "runner-1" }, method: "DELETE", path: "/api/nodes/runner-1" },
];

describe("nodes toolset", () => {
  for (const c of calls) {
    it(`${c.tool} says plainly that this Drone server has no nodes API`, async () => {
      const result = await h.call(c.tool, c.args);
      expectOneRequest(h, { method: c.method, path: c.path, ...(c.json ? { json: c.json } : {}) });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/^This Drone server has no nodes API/);
      expect(textOf(result)).toContain("Nothing was changed");
    });
  }

  it("list_nodes shows nodes when a server does serve them", async () => {
    h.drone.faults.push({
      path: "/api/nodes",
      status: 200,
      body: JSON.stringify([{ id: 1, name: "runner-1", state: "running", os: "linux", arch: "amd64", capacity: 4 }]),
    });
    const result = await h.call("list_nodes");
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toBe(
      '1 nodes.\n[{"name":"runner-1","state":"running","platform":"linux/amd64","capacity":4}]',
    );
  });

  it("get_node tells a missing node from a missing API", async () => {
    h.drone.faults.push({ path: "/api/nodes/ghost", status: 404, body: '{"message":"sql: no rows in result set"}' });
    const result = await h.call("get_node", { name: "ghost" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('No node named "ghost"');
  });
});
