/**
 * Signing a pipeline configuration (for protected repos) and encrypting a secret for a
 * `kind: secret` document, both with the repository's own key on the Drone server.
 */
import * as z from "zod";
import { repos } from "../drone/api/index.js";
import { defineTool, READ } from "./define.js";
import { done } from "./format.js";
import { repo, segment } from "./params.js";

export const signingTools = [
  defineTool({
    name: "sign_config",
    title: "Sign pipeline",
    description: "Sign a .drone.yml for a protected repo; returns the signature document to append.",
    toolset: "repos",
    input: z.object({ ...repo, config: z.string().min(1).describe("The full .drone.yml text") }),
    annotations: READ,
    handler: async (a, { drone, signal }) => {
      const answer = await repos.seal(drone, a, "sign", a.config, { signal });
      if (!answer?.data) return done("Drone returned no signature.");
      const document = `---\nkind: signature\nhmac: ${answer.data}\n\n...\n`;
      return {
        text: `Signature for ${a.namespace}/${a.name}: append this document to .drone.yml, replacing any old signature.\n${document}`,
        data: { hmac: answer.data, document },
      };
    },
  }),
  defineTool({
    name: "encrypt_secret",
    title: "Encrypt secret",
    description: "Encrypt a value with the repo's key for a `kind: secret` document in .drone.yml.",
    toolset: "secrets",
    input: z.object({
      ...repo,
      data: z.string().min(1).describe("The secret value"),
      secret_name: segment("Name for the secret document").optional(),
    }),
    annotations: { ...READ, idempotentHint: false },
    handler: async (a, { drone, signal }) => {
      const answer = await repos.seal(drone, a, "encrypt", a.data, { signal });
      if (!answer?.data) return done("Drone returned no ciphertext.");
      const name = a.secret_name ?? "my_secret";
      const document = `---\nkind: secret\nname: ${name}\ndata: ${answer.data}\n`;
      return {
        text: `Encrypted with the key of ${a.namespace}/${a.name} (only its builds can read it). Add this document to .drone.yml and use from_secret: ${name}.\n${document}`,
        data: { ciphertext: answer.data, document },
      };
    },
  }),
];
