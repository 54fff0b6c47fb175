/**
 * Test certificates made with the `openssl` command (node:crypto cannot issue X.509 certificates):
 * a test CA, certificates it signs (valid, expired, for another host) and a self-signed one.
 * `opensslMissing` tells the tests to skip when no openssl binary exists.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Pem {
  key: string;
  cert: string;
}

export interface TestCerts {
  dir: string;
  /** Path of the CA's certificate (for NODE_EXTRA_CA_CERTS). */
  caFile: string;
  ca: string;
  /** Signed by the CA for 127.0.0.1. */
  valid: Pem;
  /** Signed by the CA for 127.0.0.1, valid only in January 2020. */
  expired: Pem;
  /** Signed by the CA for drone.example.com. */
  wrongHost: Pem;
  /** Self-signed for 127.0.0.1. */
  selfSigned: Pem;
  cleanup(): void;
}

export const opensslMissing: boolean = (() => {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return false;
  } catch {
    return true;
  }
})();

export function makeTestCerts(): TestCerts {
  const dir = mkdtempSync(join(tmpdir(), "drone-mcp-tls-"));
  const path = (name: string) => join(dir, name);
  const run = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  const ecKey = (name: string) =>
    run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path(name));

  ecKey("ca.key");
  run("req", "-x509", "-new", "-key", "ca.key", "-subj", "/CN=drone-mcp test CA", "-days", "2", "-out", "ca.pem");
  writeFileSync(path("index.txt"), "");
  writeFileSync(path("serial"), "1000\n");
  writeFileSync(
    path("ca.cnf"),
    [
      "[ca]",
      "default_ca = test_ca",
      "[test_ca]",
      `dir = ${dir}`,
      `database = ${path("index.txt")}`,
      `new_certs_dir = ${dir}`,
      `serial = ${path("serial")}`,
      "default_md = sha256",
      "policy = any",
      "copy_extensions = copy",
      "unique_subject = no",
      "[any]",
      "commonName = supplied",
      "",
    ].join("\n"),
  );

  const issue = (name: string, san: string, dates: string[]): Pem => {
    ecKey(`${name}.key`);
    run(
      "req",
      "-new",
      "-key",
      `${name}.key`,
      "-subj",
      `/CN=${name}`,
      "-addext",
      `subjectAltName=${san}`,
      "-out",
      `${name}.csr`,
    );
    run(
      "ca",
      "-batch",
      "-config",
      "ca.cnf",
      "-cert",
      "ca.pem",
      "-keyfile",
      "ca.key",
      "-in",
      `${name}.csr`,
      "-out",
      `${name}.pem`,
      "-notext",
      ...dates,
    );
    return { key: readFileSync(path(`${name}.key`), "utf8"), cert: readFileSync(path(`${name}.pem`), "utf8") };
  };
  const valid = issue("valid", "IP:127.0.0.1", ["-days", "2"]);
  const expired = issue("expired", "IP:127.0.0.1", ["-startdate", "20200101000000Z", "-enddate", "20200201000000Z"]);
  const wrongHost = issue("wronghost", "DNS:drone.example.com", ["-days", "2"]);

  ecKey("self.key");
  run(
    "req",
    "-x509",
    "-new",
    "-key",
    "self.key",
    "-subj",
    "/CN=127.0.0.1",
    "-addext",
    "subjectAltName=IP:127.0.0.1",
    "-days",
    "2",
    "-out",
    "self.pem",
  );
  const selfSigned = { key: readFileSync(path("self.key"), "utf8"), cert: readFileSync(path("self.pem"), "utf8") };

  return {
    dir,
    caFile: path("ca.pem"),
    ca: readFileSync(path("ca.pem"), "utf8"),
    valid,
    expired,
    wrongHost,
    selfSigned,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
