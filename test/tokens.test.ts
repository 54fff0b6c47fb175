/**
 * The token count every budget uses (src/tokens.ts) against o200k_base itself: never below the
 * real count on any kind of text drone-mcp sends (JSON, logs, prose, hashes, other scripts), close
 * to it on the usual kinds, and built from a vocabulary file that its generator reproduces.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { answerTokens, estimateTokens } from "../src/tokens.js";
import { FAILURE_FIXTURES } from "./fixtures/failure-logs.js";
import { generateLog } from "./fixtures/generate-log.js";
import { countTokens } from "./tool-list.js";

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

const rand = random(16);
const pick = (chars: string, length: number) =>
  Array.from({ length }, () => chars.charAt(Math.floor(rand() * chars.length))).join("");
const iso = (i: number) => new Date(1_764_800_000_000 + i * 7_919_000).toISOString().replace(".000Z", "Z");

/** Text kinds with a ceiling on estimate / real: the everyday ones must not waste the budget. */
const usual: Record<string, [string, number]> = {
  "repository rows": [
    JSON.stringify(
      Array.from({ length: 300 }, (_, i) => ({
        slug: `team-${i % 50}/service-${i}`,
        last_build: { number: i * 3, status: i % 7 ? "success" : "failure", finished: iso(i) },
      })),
    ),
    1.15,
  ],
  "user rows": [
    JSON.stringify(
      Array.from({ length: 300 }, (_, i) => ({
        login: `user-${i}`,
        email: `user-${i}@example.com`,
        admin: false,
        active: true,
        last_login: iso(i),
      })),
    ),
    1.15,
  ],
  "build with commits and messages": [
    JSON.stringify(
      Array.from({ length: 100 }, (_, i) => ({
        number: i,
        status: "failure",
        commit: pick("0123456789abcdef", 40),
        message: "Fix the flaky integration test in the payments service",
        author: `dev${i}`,
        started: iso(i),
      })),
    ),
    1.3,
  ],
  "failure logs": [FAILURE_FIXTURES.map((f) => f.lines.join("\n")).join("\n"), 1.2],
  "numbered log lines": [
    generateLog({ lines: 3000 })
      .lines.map((line, i) => `${i + 1}: ${line}`)
      .join("\n"),
    1.2,
  ],
  "Java stack trace": [
    Array.from(
      { length: 200 },
      (_, i) =>
        `    at org.apache.maven.lifecycle.internal.MojoExecutor.execute${i % 7} (MojoExecutor.java:${100 + i})`,
    ).join("\n"),
    1.25,
  ],
  README: [readFileSync(new URL("../README.md", import.meta.url), "utf8"), 1.2],
  "English prose": ["The build failed because the test step could not reach the database. ".repeat(50), 1.1],
};

/** Dense or unusual text: only the bound matters. */
const dense: Record<string, string> = {
  base64: Buffer.from(Array.from({ length: 6000 }, () => Math.floor(rand() * 256))).toString("base64"),
  "hex hashes": Array.from({ length: 200 }, () => pick("0123456789abcdef", 40)).join("\n"),
  "random ids": pick("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", 5000),
  "random lower-case words": Array.from({ length: 800 }, () =>
    pick("abcdefghijklmnopqrstuvwxyz", 3 + Math.floor(rand() * 9)),
  ).join(" "),
  "a long lower-case run": pick("abcdefghijklmnopqrstuvwxyz", 4000),
  numbers: JSON.stringify(Array.from({ length: 2000 }, () => Math.floor(rand() * 1e9))),
  punctuation: pick("{}[]()<>;:,.!?|\\/@#$%^&*-+=~`'\"", 4000),
  "spinner redraws": "|/-\\|/-.|/-\\|/-\\|.-".repeat(300),
  "progress bars": ` [${"==>".repeat(400)}]`,
  "progress table": Array.from(
    { length: 100 },
    (_, i) =>
      `${String(i).padStart(3)}  161M  ${String(i).padStart(3)} 2619k    0     0  3506k      0  0:00:47 --:--:--`,
  ).join("\n"),
  "box drawing and braille": "├── └── │ ─ ⠁⠂⠄⡀ ▸ ✖ ◷ ✗ ₿ 🏃 ".repeat(100),
  "control characters": pick("\u0000\u0001\u0007\u001b\u007f abc", 3000),
  "spaces and tabs": pick(" \t\n x", 4000),
  "upper-case words": Array.from({ length: 800 }, () =>
    pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 2 + Math.floor(rand() * 8)),
  ).join(" "),
  CJK: "构建失败因为测试步骤无法连接数据库。ビルドが失敗しました。빌드 실패 ".repeat(60),
  emoji: "✓ ✕ 🚀 🔥 ❌ ⚠️ 🟢 ".repeat(200),
  "accented Latin and Cyrillic": "Ça échoue à la compilation, ошибка сборки: ümlaut façade ".repeat(60),
  "rare scripts": "ꙮ𓀀𓁐ᚠᚢᚦ₿ⅫⳀ".repeat(200),
  "ANSI colours": "\u001b[31mFAIL\u001b[0m src/app.test.ts \u001b[2m(12 ms)\u001b[22m\n".repeat(200),
};

