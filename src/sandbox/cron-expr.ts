/**
 * Cron expressions as Drone parses them (robfig/cron's `cron.Parse`): SECONDS first,
 * `sec min hour dom month [dow]`, or a descriptor (@daily, @hourly, @every 1h30m...).
 * The sandbox uses it to validate crons and compute `next`, in UTC.
 */

export type CronSchedule =
  | { kind: "fields"; fields: Set<number>[]; domStar: boolean; dowStar: boolean }
  | { kind: "every"; ms: number };

const DESCRIPTORS: Record<string, string> = {
  "@yearly": "0 0 0 1 1 *",
  "@annually": "0 0 0 1 1 *",
  "@monthly": "0 0 0 1 * *",
  "@weekly": "0 0 0 * * 0",
  "@daily": "0 0 0 * * *",
  "@midnight": "0 0 0 * * *",
  "@hourly": "0 0 * * * *",
};

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/** [min, max, names] of second, minute, hour, day of month, month, day of week. */
const BOUNDS: Array<[number, number, string[]?]> = [
  [0, 59],
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12, MONTHS],
  [0, 6, DAYS],
];

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration for positive values ("1h30m", "90s"). */
function parseDuration(text: string): number | undefined {
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(text)) return undefined;
  let ms = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) ms += Number(m[1]) * (UNIT_MS[m[2] ?? ""] ?? 0);
  return ms;
}

function parseValue(text: string, names: string[] | undefined, offset: number): number {
  const index = names?.indexOf(text.toLowerCase()) ?? -1;
  if (index >= 0) return index + offset;
  if (!/^\d+$/.test(text)) throw new Error(`failed to parse int from ${text}`);
  return Number(text);
}

function parseField(
  text: string,
  [min, max, names]: [number, number, string[]?],
): { values: Set<number>; star: boolean } {
  const values = new Set<number>();
  let star = false;
  const offset = names === MONTHS ? 1 : 0;
  for (const part of text.split(",")) {
    const [range = "", stepText] = part.split("/");
    let lo: number;
    let hi: number;
    if (range === "*" || range === "?") {
      lo = min;
      hi = max;
      star = true;
    } else {
      const [a = "", b] = range.split("-");
      lo = parseValue(a, names, offset);
      hi = b === undefined ? (stepText === undefined ? lo : max) : parseValue(b, names, offset);
    }
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`bad step in ${part}`);
    if (lo < min || hi > max || lo > hi) throw new Error(`value out of range in ${part}`);
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return { values, star };
}

/** Parses an expression; throws on anything robfig/cron would reject. */
export function parseCron(expr: string): CronSchedule {
  let text = expr.trim();
  if (text.startsWith("@every ")) {
    const ms = parseDuration(text.slice(7).trim());
    if (!ms) throw new Error(`failed to parse duration ${text}`);
    return { kind: "every", ms: Math.max(ms, 1000) };
  }
  if (text.startsWith("@")) {
    const replaced = DESCRIPTORS[text];
    if (!replaced) throw new Error(`unrecognized descriptor: ${text}`);
    text = replaced;
  }
  const parts = text.split(/\s+/);
  if (parts.length === 5) parts.push("*");
  if (parts.length !== 6) throw new Error(`expected 5 to 6 fields, found ${parts.length}: ${text}`);
  const parsed = parts.map((part, i) => parseField(part, BOUNDS[i] as [number, number, string[]?]));
  return {
    kind: "fields",
    fields: parsed.map((p) => p.values),
    domStar: parsed[3]?.star ?? false,
    dowStar: parsed[5]?.star ?? false,
  };
}

/** The first time strictly after `from` (UTC) that the schedule fires; undefined if none within 5 years. */
export function nextRun(schedule: CronSchedule, from: Date): Date | undefined {
  if (schedule.kind === "every") return new Date(Math.floor((from.getTime() + schedule.ms) / 1000) * 1000);
  const [sec, min, hour, dom, month, dow] = schedule.fields as [Set<number>, ...Set<number>[]];
  const t = new Date(Math.floor(from.getTime() / 1000) * 1000 + 1000);
  const limit = from.getUTCFullYear() + 5;
  const dayMatches = () => {
    const d = dom?.has(t.getUTCDate()) ?? false;
    const w = dow?.has(t.getUTCDay()) ?? false;
    return schedule.domStar || schedule.dowStar ? d && w : d || w;
  };
  while (t.getUTCFullYear() <= limit) {
    if (!month?.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0, 0, 0);
    } else if (!dayMatches()) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0, 0, 0);
    } else if (!hour?.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
    } else if (!min?.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
    } else if (!sec.has(t.getUTCSeconds())) {
      t.setUTCSeconds(t.getUTCSeconds() + 1, 0);
    } else {
      return t;
    }
  }
  return undefined;
}
