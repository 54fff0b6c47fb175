/**
 * The Drone server itself: is it up (/healthz, plus /varz: source-host rate limit and license)
 * and what is it doing (/api/system/stats, admin).
 */
import * as z from "zod";
import { system } from "../drone/api/index.js";
import type { DroneClient } from "../drone/client.js";
import { compact, isoTime } from "../drone/shape.js";
import { defineTool, READ } from "./define.js";
import { objectResult } from "./format.js";

interface Varz {
  scm?: { url?: string; rate?: { limit?: number; remaining?: number; reset?: number } };
  license?: {
    kind?: string;
    seats?: number;
    seats_used?: number;
    seats_available?: number;
    repos?: number;
    repos_used?: number;
    repos_available?: number;
    expire_at?: string;
  };
}

interface Platform {
  os: string;
  arch: string;
  variant?: string;
  kernel?: string;
  pending: number;
  running: number;
}

interface Stats {
  users?: { total?: number };
  repos?: { active?: number };
  builds?: { pending?: number; running?: number; total?: number };
  pipelines?: Platform[] | null;
  events?: { subscribers?: number };
  streams?: Record<string, number> | null;
}

/** /varz is informative only: a server without it (or a proxy hiding it) gives undefined. */
async function readVarz(drone: DroneClient, signal: AbortSignal): Promise<Varz | undefined> {
  try {
    return ((await system.varz(drone, { signal })) as Varz | null) ?? undefined;
  } catch {
    return undefined;
  }
}

export const serverInfoTools = [
  defineTool({
    name: "get_health",
    title: "Server health",
    description: "Check the Drone server is up; also its source-host API rate limit and license.",
    toolset: "system",
    input: z.object({}),
    annotations: READ,
    handler: async (_args, { drone, signal }) => {
      const health = await system.health(drone, { signal });
      const varz = await readVarz(drone, signal);
      const rate = varz?.scm?.rate;
      const license = varz?.license;
      const expires = license?.expire_at?.startsWith("0001-") ? undefined : license?.expire_at;
      const data = compact({
        healthy: true,
        healthz: health.trim().slice(0, 100),
        scm_url: varz?.scm?.url,
        scm_rate: rate?.limit
          ? compact({ limit: rate.limit, remaining: rate.remaining, resets: isoTime(rate.reset) })
          : undefined,
        license: license ? compact({ ...license, expire_at: expires }) : undefined,
      });
      let summary = `Drone at ${drone.server} is up.`;
      if (rate?.limit) summary += ` Source host API: ${rate.remaining} of ${rate.limit} requests left.`;
      return objectResult(summary, data);
    },
  }),
  defineTool({
    name: "get_system_stats",
    title: "System stats",
    description: "Counts of users, active repos, builds, queued stages and live streams (needs admin).",
    toolset: "admin",
    input: z.object({}),
    annotations: READ,
    handler: async (_args, { drone, signal }) => {
      const stats = ((await system.stats(drone, { signal })) ?? {}) as Stats;
      const queued = (stats.pipelines ?? [])
        .filter((p) => p.pending || p.running)
        .map((p) => ({
          platform: [p.os, p.arch, p.variant || p.kernel].filter(Boolean).join("/"),
          pending: p.pending,
          running: p.running,
        }));
      const streams = Object.keys(stats.streams ?? {}).length;
      const data = compact({
        users: stats.users?.total,
        active_repos: stats.repos?.active,
        builds: stats.builds,
        queued_stages_by_platform: queued,
        event_subscribers: stats.events?.subscribers,
        live_log_streams: streams,
      });
      const b = stats.builds ?? {};
      return objectResult(
        `${stats.users?.total ?? 0} users, ${stats.repos?.active ?? 0} active repos; builds: ${b.pending ?? 0} pending, ${b.running ?? 0} running, ${b.total ?? 0} in all; ${streams} live log streams.`,
        data,
      );
    },
  }),
];
