// The tokenizer of buyer requests and the small reader the grammar's rules share. A request is cut into
// words (letters only), numbers and single symbols, each remembering whether a space came before it, so that
// "4x", "A100", "80GB" and "$1.50/GPU-hr" keep their glued parts apart ("4"+"x", "a"+"100") while the rules
// can still tell "4x" from "4 x".

/** One unit of a request: a word, a number or one symbol, with where it sits in the text. */
export interface Token {
  kind: "word" | "number" | "symbol";
  /** Words in lower case; numbers as written without thousands separators ("1500.50"); the symbol itself. */
  text: string;
  /** The token as written, in its original case. */
  raw: string;
  /** The value of a number; NaN for words and symbols. */
  value: number;
  /** Offsets into `TokenizedRequest.text`. */
  start: number;
  end: number;
  /** No space between this token and the previous one: in "4x" the x is glued to the 4. */
  glued: boolean;
}

export interface TokenizedRequest {
  /** The request as read: NFKC-normalized and cut to `MAX_REQUEST_CHARS`. */
  text: string;
  tokens: Token[];
  /** The input was longer than `MAX_REQUEST_CHARS`; the rest was not read. */
  truncated: boolean;
  /** Written without any lower-case letter ("4X A100 IN THE EU"): upper case then says nothing. */
  shouting: boolean;
}

/** Requests are a sentence or two; the cap bounds the work per call. */
export const MAX_REQUEST_CHARS = 1000;

const SPACE = /\s+/uy;
// "1,500" is fifteen hundred only as three-digit groups; "4,8" stays two numbers.
const NUMBER = /\d{1,3}(?:,\d{3})+(?![\d,])(?:\.\d+)?|\d+(?:\.\d+)?/y;
const WORD = /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*/uy;
const ANY = /./suy;
const DASHES = new Set(["-", "‐", "‑", "‒", "–", "—", "−"]);

const at = (pattern: RegExp, text: string, index: number): string | undefined => {
  pattern.lastIndex = index;
  return pattern.exec(text)?.[0];
};

/** Cuts a request into tokens. Linear in the input; never throws. */
export const tokenize = (input: string): TokenizedRequest => {
  // Cut before normalizing too, so a huge input costs no more than a long one.
  const normalized = input.slice(0, MAX_REQUEST_CHARS * 2).normalize("NFKC");
  const truncated = input.length > MAX_REQUEST_CHARS * 2 || normalized.length > MAX_REQUEST_CHARS;
  const text = normalized.slice(0, MAX_REQUEST_CHARS);
  const tokens: Token[] = [];
  let glued = false;
  let index = 0;
  while (index < text.length) {
    const space = at(SPACE, text, index);
    if (space) {
      index += space.length;
      glued = false;
      continue;
    }
    const start = index;
    const number = at(NUMBER, text, index);
    const word = number === undefined ? at(WORD, text, index) : undefined;
    const raw = number ?? word ?? at(ANY, text, index) ?? text.charAt(index);
    index += raw.length;
    if (number !== undefined) {
      const digits = number.replace(/,/g, "");
      tokens.push({ kind: "number", text: digits, raw, value: Number(digits), start, end: index, glued });
    } else if (word !== undefined) {
      const lower = word.toLowerCase();
      tokens.push({ kind: "word", text: lower, raw, value: Number.NaN, start, end: index, glued });
    } else {
      const symbol = DASHES.has(raw) ? "-" : raw;
      tokens.push({ kind: "symbol", text: symbol, raw, value: Number.NaN, start, end: index, glued });
    }
    glued = true;
  }
  return { text, tokens: splitGluedTimes(tokens), truncated, shouting: !/\p{Ll}/u.test(text) };
};

