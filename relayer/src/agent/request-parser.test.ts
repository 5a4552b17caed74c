import { parseConstraints } from "@necto/sdk";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readFixture } from "../../test/upstream-test-kit.ts";
import { PARSE_FAILED, type ParsedRequest, parseRequest } from "./request-parser.ts";

interface CorpusEntry {
  text: string;
  expected: ParsedRequest;
}

const corpus: CorpusEntry[] = readFixture(import.meta.url, "request-corpus.json");

const ISSUE_EXAMPLE = "4x A100 for 3 days under $1.5 in the EU, no spot";

// Words of the grammar, so that fuzzing reaches the rules (random strings almost never do).
const GRAMMAR_WORDS = [
  "4x",
  "A100",
  "H100",
  "h100s",
  "RTX",
  "6000",
  "Ada",
  "Ti",
  "l40s",
  "MI300X",
  "80GB",
  "SXM",
  "PCIe",
  "hbm3",
  "x8",
  "×",
  "8",
  "0",
  "1.5",
  "99999999999999999999999",
  "GPUs",
  "for",
  "3",
  "days",
  "2h",
  "a week",
  "overnight",
  "under",
  "$1.5",
  "$",
  "/GPU-hr",
  "per",
  "hour",
  "budget",
  "$500",
  "1.5k",
  "total",
  "cents",
  "€",
  "in",
  "the",
  "EU",
  "us",
  "Germany",
  "or",
  "and",
  ",",
  "us-east-1",
  "no",
  "not",
  "on",
  "spot",
  "on-demand",
  "only",
  "avoid",
  "vast",
  "Lambda",
  "akash",
  "nodes",
  "node",
  "of",
  "each",
  "one",
  "machine",
  "across",
  "at",
  "least",
  "48GB",
  "VRAM",
  "99%",
  "uptime",
  "reliability",
  "0.95",
  "≥",
  "<=",
  "%",
  "cheapest",
  "prefer",
  "-",
  ":",
  "\n",
  // Names on Object.prototype: lookups in plain objects must not read them as numbers, units or places.
  "constructor",
  "toString",
  "__proto__",
  "hasOwnProperty",
];

/** The checks every result must pass, whatever the input. */
const expectWellFormed = (result: ParsedRequest): void => {
  expect(() => parseConstraints(result.constraints)).not.toThrow();
  if (result.gpus !== undefined) expect(Number.isInteger(result.gpus) && result.gpus >= 1).toBe(true);
  if (result.hours !== undefined) expect(result.hours).toBeGreaterThan(0);
  for (const phrase of [...result.unrecognized, ...result.preferences]) {
    expect(typeof phrase).toBe("string");
    expect(phrase.trim()).not.toBe("");
    expect(phrase).toBe(phrase.trim());
    expect(phrase).not.toContain(PARSE_FAILED);
    expect(phrase).not.toMatch(/undefined|NaN|\[object/);
  }
};

describe("parseRequest", () => {
  it("has a corpus of at least 70 distinct requests, the issue's example among them", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(70);
    expect(new Set(corpus.map((entry) => entry.text)).size).toBe(corpus.length);
    expect(corpus.map((entry) => entry.text)).toContain(ISSUE_EXAMPLE);
  });

  it.each(corpus.map((entry) => [entry.text, entry.expected] as const))("reads %j", (text, expected) => {
    const result = parseRequest(text);
    expect(result).toStrictEqual(expected);
    expectWellFormed(result);
  });

  it("reads the issue's example into the constraints it names", () => {
    expect(parseRequest(ISSUE_EXAMPLE)).toStrictEqual({
      constraints: {
        maxUsdPerGpuHour: 1.5,
        gpuModels: ["a100-40-sxm", "a100-80-sxm", "a100-40-pcie", "a100-80-pcie"],
        regions: ["group:eu"],
        excludePricingModels: ["spot"],
      },
      gpus: 4,
      hours: 72,
      budget: { usdPerGpuHour: 1.5 },
      preferences: [],
      unrecognized: [],
    });
  });

  it("caps a total budget per GPU-hour once GPUs and hours are known, and keeps the lower of two budgets", () => {
    expect(parseRequest("2x L40S for 10 hours, $30 total").constraints.maxUsdPerGpuHour).toBe(1.5);
    expect(parseRequest("2x L40S for 10 hours, $30 total, under $1.2/hr").constraints.maxUsdPerGpuHour).toBe(
      1.2,
    );
    // Without hours, a total cannot become a rate.
    expect(parseRequest("2x L40S, $30 total").constraints.maxUsdPerGpuHour).toBeUndefined();
  });

  it("gives the same result for the same text, every time", () => {
    for (const { text } of corpus) expect(parseRequest(text)).toStrictEqual(parseRequest(text));
  });

  it("reads only the first 1,000 characters and says so", () => {
    const result = parseRequest(`4x A100 in the EU ${"x".repeat(2_000)} not on Vast`);
    expect(result.gpus).toBe(4);
    expect(result.constraints.excludeProviders).toBeUndefined();
    expect(result.unrecognized.at(-1)).toBe("(only the first 1000 characters were read)");
  });

  it("reads no number, unit or place into names that objects inherit", () => {
    expect(parseRequest("constructor GPUs in toString for valueOf days")).toStrictEqual({
      constraints: {},
      preferences: [],
      unrecognized: ["constructor GPUs in toString for valueOf days"],
    });
  });

  it("answers an empty result for input that is not a string", () => {
    expect(parseRequest(undefined as unknown as string)).toStrictEqual({
      constraints: {},
      preferences: [],
      unrecognized: [],
    });
  });

  it("never throws and always returns valid constraints on random text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), (text) => {
        expectWellFormed(parseRequest(text));
      }),
      { numRuns: 500 },
    );
  });

  it("never throws and is deterministic on requests made of the grammar's own words", () => {
    const request = fc
      .tuple(fc.array(fc.constantFrom(...GRAMMAR_WORDS), { maxLength: 60 }), fc.constantFrom(" ", ""))
      .map(([words, gap]) => words.join(gap));
    fc.assert(
      fc.property(request, (text) => {
        const result = parseRequest(text);
        expectWellFormed(result);
        expect(parseRequest(text)).toStrictEqual(result);
      }),
      { numRuns: 500 },
    );
  });
});
