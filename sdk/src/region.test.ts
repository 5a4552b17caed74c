import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  COUNTRY_NAMES,
  countriesIn,
  EU_MEMBERS,
  groupFromName,
  groupsOf,
  isRegion,
  parseRegion,
  REGION_GROUPS,
  type Region,
  regionFromLocation,
  regionWithin,
  regionWithinAny,
} from "./region.ts";

const COUNTRIES = Object.keys(COUNTRY_NAMES);

describe("region tables", () => {
  it("lists all 249 assigned ISO 3166-1 alpha-2 codes, upper case", () => {
    expect(COUNTRIES).toHaveLength(249);
    for (const code of COUNTRIES) expect(code).toMatch(/^[A-Z]{2}$/);
  });

  it("lists the 27 EU members, all in Europe", () => {
    expect(new Set(EU_MEMBERS).size).toBe(27);
    expect(EU_MEMBERS).not.toContain("GB");
    for (const code of EU_MEMBERS) expect(regionWithin(code, "group:europe")).toBe(true);
  });

  it("puts every country except Antarctica in at least one continent", () => {
    const continents = REGION_GROUPS.filter(
      (group) => !["group:eu", "group:middle-east", "group:global"].includes(group),
    );
    for (const code of COUNTRIES) {
      const inAny = continents.some((group) => countriesIn(group).includes(code));
      expect(inAny, code).toBe(code !== "AQ");
    }
  });

  it("uses only assigned codes in its groups", () => {
    for (const group of REGION_GROUPS)
      for (const code of countriesIn(group)) expect(COUNTRY_NAMES[code], code).toBeDefined();
  });

  it("lists the groups of a country", () => {
    expect(groupsOf("DE")).toEqual(["group:eu", "group:europe", "group:global"]);
    expect(groupsOf("SA")).toEqual(["group:asia", "group:middle-east", "group:global"]);
    expect(groupsOf("EG")).toEqual(["group:africa", "group:middle-east", "group:global"]);
    expect(groupsOf("group:eu")).toEqual([]);
  });
});

