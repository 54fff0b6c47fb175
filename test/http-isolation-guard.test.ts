/**
 * In HTTP mode one process serves many users, each through their own DroneClient. A cache kept in
 * a module (not on the client) would hand one user's Drone data to another, so every module-level
 * Map or cache in src/ must be on this reviewed list, with what it is keyed by.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = fileURLToPath(new URL("../src", import.meta.url));

/** file: variable -> why it cannot mix users' data. */
const REVIEWED: Record<string, string> = {
  "drone/log-store.ts:stores": "WeakMap keyed by DroneClient (one per user in HTTP mode)",
  "tools/listing.ts:convertedAtBuild": "tool input schemas (code, not Drone data)",
  "tools/listing.ts:listedByServer": "tool lists per McpServer (code, not Drone data)",
  "tools/listing.ts:inputCache": "JSON Schemas of tool inputs (code, not Drone data)",
  "tools/listing.ts:outputCache": "JSON Schemas of tool outputs (code, not Drone data)",
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

describe("module-level state (HTTP mode serves many users from one process)", () => {
  it("holds no per-user data outside a client: every module-level Map or cache is reviewed", () => {
    const found: string[] = [];
    for (const file of files(src)) {
      const name = relative(src, file).split("\\").join("/");
      if (name.startsWith("sandbox/") || name.startsWith("demo/") || name.startsWith("packaging/")) continue;
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(
        /^(?:export )?(?:const|let) (\w+)\b[^=\n]*= new (?:Map|WeakMap|ByteLru|\w*Cache|\w*Lru)\b/gm,
      )) {
        found.push(`${name}:${match[1]}`);
      }
    }
    const unreviewed = found.filter((key) => !(key in REVIEWED));
    expect(unreviewed, "key per-user caches by DroneClient (see src/drone/log-store.ts), then list them here").toEqual(
      [],
    );
    expect(found.sort()).toEqual(Object.keys(REVIEWED).sort());
  });
});