describe("estimateTokens", () => {
  for (const [kind, [text, ceiling]] of Object.entries(usual)) {
    it(`is at least o200k's count on ${kind}, and at most ${ceiling}x it`, () => {
      const real = countTokens(text);
      const estimate = estimateTokens(text);
      expect(estimate).toBeGreaterThanOrEqual(real);
      expect(estimate / real).toBeLessThanOrEqual(ceiling);
    });
  }
  for (const [kind, text] of Object.entries(dense)) {
    it(`is at least o200k's count on ${kind}`, () => {
      expect(estimateTokens(text)).toBeGreaterThanOrEqual(countTokens(text));
    });
  }

  it("is at least o200k's count on every piece of the usual texts, not only on the whole", () => {
    for (const [text] of Object.values(usual)) {
      for (let start = 0; start < text.length; start += 997) {
        const piece = text.slice(start, start + 200);
        expect(estimateTokens(piece), piece).toBeGreaterThanOrEqual(countTokens(piece));
      }
    }
  });

  it("is at or above o200k on every failure fixture, and at most one token under it on any one line", () => {
    // The longest match can beat o200k's merges on a piece now and then (about one log line in
    // 80, by one token); over a whole excerpt the pieces it overcounts outweigh those, and a whole
    // answer is counted with a percent more (answerTokens).
    for (const fixture of FAILURE_FIXTURES) {
      const text = fixture.lines.join("\n");
      expect(estimateTokens(text), fixture.family).toBeGreaterThanOrEqual(countTokens(text));
      for (const line of fixture.lines)
        expect(estimateTokens(line), line).toBeGreaterThanOrEqual(countTokens(line) - 1);
    }
  });

  it("counts one-token words as one, and a whole answer with a percent more", () => {
    for (const word of ["error", " failed", "\n", "    ", " the", "Exception", "status"])
      expect(estimateTokens(word)).toBe(1);
    const answer = generateLog({ lines: 500 }).lines.join("\n");
    expect(answerTokens(answer)).toBe(Math.ceil(estimateTokens(answer) * 1.01));
  });

  it("counts a piece longer than 256 characters, and a text over 4 MiB, by its bytes: never below o200k, in one pass", () => {
    const minified = pick("abcdefghijklmnopqrstuvwxyz", 3000);
    expect(estimateTokens(minified)).toBe(3000);
    expect(estimateTokens(minified)).toBeGreaterThanOrEqual(countTokens(minified));
    const huge = "é".repeat(4 * 1024 * 1024 + 1);
    expect(estimateTokens(huge)).toBe(Buffer.byteLength(huge));
  });

  it("reads a vocabulary that the generator reproduces (npm run generate)", async () => {
    const generator = new URL("../src/packaging/o200k-vocab.mjs", import.meta.url).href;
    const { o200kVocabSource } = (await import(/* @vite-ignore */ generator)) as { o200kVocabSource: () => string };
    const checkedIn = readFileSync(new URL("../src/o200k-vocab.ts", import.meta.url), "utf8");
    expect(checkedIn === o200kVocabSource()).toBe(true);
  });

  it("counts nothing as nothing", () => {
    expect(estimateTokens("")).toBeLessThanOrEqual(1);
  });
});
