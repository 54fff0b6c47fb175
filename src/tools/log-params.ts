/** The arguments the log tools share (get_build_logs, search_build_logs): one description each. */
import * as z from "zod";
import { FAILURE_MAX_TOKENS } from "./failure.js";

export const SEARCH_DEFAULT_TOKENS = 8000;
export const SEARCH_DEFAULT_MATCHES = 20;
export const SEARCH_DEFAULT_CONTEXT = 2;

export const maxTokens = (fallback: number) =>
  z.int().min(300).max(FAILURE_MAX_TOKENS).optional().describe(`Token budget (default ${fallback})`);
export const context = z.int().min(0).max(20).optional().describe(`Context lines (default ${SEARCH_DEFAULT_CONTEXT})`);
export const maxMatches = z.int().min(1).max(200).optional().describe(`Default ${SEARCH_DEFAULT_MATCHES}`);
export const pattern = z.string().min(1).max(200);
