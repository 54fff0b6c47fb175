/**
 * dist/THIRD_PARTY_NOTICES.txt, written by the build: every package whose code the bundles carry,
 * with its licence text (the bundles drop comments, so this file is where the notices travel).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const versionOf = (name: string): string =>
  JSON.parse(readFileSync(`${root}node_modules/${name}/package.json`, "utf8")).version;

describe("dist/THIRD_PARTY_NOTICES.txt", () => {
  const notices = readFileSync(`${root}dist/THIRD_PARTY_NOTICES.txt`, "utf8");

  it("names each bundled package with its version and licence text", () => {
    for (const name of ["@modelcontextprotocol/sdk", "zod", "ky", "eventsource-parser", "undici"]) {
      const heading = `${name} ${versionOf(name)} (MIT)`;
      expect(notices).toContain(heading);
      const section = notices.slice(notices.indexOf(heading)).split(/\n(?=\S+ \d+\.\d+\.\d+ \()/)[0] ?? "";
      expect(section, name).toContain("Permission is hereby granted, free of charge");
      expect(section, name).toMatch(/Copyright/i);
    }
  });

  it("carries tiktoken's licence for the o200k vocabulary in dist/o200k-vocab.cjs", () => {
    const section = notices.slice(notices.indexOf("o200k_base vocabulary (MIT)"));
    expect(section).toContain("Copyright (c) 2022 OpenAI, Shantanu Jain");
    expect(section).toContain("Permission is hereby granted, free of charge");
  });

  it("lists only what the bundles hold: no test or build tools", () => {
    for (const tool of ["vitest", "esbuild", "typescript", "@biomejs/biome", "js-tiktoken", "ajv"]) {
      expect(notices).not.toContain(`\n${tool} `);
    }
  });
});
