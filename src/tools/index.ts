/** Every tool definition, in the order tools/list shows them. */
import { accountTools } from "./account.js";
import { badgeTools } from "./badges.js";
import { branchTools } from "./branches.js";
import { buildTools } from "./builds.js";
import { collaboratorTools } from "./collaborators.js";
import type { AnyToolDef } from "./define.js";
import { logTools } from "./logs.js";
import { remoteRepoTools } from "./remote-repos.js";
import { serverInfoTools } from "./server-info.js";
import { signingTools } from "./signing.js";
import { userTools } from "./user.js";

export const allTools: readonly AnyToolDef[] = [
  ...userTools,
  ...buildTools,
  ...logTools,
  ...branchTools,
  ...accountTools,
  ...remoteRepoTools,
  ...collaboratorTools,
  ...signingTools,
  ...badgeTools,
  ...serverInfoTools,
] as AnyToolDef[];
