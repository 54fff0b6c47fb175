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

describe("system toolset", () => {
  it("get_version reads /version outside /api", async () => {
    const result = await h.call("get_version");
    expectOneRequest(h, { method: "GET", path: "/version" });
    expect(textOf(result)).toMatch(/^Drone 2\.25\.0 \(commit c32df38e62\)\.\n/);
    expect(result.structuredContent).toEqual({
      version: "2.25.0",
      commit: "c32df38e62b39a78d2fc1a6163b9f223320bf7b9",
      source: "https://github.com/harness/drone.git",
    });
  });

  it("get_version copes with a server that reports no version (all fields omitempty)", async () => {
    h.drone.faults.push({ path: "/version", status: 200, body: "{}" });
    const result = await h.call("get_version");
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toBe("Drone did not report a version.");
  });
});
