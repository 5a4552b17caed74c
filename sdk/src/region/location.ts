import type { Region, RegionGroup } from "../region.ts";
import { nameKey } from "./countries.ts";
import { isCountryCode, isRegionGroup, regionWithin } from "./membership.ts";
import { countryFromName, groupFromName } from "./parse.ts";

// Cloud region ids whose country the generic rules below cannot tell (AWS/GCP/Azure/Lambda/OCI ids as
// their docs list them). Only ids that name one country: a region id is an exact place, never a guess.
const REGION_IDS: Readonly<Record<string, string>> = {
  // AWS (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html)
  "ca-central-1": "CA",
  "ca-west-1": "CA",
  "mx-central-1": "MX",
  "sa-east-1": "BR",
  "eu-central-1": "DE",
  "eu-central-2": "CH",
  "eu-west-1": "IE",
  "eu-west-2": "GB",
  "eu-west-3": "FR",
  "eu-south-1": "IT",
  "eu-south-2": "ES",
  "eu-north-1": "SE",
  "ap-northeast-1": "JP",
  "ap-northeast-2": "KR",
  "ap-northeast-3": "JP",
  "ap-southeast-1": "SG",
  "ap-southeast-2": "AU",
  "ap-southeast-3": "ID",
  "ap-southeast-4": "AU",
  "ap-southeast-5": "MY",
  "ap-southeast-7": "TH",
  "ap-south-1": "IN",
  "ap-south-2": "IN",
  "ap-east-1": "HK",
  "ap-east-2": "TW",
  "me-south-1": "BH",
  "me-central-1": "AE",
  "il-central-1": "IL",
  "af-south-1": "ZA",
  "cn-north-1": "CN",
  "cn-northwest-1": "CN",
  // AWS spot.js legacy region codes (research §2.7).
  "us-east": "US",
  "us-west": "US",
  "eu-ireland": "IE",
  "apac-sin": "SG",
  "apac-syd": "AU",
  "apac-tokyo": "JP",
  // GCP (https://cloud.google.com/compute/docs/regions-zones)
  "northamerica-northeast1": "CA",
  "northamerica-northeast2": "CA",
  "northamerica-south1": "MX",
  "southamerica-east1": "BR",
  "southamerica-west1": "CL",
  "europe-west1": "BE",
  "europe-west2": "GB",
  "europe-west3": "DE",
  "europe-west4": "NL",
  "europe-west6": "CH",
  "europe-west8": "IT",
  "europe-west9": "FR",
  "europe-west10": "DE",
  "europe-west12": "IT",
  "europe-central2": "PL",
  "europe-north1": "FI",
  "europe-north2": "SE",
  "europe-southwest1": "ES",
  "asia-east1": "TW",
  "asia-east2": "HK",
  "asia-northeast1": "JP",
  "asia-northeast2": "JP",
  "asia-northeast3": "KR",
  "asia-south1": "IN",
  "asia-south2": "IN",
  "asia-southeast1": "SG",
  "asia-southeast2": "ID",
  "me-west1": "IL",
  "me-central1": "QA",
  "me-central2": "SA",
  "africa-south1": "ZA",
  // Lambda Cloud (instance-types `regions_with_capacity_available[].name`); the us-* ids resolve
  // generically. europe-central-1 is Frankfurt, me-west-1 Israel, asia-northeast-1 Tokyo.
  "europe-central-1": "DE",
  "asia-south-1": "IN",
  "asia-northeast-1": "JP",
  "me-west-1": "IL",
  // Azure (https://learn.microsoft.com/azure/reliability/regions-list)
  eastus: "US",
  eastus2: "US",
  westus: "US",
  westus2: "US",
  westus3: "US",
  centralus: "US",
  northcentralus: "US",
  southcentralus: "US",
  westcentralus: "US",
  canadacentral: "CA",
  canadaeast: "CA",
  brazilsouth: "BR",
  northeurope: "IE",
  westeurope: "NL",
  uksouth: "GB",
  ukwest: "GB",
  francecentral: "FR",
  germanywestcentral: "DE",
  swedencentral: "SE",
  norwayeast: "NO",
  switzerlandnorth: "CH",
  polandcentral: "PL",
  italynorth: "IT",
  spaincentral: "ES",
  japaneast: "JP",
  japanwest: "JP",
  koreacentral: "KR",
  southeastasia: "SG",
  eastasia: "HK",
  australiaeast: "AU",
  centralindia: "IN",
  southindia: "IN",
  uaenorth: "AE",
  qatarcentral: "QA",
  israelcentral: "IL",
  southafricanorth: "ZA",
};

