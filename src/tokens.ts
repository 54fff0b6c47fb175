/**
 * A conservative o200k token count without a tokenizer: an upper bound for the text drone-mcp
 * sends (JSON, logs, English, hashes, base64, other scripts), in one pass over the string, so
 * that it costs nothing at start-up. It follows o200k's pre-tokenizer loosely: digits go in
 * groups of up to three, words split where their case changes, long runs of letters and digits
 * mixed like a hash or base64 are counted densely, punctuation and spaces by runs, and other
 * scripts by character. test/tokens.test.ts checks it against js-tiktoken's o200k_base.
 */

const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;

function alnumKind(code: number): number {
  if (code >= 97 && code <= 122) return LOWER;
  if (code >= 65 && code <= 90) return UPPER;
  if (code >= 48 && code <= 57) return DIGIT;
  return 0;
}

/** Letters common in English words; others make a word piece likely to split more. */
const COMMON = new Uint8Array(128);
for (const c of "etaoinsrhldcuETAOINSRHLDCU") COMMON[c.charCodeAt(0)] = 1;

/**
 * Words drone-mcp's own answers repeat (field names, statuses): each is one o200k token, which
 * test/tokens.test.ts checks.
 */
export const KNOWN_WORDS: ReadonlySet<string> = new Set(
  (
    "slug active default branch visibility private public internal build number status " +
    "success failure error running pending blocked waiting true false null " +
    "event push pull request rollback custom commit author message parent started finished " +
    "created updated duration stage step steps name namespace image exit code login email admin " +
    "machine last items count page next total shown more repositories repository users user " +
    "link target source trigger params cron deploy depends platform linux state secret " +
    "template templates node nodes queue type kind main master"
  ).split(" "),
);

/** Tokens of one word piece (letters only). */
function letterTokens(text: string, start: number, end: number): number {
  const length = end - start;
  if (length >= 4 && length <= 14 && KNOWN_WORDS.has(text.slice(start, end))) return 1;
  let cost = 0;
  for (let i = start; i < end; i++) cost += COMMON[text.charCodeAt(i)] ? 0.25 : 0.75;
  // A long run without a break is no word at all: o200k gets under two letters a token.
  if (length > 16) cost = Math.max(cost, length / 1.8);
  return Math.max(1, Math.ceil(cost));
}

/** Tokens of one run of ASCII letters and digits. */
function alnumTokens(text: string, start: number, end: number): number {
  const length = end - start;
  let changes = 0;
  let previous = alnumKind(text.charCodeAt(start));
  for (let i = start + 1; i < end; i++) {
    const kind = alnumKind(text.charCodeAt(i));
    if (kind !== previous) changes++;
    previous = kind;
  }
  // Hashes, ids, base64: o200k gets 1.5-1.8 characters a token from those.
  if (length >= 10 && changes * 5 >= length) return Math.ceil(length / 1.4);
  let tokens = 0;
  let i = start;
  while (i < end) {
    const kind = alnumKind(text.charCodeAt(i));
    let j = i + 1;
    if (kind === DIGIT) {
      while (j < end && alnumKind(text.charCodeAt(j)) === DIGIT) j++;
      tokens += Math.ceil((j - i) / 3);
    } else {
      // A word piece: capitals, then lower-case letters (`HTTPServer`: `HTTPS` + `erver`).
      while (j < end && alnumKind(text.charCodeAt(j)) === UPPER) j++;
      const capitals = j - i;
      const lowerStart = j;
      while (j < end && alnumKind(text.charCodeAt(j)) === LOWER) j++;
      // Everyday words are one or two tokens; random letters (ids, names) run near two a token.
      tokens += capitals > 1 ? Math.ceil(capitals / 2) + letterTokens(text, lowerStart, j) : letterTokens(text, i, j);
    }
    i = j;
  }
  return tokens;
}

/** Tokens of a character beyond ASCII (one UTF-16 unit). */
function wideTokens(code: number): number {
  if (code >= 0xd800 && code <= 0xdfff) return 2; // half of an emoji or other astral character
  if (code < 0x0530) return 1.5; // accented Latin, Greek, Cyrillic
  if ((code >= 0x3040 && code <= 0x30ff) || (code >= 0x4e00 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7af)) {
    return 1.5; // kana, CJK ideographs, Hangul
  }
  return 3; // anything rarer may be split into its UTF-8 bytes
}

/** An upper bound on the o200k_base tokens of `text`. */
export function estimateTokens(text: string): number {
  let tokens = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const code = text.charCodeAt(i);
    let j = i + 1;
    if (alnumKind(code)) {
      while (j < n && alnumKind(text.charCodeAt(j))) j++;
      tokens += alnumTokens(text, i, j);
    } else if (code === 32 || code === 9) {
      while (j < n && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
      // One space joins a following word or punctuation, not a number; a longer run is a token.
      if (j - i > 1 || j === n || alnumKind(text.charCodeAt(j)) === DIGIT || text.charCodeAt(j) > 127) tokens += 1;
    } else if (code === 10 || code === 13) {
      while (j < n && (text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13)) j++;
      tokens += 1;
    } else if (code < 128) {
      // Punctuation: o200k merges pairs such as `":` and `",`.
      while (j < n && text.charCodeAt(j) < 128 && !alnumKind(text.charCodeAt(j)) && text.charCodeAt(j) > 32) j++;
      tokens += Math.ceil((j - i) / 1.5);
    } else {
      tokens += wideTokens(code);
    }
    i = j;
  }
  // One more for the ends of runs split differently than counted here.
  return Math.ceil(tokens) + 1;
}
