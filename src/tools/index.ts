/** Every tool definition, in the order tools/list shows them. */
import { buildTools } from "./builds.js";
import { connectionTools } from "./connection.js";
import type { AnyToolDef } from "./define.js";
import { logTools } from "./logs.js";
import { userTools } from "./user.js";

export const allTools: readonly AnyToolDef[] = [
  ...userTools,
  ...buildTools,
  ...logTools,
  ...connectionTools,
] as AnyToolDef[];
