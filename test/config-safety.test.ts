/** Safety configuration: read-only, toolsets, confirmation, TLS, proxies, token file, CLI flags. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CliError, parseCli } from "../src/cli.js";
import { ConfigError, loadConfig } from "../src/config.js";
import { TOOLSET_NAMES } from "../src/toolsets.js";

const BASE = { DRONE_SERVER: "https://drone.example.com", DRONE_TOKEN: "0123456789abcdef0123456789abcdef" };
const dir = mkdtempSync(join(tmpdir(), "drone-mcp-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("safety settings", () => {
  it("defaults: not read-only, default toolsets, confirmation on, TLS verified, no proxy", () => {
    expect(loadConfig(BASE)).toEqual({
      ...{ server: BASE.DRONE_SERVER, token: BASE.DRONE_TOKEN, timeoutMs: 30_000 },
      readOnly: false,
      confirmDestructive: true,
      skipVerify: false,
    });
  });

  it("reads DRONE_READ_ONLY, DRONE_CONFIRM_DESTRUCTIVE and DRONE_SKIP_VERIFY", () => {
    const config = loadConfig({
      ...BASE,
      DRONE_READ_ONLY: "true",
      DRONE_CONFIRM_DESTRUCTIVE: "false",
      DRONE_SKIP_VERIFY: "1",
    });
    expect(config).toMatchObject({ readOnly: true, confirmDestructive: false, skipVerify: true });
    const error = configError(() => loadConfig({ ...BASE, DRONE_READ_ONLY: "maybe" }));
    expect(error.variable).toBe("DRONE_READ_ONLY");
    expect(error.message).toBe('DRONE_READ_ONLY must be true or false (got "maybe")');
  });

  it("parses DRONE_TOOLSETS, and rejects unknown names listing the valid ones", () => {
    expect(loadConfig({ ...BASE, DRONE_TOOLSETS: " builds, logs ,core" }).toolsets).toEqual(["builds", "logs", "core"]);
    expect(loadConfig({ ...BASE, DRONE_TOOLSETS: "" }).toolsets).toBeUndefined();
    const error = configError(() => loadConfig({ ...BASE, DRONE_TOOLSETS: "builds,bilds,secret" }));
    expect(error.variable).toBe("DRONE_TOOLSETS");
    expect(error.message).toContain('unknown toolsets "bilds", "secret"');
    expect(error.message).toContain(`Valid: ${TOOLSET_NAMES.join(", ")}`);
    expect(error.message).toContain(
      "user, repos, builds, logs, secrets, cron, templates, admin, nodes, system, all, core",
    );
  });

  it("flags override their variables; --read-only wins over DRONE_READ_ONLY=false", () => {
    const config = loadConfig(
      { ...BASE, DRONE_READ_ONLY: "false", DRONE_TOOLSETS: "admin" },
      { readOnly: true, toolsets: "logs", server: "http://other.example.com:8080/" },
    );
    expect(config).toMatchObject({ readOnly: true, toolsets: ["logs"], server: "http://other.example.com:8080" });
    expect(configError(() => loadConfig(BASE, { toolsets: "nope" })).message).toMatch(
      /^--toolsets: unknown toolset "nope"/,
    );
  });

  it("reads proxies (lower case first) and NO_PROXY, and rejects a proxy that is not a URL", () => {
    expect(
      loadConfig({
        ...BASE,
        HTTPS_PROXY: "http://upper:3128",
        https_proxy: "http://lower:3128",
        HTTP_PROXY: "http://plain:3128",
        NO_PROXY: "localhost,.internal",
      }).proxy,
    ).toEqual({ httpsProxy: "http://lower:3128", httpProxy: "http://plain:3128", noProxy: "localhost,.internal" });
    const error = configError(() => loadConfig({ ...BASE, HTTPS_PROXY: "proxy:3128 " }));
    expect(error.variable).toBe("HTTPS_PROXY");
  });
});

describe("the token from a file", () => {
  const file = join(dir, "token");
  writeFileSync(file, "  fedcba9876543210fedcba9876543210\n");

  it("DRONE_TOKEN_FILE and --token-file read the token, trimmed", () => {
    const env = { DRONE_SERVER: BASE.DRONE_SERVER };
    expect(loadConfig({ ...env, DRONE_TOKEN_FILE: file }).token).toBe("fedcba9876543210fedcba9876543210");
    expect(loadConfig(BASE, { tokenFile: file }).token).toBe("fedcba9876543210fedcba9876543210");
  });

  it("both variables set is an error; a missing or empty file names the path, never a token", () => {
    expect(configError(() => loadConfig({ ...BASE, DRONE_TOKEN_FILE: file })).message).toContain(
      "both set: keep only one",
    );
    const missing = configError(() =>
      loadConfig({ DRONE_SERVER: BASE.DRONE_SERVER, DRONE_TOKEN_FILE: join(dir, "nope") }),
    );
    expect(missing.variable).toBe("DRONE_TOKEN_FILE");
    expect(missing.message).toContain("cannot read");
    expect(missing.message).toContain("ENOENT");
    const empty = join(dir, "empty");
    writeFileSync(empty, "\n");
    expect(configError(() => loadConfig(BASE, { tokenFile: empty })).message).toMatch(/^--token-file: .* is empty/);
    const spaced = join(dir, "spaced");
    writeFileSync(spaced, "Bearer secret-token-value");
    const error = configError(() => loadConfig(BASE, { tokenFile: spaced }));
    expect(error.message).toContain("The token from --token-file contains spaces");
    expect(error.message).not.toContain("secret-token-value");
  });
});

describe("command line", () => {
  it("parses serve and doctor with flags in either form", () => {
    expect(parseCli([])).toMatchObject({ command: "serve" });
    expect(parseCli(["--read-only", "--toolsets", "core,system", "--token-file=/t"])).toEqual({
      command: "serve",
      flags: { readOnly: true, toolsets: "core,system", tokenFile: "/t", server: undefined },
      http: { http: undefined, host: undefined, port: undefined, sharedToken: undefined },
    });
    expect(parseCli(["doctor", "--server", "https://d.example.com"])).toMatchObject({
      command: "doctor",
      flags: { server: "https://d.example.com" },
    });
    expect(parseCli(["--version"]).command).toBe("version");
    expect(parseCli(["-h"]).command).toBe("help");
  });

  it("rejects unknown options and commands", () => {
    expect(() => parseCli(["--readonly"])).toThrow(CliError);
    expect(() => parseCli(["--readonly"])).toThrow("Unknown option '--readonly'; see drone-mcp --help");
    expect(() => parseCli(["docter"])).toThrow(/unknown command "docter"/);
    expect(() => parseCli(["--toolsets"])).toThrow(CliError);
  });
});
