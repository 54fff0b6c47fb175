/**
 * Patterns users search logs with: plain text (smart case: case-insensitive unless it has a
 * capital letter), searched in line, or `/regex/flags`, bounded: at most 200 characters, no
 * backreferences, no nested quantifiers such as `(a+)+` (the shapes that backtrack
 * exponentially); what remains still runs in a worker with a time budget (regex-search.ts),
 * because even `/.*a.*b/` can take a minute on one crafted line. Pure.
 */
import { UserError } from "../drone/errors.js";

export const PATTERN_MAX_LENGTH = 200;

/** Plain text: safe to run in line (a literal search is linear). */
export interface TextPattern {
  kind: "text";
  /** Index of the first match in the line, or -1. */
  find(text: string): number;
  /** How the pattern was understood, for the result's summary line. */
  label: string;
}

/** A checked regex, to run with scanWithRegex. */
export interface RegexPattern {
  kind: "regex";
  source: string;
  flags: string;
  label: string;
}

export type Pattern = TextPattern | RegexPattern;

/** Why a regex source is refused, or undefined when it is safe enough to run. */
export function regexProblem(source: string): string | undefined {
  if (/\\[1-9]|\\k</.test(source)) return "backreferences are not supported";
  // Track, for each open group, whether it contains a quantifier; a quantified group that does
  // is a nested quantifier.
  const stack: boolean[] = [false];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === "]") inClass = false;
      continue;
    }
    if (ch === "[") inClass = true;
    else if (ch === "(") stack.push(false);
    else if (ch === ")") {
      const inner = stack.pop() ?? false;
      if (stack.length === 0) return "it has an unmatched ')'";
      const next = source[i + 1];
      const quantified = next === "*" || next === "+" || (next === "{" && /^\{\d*,?\d*\}/.test(source.slice(i + 1)));
      if (quantified && inner) return "nested quantifiers like (a+)+ can take forever on long lines";
      if (inner || quantified) stack[stack.length - 1] = true;
    } else if (ch === "*" || ch === "+" || ch === "{") {
      stack[stack.length - 1] = true;
    }
  }
  return undefined;
}

/** A pattern for plain text or `/regex/flags`; throws UserError for a pattern it refuses. */
export function compilePattern(pattern: string): Pattern {
  if (pattern.length === 0) throw new UserError("The search pattern is empty.");
  if (pattern.length > PATTERN_MAX_LENGTH) {
    throw new UserError(`The search pattern is longer than ${PATTERN_MAX_LENGTH} characters; shorten it.`);
  }
  const literal = /^\/(.+)\/([a-z]*)$/s.exec(pattern);
  if (!literal) {
    const smartCase = pattern === pattern.toLowerCase();
    const escaped = pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const re = new RegExp(escaped, smartCase ? "i" : "");
    return {
      kind: "text",
      find: (text) => text.search(re),
      label: `"${pattern}"${smartCase ? " (any case)" : ""}`,
    };
  }
  const [, source = "", flags = ""] = literal;
  const badFlag = [...flags].find((f) => !"ims".includes(f));
  if (badFlag) throw new UserError(`Regex flag "${badFlag}" is not supported; use i, m or s.`);
  const problem = regexProblem(source);
  if (problem) throw new UserError(`Regex /${source}/ refused: ${problem}. Simplify it or search for plain text.`);
  try {
    new RegExp(source, flags);
  } catch (error) {
    throw new UserError(`Invalid regex /${source}/: ${(error as Error).message}`);
  }
  return { kind: "regex", source, flags, label: `/${source}/${flags}` };
}
