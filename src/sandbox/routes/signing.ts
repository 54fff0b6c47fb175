/**
 * POST /api/repos/{owner}/{name}/sign and /encrypt (also /encrypt/secret), repo write: both use
 * the repo's hidden secret. Sign answers the hex HMAC-SHA256 of the YAML; encrypt answers
 * base64(nonce || AES-256-GCM ciphertext || tag) of the plaintext.
 */
import { createCipheriv, createHmac, randomBytes } from "node:crypto";
import type { Repo } from "../../drone/types.js";
import { type RepoCtx, type SandboxContext, withRepo } from "../acl.js";
import { type Router, sendJson, sendMessage } from "../router.js";
import { fakeSha } from "../state.js";

/** The repo's 32-byte secret (never serialized by Drone); stable per slug in the sandbox. */
export function repoSecret(repo: Repo): string {
  return fakeSha(`secret:${repo.slug}`).slice(0, 32);
}

/** Decodes {"data": "..."} as Go's json.Decoder would, answering 400 on bad JSON. */
function dataOf(ctx: RepoCtx): string | undefined {
  try {
    const parsed = JSON.parse(ctx.body) as { data?: unknown } | null;
    return typeof parsed?.data === "string" ? parsed.data : "";
  } catch {
    sendMessage(ctx.res, 400, ctx.body.trim() === "" ? "EOF" : "invalid character in request body");
    return undefined;
  }
}

function encrypt(ctx: RepoCtx): void {
  const data = dataOf(ctx);
  if (data === undefined) return;
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(repoSecret(ctx.repo)), nonce);
  const sealed = Buffer.concat([nonce, cipher.update(data, "utf8"), cipher.final(), cipher.getAuthTag()]);
  sendJson(ctx.res, 200, { data: sealed.toString("base64") });
}

export function signingRoutes(router: Router<SandboxContext>): void {
  router.post(
    "/api/repos/:owner/:name/sign",
    withRepo("write", (ctx) => {
      const data = dataOf(ctx);
      if (data === undefined) return;
      const hmac = createHmac("sha256", repoSecret(ctx.repo)).update(data).digest("hex");
      sendJson(ctx.res, 200, { data: hmac });
    }),
  );
  router.post("/api/repos/:owner/:name/encrypt", withRepo("write", encrypt));
  router.post("/api/repos/:owner/:name/encrypt/secret", withRepo("write", encrypt));
}
