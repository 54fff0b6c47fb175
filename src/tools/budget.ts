/**
 * The result budget: no tool answer is larger than its budget in o200k tokens (8,000 unless
 * DRONE_MAX_RESULT_TOKENS or the call's max_tokens says otherwise), counted conservatively
 * (tokens.ts) over what the model reads: the text with its resource links, and, separately,
 * structuredContent. A list that does not fit shows the items that fit and says how many there
 * were and which arguments page or narrow it; anything else is cut with a note. Never silently.
 */
import type * as z from "zod";
import { answerTokens, estimateTokens } from "../tokens.js";
import type { AnyToolDef, ListPart, ToolOutput } from "./define.js";

export const DEFAULT_RESULT_TOKENS = 8000;
/** No budget goes below this: room for a summary and a note on what was left out. */
export const MIN_RESULT_TOKENS = 500;

/** Arguments that make a list shorter, in the order hints name them. */
const NARROWING = ["query", "namespace", "status", "active", "branch", "tag", "event", "author", "stage", "grep"];

/** The budget of one call: its max_tokens when the tool has that argument, else the server's. */
export function resultBudget(tool: AnyToolDef, args: unknown, serverBudget = DEFAULT_RESULT_TOKENS): number {
  const asked = (args as { max_tokens?: unknown } | undefined)?.max_tokens;
  const budget = hasArg(tool, "max_tokens") && typeof asked === "number" ? asked : serverBudget;
  return Math.max(MIN_RESULT_TOKENS, Math.floor(budget));
}

function hasArg(tool: AnyToolDef, name: string): boolean {
  return Object.hasOwn((tool.input as z.ZodObject).shape, name);
}

/** Tokens of the text and links, and of structuredContent: each must fit. */
function sizes(output: ToolOutput): { text: number; links: number; data: number } {
  let links = 0;
  for (const link of output.links ?? []) links += estimateTokens(JSON.stringify(link));
  return {
    text: answerTokens(output.text),
    links,
    data: output.data ? answerTokens(JSON.stringify(output.data)) : 0,
  };
}

/**
 * Whether a result fits its budget. No o200k token is shorter than a byte, so a result of no more
 * bytes than the budget fits without counting (most answers: the vocabulary is not even loaded).
 */
function fits(output: ToolOutput, budget: number): boolean {
  let bytes = Buffer.byteLength(output.text);
  for (const link of output.links ?? []) bytes += Buffer.byteLength(JSON.stringify(link));
  const data = output.data ? Buffer.byteLength(JSON.stringify(output.data)) : 0;
  return Math.max(bytes, data) <= budget || outputTokens(output) <= budget;
}

/** The most a result may take, as estimated: the larger of text + links and structuredContent. */
export function outputTokens(output: ToolOutput): number {
  const size = sizes(output);
  return Math.max(size.text + size.links, size.data);
}

/**
 * Runs a handler within the call's budget. A read tool with max_tokens shapes its own answer
 * (which log lines to keep): when that answer is still over the budget as counted here, it runs
 * again with a proportionally smaller max_tokens, up to twice, before anything is cut.
 */
export async function runWithinBudget(
  tool: AnyToolDef,
  args: unknown,
  serverBudget: number | undefined,
  run: (args: unknown, maxTokens: number) => Promise<ToolOutput>,
): Promise<ToolOutput> {
  const budget = resultBudget(tool, args, serverBudget);
  let output = await run(args, budget);
  if (hasArg(tool, "max_tokens") && tool.annotations.readOnlyHint) {
    let asked = Math.min(budget, (args as { max_tokens?: number } | undefined)?.max_tokens ?? budget);
    for (let attempt = 0; attempt < 2; attempt++) {
      if (fits(output, budget)) break;
      const tokens = outputTokens(output);
      asked = Math.max(300, Math.floor((asked * budget * 0.95) / tokens));
      output = await run({ ...(args as object), max_tokens: asked }, budget);
    }
  }
  return fitToBudget(output, budget, tool);
}

