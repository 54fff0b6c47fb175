/** Every tool definition, in the order tools/list shows them (grouped by what they act on). */
import { accountTools } from "./account.js";
import { activityTools } from "./activity.js";
import { adminTools } from "./admin.js";
import { badgeTools } from "./badges.js";
import { branchTools } from "./branches.js";
import { buildTools } from "./builds.js";
import { collaboratorTools } from "./collaborators.js";
import { connectionTools } from "./connection.js";
import { cronTools } from "./cron.js";
import type { AnyToolDef } from "./define.js";
import { logTools } from "./logs.js";
import { nodeTools } from "./nodes.js";
import { remoteRepoTools } from "./remote-repos.js";
import { repoTools } from "./repos.js";
import { secretTools } from "./secrets.js";
import { serverInfoTools } from "./server-info.js";
import { signingTools } from "./signing.js";
import { systemTools } from "./system.js";
import { templateTools } from "./templates.js";
import { userTools } from "./user.js";
import { userAdminTools } from "./users.js";

export const allTools: readonly AnyToolDef[] = [
  ...userTools,
  ...accountTools,
  ...remoteRepoTools,
  ...repoTools,
  ...collaboratorTools,
  ...signingTools,
  ...badgeTools,
  ...buildTools,
  ...activityTools,
  ...branchTools,
  ...logTools,
  ...secretTools,
  ...cronTools,
  ...templateTools,
  ...userAdminTools,
  ...adminTools,
  ...nodeTools,
  ...systemTools,
  ...serverInfoTools,
  ...connectionTools,
] as AnyToolDef[];
