/**
 * Badges (handler/api/badge, handler/api/ccmenu). status.svg has no access check at all and
 * always answers 200 with an SVG saying success, failure, started, error or none for the latest
 * build of a ref. cc.xml (repo read) describes the repo's newest build for CCMenu, or answers
 * 404 with an empty body when there is none.
 */
import type { Build } from "../../drone/types.js";
import { type SandboxContext, withRepo } from "../acl.js";
import { type Router, sendEmpty } from "../router.js";

export type BadgeWord = "success" | "failure" | "started" | "error" | "none";

export function badgeWord(build: Build | undefined): BadgeWord {
  if (!build) return "none";
  switch (build.status) {
    case "pending":
    case "running":
    case "blocked":
      return "started";
    case "success":
      return "success";
    case "error":
      return "error";
    default:
      return "failure";
  }
}

const COLORS: Record<BadgeWord, string> = {
  success: "#4c1",
  failure: "#e05d44",
  started: "#dfb317",
  error: "#9f9f9f",
  none: "#9f9f9f",
};

/** A shields-style badge: "build" on grey, then the word on its colour. */
function badgeSvg(word: BadgeWord): string {
  const width = 37 + 8 + word.length * 7;
  const mid = 37 + (width - 37) / 2;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20">`,
    `<rect rx="3" width="${width}" height="20" fill="#555"/>`,
    `<rect rx="3" x="37" width="${width - 37}" height="20" fill="${COLORS[word]}"/>`,
    `<g fill="#fff" text-anchor="middle" font-family="DejaVu Sans,Verdana,Geneva,sans-serif" font-size="11">`,
    `<text x="19.5" y="14">build</text><text x="${mid}" y="14">${word}</text></g></svg>`,
  ].join("");
}

function ccStatus(build: Build): string {
  switch (build.status) {
    case "error":
    case "killed":
    case "declined":
      return "Exception";
    case "success":
      return "Success";
    case "failure":
      return "Failure";
    default:
      return "Unknown";
  }
}

function xmlAttr(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&#34;");
}

export function badgeRoutes(router: Router<SandboxContext>): void {
  router.get("/api/badges/:owner/:name/status.svg", ({ res, state, params, query }) => {
    res.writeHead(200, {
      "Access-Control-Allow-Origin": "*",
      "Cache-Control": "no-cache, no-store, max-age=0, must-revalidate, value",
      Expires: "Thu, 01 Jan 1970 00:00:00 GMT",
      "Content-Type": "image/svg+xml",
    });
    const repo = state.repoBySlug(params.owner ?? "", params.name ?? "");
    if (!repo) {
      res.end(badgeSvg("none"));
      return;
    }
    let ref = query.get("ref") ?? "";
    const branch = query.get("branch") ?? "";
    if (branch) ref = `refs/heads/${branch}`;
    if (!ref) ref = `refs/heads/${repo.default_branch}`;
    const build = state
      .buildsOf(repo)
      .filter((b) => b.ref === ref)
      .at(-1);
    res.end(badgeSvg(badgeWord(build)));
  });

  router.get(
    "/api/badges/:owner/:name/cc.xml",
    withRepo("read", ({ req, res, state, repo }) => {
      const build = state.findBuild(repo, repo.counter);
      if (!build) return sendEmpty(res, 404);
      const running = build.status === "pending" || build.status === "running" || build.status === "blocked";
      const link = `http://${req.headers.host ?? "localhost"}/${repo.namespace}/${repo.name}/${build.number}`;
      const attrs: Array<[string, string]> = [
        ["name", repo.slug],
        ["activity", running ? "Building" : "Sleeping"],
        ["lastBuildStatus", ccStatus(build)],
        ["lastBuildLabel", running ? "Unknown" : String(build.number)],
        ["lastBuildTime", running ? "" : new Date(build.started * 1000).toISOString().replace(".000Z", "Z")],
        ["webUrl", link],
      ];
      const project = attrs.map(([k, v]) => `${k}="${xmlAttr(v)}"`).join(" ");
      res.writeHead(200, { "Content-Type": "text/xml; charset=utf-8" });
      res.end(`<Projects><Project ${project}></Project></Projects>`);
    }),
  );
}
