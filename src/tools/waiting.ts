/**
 * "Why is this build not running?": one line per waiting stage of an unfinished build, with
 * Drone's own scheduling rules (scheduler/queue/queue.go): a blocked stage awaits approval; a
 * stage waiting on dependencies names them; a pending stage no runner has taken is held by the
 * pipeline's concurrency limit (same stage name in the repo, queued earlier or running), the
 * repository's limit (any stage of the repo queued earlier), or no runner serving its
 * os/arch/variant/kernel and exactly its labels. Runners are not visible through Drone's API:
 * the queue (admins) shows what runs where, and a server with a nodes API lists its nodes;
 * without them the line says what is known.
 */

import { builds, nodes, queue } from "../drone/api/index.js";
import { isActive } from "../drone/build-state.js";
import { DroneApiError } from "../drone/errors.js";
import type { Build, Node, Stage } from "../drone/types.js";
import { FINISHED_STATUSES } from "../drone/types.js";
import type { ToolContext, ToolOutput } from "./define.js";

export interface RepoRef {
  namespace: string;
  name: string;
}

export interface WaitingStage {
  stage: number;
  name: string;
  status: string;
  reason: "approval" | "dependencies" | "concurrency" | "repo_limit" | "no_runner" | "queue" | "runner";
  /** One line for the model. */
  text: string;
}

type Ctx = Pick<ToolContext, "drone" | "signal">;

/** Stages of other unfinished builds of the same repo, with their build numbers. */
interface Sibling {
  build: number;
  stage: Stage;
}

/** Builds of the repo read to find stages holding a concurrency limit. */
const SIBLING_BUILDS = 10;

export function platformOf(stage: Pick<Stage, "os" | "arch" | "variant" | "kernel">): string {
  let text = `${stage.os || "linux"}/${stage.arch || "amd64"}`;
  if (stage.variant) text += `/${stage.variant}`;
  if (stage.kernel) text += ` (kernel ${stage.kernel})`;
  return text;
}

function labelsOf(labels: Record<string, string> | undefined): string {
  const entries = Object.entries(labels ?? {});
  return entries.length ? ` with labels ${entries.map(([k, v]) => `${k}=${v}`).join(", ")}` : "";
}

/** Drone's checkLabels: the worker's labels must equal the stage's exactly. */
function sameLabels(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const x = Object.entries(a ?? {});
  const y = b ?? {};
  return x.length === Object.keys(y).length && x.every(([k, v]) => y[k] === v);
}

/** Whether a runner of this platform (a node, or the stage it runs) can take the stage (queue.go signal()). */
function serves(runner: Pick<Stage, "os" | "arch" | "variant" | "kernel" | "labels"> | Node, stage: Stage): boolean {
  if ((runner.os || "linux") !== (stage.os || "linux")) return false;
  if ((runner.arch || "amd64") !== (stage.arch || "amd64")) return false;
  if (stage.variant && stage.variant !== runner.variant) return false;
  if (stage.kernel && stage.kernel !== runner.kernel) return false;
  return sameLabels(stage.labels, runner.labels);
}

/** A read that may be refused (not admin, OSS build, no such route): undefined instead of an error. */
async function optional<T>(read: () => Promise<T | null>): Promise<T | undefined> {
  try {
    return (await read()) ?? undefined;
  } catch (error) {
    if (error instanceof DroneApiError && [401, 403, 404, 405, 501].includes(error.status)) return undefined;
    throw error;
  }
}

async function siblingsOf(ctx: Ctx, repo: RepoRef, build: Build): Promise<Sibling[]> {
  const list = await builds.list(ctx.drone, repo, { per_page: 50 }, { signal: ctx.signal });
  const others = list.filter((b) => b.number !== build.number && isActive(b.status)).slice(0, SIBLING_BUILDS);
  const full = await Promise.all(
    others.map((b) => optional(() => builds.get(ctx.drone, { ...repo, build: b.number }, { signal: ctx.signal }))),
  );
  const out: Sibling[] = [];
  for (const b of [build, ...full]) {
    if (!b) continue;
    for (const stage of b.stages ?? []) if (isActive(stage.status)) out.push({ build: b.number, stage });
  }
  return out;
}

