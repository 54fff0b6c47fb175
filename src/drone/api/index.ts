/**
 * The typed Drone API, one module per area (go-github style): `builds.get(drone, ref)`,
 * `logs.stored(drone, ref)`, ... Each function owns its route, query and answer shape; tools
 * and resources call these and never write a route string. The client is always a parameter.
 */
export * as builds from "./builds.js";
export * as events from "./events.js";
export * as logs from "./logs.js";
export * as queue from "./queue.js";
export type { BuildRef, RepoRef, StepRef } from "./refs.js";
export * as repos from "./repos.js";
export type { Call } from "./request.js";
export * as system from "./system.js";
export * as user from "./user.js";
