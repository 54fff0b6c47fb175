/**
 * The log excerpts' token count (src/logs/tokens.ts) against o200k_base itself: never below the
 * real count on any kind of text a log holds, close to it on the usual kinds, and built from a
 * vocabulary file that the generator reproduces.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { countTokens } from "../src/logs/tokens.js";
import { FAILURE_FIXTURES } from "./fixtures/failure-logs.js";
import { generateLog } from "./fixtures/generate-log.js";
import { countTokens as o200k } from "./tool-list.js";

/** A small deterministic generator (mulberry32), so that failures reproduce. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(200);
const pick = (chars: string, length: number) =>
  Array.from({ length }, () => chars.charAt(Math.floor(rand() * chars.length))).join("");
const numbered = (lines: string[]) => lines.map((line, i) => `${i + 1}: ${line}`).join("\n");

/** Log text of the everyday kinds, with the most the count may exceed o200k's by. */
const usual: Record<string, [string, number]> = {
  "failure fixtures": [FAILURE_FIXTURES.map((f) => numbered(f.lines)).join("\n"), 1.2],
  "generated build log": [numbered(generateLog({ lines: 3000 }).lines), 1.2],
  "Java stack trace": [
    numbered(
      Array.from(
        { length: 200 },
        (_, i) =>
          `    at org.apache.maven.lifecycle.internal.MojoExecutor.execute${i % 7} (MojoExecutor.java:${100 + i})`,
      ),
    ),
    1.25,
  ],
  "English prose": ["The build failed because the test step could not reach the database. ".repeat(50), 1.1],
};

/** Dense or unusual text: only the bound matters. */
const dense: Record<string, string> = {
  base64: Buffer.from(Array.from({ length: 6000 }, () => Math.floor(rand() * 256))).toString("base64"),
  "hex hashes": Array.from({ length: 200 }, () => pick("0123456789abcdef", 40)).join("\n"),
  "random ids": pick("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", 5000),
  "random words": Array.from({ length: 800 }, () =>
    pick("abcdefghijklmnopqrstuvwxyz", 3 + Math.floor(rand() * 9)),
  ).join(" "),
  punctuation: pick("{}[]()<>;:,.!?|\\/@#$%^&*-+=~`'\"", 4000),
  "spinner redraws": "|/-\\|/-.|/-\\|/-\\|.-".repeat(300),
  "progress table": Array.from(
    { length: 100 },
    (_, i) =>
      `${String(i).padStart(3)}  161M  ${String(i).padStart(3)} 2619k    0     0  3506k      0  0:00:47 --:--:--`,
  ).join("\n"),
  "space runs": Array.from({ length: 200 }, (_, i) => `${" ".repeat(i % 60)}x${"\t".repeat(i % 5)}y`).join("\r\n"),
  "CJK and emoji": "构建失败：测试步骤无法连接数据库。🚀✅❌ ビルドに失敗しました 빌드 실패 ".repeat(40),
  "box drawing and braille": "├── └── │ ─ ⠁⠂⠄⡀ ▸ ✖ ◷ ✗ ₿ 🏃 ".repeat(100),
  "accented and Cyrillic": "Échec de la compilation : dépendance introuvable. Сборка не удалась. ".repeat(40),
  "control characters": pick("\u0000\u0001\u0007\u001b\u007f abc", 3000),
};

describe("countTokens (log excerpts)", () => {
  for (const [name, [text, ceiling]] of Object.entries(usual)) {
    it(`counts ${name} at or above o200k, at most ${ceiling}x it`, () => {
      const real = o200k(text);
      const counted = countTokens(text);
      expect(counted).toBeGreaterThanOrEqual(real);
      expect(counted / real).toBeLessThanOrEqual(ceiling);
    });
  }

  for (const [name, text] of Object.entries(dense)) {
    it(`never counts ${name} below o200k`, () => {
      expect(countTokens(text)).toBeGreaterThanOrEqual(o200k(text));
    });
  }

  it("is at or above o200k on every fixture, and at most one token under it on any one line", () => {
    // The longest match can beat o200k's merges on a piece now and then (about one line in 80
    // of real logs, by one token); over a whole excerpt the pieces it overcounts outweigh those.
    for (const fixture of FAILURE_FIXTURES) {
      const text = fixture.lines.join("\n");
      expect(countTokens(text), fixture.family).toBeGreaterThanOrEqual(o200k(text));
      for (const line of fixture.lines) expect(countTokens(line), line).toBeGreaterThanOrEqual(o200k(line) - 1);
    }
  });

  it("counts one-token words as one", () => {
    for (const word of ["error", " failed", "\n", "    ", " the", "Exception"]) expect(countTokens(word)).toBe(1);
    expect(countTokens("")).toBe(0);
  });

  it("reads a vocabulary that the generator reproduces (npm run generate)", async () => {
    const generator = new URL("../src/packaging/o200k-vocab.mjs", import.meta.url).href;
    const { o200kVocabSource } = (await import(/* @vite-ignore */ generator)) as { o200kVocabSource: () => string };
    const checkedIn = readFileSync(new URL("../src/logs/o200k-vocab.ts", import.meta.url), "utf8");
    expect(checkedIn === o200kVocabSource()).toBe(true);
  });
});
