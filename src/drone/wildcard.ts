/**
 * Values that Drone reads from a chi wildcard (`/builds/branches/*`, `/builds/deployments/*`):
 * a branch may contain '/', so the value is sent as several path segments. chi matches on the
 * decoded path only when the sent path is exactly how Go would escape it (otherwise Go keeps the
 * raw path and Drone would see "%2B" instead of "+"), so each segment is escaped the Go way.
 */
import { UserError } from "./errors.js";
import { segmentProblem } from "./path.js";

/** Go's url.PathEscape rules for one segment: like encodeURIComponent, but keeps $&+,:;= and @, escapes !'()*. */
export function goPathSegment(value: string): string {
  return encodeURIComponent(value)
    .replace(/%(24|26|2B|2C|3A|3B|3D|40)/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A branch or deploy target as the tail of a path: each '/'-separated part checked and escaped,
 * '/' kept between them. Refuses empty, "." and ".." parts (URL parsers would resolve them).
 */
export function wildcardPath(value: string, what: string): string {
  return value
    .split("/")
    .map((part) => {
      const problem = segmentProblem(part);
      if (problem) {
        throw new UserError(`${what} ${JSON.stringify(value)} has a part ${JSON.stringify(part)} that ${problem}`);
      }
      return goPathSegment(part);
    })
    .join("/");
}
