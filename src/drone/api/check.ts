/**
 * Cheap checks of Drone's answers where a wrong shape would mislead the user: a list is a list,
 * an object is an object, and the fields a tool reasons with (numbers, statuses, names) have
 * their type. Everything else is kept as Drone sent it. A failed check is a DroneResponseError
 * naming the route and what was wrong, never a silently wrong answer.
 */
import { DroneResponseError } from "../errors.js";

/** Turns Drone's parsed JSON into T, or throws a ShapeProblem saying what is wrong. */
export type Check<T> = (value: unknown) => T;

/** What a check found wrong; read() turns it into a DroneResponseError naming the route. */
export class ShapeProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ShapeProblem";
  }
}

type FieldType = "string" | "number" | "boolean" | "array" | "object";
type Fields = Record<string, FieldType>;

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function hasType(value: unknown, type: FieldType): boolean {
  if (type === "array") return Array.isArray(value);
  if (type === "object") return typeof value === "object" && value !== null && !Array.isArray(value);
  if (type === "number") return typeof value === "number" && Number.isFinite(value);
  return typeof value === type;
}

/**
 * An object whose `required` fields exist with their type and whose `optional` fields, when
 * present (and not null), have theirs. `what` names it in messages ("a build").
 */
export function shape<T>(what: string, required: Fields, optional: Fields = {}): Check<T> {
  return (value) => {
    if (!hasType(value, "object")) throw new ShapeProblem(`is ${typeOf(value)}, not ${what}`);
    const record = value as Record<string, unknown>;
    for (const [key, type] of Object.entries(required)) {
      if (!hasType(record[key], type)) {
        throw new ShapeProblem(`is not ${what}: "${key}" is ${typeOf(record[key])}, expected ${article(type)}`);
      }
    }
    for (const [key, type] of Object.entries(optional)) {
      const field = record[key];
      if (field !== undefined && field !== null && !hasType(field, type)) {
        throw new ShapeProblem(`is not ${what}: "${key}" is ${typeOf(field)}, expected ${article(type)}`);
      }
    }
    return value as T;
  };
}

const article = (type: FieldType) => (type === "array" ? "a list" : type === "object" ? "an object" : `a ${type}`);

/** A list of items that each pass `item`; Drone's `null` (an empty Go slice) is an empty list. */
export function listOf<T>(item: Check<T>): Check<T[]> {
  return (value) => {
    if (value === null || value === undefined) return [];
    if (!Array.isArray(value)) throw new ShapeProblem(`is ${typeOf(value)}, not a list`);
    value.forEach((entry, i) => {
      try {
        item(entry);
      } catch (error) {
        if (error instanceof ShapeProblem) throw new ShapeProblem(`item ${i + 1} ${error.message}`);
        throw error;
      }
    });
    return value as T[];
  };
}

/** `null` (or an empty 204 answer) stays null; anything else must pass `check`. */
export function orNull<T>(check: Check<T>): Check<T | null> {
  return (value) => (value === null || value === undefined ? null : check(value));
}

/** Any JSON object, unchecked inside. */
export const anyObject: Check<Record<string, unknown>> = shape("an object", {});

/** The answer is not used (204, or an object nobody reads). */
export const ignored: Check<void> = () => undefined;

/** Wraps a ShapeProblem into the error the user sees. */
export function shapeError(problem: ShapeProblem, method: string, path: string): DroneResponseError {
  return new DroneResponseError(
    `Drone answered with an unexpected shape for ${method} /${path}: the answer ${problem.message}. Nothing was done with it. Is DRONE_SERVER a Drone server, and of a version this tool supports?`,
  );
}
