/** The sandbox's robfig/cron-compatible parser: seconds first, descriptors, next run in UTC. */
import { describe, expect, it } from "vitest";
import { nextRun, parseCron } from "../src/sandbox/cron-expr.js";

const from = new Date("2024-03-15T10:20:30Z");
const next = (expr: string) => nextRun(parseCron(expr), from)?.toISOString();

describe("cron expressions", () => {
  it("reads the first field as seconds", () => {
    expect(next("0 0 0 * * *")).toBe("2024-03-16T00:00:00.000Z");
    expect(next("0 0 * * *")).toBe("2024-03-15T11:00:00.000Z");
    expect(next("*/15 * * * * *")).toBe("2024-03-15T10:20:45.000Z");
  });

  it("supports descriptors and @every", () => {
    expect(next("@daily")).toBe("2024-03-16T00:00:00.000Z");
    expect(next("@hourly")).toBe("2024-03-15T11:00:00.000Z");
    expect(next("@weekly")).toBe("2024-03-17T00:00:00.000Z");
    expect(next("@every 1h30m")).toBe("2024-03-15T11:50:30.000Z");
  });

  it("supports ranges, lists, steps and names", () => {
    expect(next("0 30 9 * * mon-fri")).toBe("2024-03-18T09:30:00.000Z");
    expect(next("0 0 12 1,15 * *")).toBe("2024-03-15T12:00:00.000Z");
    expect(next("0 0 0 1 jan *")).toBe("2025-01-01T00:00:00.000Z");
    expect(next("0 5/20 * * * *")).toBe("2024-03-15T10:25:00.000Z");
  });

  it("ORs day of month and day of week when both are restricted", () => {
    expect(next("0 0 0 20 * sun")).toBe("2024-03-17T00:00:00.000Z");
  });

  it("rejects what robfig/cron rejects", () => {
    for (const bad of ["", "* * * *", "* * * * * * *", "60 * * * * *", "@often", "@every soon", "*/0 * * * * *"]) {
      expect(() => parseCron(bad), bad).toThrow();
    }
  });
});
