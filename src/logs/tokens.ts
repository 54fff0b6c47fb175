/**
 * Token counts that keep a budget's promise in o200k (the tokenizer the budgets are stated in)
 * without loading it: loading js-tiktoken's o200k tables takes about 1.7 s and 150 MB, more than
 * a whole failure answer may cost. The estimate splits text the way o200k's pre-tokenizer does
 * (words, digit groups, punctuation runs, spaces) and weighs each piece by what o200k spends on
 * it, fitted on thousands of real CI log excerpts and then raised by a fifth, so that it counts
 * at least as many tokens as o200k on all but about one excerpt in a thousand (where it falls
 * short, by a few percent); callers keep a small margin for that. Log text runs near 3
 * characters per token in o200k, so `characters / 4` undercounts it.
 */

/** The weights below are fitted with a fifth to spare; this keeps about a tenth of it. */
const SCALE = 0.9;

/** Words (CamelCase split), runs of capitals, digit groups, punctuation runs, spaces, newlines, non-ASCII. */
const PIECE = /[A-Z]*[a-z]+|[A-Z]+|[0-9]{1,3}|[^\sA-Za-z0-9\u0080-\uffff]+|\s+|[\u0080-\uffff]/g;

/** Tokens of a text, estimated from above for o200k. */
export function countTokens(text: string): number {
  let tokens = 0;
  PIECE.lastIndex = 0;
  for (let m = PIECE.exec(text); m; m = PIECE.exec(text)) {
    const piece = m[0];
    const c = piece.charCodeAt(0);
    const n = piece.length;
    if (c >= 0x80) tokens += c >= 0x2500 && c < 0x2600 ? 1.5 : 1;
    else if (c === 32 || c === 9) tokens += n === 1 ? 0.39 : 1.45;
    else if (c === 10 || c === 13) tokens += 0.5 * n;
    else if (c >= 65 && c <= 122 && (c <= 90 || c >= 97)) {
      tokens += 0.9 + 0.025 * Math.max(0, n - 4);
      if (c <= 90 && n > 1 && piece.charCodeAt(1) <= 90) tokens += 0.18 * n;
    } else if (c >= 48 && c <= 57) tokens += 1.48;
    else {
      // Runs of one character (---, ===) merge well; mixed punctuation (\|/-, ::=>) does not.
      let changes = 0;
      for (let i = 1; i < n; i++) if (piece.charCodeAt(i) !== piece.charCodeAt(i - 1)) changes++;
      tokens += 0.97 + 0.06 * (n - 1) + 0.45 * changes;
    }
  }
  return Math.ceil(tokens * SCALE);
}

/** Tokens of a text as an answer's budget counts them: the estimate, never below characters / 4. */
export function tokensOf(text: string): number {
  return Math.max(countTokens(text), Math.ceil(text.length / 4));
}
