/**
 * `npm run manifest`: rewrites manifest.json's generated fields (version and package facts from
 * package.json, `tools` and `prompts` from the server's registry) and formats it with Biome.
 * Run it after adding or renaming a tool; a test fails until you do.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type PackageFacts, registeredByDefault, updateManifest } from "./manifest.js";

const root = process.cwd();
const manifestPath = join(root, "manifest.json");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as PackageFacts;
const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Record<string, unknown>;
const registered = await registeredByDefault();
writeFileSync(manifestPath, `${JSON.stringify(updateManifest(manifest, pkg, registered), null, 2)}\n`);

const biome = spawnSync(join(root, "node_modules", ".bin", "biome"), ["format", "--write", manifestPath], {
  encoding: "utf8",
});
if (biome.status !== 0) {
  process.stderr.write(
    `${biome.stdout}${biome.stderr}manifest.json written, but \`biome format\` failed: run \`npm run format\`\n`,
  );
  process.exitCode = 1;
}
process.stdout.write(
  `manifest.json: version ${pkg.version}, ${registered.tools.length} tools, ${registered.prompts.length} prompts\n`,
);
