import type { Region, RegionGroup } from "../region.ts";
import { COUNTRY_NAMES, GROUP_MEMBERS } from "./countries.ts";

/** Every region group, widest last. */
export const REGION_GROUPS: readonly RegionGroup[] = [
  "group:eu",
  "group:europe",
  "group:north-america",
  "group:south-america",
  "group:asia",
  "group:oceania",
  "group:africa",
  "group:middle-east",
  "group:global",
];

const COUNTRIES: ReadonlySet<string> = new Set(Object.keys(COUNTRY_NAMES));
const GROUPS: ReadonlySet<string> = new Set(REGION_GROUPS);

/** True for an officially assigned ISO 3166-1 alpha-2 code, upper case (`DE`, `SA`); `EU`/`UK` are not. */
export const isCountryCode = (text: string): boolean => COUNTRIES.has(text);

/** True for a `group:*` id that Necto defines. */
export const isRegionGroup = (text: string): text is RegionGroup => GROUPS.has(text);

/** True for a well-formed region: an assigned country code, a known group id, or `unknown`. */
export const isRegion = (text: string): text is Region =>
  text === "unknown" || isCountryCode(text) || isRegionGroup(text);

/** The member countries of a group (`group:global`: every assigned code), sorted. */
export const countriesIn = (group: RegionGroup): readonly string[] =>
  group === "group:global" ? [...COUNTRIES].sort() : [...GROUP_MEMBERS[group]].sort();

const MEMBER_SETS: ReadonlyMap<RegionGroup, ReadonlySet<string>> = new Map(
  REGION_GROUPS.map((group) => [group, new Set(countriesIn(group))]),
);

const membersOf = (group: RegionGroup): ReadonlySet<string> => MEMBER_SETS.get(group) ?? new Set();

/** The groups a country belongs to (always including `group:global`); empty for a non-country. */
export const groupsOf = (country: string): RegionGroup[] =>
  isCountryCode(country) ? REGION_GROUPS.filter((group) => membersOf(group).has(country)) : [];

// Group containment is derived from the member tables (A within B iff every member of A is in B), so
// it can never disagree with them: EU within Europe holds; Middle East within Asia does not (Egypt).
const groupWithin = (group: RegionGroup, wanted: RegionGroup): boolean => {
  if (group === wanted || wanted === "group:global") return true;
  const wantedMembers = membersOf(wanted);
  for (const country of membersOf(group)) if (!wantedMembers.has(country)) return false;
  return true;
};

/**
 * Whether every place `region` can stand for lies inside `wanted`, i.e. whether an offer in `region`
 * satisfies a buyer who asked for `wanted`.
 *
 * - A country is within itself, within each group that lists it, and within `group:global`.
 * - A group is within itself, within `group:global`, and within any group holding all its members
 *   (`group:eu` within `group:europe`); never within a country.
 * - `unknown` is within `group:global` only: a buyer who asked for a place gets only offers we can
 *   place there (fail closed), one who asked for anywhere also gets the unplaceable ones.
 *   Nothing is within `unknown` (it is not a place anyone can ask for), not even `unknown` itself.
 * - Malformed regions (lower case `de`, unassigned `ZZ`, unknown group ids) are within nothing.
 */
export const regionWithin = (region: Region, wanted: Region): boolean => {
  if (!isRegion(region) || !isRegion(wanted) || wanted === "unknown") return false;
  if (region === "unknown") return wanted === "group:global";
  if (isRegionGroup(region)) return isRegionGroup(wanted) && groupWithin(region, wanted);
  return isRegionGroup(wanted) ? membersOf(wanted).has(region) : region === wanted;
};

/** Whether `region` is within at least one of `wanted` (an empty list wants nothing). */
export const regionWithinAny = (region: Region, wanted: readonly Region[]): boolean =>
  wanted.some((candidate) => regionWithin(region, candidate));
