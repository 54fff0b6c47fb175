/** Every tool definition, in the order tools/list shows them. */
import { activityTools } from "./activity.js";
import { buildTools } from "./builds.js";
import type { AnyToolDef } from "./define.js";
import { logTools } from "./logs.js";
import { userTools } from "./user.js";

export const allTools: readonly AnyToolDef[] = [
  ...userTools,
  ...buildTools,
  ...activityTools,
  ...logTools,
] as AnyToolDef[];