describe("regionWithin", () => {
  it("puts a country within itself, its groups and global", () => {
    expect(regionWithin("DE", "DE")).toBe(true);
    expect(regionWithin("DE", "group:eu")).toBe(true);
    expect(regionWithin("DE", "group:europe")).toBe(true);
    expect(regionWithin("DE", "group:global")).toBe(true);
    expect(regionWithin("DE", "FR")).toBe(false);
    expect(regionWithin("CH", "group:eu")).toBe(false);
    expect(regionWithin("CH", "group:europe")).toBe(true);
  });

  it("never reads SA as South America", () => {
    expect(regionWithin("SA", "group:south-america")).toBe(false);
    expect(regionWithin("SA", "group:middle-east")).toBe(true);
    expect(regionWithin("BR", "group:south-america")).toBe(true);
  });

  it("puts a group within a wider group but never within a country or a narrower group", () => {
    expect(regionWithin("group:eu", "group:europe")).toBe(true);
    expect(regionWithin("group:europe", "group:eu")).toBe(false);
    expect(regionWithin("group:eu", "DE")).toBe(false);
    expect(regionWithin("group:middle-east", "group:asia")).toBe(false);
    for (const group of REGION_GROUPS) {
      expect(regionWithin(group, group)).toBe(true);
      expect(regionWithin(group, "group:global")).toBe(true);
    }
    expect(regionWithin("group:global", "group:europe")).toBe(false);
  });

  it("puts unknown within global only", () => {
    expect(regionWithin("unknown", "group:global")).toBe(true);
    expect(regionWithin("unknown", "group:europe")).toBe(false);
    expect(regionWithin("unknown", "US")).toBe(false);
    expect(regionWithin("unknown", "unknown")).toBe(false);
    expect(regionWithin("US", "unknown")).toBe(false);
  });

  it("puts malformed regions within nothing", () => {
    for (const bad of ["de", "ZZ", "EU", "group:mars", ""]) {
      expect(isRegion(bad)).toBe(false);
      expect(regionWithin(bad, "group:global")).toBe(false);
      expect(regionWithin("DE", bad)).toBe(false);
    }
  });

  it("matches any of several wanted regions", () => {
    expect(regionWithinAny("JP", ["group:europe", "JP"])).toBe(true);
    expect(regionWithinAny("JP", [])).toBe(false);
  });

  it("is transitive over countries and groups", () => {
    const regions: Region[] = [...COUNTRIES, ...REGION_GROUPS, "unknown"];
    const region = fc.constantFrom(...regions);
    fc.assert(
      fc.property(region, region, region, (a, b, c) => {
        if (regionWithin(a, b) && regionWithin(b, c)) expect(regionWithin(a, c)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("parseRegion", () => {
  it.each([
    ["EU", "group:eu"],
    ["eu", "group:eu"],
    ["European Union", "group:eu"],
    ["Europe", "group:europe"],
    ["US", "US"],
    ["usa", "US"],
    ["U.S.A.", "US"],
    ["United States", "US"],
    ["Germany", "DE"],
    ["de", "DE"],
    ["south america", "group:south-america"],
    ["South-America", "group:south-america"],
    ["SA", "SA"],
    ["Saudi Arabia", "SA"],
    ["NA", "NA"],
    ["UK", "GB"],
    ["Great Britain", "GB"],
    ["Czech Republic", "CZ"],
    ["Türkiye", "TR"],
    ["turkey", "TR"],
    ["Côte d'Ivoire", "CI"],
    ["Middle East", "group:middle-east"],
    ["worldwide", "group:global"],
    ["group:asia", "group:asia"],
    ["GROUP:ASIA", "group:asia"],
    ["unknown", "unknown"],
    ["  japan ", "JP"],
  ])("reads %j as %j", (text, region) => {
    expect(parseRegion(text)).toBe(region);
  });

  it.each(["", "ZZ", "group:mars", "Georgia", "Congo", "us-east-1", "Frankfurt", "Narnia", "APAC"])(
    "returns undefined for %j",
    (text) => {
      expect(parseRegion(text)).toBeUndefined();
    },
  );

  it("returns only well-formed regions", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (text) => {
        const region = parseRegion(text);
        if (region !== undefined) expect(isRegion(region)).toBe(true);
      }),
    );
  });
});

describe("regionFromLocation", () => {
  it.each([
    ["us-east-1", "US"],
    ["us-east-1a", "US"],
    ["eu-central-1", "DE"],
    ["eu-west-1", "IE"],
    ["ap-northeast-1", "JP"],
    ["sa-east-1", "BR"],
    ["me-south-1", "BH"],
    ["eu-ireland", "IE"],
    ["apac-tokyo", "JP"],
    ["us-gov-west-1", "US"],
    ["europe-west4", "NL"],
    ["us-central1", "US"],
    ["westeurope", "NL"],
    ["US-TX-3", "US"],
    ["US-CA-2", "US"],
    ["EU-RO-1", "RO"],
    ["EU-SE-1", "SE"],
    ["EUR-IS-1", "IS"],
    ["CA-MTL-1", "CA"],
    ["AP-JP-1", "JP"],
    ["OC-AU-1", "AU"],
    ["us-east-3", "US"],
    ["us-south-1", "US"],
    ["europe-central-1", "DE"],
    ["me-west-1", "IL"],
    ["eu-frankfurt-1", "DE"],
    ["uk-london-1", "GB"],
    ["canada-1", "CA"],
    ["Frankfurt", "DE"],
    ["Texas, US", "US"],
    ["Iceland, IS", "IS"],
    ["Ontario, CA", "CA"],
    ["Bulgaria, BG, EU", "BG"],
    ["Austin, Texas, United States", "US"],
    ["Virginia, USA", "US"],
    ["Georgia, US", "US"],
    ["FI", "FI"],
    ["SA", "SA"],
    ["Germany", "DE"],
  ])("maps %j to %j", (text, region) => {
    expect(regionFromLocation(text)).toBe(region);
  });

  it.each([
    ["europe-west-7", "group:europe"],
    ["eu-central-9", "group:europe"],
    ["asia-northeast-2", "group:asia"],
    ["Europe", "group:europe"],
    ["somewhere, EU", "group:eu"],
  ])("maps %j only as far as its group, %j", (text, region) => {
    expect(regionFromLocation(text)).toBe(region);
  });

  it.each(["", "region-1", "default", "Georgia", "eu-tokyo-1", "ap-southeast-9", "Mars Base, ZZ", "FIN-01"])(
    "returns unknown rather than a guess for %j",
    (text) => {
      expect(regionFromLocation(text)).toBe("unknown");
    },
  );

  it("returns only well-formed regions", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (text) => {
        expect(isRegion(regionFromLocation(text))).toBe(true);
      }),
    );
  });
});

describe("names that are Object.prototype keys", () => {
  it("are not regions", () => {
    for (const name of ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"]) {
      expect(parseRegion(name)).toBeUndefined();
      expect(regionFromLocation(name)).toBe("unknown");
      expect(groupFromName(name)).toBeUndefined();
    }
  });
});