// Cities, states and provinces that data-center locations name ("; "-separated), matched after `nameKey`
// folding. Only names that point to one country: "Georgia", "Santiago" or "Victoria" are left out.
const PLACES: Readonly<Record<string, string>> = {
  US:
    "Alabama; Alaska; Arizona; Arkansas; California; Colorado; Connecticut; Delaware; Florida; " +
    "Hawaii; Idaho; Illinois; Indiana; Iowa; Kansas; Kentucky; Louisiana; Maine; Maryland; " +
    "Massachusetts; Michigan; Minnesota; Mississippi; Missouri; Montana; Nebraska; Nevada; " +
    "New Hampshire; New Jersey; New Mexico; New York; North Carolina; North Dakota; Ohio; " +
    "Oklahoma; Oregon; Pennsylvania; Rhode Island; South Carolina; South Dakota; Tennessee; " +
    "Texas; Utah; Vermont; Virginia; Washington; West Virginia; Wisconsin; Wyoming; " +
    "District of Columbia; Washington DC; N. Virginia; Northern Virginia; Ashburn; Chicago; " +
    "Dallas; Austin; Houston; San Antonio; Los Angeles; San Francisco; San Jose; Santa Clara; " +
    "Seattle; Portland; Hillsboro; Atlanta; Miami; Denver; Phoenix; Las Vegas; Reno; " +
    "Salt Lake City; Kansas City; Boston; Columbus; Des Moines; Council Bluffs; The Dalles; " +
    "Newark; Secaucus; Omaha; Minneapolis; Detroit; Philadelphia; Pittsburgh; Charlotte; " +
    "Raleigh; Nashville; Sacramento; San Diego; Tampa; Orlando; Silicon Valley; Bay Area",
  CA:
    "Ontario; Quebec; British Columbia; Alberta; Manitoba; Saskatchewan; Nova Scotia; " +
    "New Brunswick; Newfoundland and Labrador; Prince Edward Island; Toronto; Montreal; " +
    "Vancouver; Calgary",
  MX: "Queretaro; Mexico City",
  BR: "Sao Paulo; Rio de Janeiro",
  DE:
    "Frankfurt; Frankfurt am Main; Berlin; Munich; Munchen; Nuremberg; Nurnberg; Falkenstein; " +
    "Hamburg; Dusseldorf; Cologne",
  NL: "Amsterdam; Rotterdam; Eemshaven; Groningen",
  GB: "London; Manchester; Edinburgh",
  FR: "Paris; Marseille; Roubaix; Gravelines; Strasbourg",
  IE: "Dublin",
  SE: "Stockholm",
  FI: "Helsinki; Hamina",
  NO: "Oslo",
  DK: "Copenhagen",
  PL: "Warsaw",
  ES: "Madrid; Barcelona",
  IT: "Milan; Milano; Turin; Rome",
  CH: "Zurich; Geneva",
  AT: "Vienna",
  BE: "Brussels; St. Ghislain; Saint-Ghislain",
  CZ: "Prague",
  RO: "Bucharest",
  BG: "Sofia",
  IS: "Reykjavik; Keflavik",
  PT: "Lisbon",
  JP: "Tokyo; Osaka",
  KR: "Seoul",
  TW: "Taipei; Changhua",
  IN: "Mumbai; Hyderabad; Chennai; Delhi; New Delhi; Bangalore; Bengaluru; Pune",
  ID: "Jakarta",
  MY: "Kuala Lumpur",
  TH: "Bangkok",
  AU: "Sydney; Melbourne; Perth; Brisbane",
  NZ: "Auckland",
  AE: "Dubai; Abu Dhabi",
  IL: "Tel Aviv",
  SA: "Riyadh; Jeddah; Dammam",
  QA: "Doha",
  BH: "Manama",
  ZA: "Johannesburg; Cape Town",
};

const COUNTRY_BY_PLACE: ReadonlyMap<string, string> = new Map(
  Object.entries(PLACES).flatMap(([code, names]) => names.split("; ").map((name) => [nameKey(name), code])),
);

// The first word of a cloud region id when it is not a plain country code or name. `sa`, `me`, `af`
// mean South America, Middle East, Africa here (AWS's convention), not Saudi Arabia, Montenegro,
// Afghanistan. `ap`/`apac` span Asia and Oceania, so they narrow nothing.
const ID_PREFIXES: Readonly<Record<string, Region | null>> = {
  eu: "group:europe",
  eur: "group:europe",
  europe: "group:europe",
  asia: "group:asia",
  sa: "group:south-america",
  southamerica: "group:south-america",
  northamerica: "group:north-america",
  me: "group:middle-east",
  af: "group:africa",
  africa: "group:africa",
  oc: "group:oceania",
  uk: "GB",
  usa: "US",
  ap: null,
  apac: null,
};

