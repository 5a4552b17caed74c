// Numbers and the quantities built on them: counts ("four", "a pair of"), durations ("3 days", "90 min",
// "overnight"), money ("$1.50", "300 dollars", "50 cents", "1.5k USD") and the words around them.
import { editDistance, type TokenReader } from "./tokens.ts";

/** A number read from the text: its value and the decimal digits as written, for exact unit shifts. */
export interface NumberReading {
  value: number;
  /** "1.5", "99.9": `shiftDecimal` moves its point without binary rounding (99.9 / 100 is 0.9990000000000001). */
  digits: string;
  end: number;
}

/** `digits` × 10^places, read from the shifted decimal text: "99.9", -2 → 0.999 exactly as written. */
export const shiftDecimal = (digits: string, places: number): number => {
  const [whole = "0", fraction = ""] = digits.split(".");
  const all = whole + fraction;
  const point = whole.length + places;
  const text =
    point <= 0
      ? `0.${"0".repeat(-point)}${all}`
      : point >= all.length
        ? all + "0".repeat(point - all.length)
        : `${all.slice(0, point)}.${all.slice(point)}`;
  return Number(text);
};

const UNITS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    one: 1,
    two: 2,
    three: 3,
    four: 4,
    five: 5,
    six: 6,
    seven: 7,
    eight: 8,
    nine: 9,
  }),
);
const TEENS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    ten: 10,
    eleven: 11,
    twelve: 12,
    thirteen: 13,
    fourteen: 14,
    fifteen: 15,
    sixteen: 16,
    seventeen: 17,
    eighteen: 18,
    nineteen: 19,
  }),
);
const TENS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    twenty: 20,
    thirty: 30,
    forty: 40,
    fifty: 50,
    sixty: 60,
    seventy: 70,
    eighty: 80,
    ninety: 90,
  }),
);
/** Count words that are not numbers: "a single 4090", "dual A6000", "quad 3090". */
const COUNT_ADJECTIVES: ReadonlyMap<string, number> = new Map(
  Object.entries({ single: 1, dual: 2, twin: 2, quad: 4 }),
);

const reading = (value: number, end: number): NumberReading => ({ value, digits: String(value), end });

/**
 * A number at `i`: digits ("4", "1.5", "1,000"), number words ("four", "twenty-four", "a dozen", "a pair of",
 * "a couple of") and, with `articles`, "a"/"an" as one and "half a"/"half an" as a half ("a week",
 * "half an hour"). Returns undefined for anything else, and for digits too long to be a finite number.
 */
export const readNumber = (
  r: TokenReader,
  i: number,
  options: { articles?: boolean; adjectives?: boolean } = {},
): NumberReading | undefined => {
  const token = r.token(i);
  if (token === undefined) return undefined;
  if (token.kind === "number") {
    return Number.isFinite(token.value) ? { value: token.value, digits: token.text, end: i + 1 } : undefined;
  }
  const word = r.word(i);
  if (word === undefined) return undefined;
  const article = word === "a" || word === "an";
  const next = article ? i + 1 : i;
  const after = r.word(next);
  if (after === "dozen") return reading(12, next + 1);
  if ((after === "pair" || after === "couple") && r.isWord(next + 1, ["of"])) return reading(2, next + 2);
  if (article && after === "couple") return reading(2, next + 1);
  if (article && after === "single") return reading(1, next + 1);
  if (options.articles && word === "half") {
    return reading(0.5, r.isWord(i + 1, ["a", "an"]) ? i + 2 : i + 1);
  }
  if (article) return options.articles ? reading(1, i + 1) : undefined;
  // Maps, not objects: "constructor" or "toString" must not read as a number.
  const adjective = options.adjectives ? COUNT_ADJECTIVES.get(word) : undefined;
  const simple = adjective ?? UNITS.get(word) ?? TEENS.get(word);
  if (simple !== undefined) return reading(simple, i + 1);
  const tens = TENS.get(word);
  if (tens === undefined) return undefined;
  // "twenty-four", "twenty four"
  const unitAt = r.isJoiner(i + 1) ? i + 2 : i + 1;
  const unit = UNITS.get(r.word(unitAt) ?? "");
  return unit === undefined ? reading(tens, i + 1) : reading(tens + unit, unitAt + 1);
};

