/**
 * Drone's Server-Sent Events endpoints (handler/api/events): the global and per-repo build
 * event streams and the live step log stream, with Drone's exact framing: `: ping\n\n` first
 * (and every pingIntervalMs), `data: <json>\n\n` per event (log lines get a third newline from
 * Go's json.Encoder), and `event: error\ndata: eof\n\n` when the stream ends.
 */
import type { ServerResponse } from "node:http";
import type { Repo } from "../../drone/types.js";
import { type Ctx, type SandboxContext, withRepo } from "../acl.js";
import { type Router, sendMessage } from "../router.js";

const EOF = "event: error\ndata: eof\n\n";
const PING = ": ping\n\n";

function openEventStream(res: ServerResponse): void {
  res.writeHead(200, {
    "Content-Type": "text/event-stream",
    "Cache-Control": "no-cache",
    Connection: "keep-alive",
    "X-Accel-Buffering": "no",
  });
  res.write(PING);
}

/** strconv.ParseInt / strconv.Atoi as the handler uses them; sends 400 and returns undefined on failure. */
function parseIntParam(ctx: Ctx, key: string, fn: "ParseInt" | "Atoi"): number | undefined {
  const raw = ctx.params[key] ?? "";
  if (/^[+-]?\d+$/.test(raw)) return Number(raw);
  sendMessage(ctx.res, 400, `strconv.${fn}: parsing ${JSON.stringify(raw)}: invalid syntax`);
  return undefined;
}

/** Keeps pinging an open stream and runs cleanup once the client goes away. */
function keepAlive(ctx: Ctx, intervalMs: number, cleanup: () => void): void {
  const timer = setInterval(() => ctx.res.write(PING), intervalMs);
  timer.unref();
  ctx.res.once("close", () => {
    clearInterval(timer);
    cleanup();
  });
}

function subscribeEvents(ctx: Ctx, accepts: (repo: Repo) => boolean): void {
  const { res, state } = ctx;
  openEventStream(res);
  const unsubscribe = state.events.subscribe({
    accepts,
    send: (payload) => res.write(`data: ${payload}\n\n`),
    drop: () => res.destroy(),
  });
  keepAlive(ctx, state.live.pingIntervalMs, unsubscribe);
}

export function streamRoutes(router: Router<SandboxContext>): void {
  // Anonymous allowed; events are filtered by what the viewer could see when the stream opened.
  router.get("/api/stream", (ctx) => {
    const { user, state } = ctx;
    const access = new Set(state.repos.filter((r) => state.perm(r, user)).map((r) => r.slug));
    subscribeEvents(
      ctx,
      (repo) =>
        repo.visibility === "public" || (repo.visibility === "internal" && user !== undefined) || access.has(repo.slug),
    );
  });

  router.get(
    "/api/stream/:owner/:name",
    withRepo("read", (ctx) => subscribeEvents(ctx, (repo) => repo.slug === ctx.repo.slug)),
  );

  router.get(
    "/api/stream/:owner/:name/:number/:stage/:step",
    withRepo("read", (ctx) => {
      const number = parseIntParam(ctx, "number", "ParseInt");
      if (number === undefined) return;
      const stageNumber = parseIntParam(ctx, "stage", "Atoi");
      if (stageNumber === undefined) return;
      const stepNumber = parseIntParam(ctx, "step", "Atoi");
      if (stepNumber === undefined) return;
      const { state, repo, res } = ctx;
      const build = state.findBuild(repo, number);
      const stage = build?.stages?.find((s) => s.number === stageNumber);
      const step = stage?.steps?.find((s) => s.number === stepNumber);
      if (!step) return sendMessage(res, 404, "sql: no rows in result set");

      openEventStream(res);
      const unsubscribe = state.live.subscribe(state.logKey(repo, number, stageNumber, stepNumber), {
        line: (line) => res.write(`data: ${JSON.stringify(line)}\n\n\n`),
        eof: () => {
          res.end(EOF);
        },
        drop: () => res.destroy(),
      });
      // No live stream for this step (not started, or finished): eof at once, still HTTP 200.
      if (!unsubscribe) {
        res.end(EOF);
        return;
      }
      keepAlive(ctx, state.live.pingIntervalMs, unsubscribe);
    }),
  );
}
