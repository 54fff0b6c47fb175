/** Every tool definition, in the order tools/list shows them. */
import { adminTools } from "./admin.js";
import { buildTools } from "./builds.js";
import { cronTools } from "./cron.js";
import type { AnyToolDef } from "./define.js";
import { logTools } from "./logs.js";
import { nodeTools } from "./nodes.js";
import { repoTools } from "./repos.js";
import { secretTools } from "./secrets.js";
import { systemTools } from "./system.js";
import { templateTools } from "./templates.js";
import { userTools } from "./user.js";
import { userAdminTools } from "./users.js";

export const allTools: readonly AnyToolDef[] = [
  ...userTools,
  ...repoTools,
  ...buildTools,
  ...logTools,
  ...secretTools,
  ...cronTools,
  ...templateTools,
  ...userAdminTools,
  ...adminTools,
  ...nodeTools,
  ...systemTools,
] as AnyToolDef[];