/** "4xA100" reads as 4, "xa", 100: the x after a count is its own word when a model number follows it. */
const splitGluedTimes = (tokens: Token[]): Token[] => {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const before = tokens[i - 1];
    const after = tokens[i + 1];
    if (
      token.kind === "word" &&
      token.glued &&
      token.text.length > 1 &&
      token.text.startsWith("x") &&
      before?.kind === "number" &&
      after?.kind === "number" &&
      after.glued
    ) {
      out.push({ ...token, text: "x", raw: token.raw.slice(0, 1), end: token.start + 1 });
      out.push({
        ...token,
        text: token.text.slice(1),
        raw: token.raw.slice(1),
        start: token.start + 1,
        glued: true,
      });
    } else out.push(token);
  }
  return out;
};

/** Optimal-string-alignment distance, stopping early once it exceeds `limit` (only small limits are asked). */
export const editDistance = (a: string, b: string, limit: number): number => {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (before[j - 2] ?? 0) + 1);
      }
      current.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
};

/** Read-only access to the tokens of one request, by index. Out-of-range indexes read as nothing. */
export class TokenReader {
  constructor(
    readonly tokens: readonly Token[],
    readonly shouting: boolean,
  ) {}

  get length(): number {
    return this.tokens.length;
  }

  token(i: number): Token | undefined {
    return this.tokens[i];
  }

  /** The lower-case word at `i`, or undefined when `i` is not a word. */
  word(i: number): string | undefined {
    const token = this.tokens[i];
    return token?.kind === "word" ? token.text : undefined;
  }

  isWord(i: number, words: ReadonlySet<string> | readonly string[]): boolean {
    const word = this.word(i);
    if (word === undefined) return false;
    return Array.isArray(words) ? words.includes(word) : (words as ReadonlySet<string>).has(word);
  }

  isSymbol(i: number, ...symbols: string[]): boolean {
    const token = this.tokens[i];
    return token?.kind === "symbol" && symbols.includes(token.text);
  }

  isNumber(i: number): boolean {
    return this.tokens[i]?.kind === "number";
  }

  glued(i: number): boolean {
    return this.tokens[i]?.glued === true;
  }

  /** A glued hyphen, dot or slash joining two words ("on-demand", "vast.ai", "gpu/h"). */
  isJoiner(i: number): boolean {
    return this.glued(i) && this.isSymbol(i, "-", ".", "_") && this.glued(i + 1);
  }

  /**
   * The end (exclusive) of `compact` read from `i`: the phrase without spaces ("ondemand", "vastai",
   * "gpuhour"), matched by whole tokens with optional spaces and joiners between them ("on demand",
   * "on-demand", "Vast.ai", "GPU-hour"). With `typos`, one edit (insertion, deletion, substitution or
   * swap of neighbours) past the first letter is forgiven for phrases of 5 letters or more. Returns -1 when
   * it does not match.
   */
  phrase(i: number, compact: string, typos = false): number {
    let joined = "";
    let j = i;
    const slack = typos && compact.length >= 5 ? 1 : 0;
    while (j < this.tokens.length) {
      const token = this.tokens[j] as Token;
      if (token.kind === "symbol") return -1;
      joined += token.text;
      j++;
      if (joined === compact) return j;
      // Cheap rejections first: exact phrases grow by prefixes; a typo is never forgiven in the first letter.
      if (slack === 0 ? !compact.startsWith(joined) : joined[0] !== compact[0]) return -1;
      if (slack > 0 && Math.abs(joined.length - compact.length) <= slack) {
        if (editDistance(joined, compact, slack) <= slack) return j;
      }
      if (joined.length > compact.length + slack) return -1;
      if (this.isJoiner(j)) j++;
    }
    return -1;
  }

  /** The first of `phrases` (longest first, so "lambda labs" before "lambda") that matches at `i`. */
  firstPhrase<T>(
    i: number,
    phrases: readonly (readonly [string, T])[],
    typos = false,
  ): { end: number; value: T } | undefined {
    for (const [compact, value] of phrases) {
      const end = this.phrase(i, compact, typos);
      if (end >= 0) return { end, value };
    }
    return undefined;
  }
}