// Durations

/** Hours per duration unit. A month is 30 days and a year 365: rentals are priced by the day. */
const DURATION_UNITS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    m: 1 / 60,
    min: 1 / 60,
    mins: 1 / 60,
    minute: 1 / 60,
    minutes: 1 / 60,
    h: 1,
    hr: 1,
    hrs: 1,
    hour: 1,
    hours: 1,
    d: 24,
    day: 24,
    days: 24,
    w: 168,
    wk: 168,
    wks: 168,
    week: 168,
    weeks: 168,
    mo: 720,
    mos: 720,
    month: 720,
    months: 720,
    y: 8760,
    yr: 8760,
    yrs: 8760,
    year: 8760,
    years: 8760,
    fortnight: 336,
    fortnights: 336,
  }),
);
/** Unit words spelled out, where one typo is forgiven ("dyas", "hous", "weeks"). */
const SPELLED_UNITS = [...DURATION_UNITS.keys()].filter((unit) => unit.length >= 4);

/** Hours in the duration unit at `i` ("h", "hours", "dyas"), or undefined. */
export const durationUnitAt = (r: TokenReader, i: number, typos: boolean): number | undefined => {
  const word = r.word(i);
  if (word === undefined) return undefined;
  const exact = DURATION_UNITS.get(word);
  if (exact !== undefined || !typos || word.length < 4) return exact;
  const near = SPELLED_UNITS.find((unit) => editDistance(word, unit, 1) <= 1);
  return near === undefined ? undefined : DURATION_UNITS.get(near);
};

/** Words that may open a duration and add nothing to it: "for 3 days", "over about 2 weeks", "up to 3h". */
const DURATION_LEADS = [
  "for",
  "over",
  "during",
  "lasting",
  "about",
  "around",
  "roughly",
  "approximately",
  "approx",
  "under",
  "within",
  "upto",
  "atmost",
  "lessthan",
  "max",
  "maximum",
];

const leadEnd = (r: TokenReader, i: number): number => {
  if (r.isSymbol(i, "~")) return i + 1;
  for (const lead of DURATION_LEADS) {
    const end = r.phrase(i, lead);
    if (end >= 0) return end;
  }
  return i;
};

/** Named durations: "overnight" is taken as 12 hours, "the weekend" as 48. */
const NAMED_DURATIONS: readonly (readonly [string, number])[] = [
  ["overnight", 12],
  ["theweekend", 48],
  ["aweekend", 48],
  ["weekend", 48],
];

export interface DurationReading {
  hours: number;
  end: number;
  /** A range ("2-3 days", "1 to 2 hours") reads as its upper end; this is where its lower end stops. */
  lowEnd?: number;
}

/** One "NUMBER UNIT" term: "3 days", "2h", "3-day", "a week", "half an hour", "an hour and a half". */
const readDurationTerm = (r: TokenReader, i: number): DurationReading | undefined => {
  let number = readNumber(r, i, { articles: true });
  if (number === undefined) return undefined;
  let lowEnd: number | undefined;
  if ((r.isSymbol(number.end, "-") || r.isWord(number.end, ["to"])) && r.isNumber(number.end + 1)) {
    lowEnd = number.end;
    number = readNumber(r, number.end + 1) ?? number;
  }
  // "3-day job": a glued hyphen between the number and its unit.
  const unitAt = r.isJoiner(number.end) ? number.end + 1 : number.end;
  const unitHours = durationUnitAt(r, unitAt, true);
  if (unitHours === undefined) return undefined;
  // "2 H100" is a count of GPUs: a unit with a number glued after it is a model, unless glued itself ("1h30m").
  if (r.isNumber(unitAt + 1) && r.glued(unitAt + 1) && !r.glued(unitAt)) return undefined;
  let end = unitAt + 1;
  let hours = number.value * unitHours;
  if (r.isWord(end, ["and"]) && r.isWord(end + 1, ["a"]) && r.isWord(end + 2, ["half"])) {
    hours += unitHours / 2;
    end += 3;
  }
  return lowEnd === undefined ? { hours, end } : { hours, end, lowEnd };
};

