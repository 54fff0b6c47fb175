/**
 * Server information outside the spec: GET /api/system/stats (sysadmin; handler/api/system)
 * and GET /varz (anonymous; handler/web/varz.go: SCM address and rate limit, license).
 */
import { type SandboxContext, withAdmin } from "../acl.js";
import { type Router, sendJson } from "../router.js";

/** Drone's 8 fixed platforms, in its order. */
const PLATFORMS = [
  { os: "linux", arch: "arm", variant: "v6", kernel: "" },
  { os: "linux", arch: "arm", variant: "v7", kernel: "" },
  { os: "linux", arch: "arm64", variant: "v8", kernel: "" },
  { os: "linux", arch: "arm", variant: "v9", kernel: "" },
  { os: "linux", arch: "amd64", variant: "", kernel: "" },
  { os: "windows", arch: "arm64", variant: "", kernel: "1709" },
  { os: "windows", arch: "arm64", variant: "", kernel: "1803" },
  { os: "windows", arch: "arm64", variant: "", kernel: "1809" },
];

/** Where Drone counts a stage (aggregatePlatformStats); linux/amd64 stages are not counted. */
function platformIndex(stage: { os: string; arch: string; variant?: string; kernel?: string }): number | undefined {
  if (stage.os === "windows") return { "1709": 5, "1803": 6 }[stage.kernel ?? ""] ?? 7;
  if (stage.arch === "arm") return { v6: 0, v9: 3 }[stage.variant ?? ""] ?? 1;
  if (stage.arch === "arm64") return 2;
  return undefined;
}

export function serverInfoRoutes(router: Router<SandboxContext>): void {
  router.get(
    "/api/system/stats",
    withAdmin(({ res, state }) => {
      const builds = [...state.builds.values()].flat();
      const hasStage = (status: string) => builds.filter((b) => b.stages?.some((s) => s.status === status)).length;
      const pipelines = PLATFORMS.map((p) => ({ subscribers: 0, ...p, pending: 0, running: 0 }));
      for (const stage of builds.flatMap((b) => b.stages ?? [])) {
        if (stage.status !== "pending" && stage.status !== "running") continue;
        const index = platformIndex(stage);
        const platform = index === undefined ? undefined : pipelines[index];
        if (platform) platform[stage.status] += 1;
      }
      sendJson(res, 200, {
        users: { total: state.users.length },
        repos: { active: state.repos.filter((r) => r.active).length },
        builds: { pending: hasStage("pending"), running: hasStage("running"), total: builds.length },
        pipelines,
        events: { subscribers: state.events.subscriberCount },
        streams: state.live.info(),
        watchers: null,
      });
    }),
  );

  router.get("/varz", ({ res }) =>
    sendJson(res, 200, {
      scm: { url: "https://git.example.com/api/v3/", rate: { limit: 5000, remaining: 4990, reset: 1767225600 } },
      license: { kind: "trial", seats: 0, repos: 0, expire_at: "0001-01-01T00:00:00Z" },
    }),
  );
}
