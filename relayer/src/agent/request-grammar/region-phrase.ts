// A place as a buyer names it: a country ("Germany", "in DE"), a group ("the EU", "Europe", "APAC"), a city
// after a preposition ("in Frankfurt") or a cloud region id ("us-east-1"), read through the sdk's
// `parseRegion` and `regionFromLocation`.
import { isRegion, parseRegion, type Region, regionFromLocation } from "@necto/sdk";
import type { TokenReader } from "./tokens.ts";

export type RegionReading = { end: number; regions: Region[] } | { end: number; global: true };

/** Names the sdk has no group for, as the groups they span. */
const REGION_ALIASES: readonly (readonly [string, Region[]])[] = [
  ["asiapacific", ["group:asia", "group:oceania"]],
  ["asiapac", ["group:asia", "group:oceania"]],
  ["apac", ["group:asia", "group:oceania"]],
  ["emea", ["group:europe", "group:middle-east", "group:africa"]],
  ["theamericas", ["group:north-america", "group:south-america"]],
  ["americas", ["group:north-america", "group:south-america"]],
  ["northamerican", ["group:north-america"]],
  ["southamerican", ["group:south-america"]],
  ["european", ["group:europe"]],
  ["asian", ["group:asia"]],
  ["african", ["group:africa"]],
  ["thestates", ["US"]],
  ["stateside", ["US"]],
];

/** Words for "anywhere": a region that narrows nothing. */
const GLOBAL_PHRASES = [
  "anywhereintheworld",
  "anyregion",
  "anylocation",
  "anycountry",
  "anywhere",
  "worldwide",
  "globally",
  "global",
];

// Two-letter words that are English before they are country codes: "in my budget" is not Malaysia.
const ENGLISH_PAIRS = new Set(
  "am an as at be by do go he hi id if in is it me my no of ok on or pm so to up we ms mr tv pc ai gb la".split(
    " ",
  ),
);
// Country names that are also English words or given names: only read after a preposition.
const WORDY_NAMES = new Set([
  "chad",
  "jordan",
  "turkey",
  "guinea",
  "jersey",
  "niger",
  "mali",
  "georgia",
  "man",
]);

const MAX_NAME_WORDS = 4;

// The sdk's name tables are plain objects: "constructor" or "toString" can come back as a function.
const asRegion = (value: unknown): Region | undefined =>
  typeof value === "string" && isRegion(value) && value !== "unknown" ? value : undefined;

/** "US", "DE", "eu": a two-letter word as a region, when the context makes it one. */
const pairRegion = (r: TokenReader, i: number, afterPreposition: boolean): Region | undefined => {
  const word = r.word(i) ?? "";
  const raw = r.token(i)?.raw ?? "";
  const upper = raw === raw.toUpperCase() && !r.shouting;
  if (word === "eu" || word === "uk") return asRegion(parseRegion(word));
  // "us" is a pronoun first: a country after a preposition, in capitals, or before "only" / "-based".
  const usMarked = r.isWord(i + 1, ["only"]) || (r.isJoiner(i + 1) && r.isWord(i + 2, ["based", "only"]));
  if (
    word === "us"
      ? afterPreposition || upper || usMarked
      : afterPreposition && (upper || !ENGLISH_PAIRS.has(word))
  ) {
    return asRegion(parseRegion(word));
  }
  return undefined;
};

/** "us-east-1", "europe-west4", "eu-central-1": a cloud region id glued together with hyphens. */
const cloudRegion = (r: TokenReader, i: number): { end: number; region: Region } | undefined => {
  let joined = "";
  let end = i;
  let hyphen = false;
  while (end < r.length && end - i < 9 && (end === i || r.glued(end))) {
    const token = r.token(end);
    if (token === undefined || (token.kind === "symbol" && token.text !== "-")) break;
    hyphen ||= token.text === "-";
    joined += token.text;
    end++;
  }
  if (!hyphen || !/\d/.test(joined) || joined.endsWith("-")) return undefined;
  const region = asRegion(regionFromLocation(joined));
  return region === undefined ? undefined : { end, region };
};

/** Up to four words from `i`, joined by spaces or glued hyphens ("united states", "bosnia and herzegovina"). */
const nameWords = (r: TokenReader, i: number): { words: string[]; ends: number[] } => {
  const words: string[] = [];
  const ends: number[] = [];
  let at = i;
  while (words.length < MAX_NAME_WORDS) {
    const word = r.word(at);
    if (word === undefined) break;
    words.push(word);
    ends.push(at + 1);
    at = r.isJoiner(at + 1) ? at + 2 : at + 1;
  }
  return { words, ends };
};

/** Consumes "-based" after a region ("US-based", "EU based"). */
const basedEnd = (r: TokenReader, end: number): number => {
  if (r.isJoiner(end) && r.isWord(end + 1, ["based"])) return end + 2;
  return r.isWord(end, ["based"]) ? end + 1 : end;
};

/**
 * The region named at `i`, longest name first, or undefined. After a preposition ("in", "from") two-letter
 * codes ("in DE"), English-looking country names ("in Jordan") and cities ("in Frankfurt") are read too;
 * standing alone only unmistakable names are ("Germany", "EU", "US" in capitals).
 */
export const readRegion = (
  r: TokenReader,
  i: number,
  afterPreposition: boolean,
): RegionReading | undefined => {
  for (const compact of GLOBAL_PHRASES) {
    const end = r.phrase(i, compact);
    if (end >= 0) return { end, global: true };
  }
  for (const [compact, regions] of REGION_ALIASES) {
    const end = r.phrase(i, compact);
    if (end >= 0) return { end: basedEnd(r, end), regions };
  }
  const cloud = cloudRegion(r, i);
  if (cloud !== undefined) return { end: cloud.end, regions: [cloud.region] };
  const { words, ends } = nameWords(r, i);
  for (let n = words.length; n >= 1; n--) {
    const name = words.slice(0, n).join(" ");
    const end = ends[n - 1] as number;
    let region: Region | undefined;
    if (n === 1 && name.length === 2) region = pairRegion(r, i, afterPreposition);
    else if (n > 1 || afterPreposition || !WORDY_NAMES.has(name)) {
      region = asRegion(parseRegion(name));
      if (region === undefined && afterPreposition) region = asRegion(regionFromLocation(name));
    }
    if (region === undefined || name === "any" || name === "world") continue;
    if (region === "group:global") return { end, global: true };
    return { end: basedEnd(r, end), regions: [region] };
  }
  return undefined;
};
