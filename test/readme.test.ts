/**
 * README: the first command is the demo and the second the tests; every client snippet in the
 * setup section has its client's documented shape, names this package, and passes only the
 * variables the server reads; every `npm run X` it mentions exists.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const manifest = JSON.parse(readFileSync(new URL("../manifest.json", import.meta.url), "utf8"));
const serverEnv = Object.keys(manifest.server.mcp_config.env);

function blocks(text: string, lang: string): string[] {
  return [...text.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, "g"))].map((m) => m[1] ?? "");
}

function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README has no "## ${title}" section`);
  const end = readme.indexOf("\n## ", start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

function subsection(text: string, title: string): string {
  const start = text.indexOf(`\n### ${title}`);
  if (start < 0) throw new Error(`README has no "### ${title}" subsection`);
  const end = text.indexOf("\n### ", start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

const setup = section("Set up in your assistant");
const json = (title: string) => blocks(subsection(setup, title), "json").map((b) => JSON.parse(b));
const npx = { command: "npx", args: ["-y", pkg.name] };

describe("README", () => {
  it("starts with the demo command, then the test command", () => {
    expect(blocks(readme, "sh").slice(0, 2)).toEqual(["npm ci && npm run demo\n", "npm ci && npm test\n"]);
  });

  it("mentions only npm scripts that exist", () => {
    const mentioned = new Set([...readme.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]));
    for (const script of mentioned) expect(pkg.scripts, `npm run ${script}`).toHaveProperty([script as string]);
  });

  it("has JSON snippets for Claude Desktop and Cursor in the mcpServers format", () => {
    for (const title of ["Claude Desktop: JSON", "Cursor"]) {
      const [config] = json(title);
      expect(config.mcpServers.drone).toMatchObject(npx);
      expect(Object.keys(config.mcpServers.drone.env)).toEqual(["DRONE_SERVER", "DRONE_TOKEN"]);
    }
    expect(json("Cursor")[0].mcpServers.drone.env.DRONE_TOKEN).toBe(`\${env:DRONE_TOKEN}`);
  });

  it("has a VS Code snippet with a stdio server and a password input for the token", () => {
    const [config] = json("VS Code");
    expect(config.servers.drone).toMatchObject({ type: "stdio", ...npx });
    const token = /^\$\{input:([\w-]+)\}$/.exec(config.servers.drone.env.DRONE_TOKEN)?.[1];
    expect(config.inputs).toContainEqual(expect.objectContaining({ type: "promptString", id: token, password: true }));
  });

  it("has a generic stdio snippet and a `claude mcp add` line that names the server before -e", () => {
    expect(json("Any other stdio client")[0]).toMatchObject(npx);
    const [line] = blocks(subsection(setup, "Claude Code"), "sh");
    const words = (line ?? "").trim().split(/\s+/);
    expect(words.slice(0, 4)).toEqual(["claude", "mcp", "add", "drone"]);
    const dashes = words.indexOf("--");
    expect(words.slice(dashes + 1)).toEqual(["npx", "-y", pkg.name]);
    const options = words.slice(4, dashes);
    expect(options.filter((w) => w === "-e")).toHaveLength(options.length / 2);
    expect(options.filter((w) => w !== "-e").map((kv) => kv.split("=")[0])).toEqual(["DRONE_SERVER", "DRONE_TOKEN"]);
  });

  it("passes only environment variables the server reads", () => {
    const names = [...setup.matchAll(/\b(DRONE_[A-Z_]+)\b/g)].map((m) => m[1]);
    for (const name of names) expect(serverEnv).toContain(name);
  });
});
