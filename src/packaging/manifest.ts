/**
 * The MCP Bundle manifest (manifest.json): its generated parts come from one source each.
 * Package facts (version, description, author, repository, license, keywords, Node version)
 * from package.json; `tools` and `prompts` from what the server registers by default, read
 * over a real MCP client, so the manifest lists exactly what an assistant will see.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { loadConfig } from "../config.js";
import { createServer } from "../server.js";

export interface ManifestTool {
  name: string;
  description?: string;
}

export interface ManifestPrompt {
  name: string;
  description?: string;
  arguments?: string[];
  text: string;
}

export interface Registered {
  tools: ManifestTool[];
  prompts: ManifestPrompt[];
}

/** The package.json fields the manifest repeats. */
export interface PackageFacts {
  name: string;
  version: string;
  description: string;
  license: string;
  author: { name: string; email?: string; url?: string };
  repository?: { type: string; url: string };
  keywords: string[];
  engines: { node: string };
}

/** The environment a user gets by default: only the two required settings. */
const DEFAULT_ENV = { DRONE_SERVER: "https://drone.invalid", DRONE_TOKEN: "manifest" };

/**
 * Lists the tools and prompts of a server started with the default configuration. Nothing is
 * sent to Drone: listing never calls the API.
 */
export async function registeredByDefault(): Promise<Registered> {
  const { mcp } = createServer({ config: loadConfig(DEFAULT_ENV) });
  const client = new Client({ name: "drone-mcp-manifest", version: "0.0.0" });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await Promise.all([mcp.connect(serverTransport), client.connect(clientTransport)]);
  try {
    const { tools } = await client.listTools();
    const prompts = client.getServerCapabilities()?.prompts ? await listPrompts(client) : [];
    return {
      tools: tools.map((t) => withoutEmpty({ name: t.name, description: t.description })),
      prompts,
    };
  } finally {
    await client.close();
    await mcp.close();
  }
}

/**
 * A manifest prompt needs its text: the prompt rendered with `${arguments.NAME}` placeholders,
 * which is how MCPB hosts fill arguments in.
 */
async function listPrompts(client: Client): Promise<ManifestPrompt[]> {
  const { prompts } = await client.listPrompts();
  const out: ManifestPrompt[] = [];
  for (const prompt of prompts) {
    const names = prompt.arguments?.map((a) => a.name) ?? [];
    const args = Object.fromEntries(names.map((n) => [n, `\${arguments.${n}}`]));
    let text = prompt.description ?? prompt.name;
    try {
      const rendered = await client.getPrompt({ name: prompt.name, arguments: args });
      const texts = rendered.messages.flatMap((m) => (m.content.type === "text" ? [m.content.text] : []));
      if (texts.length > 0) text = texts.join("\n\n");
    } catch {
      // Arguments the prompt validates more strictly than a placeholder: keep the description.
    }
    out.push(
      withoutEmpty({ name: prompt.name, description: prompt.description, arguments: names, text }) as ManifestPrompt,
    );
  }
  return out;
}

/** The manifest with its generated fields replaced; every other field is kept as written. */
export function updateManifest(
  manifest: Record<string, unknown>,
  pkg: PackageFacts,
  registered: Registered,
): Record<string, unknown> {
  const compatibility = (manifest.compatibility ?? {}) as Record<string, unknown>;
  const runtimes = (compatibility.runtimes ?? {}) as Record<string, unknown>;
  return {
    ...manifest,
    name: pkg.name,
    version: pkg.version,
    description: pkg.description,
    author: pkg.author,
    ...(pkg.repository ? { repository: pkg.repository } : {}),
    license: pkg.license,
    keywords: pkg.keywords,
    compatibility: { ...compatibility, runtimes: { ...runtimes, node: pkg.engines.node } },
    tools: registered.tools,
    prompts: registered.prompts,
  };
}

function withoutEmpty<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)),
  ) as T;
}
