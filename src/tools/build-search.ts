/** The filters list tools share: a build's status ("failing": failure or error) and event. */
import * as z from "zod";
import { isFailed } from "../drone/build-state.js";
import { BUILD_EVENTS } from "../drone/types.js";

/** Statuses a list can be filtered on; "failing" is failure or error. */
export const STATUS_FILTERS = ["failing", "failure", "error", "killed", "success", "running", "pending"] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];
export const statusFilter = z.enum(STATUS_FILTERS).describe('"failing": failure or error');
export const eventFilter = z.enum(BUILD_EVENTS).describe("Event");

export function statusMatches(status: string, filter: StatusFilter | undefined): boolean {
  if (filter === undefined) return true;
  if (filter === "failing") return isFailed(status);
  return status === filter;
}