function holders(list: Sibling[]): string {
  const shown = [...list]
    .sort((a, b) => a.stage.id - b.stage.id)
    .slice(0, 5)
    .map((s) => `#${s.build} "${s.stage.name}" (${s.stage.status})`);
  return shown.join(", ") + (list.length > 5 ? ` and ${list.length - 5} more` : "");
}

const minutes = (since: number) => {
  if (!since) return "";
  const m = Math.round((Date.now() / 1000 - since) / 60);
  return m >= 1 ? ` for ${m} min` : "";
};

interface Known {
  queue?: Stage[] | undefined;
  nodes?: Node[] | undefined;
  siblings?: Sibling[] | undefined;
}

function explainPending(stage: Stage, build: Build, known: Known): WaitingStage {
  const base = { stage: stage.number, name: stage.name, status: stage.status };
  const label = `Stage ${stage.number} "${stage.name}" (${stage.status}${minutes(stage.created || build.created)})`;
  const needs = `${platformOf(stage)}${labelsOf(stage.labels)}`;
  if (stage.machine) {
    return { ...base, reason: "runner", text: `${label}: runner ${stage.machine} has taken it and is starting it.` };
  }
  const siblings = known.siblings ?? [];
  if (stage.limit && stage.limit > 0) {
    // withinLimits: same repo and stage name, queued earlier or running.
    const held = siblings.filter(
      (s) =>
        s.stage.id !== stage.id &&
        s.stage.name === stage.name &&
        (s.stage.id < stage.id || s.stage.status === "running"),
    );
    if (held.length >= stage.limit) {
      return {
        ...base,
        reason: "concurrency",
        text: `${label}: its pipeline's concurrency limit (${stage.limit}) is reached; held by ${holders(held)}. It starts when one of them finishes.`,
      };
    }
  }
  if (stage.throttle && stage.throttle > 0) {
    // shouldThrottle: any stage of the repo queued earlier.
    const held = siblings.filter((s) => s.stage.id < stage.id);
    if (held.length >= stage.throttle) {
      return {
        ...base,
        reason: "repo_limit",
        text: `${label}: the repository's limit of ${stage.throttle} concurrent stages is reached; held by ${holders(held)}.`,
      };
    }
  }
  if (known.nodes) {
    const able = known.nodes.filter((n) => serves(n, stage));
    if (able.length === 0) {
      const all = known.nodes.map((n) => `${n.name ?? "?"} ${platformOf({ os: n.os ?? "", arch: n.arch ?? "" })}`);
      return {
        ...base,
        reason: "no_runner",
        text: `${label}: no runner node serves ${needs}; nodes: ${all.join(", ") || "none"}.`,
      };
    }
    if (able.every((n) => n.paused)) {
      return {
        ...base,
        reason: "no_runner",
        text: `${label}: the nodes that serve ${needs} (${able.map((n) => n.name).join(", ")}) are paused.`,
      };
    }
  }
  if (known.queue) {
    const running = known.queue.filter((s) => s.status === "running" || s.machine);
    // Drone offers each runner the oldest stage it can take: only stages for the same runners count as ahead.
    const ahead = known.queue.filter(
      (s) => s.status === "pending" && !s.machine && s.id < stage.id && serves(s, stage),
    );
    if (running.length === 0) {
      return {
        ...base,
        reason: "queue",
        text: `${label}: nothing in the whole queue is running (${known.queue.length} stage(s) waiting): the queue may be paused (resume_queue) or no runner is connected.`,
      };
    }
    const same = running.filter((s) => serves(s, stage));
    if (same.length === 0) {
      const machines = [...new Set(running.map((s) => `${s.machine || "?"} (${platformOf(s)}${labelsOf(s.labels)})`))];
      const later = running.some((s) => s.id > stage.id) ? "stages queued after it were taken, but " : "";
      return {
        ...base,
        reason: "no_runner",
        text: `${label}: no connected runner seems to serve ${needs}: ${later}every running stage is on ${machines.slice(0, 5).join(", ")}.`,
      };
    }
    return {
      ...base,
      reason: "runner",
      text: `${label}: runners for ${needs} are busy (${same.length} running stage(s)); ${ahead.length ? `${ahead.length} stage(s) for them are ahead of it in the queue` : "it is next for them"}.`,
    };
  }
  return {
    ...base,
    reason: "runner",
    text: `${label}: no runner has taken it yet; it needs one for ${needs}. Which runners are connected shows only to admins (get_queue).`,
  };
}