/**
 * A duration at `i`, with its lead words: "for 3 days", "36 hours", "1h 30m", "2 days and 6 hours",
 * "overnight", "over the weekend". Terms in a row add up.
 */
export const readDuration = (r: TokenReader, i: number): DurationReading | undefined => {
  let at = i;
  for (let lead = leadEnd(r, at); lead > at; lead = leadEnd(r, at)) at = lead;
  for (const [compact, hours] of NAMED_DURATIONS) {
    const end = r.phrase(at, compact);
    if (end >= 0) return { hours, end };
  }
  const first = readDurationTerm(r, at);
  if (first === undefined) return undefined;
  let { hours, end } = first;
  for (;;) {
    const next = readDurationTerm(r, r.isWord(end, ["and"]) ? end + 1 : end);
    if (next === undefined || next.lowEnd !== undefined) {
      return first.lowEnd === undefined ? { hours, end } : { hours, end, lowEnd: first.lowEnd };
    }
    hours += next.hours;
    end = next.end;
  }
};

// Money

const DOLLAR_WORDS = new Set(["usd", "dollar", "dollars", "bucks", "buck"]);
const CENT_WORDS = new Set(["cent", "cents", "¢"]);
const FOREIGN_WORDS = new Set([
  "eur",
  "euro",
  "euros",
  "gbp",
  "pound",
  "pounds",
  "€",
  "£",
  "chf",
  "yen",
  "¥",
]);

export type MoneyReading =
  | { usd: number; end: number }
  | {
      /** An amount in another currency: budgets are in USD, so it is reported, not converted. */
      foreign: true;
      end: number;
    };

/** "1.5k" → 1500: a glued k multiplies by a thousand. */
const thousands = (r: TokenReader, number: NumberReading): { value: number; end: number } => {
  if (r.glued(number.end) && r.isWord(number.end, ["k"])) {
    return { value: shiftDecimal(number.digits, 3), end: number.end + 1 };
  }
  return { value: number.value, end: number.end };
};

const isMoneyMark = (r: TokenReader, i: number, words: ReadonlySet<string>): boolean =>
  r.isWord(i, words) || r.isSymbol(i, ...words);

/**
 * An amount of money at `i`: "$1.50", "US$2", "USD 3", "1.5 usd", "300 dollars", "2 bucks", "50 cents",
 * "$1.5k"; with `bare`, a number without a currency ("cheaper than 1.2") is taken as USD. Amounts in euros
 * or pounds come back as `foreign`.
 */
export const readMoney = (r: TokenReader, i: number, bare: boolean): MoneyReading | undefined => {
  let at = i;
  // "US$2": the "us" belongs to the dollar sign.
  if (r.isWord(at, ["us"]) && r.isSymbol(at + 1, "$") && r.glued(at + 1)) at++;
  if (r.isSymbol(at, "$") || r.isWord(at, ["usd"])) {
    const number = readNumber(r, at + 1);
    if (number === undefined || !r.isNumber(at + 1)) return undefined;
    const amount = thousands(r, number);
    return { usd: amount.value, end: r.isWord(amount.end, ["usd"]) ? amount.end + 1 : amount.end };
  }
  if (isMoneyMark(r, at, FOREIGN_WORDS)) {
    return r.isNumber(at + 1) ? { foreign: true, end: at + 2 } : undefined;
  }
  if (!r.isNumber(at)) return undefined;
  const number = readNumber(r, at);
  if (number === undefined) return undefined;
  const amount = thousands(r, number);
  if (isMoneyMark(r, amount.end, DOLLAR_WORDS) || r.isSymbol(amount.end, "$")) {
    return { usd: amount.value, end: amount.end + 1 };
  }
  if (isMoneyMark(r, amount.end, CENT_WORDS) || (r.glued(amount.end) && r.isWord(amount.end, ["c"]))) {
    return { usd: shiftDecimal(number.digits, -2), end: amount.end + 1 };
  }
  if (isMoneyMark(r, amount.end, FOREIGN_WORDS)) return { foreign: true, end: amount.end + 1 };
  return bare ? { usd: amount.value, end: amount.end } : undefined;
};
