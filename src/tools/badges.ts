/**
 * A repo's status badge in words (GET /api/badges/{owner}/{name}/status.svg, no auth at all)
 * with the URL to embed, and optionally the CCMenu feed (cc.xml, repo read).
 */
import * as z from "zod";
import { system } from "../drone/api/index.js";
import type { DroneClient } from "../drone/client.js";
import { DroneApiError } from "../drone/errors.js";
import { compact } from "../drone/shape.js";
import { defineTool, READ } from "./define.js";
import { objectResult } from "./format.js";
import { repo } from "./params.js";

/** The status word of a Drone badge SVG: the last text element (success/failure/started/error/none). */
export function badgeStatus(svg: string): string {
  const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => (m[1] ?? "").trim());
  return texts.at(-1) || "unknown";
}

/** The attributes of CCMenu's <Project .../> element. */
export function ccProject(xml: string): Record<string, string> | undefined {
  const element = /<Project\s([^>]*)>/.exec(xml)?.[1];
  if (element === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const m of element.matchAll(/([A-Za-z]+)="([^"]*)"/g)) {
    out[m[1] as string] = (m[2] ?? "")
      .replace(/&#34;|&quot;/g, '"')
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
  }
  return out;
}

const MEANING: Record<string, string> = {
  success: "the latest build passed",
  failure: "the latest build failed or was killed",
  started: "the latest build is pending, running or awaiting approval",
  error: "the latest build had an error",
  none: "no build for this ref (or no such repo)",
};

export const badgeTools = [
  defineTool({
    name: "get_repo_badge",
    title: "Status badge",
    description: "A repo's build badge status in words, plus the badge URL to embed in a README.",
    toolset: "repos",
    input: z.object({
      ...repo,
      branch: z.string().optional().describe("Branch (default: the repo's default branch)"),
      ref: z.string().optional().describe("Git ref instead of branch, e.g. refs/tags/v1.2"),
      ccmenu: z.boolean().optional().describe("Also read the CCMenu feed (cc.xml)"),
    }),
    annotations: READ,
    handler: async (a, { drone, signal }) => {
      const query = { ref: a.ref, branch: a.branch };
      const svgPath = system.badgePath(a);
      const body = await system.badge(drone, a, query, { signal });
      const status = badgeStatus(body);
      const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => Boolean(e[1])));
      const badgeUrl = `${drone.server}/${svgPath}${params.size ? `?${params}` : ""}`;
      const data: Record<string, unknown> = {
        status,
        badge_url: badgeUrl,
        markdown: `[![Build Status](${badgeUrl})](${drone.server}/${a.namespace}/${a.name})`,
      };
      if (a.ccmenu) data.ccmenu = await readCcMenu(drone, a, signal);
      const where = a.branch ?? a.ref ?? "default branch";
      return objectResult(
        `Badge of ${a.namespace}/${a.name} (${where}): ${status}${MEANING[status] ? `, ${MEANING[status]}` : ""}.`,
        data,
      );
    },
  }),
];

async function readCcMenu(
  drone: DroneClient,
  a: { namespace: string; name: string },
  signal: AbortSignal,
): Promise<Record<string, unknown> | string> {
  try {
    const body = await system.ccMenu(drone, a, { signal });
    const project = ccProject(body);
    if (!project) return "cc.xml had no project";
    return compact({
      activity: project.activity,
      last_build_status: project.lastBuildStatus,
      last_build: project.lastBuildLabel,
      last_build_time: project.lastBuildTime,
      web_url: project.webUrl,
    });
  } catch (error) {
    if (error instanceof DroneApiError && error.status === 404) return "no build yet (or no access)";
    if (error instanceof DroneApiError && error.status === 501) return "not in this Drone edition";
    throw error;
  }
}
