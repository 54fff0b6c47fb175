/**
 * Token counts that keep every budget's promise in o200k (the tokenizer the budgets are stated
 * in) without loading it: js-tiktoken's o200k tables take about 1.7 s and 150 MB to load. Text is
 * split exactly as o200k's pre-tokenizer splits it (its own expression), and each piece is counted
 * by longest match against part of o200k's vocabulary (o200k-vocab.ts: its 80,000 most frequent
 * entries that are ASCII, and the non-ASCII characters that are one token), built at the first
 * count, not at start-up. Pieces never merge across the pre-tokenizer's boundaries, so the count is
 * exact where a piece is one known token and above o200k's where the longest match breaks a piece
 * into more parts than o200k's merges do: on 60-line windows of real CI logs (logbench) from 0.997x
 * to 1.9x of o200k, median 1.05x; on JSON lists about 1.03x. A piece's longest match beats o200k's
 * merges by a token now and then (one log line in 80), so a whole answer is counted with a percent
 * more (`answerTokens`). test/tokens.test.ts checks both against js-tiktoken's o200k_base.
 */
import { O200K_CHARS, O200K_PIECES } from "./o200k-vocab.js";

/** o200k_base's pre-tokenizer (tiktoken's `pat_str`): text never merges across its pieces. */
const PIECE_UNICODE =
  /[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?:'s|'S|'t|'T|'re|'rE|'Re|'RE|'ve|'vE|'Ve|'VE|'m|'M|'ll|'lL|'Ll|'LL|'d|'D)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?:'s|'S|'t|'T|'re|'rE|'Re|'RE|'ve|'vE|'Ve|'VE|'m|'M|'ll|'lL|'Ll|'LL|'d|'D)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+/gu;

/** The same expression for ASCII text (letters A-Z and a-z, digits 0-9), several times faster. */
const PIECE_ASCII =
  /[^\r\nA-Za-z0-9]?[A-Z]*[a-z]+(?:'s|'S|'t|'T|'re|'rE|'Re|'RE|'ve|'vE|'Ve|'VE|'m|'M|'ll|'lL|'Ll|'LL|'d|'D)?|[^\r\nA-Za-z0-9]?[A-Z]+[a-z]*(?:'s|'S|'t|'T|'re|'rE|'Re|'RE|'ve|'vE|'Ve|'VE|'m|'M|'ll|'lL|'Ll|'LL|'d|'D)?|[0-9]{1,3}| ?[^\sA-Za-z0-9]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+/g;
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * A long run of mixed punctuation (`==>==>==>`, a spinner's `|/-\\|`): o200k's merges split these
 * nearly character by character, where the longest match finds long entries, so they count at
 * 0.9 a character.
 */
const MIXED_PUNCTUATION = /^ ?(?=[^\sA-Za-z0-9]{9})([^\sA-Za-z0-9])\1*(?!\1)[^\sA-Za-z0-9]/;

interface Vocab {
  pieces: Set<string>;
  chars: Set<string>;
  longest: number;
}
let vocab: Vocab | undefined;

/** The vocabulary as sets, built at the first count (a few milliseconds), not at start-up. */
function loadVocab(): Vocab {
  const pieces = new Set<string>();
  O200K_PIECES.forEach((group, length) => {
    for (let i = 0; i + length <= group.length && length > 0; i += length) pieces.add(group.slice(i, i + length));
  });
  vocab = { pieces, chars: new Set(O200K_CHARS), longest: O200K_PIECES.length - 1 };
  return vocab;
}

/**
 * Pieces longer than this (a minified file's line, a long run of letters) and texts longer than
 * the next (which no budget holds) are counted as their bytes: no token is shorter than a byte,
 * and a hostile 30 MB line is then counted in time linear in its length, with a small constant.
 */
const LONG_PIECE = 256;
const HUGE_TEXT = 4 * 1024 * 1024;

/** Tokens of one pre-tokenizer piece: the fewest known parts, longest first. */
function pieceTokens(piece: string, v: Vocab): number {
  if (piece.length > LONG_PIECE) return Buffer.byteLength(piece);
  let tokens = 0;
  let i = 0;
  while (i < piece.length) {
    const c = piece.charCodeAt(i);
    if (c >= 0x80) {
      // A character outside ASCII: one token when o200k has it as one, else at most one per byte.
      const code = piece.codePointAt(i) as number;
      const char = String.fromCodePoint(code);
      tokens += v.chars.has(char) ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
      i += char.length;
      continue;
    }
    let j = Math.min(piece.length, i + v.longest);
    while (j > i + 1 && !v.pieces.has(piece.slice(i, j))) j--;
    tokens++;
    i = j;
  }
  return MIXED_PUNCTUATION.test(piece) ? Math.max(tokens, Math.ceil(piece.length * 0.9)) : tokens;
}

/** Tokens of a text (a line, an item) counted from above for o200k. */
export function estimateTokens(text: string): number {
  if (text.length > HUGE_TEXT) return Buffer.byteLength(text);
  const v = vocab ?? loadVocab();
  const piece = NON_ASCII.test(text) ? PIECE_UNICODE : PIECE_ASCII;
  let tokens = 0;
  piece.lastIndex = 0;
  for (let m = piece.exec(text); m; m = piece.exec(text)) tokens += pieceTokens(m[0], v);
  return tokens;
}

/** Slack for the rare piece whose longest match beats o200k's merges. */
const ANSWER_SLACK = 1.01;

/** Tokens of a whole answer as budgets count them: the estimate and a percent. */
export function answerTokens(text: string): number {
  return Math.ceil(estimateTokens(text) * ANSWER_SLACK);
}
