/**
 * The result budget's token estimate (src/tokens.ts) against o200k_base itself: never below the
 * real count on any kind of text drone-mcp sends, and not wastefully above it on the usual kinds.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { estimateTokens, KNOWN_WORDS } from "../src/tokens.js";
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
    1.8,
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
    1.8,
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
    1.8,
  ],
  "failure logs": [FAILURE_FIXTURES.map((f) => f.lines.join("\n")).join("\n"), 2],
  "generated build log": [generateLog({ lines: 3000 }).lines.join("\n"), 2],
  README: [readFileSync(new URL("../README.md", import.meta.url), "utf8"), 2],
  "English prose": ["The build failed because the test step could not reach the database. ".repeat(50), 2],
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

  it("counts each word it knows as one token, as o200k does", () => {
    for (const word of KNOWN_WORDS) expect(countTokens(word), word).toBe(1);
  });

  it("counts nothing as nothing", () => {
    expect(estimateTokens("")).toBeLessThanOrEqual(1);
  });
});
