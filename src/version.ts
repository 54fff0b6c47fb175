import pkg from "../package.json" with { type: "json" };

/** The package version, shown by --version and sent in the User-Agent header. */
export const VERSION: string = pkg.version;
export const NAME = "drone-mcp";