/** Whether a build has a stage waiting for something (approval, dependencies, a runner). */
export function hasWaitingStage(build: Build): boolean {
  if (FINISHED_STATUSES.has(build.status)) return false;
  return (build.stages ?? []).some(
    (s) => s.status === "blocked" || s.status === "waiting_on_dependencies" || (s.status === "pending" && !s.machine),
  );
}

/** One explanation per waiting stage of an unfinished build (empty when nothing waits). */
export async function explainWaiting(ctx: Ctx, repo: RepoRef, build: Build): Promise<WaitingStage[]> {
  if (!hasWaitingStage(build)) return [];
  const stages = build.stages ?? [];
  const pending = stages.filter((s) => s.status === "pending" && !s.machine);
  const known: Known = {};
  if (pending.length) {
    const limited = pending.some((s) => (s.limit ?? 0) > 0 || (s.throttle ?? 0) > 0);
    [known.queue, known.nodes, known.siblings] = await Promise.all([
      optional(() => queue.list(ctx.drone, { signal: ctx.signal })),
      optional(() => nodes.list(ctx.drone, { signal: ctx.signal })),
      limited ? siblingsOf(ctx, repo, build) : Promise.resolve(undefined),
    ]);
  }
  const byName = new Map(stages.map((s) => [s.name, s]));
  const out: WaitingStage[] = [];
  for (const stage of stages) {
    const base = { stage: stage.number, name: stage.name, status: stage.status };
    const label = `Stage ${stage.number} "${stage.name}"`;
    if (stage.status === "blocked") {
      out.push({
        ...base,
        reason: "approval",
        text: `${label} awaits approval: a repo admin runs approve_build (or decline_build).`,
      });
    } else if (stage.status === "waiting_on_dependencies") {
      const deps = (stage.depends_on ?? []).map((name) => {
        const dep = byName.get(name);
        return dep ? `"${name}" (${dep.status === "blocked" ? "awaiting approval" : dep.status})` : `"${name}"`;
      });
      out.push({
        ...base,
        reason: "dependencies",
        text: `${label} waits for ${deps.join(", ") || "the stages it depends on"}.`,
      });
    } else if (stage.status === "pending" && !stage.machine) {
      out.push(explainPending(stage, build, known));
    }
  }
  return out;
}

/** A result with the waiting stages' lines after its first line, and their reasons in its data. */
export function withWaiting(output: ToolOutput, waiting: readonly WaitingStage[], key = "waiting"): ToolOutput {
  if (waiting.length === 0) return output;
  const cut = output.text.indexOf("\n");
  const first = cut < 0 ? output.text : output.text.slice(0, cut);
  const rest = cut < 0 ? "" : output.text.slice(cut);
  const lines = waiting.map((w) => w.text).join("\n");
  const why = waiting.map(({ stage, reason }) => ({ stage, reason }));
  return { ...output, text: `${first}\n${lines}${rest}`, data: { ...output.data, [key]: why } };
}
