/**
 * manifest.json: valid for the current MCPB manifest version (checked by the mcpb CLI itself),
 * and its generated fields equal their sources (package.json and the server's registry).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { getMcpConfigForManifest } from "@anthropic-ai/mcpb";
import { describe, expect, it } from "vitest";
import { type PackageFacts, registeredByDefault, updateManifest } from "../src/packaging/manifest.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const readJson = (path: string) => JSON.parse(readFileSync(`${root}${path}`, "utf8"));
const manifest = readJson("manifest.json");
const pkg = readJson("package.json") as PackageFacts & { bin: Record<string, string> };

describe("manifest.json", () => {
  it("passes `npx mcpb validate manifest.json` (the devDependency's CLI: --no forbids a download)", () => {
    const run = spawnSync("npx", ["--no", "mcpb", "validate", "manifest.json"], { cwd: root, encoding: "utf8" });
    expect(run.stdout + run.stderr).toContain("Manifest schema validation passes");
    expect(run.status).toBe(0);
  });

  it("uses the manifest version of the installed mcpb package's latest schema", () => {
    const latest = readJson("node_modules/@anthropic-ai/mcpb/schemas/mcpb-manifest-latest.schema.json");
    expect(manifest.manifest_version).toBe(latest.properties.manifest_version.const);
  });

  it("has the version of package.json and lists exactly the tools and prompts the server registers", async () => {
    const registered = await registeredByDefault();
    expect(manifest.version).toBe(pkg.version);
    expect(manifest.tools).toEqual(registered.tools);
    expect(manifest.prompts).toEqual(registered.prompts);
    expect(registered.tools.length).toBeGreaterThan(10);
    for (const tool of manifest.tools) expect(tool.description).toMatch(/\S/);
    // Every generated field at once (package facts too): `npm run manifest` would change nothing.
    expect(manifest, "manifest.json is stale: run `npm run generate`").toEqual(
      updateManifest(manifest, pkg, registered),
    );
  });

  it("starts the built entry point that package.json's bin points to", () => {
    expect(manifest.server.type).toBe("node");
    expect(manifest.server.entry_point).toBe(pkg.bin["drone-mcp"]);
    expect(manifest.server.mcp_config.args).toEqual([`\${__dirname}/${pkg.bin["drone-mcp"]}`]);
  });

  it("asks for the server and a sensitive token, and passes every setting as an environment variable", async () => {
    expect(manifest.user_config.drone_server).toMatchObject({ type: "string", required: true });
    expect(manifest.user_config.drone_token).toMatchObject({ type: "string", required: true, sensitive: true });
    expect(manifest.user_config.read_only).toMatchObject({ type: "boolean" });
    expect(manifest.user_config.toolsets).toMatchObject({ type: "string" });
    // What a host that implements MCPB hands the server when the user fills in only the required fields.
    const config = await getMcpConfigForManifest({
      manifest,
      extensionPath: "/ext",
      systemDirs: {},
      userConfig: { drone_server: "https://drone.example.com", drone_token: "t0ken" },
      pathSeparator: "/",
    });
    expect(config).toMatchObject({
      command: "node",
      args: ["/ext/dist/index.js"],
      env: {
        DRONE_SERVER: "https://drone.example.com",
        DRONE_TOKEN: "t0ken",
        DRONE_READ_ONLY: "false",
        DRONE_TOOLSETS: "",
      },
    });
  });
});