export function fitToBudget(output: ToolOutput, budget: number, tool: AnyToolDef): ToolOutput {
  if (fits(output, budget)) return output;
  let room = budget;
  let links = output.links;
  let dropped = "";
  const linkTokens = sizes(output).links;
  if (linkTokens > budget / 4) {
    dropped = ` ${links?.length} resource links left out.`;
    links = undefined;
  } else {
    room -= linkTokens;
  }
  const fitted = output.list ? fitList(output.list, room, budget, tool, dropped) : undefined;
  const result = fitted ?? cutText(output, room, budget, tool, dropped);
  return links ? { ...result, links } : result;
}

/** The first items that fit, under a note that names the arguments for the rest. */
function fitList(list: ListPart, room: number, budget: number, tool: AnyToolDef, dropped: string) {
  const items = (list.render(list.count, "").data?.items as unknown[] | undefined) ?? [];
  const fits = (output: ToolOutput) => outputTokens(output) <= room;
  const overhead = outputTokens(list.render(0, listNote(list, list.count, budget, tool, dropped)));
  if (overhead > room) return undefined;
  let shown = 0;
  let used = overhead;
  // Items are counted only until the room is full: of 5,000 repositories a few hundred fit.
  while (shown < items.length) {
    const cost = estimateTokens(JSON.stringify(items[shown])) + 1;
    if (used + cost > room) break;
    used += cost;
    shown++;
  }
  for (;;) {
    const output = list.render(shown, listNote(list, shown, budget, tool, dropped));
    if (fits(output) || shown === 0) return fits(output) ? output : undefined;
    shown = Math.floor(shown * 0.95);
  }
}

/** "Cut to 120 of 412 repositories to fit the 8000-token answer budget. Rest: page=2, per_page=120. ..." */
export function listNote(list: ListPart, shown: number, budget: number, tool: AnyToolDef, dropped = ""): string {
  const total = list.total !== undefined && list.total > list.count ? ` (${list.total} in all)` : "";
  let note = `Cut to ${shown} of these ${list.count} ${list.noun}${total} to fit the ${budget}-token answer budget.${dropped}`;
  if (shown > 0 && list.perPage === Number.POSITIVE_INFINITY && hasArg(tool, "offset")) {
    note += ` Rest: offset=${list.offset + shown}.`;
  } else if (shown > 0 && hasArg(tool, "page") && hasArg(tool, "per_page")) {
    const next = list.offset + shown;
    let perPage = shown;
    while (next % perPage !== 0) perPage--;
    note += ` Rest: page=${next / perPage + 1}, per_page=${perPage}.`;
  }
  const hints = narrowing(tool);
  if (hints.length) note += ` Narrow with ${hints.join(", ")}.`;
  if (hasArg(tool, "max_tokens")) note += " Or raise max_tokens.";
  return note;
}

function narrowing(tool: AnyToolDef): string[] {
  // namespace + name say which repo a tool acts on; namespace alone filters a list.
  return NARROWING.filter((arg) => hasArg(tool, arg) && !(arg === "namespace" && hasArg(tool, "name")));
}

/** Anything else over budget: the head of the text that fits, and a note where it stops. */
function cutText(output: ToolOutput, room: number, budget: number, tool: AnyToolDef, dropped: string): ToolOutput {
  const total = outputTokens(output);
  const hints = narrowing(tool);
  const note = `\n[Cut here: this answer was about ${total} tokens, over the ${budget}-token answer budget.${dropped}${
    hints.length ? ` Narrow with ${hints.join(", ")}.` : ""
  }${hasArg(tool, "max_tokens") ? " Or raise max_tokens." : ""}]`;
  const available = room - estimateTokens(note);
  const text = output.text;
  let length = Math.floor((text.length * Math.max(0, available)) / Math.max(1, estimateTokens(text)));
  while (length > 0 && estimateTokens(text.slice(0, length)) > available) length = Math.floor(length * 0.95);
  const newline = text.lastIndexOf("\n", length);
  if (newline > length * 0.8) length = newline;
  const head = text.slice(0, length);
  // structuredContent would be the same data uncut: left out, the text says what is missing.
  return { text: `${head}${note}` };
}
