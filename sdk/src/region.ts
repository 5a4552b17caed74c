/**
 * Where an offer runs. A country is its ISO 3166-1 alpha-2 code (`DE`, `US`, `SA` = Saudi Arabia).
 * A named group carries the `group:` prefix, so it can never be read as a country code
 * (`group:south-america` is South America; `SA` never is).
 */
export type CountryCode = string;

export type RegionGroup =
  | "group:eu"
  | "group:europe"
  | "group:north-america"
  | "group:south-america"
  | "group:asia"
  | "group:oceania"
  | "group:africa"
  | "group:middle-east"
  | "group:global";

export type Region = CountryCode | RegionGroup | "unknown";

export { COUNTRY_NAMES, EU_MEMBERS } from "./region/countries.ts";
export { regionFromLocation } from "./region/location.ts";
export {
  countriesIn,
  groupsOf,
  isCountryCode,
  isRegion,
  isRegionGroup,
  REGION_GROUPS,
  regionWithin,
  regionWithinAny,
} from "./region/membership.ts";
export { countryFromName, groupFromName, parseRegion } from "./region/parse.ts";
