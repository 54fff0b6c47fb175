import { createDecipheriv, createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { Repo } from "../src/drone/types.js";
import { repoSecret } from "../src/sandbox/routes/signing.js";
import { SANDBOX_USER_TOKEN } from "../src/sandbox/seed.js";
import { type Harness, jsonOf, startHarness, textOf } from "./helpers.js";

let h: Harness;
afterEach(async () => {
  await h.close();
});

const hello = { namespace: "octocat", name: "hello-world" };

describe("collaborators", () => {
  it("list_collaborators GETs /collaborators and gives each user's highest permission", async () => {
    h = await startHarness();
    const result = await h.call("list_collaborators", hello);
    expect(h.drone.requests[0]).toMatchObject({ method: "GET", path: "/api/repos/octocat/hello-world/collaborators" });
    expect(jsonOf(result)).toEqual([
      { login: "jane", permission: "write" },
      { login: "octocat", permission: "admin" },
    ]);
  });

  it("get_collaborator GETs /collaborators/{login}", async () => {
    h = await startHarness({ token: SANDBOX_USER_TOKEN });
    const result = await h.call("get_collaborator", { namespace: "acme", name: "api", login: "jane" });
    expect(h.drone.requests[0]?.path).toBe("/api/repos/acme/api/collaborators/jane");
    expect(textOf(result)).toMatch(/^jane has read permission on acme\/api\./);
    expect(result.structuredContent).toEqual({
      login: "jane",
      permission: "read",
      read: true,
      write: false,
      admin: false,
    });
  });

  it("get_collaborator for a user without a permission row passes on Drone's 404", async () => {
    h = await startHarness();
    const result = await h.call("get_collaborator", { ...hello, login: "nobody" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("HTTP 404: sql: no rows in result set");
  });

  it("remove_collaborator DELETEs the permission row", async () => {
    h = await startHarness();
    const result = await h.call("remove_collaborator", { ...hello, login: "jane" });
    expect(result.isError).toBeFalsy();
    expect(h.drone.requests[0]).toMatchObject({
      method: "DELETE",
      path: "/api/repos/octocat/hello-world/collaborators/jane",
    });
    const repo = h.seeded.state.repoBySlug("octocat", "hello-world") as Repo;
    expect(h.seeded.state.perm(repo, h.seeded.user)).toBeUndefined();
  });

  it("remove_collaborator needs repo admin", async () => {
    h = await startHarness({ token: SANDBOX_USER_TOKEN });
    const result = await h.call("remove_collaborator", { ...hello, login: "octocat" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("HTTP 404: Not Found");
  });
});

describe("sign and encrypt", () => {
  const yaml = "kind: pipeline\ntype: docker\nname: default\nsteps:\n- name: test\n  image: golang\n";

  it("sign_config POSTs the YAML and returns Drone's HMAC as a signature document", async () => {
    h = await startHarness();
    const result = await h.call("sign_config", { ...hello, config: yaml });
    const [request] = h.drone.requests;
    expect(request).toMatchObject({ method: "POST", path: "/api/repos/octocat/hello-world/sign" });
    expect(JSON.parse(request?.body ?? "")).toEqual({ data: yaml });
    const repo = h.seeded.state.repoBySlug("octocat", "hello-world") as Repo;
    const hmac = createHmac("sha256", repoSecret(repo)).update(yaml).digest("hex");
    expect(result.structuredContent).toEqual({ hmac, document: `---\nkind: signature\nhmac: ${hmac}\n\n...\n` });
    expect(textOf(result)).toContain(`hmac: ${hmac}`);
  });

  it("sign_config needs write access", async () => {
    h = await startHarness({ token: SANDBOX_USER_TOKEN });
    const result = await h.call("sign_config", { namespace: "acme", name: "api", config: yaml });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("HTTP 404");
  });

  it("encrypt_secret POSTs the value to /encrypt and returns a secret document that decrypts to it", async () => {
    h = await startHarness();
    const result = await h.call("encrypt_secret", { ...hello, data: "hunter2", secret_name: "db_password" });
    const [request] = h.drone.requests;
    expect(request).toMatchObject({ method: "POST", path: "/api/repos/octocat/hello-world/encrypt" });
    expect(JSON.parse(request?.body ?? "")).toEqual({ data: "hunter2" });
    const { ciphertext, document } = result.structuredContent as { ciphertext: string; document: string };
    expect(document).toBe(`---\nkind: secret\nname: db_password\ndata: ${ciphertext}\n`);
    const sealed = Buffer.from(ciphertext, "base64");
    const repo = h.seeded.state.repoBySlug("octocat", "hello-world") as Repo;
    const decipher = createDecipheriv("aes-256-gcm", Buffer.from(repoSecret(repo)), sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    const plain = Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
    expect(plain.toString()).toBe("hunter2");
    expect(textOf(result)).not.toContain("hunter2");
  });

  it("encrypt_secret refuses an empty value before sending", async () => {
    h = await startHarness();
    const result = await h.call("encrypt_secret", { ...hello, data: "" });
    expect(result.isError).toBe(true);
    expect(h.drone.requests).toHaveLength(0);
  });
});
