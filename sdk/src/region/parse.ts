import type { Region, RegionGroup } from "../region.ts";
import { COUNTRY_NAMES, nameKey } from "./countries.ts";
import { isCountryCode, isRegionGroup } from "./membership.ts";

// What people write for a group, after `nameKey` folding. Two-letter words are not here on purpose:
// a two-letter word is a country code (`SA` Saudi Arabia, `NA` Namibia), except the two codes ISO
// reserves for these very names, `EU` and `UK`, handled in `parseRegion`.
const GROUP_NAMES: Readonly<Record<string, RegionGroup>> = {
  "european union": "group:eu",
  europe: "group:europe",
  "north america": "group:north-america",
  "northern america": "group:north-america",
  "south america": "group:south-america",
  asia: "group:asia",
  oceania: "group:oceania",
  africa: "group:africa",
  "middle east": "group:middle-east",
  mideast: "group:middle-east",
  global: "group:global",
  worldwide: "group:global",
  world: "group:global",
  anywhere: "group:global",
  any: "group:global",
};

const COUNTRY_BY_NAME: ReadonlyMap<string, string> = new Map(
  Object.entries(COUNTRY_NAMES).flatMap(([code, names]) => names.map((name) => [nameKey(name), code])),
);

/** The country code for a country name or alias (`Germany`, `usa`, `Czech Republic`), if any. */
export const countryFromName = (text: string): string | undefined => COUNTRY_BY_NAME.get(nameKey(text));

/** The group for a group name (`Europe`, `south america`, `worldwide`), if any. */
export const groupFromName = (text: string): RegionGroup | undefined => {
  const key = nameKey(text);
  // Own keys only: `constructor` is not a group.
  return Object.hasOwn(GROUP_NAMES, key) ? GROUP_NAMES[key] : undefined;
};

/**
 * Reads a region as users and providers write it at country or group level.
 *
 * - Two letters are an ISO 3166-1 alpha-2 code in any case (`us`, `SA` = Saudi Arabia, `NA` = Namibia),
 *   except ISO's reserved `EU` (the European Union) and `UK` (read as `GB`).
 * - `group:*` ids, group names (`Europe`, `EU`, `European Union`, `south america`, `Middle East`,
 *   `global`/`worldwide`/`any`) and country names or aliases (`Germany`, `usa`, `Holland`, `Türkiye`).
 * - `unknown` is returned as is.
 *
 * Returns `undefined` for anything else, including ambiguous names (`Georgia`, `Congo`) and finer
 * locations (`us-east-1`, `Frankfurt`): use `regionFromLocation` for those.
 */
export const parseRegion = (text: string): Region | undefined => {
  const trimmed = text.trim();
  if (trimmed.toLowerCase() === "unknown") return "unknown";
  if (/^group:/i.test(trimmed)) {
    const group = trimmed.toLowerCase();
    return isRegionGroup(group) ? group : undefined;
  }
  if (/^[a-z]{2}$/i.test(trimmed)) {
    const code = trimmed.toUpperCase();
    if (code === "EU") return "group:eu";
    if (code === "UK") return "GB";
    return isCountryCode(code) ? code : undefined;
  }
  return groupFromName(trimmed) ?? countryFromName(trimmed);
};