const DIRECTION_WORDS: ReadonlySet<string> = new Set([
  "east",
  "west",
  "north",
  "south",
  "central",
  "northeast",
  "northwest",
  "southeast",
  "southwest",
  "midwest",
  "gov",
  "mid",
  "centre",
]);

/** A single place name (no commas): a two-letter code, a country, group, city, state or province. */
const placeFromName = (text: string): Region | undefined => {
  const trimmed = text.trim();
  if (/^[a-z]{2}$/i.test(trimmed)) {
    const code = trimmed.toUpperCase();
    if (code === "EU") return "group:eu";
    if (code === "UK") return "GB";
    return isCountryCode(code) ? code : undefined;
  }
  return countryFromName(trimmed) ?? COUNTRY_BY_PLACE.get(nameKey(trimmed)) ?? groupFromName(trimmed);
};

const isCountry = (region: Region | undefined): region is string =>
  region !== undefined && region !== "unknown" && !isRegionGroup(region);

/**
 * A cloud region id: `us-east-3`, `US-TX-3`, `EU-RO-1`, `eu-frankfurt-1`, `canada-1`, `us-central1`.
 * The first word narrows (a country or a group); a later word naming a place inside it refines.
 */
const regionFromId = (id: string): Region | undefined => {
  const match = /^([a-z]+)((?:-[a-z]+)*)-?\d+[a-z]?$/.exec(id);
  if (!match?.[1]) return undefined;
  const prefix = match[1];
  const words = (match[2] ?? "").split("-").filter((word) => word !== "" && !DIRECTION_WORDS.has(word));
  const narrowed = Object.hasOwn(ID_PREFIXES, prefix) ? ID_PREFIXES[prefix] : placeFromName(prefix);
  // A country prefix wins: in US-CA-2 the `CA` is California, in CA-MTL-1 `MTL` is Montreal.
  if (isCountry(narrowed ?? undefined)) return narrowed ?? undefined;
  const named =
    words.length > 0 ? (placeFromName(words.join(" ")) ?? placeFromName(words[0] ?? "")) : undefined;
  if (isCountry(named)) {
    // A place outside the prefix's group (eu-tokyo-1) is a contradiction: no answer beats a wrong one.
    return narrowed === null || narrowed === undefined || regionWithin(named, narrowed) ? named : "unknown";
  }
  return narrowed ?? undefined;
};

/**
 * The finest region a provider's location string names, for offers: a country when the text names
 * one, otherwise the group it names (`europe-west-7` is only known to be in `group:europe`), otherwise
 * `unknown`. Never a guess: ambiguous or contradictory text gives `unknown`.
 *
 * Understands:
 * - cloud region ids: AWS (`us-east-1` → US, `eu-central-1` → DE, `eu-west-1` → IE,
 *   `ap-northeast-1` → JP, `sa-east-1` → BR, availability zones like `us-east-1a`, spot.js legacy
 *   codes), GCP (`europe-west4` → NL), Azure (`westeurope` → NL), Lambda (`us-east-3` → US,
 *   `europe-central-1` → DE), OCI-style (`eu-frankfurt-1` → DE);
 * - RunPod data-center ids: `US-TX-3` → US, `EU-RO-1` → RO, `EUR-IS-1` → IS, `CA-MTL-1` → CA;
 * - free text, read right to left, the first country winning (Vast puts the country code last):
 *   `Texas, US` → US, `Iceland, IS` → IS, `Ontario, CA` → CA (two letters are always a country
 *   code), `Austin, Texas, United States` → US, `Frankfurt` → DE;
 * - anything `parseRegion` reads (`Germany`, `EU`, `group:asia`).
 */
export const regionFromLocation = (text: string): Region => {
  const trimmed = text.trim();
  if (trimmed === "") return "unknown";
  const id = trimmed.toLowerCase().replace(/_/g, "-");
  // Own keys only: a name such as `constructor` must not read Object's prototype.
  const own = (key: string) => (Object.hasOwn(REGION_IDS, key) ? REGION_IDS[key] : undefined);
  const exact = own(id) ?? own(id.replace(/(\d)[a-z]$/, "$1"));
  if (exact !== undefined) return exact;
  const single = placeFromName(trimmed);
  if (single !== undefined) return single;
  const fromId = regionFromId(id);
  if (fromId !== undefined) return fromId;
  const parts = trimmed
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
  if (parts.length < 2) return "unknown";
  let group: RegionGroup | undefined;
  for (const part of parts.reverse()) {
    const region = placeFromName(part) ?? regionFromId(part.toLowerCase());
    if (isCountry(region)) return region;
    if (region !== undefined && region !== "unknown" && group === undefined) group = region as RegionGroup;
  }
  return group ?? "unknown";
};
