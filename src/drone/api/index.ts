/**
 * The typed Drone API, one module per area (go-github style): `builds.get(drone, ref)`,
 * `logs.stored(drone, ref)`, ... Each function owns its route, query and answer shape; tools
 * and resources call these and never write a route string. The client is always a parameter
 * (one per user in HTTP mode), never a module singleton.
 */
export * as builds from "./builds.js";
export * as cron from "./cron.js";
export * as events from "./events.js";
export * as logs from "./logs.js";
export * as nodes from "./nodes.js";
export * as queue from "./queue.js";
export type { BuildRef, RepoRef, StepRef } from "./refs.js";
export * as repos from "./repos.js";
export type { Call } from "./request.js";
export * as secrets from "./secrets.js";
export * as system from "./system.js";
export * as templates from "./templates.js";
export * as user from "./user.js";
export * as users from "./users.js";
