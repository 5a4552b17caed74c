import fc from "fast-check";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  type Constraints,
  ConstraintsError,
  ConstraintsSchema,
  firstUnavailableHour,
  formatPair,
  hourOfWeek,
  matcherFor,
  matches,
  parseConstraints,
} from "./constraints.ts";
import type { PricedOffer } from "./effective-price.ts";

const NOW = Date.UTC(2026, 9, 1);
/** Monday 2026-11-23 00:00 UTC: hour 0 of the week. */
const MONDAY = Date.UTC(2026, 10, 23);
const HOUR = 3_600_000;

/** A priced offer (USD 1.00/GPU-h, one H100 in the US) overridden field by field. */
const priced = (overrides: Partial<PricedOffer> = {}, usdPerGpuHour = 1): PricedOffer => ({
  providerId: "test",
  offerId: "offer-1",
  gpuModel: "h100-sxm",
  gpuName: "H100 SXM",
  gpuCount: 1,
  vramGb: 80,
  region: "US",
  pricing: {
    model: "fixed",
    price: { amount: String(usdPerGpuHour), currency: "USD" },
    per: "hour",
    scope: "gpu",
  },
  availability: { level: "high" },
  interruptible: false,
  fetchedAt: NOW - 60_000,
  source: "live",
  price: {
    usdPerGpuHour,
    breakdown: [{ label: "base", usdPerGpuHour }],
    ageMs: 60_000,
    stale: false,
  },
  ...overrides,
});

/** A mask with exactly the given hours of the week set. */
const maskOf = (hours: readonly number[]): string =>
  hours.reduce((mask, hour) => mask | (1n << BigInt(hour)), 0n).toString();
const ALL_HOURS = Array.from({ length: 168 }, (_, hour) => hour);

const messagesOf = (input: unknown): string[] => {
  const result = v.safeParse(ConstraintsSchema, input);
  return result.success ? [] : result.issues.map((issue) => issue.message);
};

describe("ConstraintsSchema", () => {
  it("accepts every field at once", () => {
    const constraints: Constraints = {
      maxUsdPerGpuHour: 2.5,
      gpuModels: ["h100-sxm", "a100-80-sxm"],
      minGpus: 8,
      minVramGb: 40,
      regions: ["DE", "group:eu"],
      excludePricingModels: ["spot", "auction"],
      excludeProviders: ["vast"],
      minReliability: 0.99,
      window: { startsAt: MONDAY, hours: 1.5 },
    };
    expect(parseConstraints(constraints)).toEqual(constraints);
    expect(parseConstraints({})).toEqual({});
  });

  it("says which number is negative", () => {
    expect(messagesOf({ maxUsdPerGpuHour: -1 })).toEqual(["maxUsdPerGpuHour must be 0 or more"]);
    expect(messagesOf({ minVramGb: -0.5 })).toEqual(["minVramGb must be 0 or more"]);
  });

  it("refuses NaN, Infinity and numbers given as strings", () => {
    expect(messagesOf({ maxUsdPerGpuHour: Number.NaN })).toEqual(["maxUsdPerGpuHour must be a number"]);
    expect(messagesOf({ maxUsdPerGpuHour: Number.POSITIVE_INFINITY })).toEqual([
      "maxUsdPerGpuHour must be a finite number",
    ]);
    expect(messagesOf({ maxUsdPerGpuHour: "1.5" })).toEqual(["maxUsdPerGpuHour must be a number"]);
  });

  it("wants whole GPUs, at least one", () => {
    expect(messagesOf({ minGpus: 0 })).toEqual(["minGpus must be 1 or more"]);
    expect(messagesOf({ minGpus: 1.5 })).toEqual(["minGpus must be a whole number"]);
  });

  it("keeps minReliability within 0..1", () => {
    expect(messagesOf({ minReliability: 1.5 })).toEqual(["minReliability must be between 0 and 1"]);
    expect(messagesOf({ minReliability: -0.1 })).toEqual(["minReliability must be between 0 and 1"]);
  });

  it("names unknown GPU models and malformed regions", () => {
    expect(messagesOf({ gpuModels: ["H100"] })).toEqual(['"H100" is not a known GPU model id']);
    expect(messagesOf({ regions: ["de"] })[0]).toMatch(/^"de" is not a region/);
    expect(messagesOf({ regions: ["unknown"] })[0]).toMatch(/^"unknown" is not a region/);
    expect(messagesOf({ regions: ["group:mars"] })[0]).toMatch(/^"group:mars" is not a region/);
  });

  it("refuses empty wanted-lists but allows empty exclude-lists", () => {
    expect(messagesOf({ gpuModels: [] })).toEqual(["gpuModels must not be empty (omit it to accept any)"]);
    expect(messagesOf({ regions: [] })).toEqual(["regions must not be empty (omit it to accept any)"]);
    expect(messagesOf({ excludeProviders: [], excludePricingModels: [] })).toEqual([]);
  });

  it("refuses unknown fields, so a typo cannot silently filter nothing", () => {
    expect(messagesOf({ maxUsdPerGpuHr: 1 })).toEqual(['unknown field "maxUsdPerGpuHr" in constraints']);
    expect(messagesOf({ window: { startsAt: MONDAY, hours: 1, tz: "UTC" } })).toEqual([
      'unknown field "tz" in window',
    ]);
  });

  it("checks the window", () => {
    expect(messagesOf({ window: { startsAt: MONDAY, hours: 0 } })).toEqual([
      "window.hours must be more than 0",
    ]);
    expect(messagesOf({ window: { startsAt: MONDAY + 0.5, hours: 1 } })).toEqual([
      "window.startsAt must be a whole number of unix ms",
    ]);
    expect(messagesOf({ window: { hours: 1 } })).toEqual(['window is missing the field "startsAt"']);
  });

  it("names the pricing models it takes", () => {
    expect(messagesOf({ excludePricingModels: ["free"] })).toEqual([
      "excludePricingModels takes fixed, spot, auction, token, dynamic",
    ]);
  });

  it("refuses a non-object", () => {
    expect(messagesOf(null)).toEqual(["constraints must be an object"]);
  });
});

describe("parseConstraints", () => {
  it("throws a typed error listing every problem with its path", () => {
    const error = (() => {
      try {
        parseConstraints({ maxUsdPerGpuHour: -1, minGpus: 0 });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ConstraintsError);
    expect(error).toMatchObject({
      code: "invalid-constraints",
      issues: ["maxUsdPerGpuHour: maxUsdPerGpuHour must be 0 or more", "minGpus: minGpus must be 1 or more"],
    });
  });
});

describe("matches", () => {
  it("passes an offer that meets every constraint", () => {
    const constraints: Constraints = {
      maxUsdPerGpuHour: 1,
      gpuModels: ["h100-sxm"],
      minGpus: 1,
      minVramGb: 80,
      regions: ["group:north-america"],
      excludePricingModels: ["spot"],
      excludeProviders: ["vast"],
      minReliability: 0.9,
    };
    expect(matches(priced({ reliability: 0.9 }), constraints)).toBeUndefined();
    expect(matches(priced(), {})).toBeUndefined();
  });

  it("reports an offer over budget with both prices", () => {
    expect(matches(priced({}, 1.92), { maxUsdPerGpuHour: 1.5 })).toEqual({
      offerKey: "test:offer-1",
      code: "over-budget",
      message: "1.92 USD/GPU-h is over the 1.50 budget",
    });
  });

  it("shows enough decimals to tell a price from a budget it barely exceeds", () => {
    expect(matches(priced({}, 1.5001), { maxUsdPerGpuHour: 1.5 })?.message).toBe(
      "1.5001 USD/GPU-h is over the 1.5000 budget",
    );
    expect(matches(priced({}, 0.0042), { maxUsdPerGpuHour: 0.003 })?.message).toBe(
      "0.004 USD/GPU-h is over the 0.003 budget",
    );
  });

  it("treats the budget as inclusive", () => {
    expect(matches(priced({}, 1.5), { maxUsdPerGpuHour: 1.5 })).toBeUndefined();
  });

  it("reports the GPU model", () => {
    expect(matches(priced(), { gpuModels: ["a100-80-sxm", "l40s"] })).toMatchObject({
      code: "gpu-model",
      message: "GPU h100-sxm is not one of a100-80-sxm, l40s",
    });
  });

  it("reports too few GPUs per instance and too little VRAM", () => {
    expect(matches(priced({ gpuCount: 2 }), { minGpus: 4 })).toMatchObject({
      code: "min-gpus",
      message: "2 GPUs per instance is fewer than the 4 needed",
    });
    expect(matches(priced({ vramGb: 24 }), { minVramGb: 40 })).toMatchObject({
      code: "min-vram",
      message: "24 GB VRAM per GPU is less than the 40 GB needed",
    });
  });

  it("reports a region outside the wanted ones", () => {
    expect(matches(priced({ region: "US" }), { regions: ["group:eu"] })).toMatchObject({
      code: "region",
      message: "region US is not within group:eu",
    });
    expect(matches(priced({ region: "US" }), { regions: ["group:eu", "JP"] })?.message).toBe(
      "region US is not within group:eu or JP",
    );
    expect(matches(priced({ region: "DE" }), { regions: ["group:eu"] })).toBeUndefined();
    expect(matches(priced({ region: "unknown" }), { regions: ["group:eu"] })?.code).toBe("region");
    expect(matches(priced({ region: "unknown" }), { regions: ["group:global"] })).toBeUndefined();
  });

  it("reports excluded pricing models and providers", () => {
    const spot = priced({ pricing: { ...priced().pricing, model: "spot" } });
    expect(matches(spot, { excludePricingModels: ["spot"] })).toMatchObject({
      code: "pricing-model",
      message: "pricing model spot is excluded",
    });
    expect(matches(priced({ providerId: "vast" }), { excludeProviders: ["vast"] })).toEqual({
      offerKey: "vast:offer-1",
      code: "provider",
      message: "provider vast is excluded",
    });
  });

  it("reports reliability below the minimum", () => {
    expect(matches(priced({ reliability: 0.95 }), { minReliability: 0.99 })).toMatchObject({
      code: "reliability",
      message: "reliability 0.95 is below the 0.99 minimum",
    });
  });

  it("fails an offer that publishes no reliability when a minimum is set (fail closed), even 0", () => {
    expect(matches(priced(), { minReliability: 0.99 })).toMatchObject({
      code: "reliability",
      message: "reliability is not published (minimum 0.99)",
    });
    expect(matches(priced(), { minReliability: 0 })?.code).toBe("reliability");
    expect(matches(priced({ reliability: 0 }), { minReliability: 0 })).toBeUndefined();
  });

  it("fails an offer with no capacity, with or without constraints", () => {
    expect(matches(priced({ availability: { level: "none" } }), {})).toMatchObject({
      code: "availability",
      message: "no capacity is available",
    });
    expect(matches(priced({ availability: { level: "unknown" } }), {})).toBeUndefined();
  });

  it("reports the first failing rule in the documented order", () => {
    const everythingWrong = priced(
      {
        gpuModel: "l40s",
        gpuCount: 1,
        vramGb: 48,
        region: "US",
        providerId: "vast",
        availability: { level: "none" },
      },
      9,
    );
    const constraints: Constraints = {
      maxUsdPerGpuHour: 1,
      gpuModels: ["h100-sxm"],
      minGpus: 8,
      minVramGb: 80,
      regions: ["DE"],
      excludePricingModels: ["fixed"],
      excludeProviders: ["vast"],
      minReliability: 0.9,
    };
    const order = [
      "over-budget",
      "gpu-model",
      "min-gpus",
      "min-vram",
      "region",
      "pricing-model",
      "provider",
      "reliability",
      "availability",
    ];
    // Lift the constraints one at a time: each time the next rule in the order is the one reported.
    const keys: (keyof Constraints)[] = [
      "maxUsdPerGpuHour",
      "gpuModels",
      "minGpus",
      "minVramGb",
      "regions",
      "excludePricingModels",
      "excludeProviders",
      "minReliability",
    ];
    const remaining: Constraints = { ...constraints };
    for (const [index, code] of order.entries()) {
      expect(matches(everythingWrong, remaining)?.code).toBe(code);
      const key = keys[index];
      if (key !== undefined) delete remaining[key];
    }
  });

  it("fails NaN prices and NaN limits rather than letting them through", () => {
    expect(matches(priced({}, Number.NaN), { maxUsdPerGpuHour: 10 })?.code).toBe("over-budget");
    expect(matches(priced(), { maxUsdPerGpuHour: Number.NaN })?.code).toBe("over-budget");
    expect(matches(priced({ gpuCount: Number.NaN }), { minGpus: 1 })?.code).toBe("min-gpus");
  });
});

describe("matcherFor", () => {
  it("answers every offer as matches does, though it remembers texts and regions across offers", () => {
    const constraints: Constraints = {
      maxUsdPerGpuHour: 1.5,
      gpuModels: ["h100-sxm", "a100-80-sxm"],
      minGpus: 2,
      regions: ["group:eu", "US"],
      excludePricingModels: ["spot"],
      excludeProviders: ["shady"],
      minReliability: 0.9,
      window: { startsAt: MONDAY, hours: 2 },
    };
    const reliable = { gpuCount: 4, reliability: 0.95 };
    const offers = [
      priced({ ...reliable }, 1.4),
      priced({ ...reliable }, 1.51),
      priced({ ...reliable }, 1.500001),
      priced({ ...reliable, gpuModel: "l40s" }),
      priced({ ...reliable, gpuModel: "l40s", offerId: "offer-2" }),
      priced({ ...reliable, gpuCount: 1 }),
      priced({ ...reliable, region: "JP" }),
      priced({ ...reliable, region: "JP", offerId: "offer-3" }),
      priced({ ...reliable, region: "DE", pricing: { ...priced().pricing, model: "spot" } }),
      priced({ ...reliable, providerId: "shady" }),
      priced({ gpuCount: 4, reliability: 0.5 }),
      priced({ gpuCount: 4 }),
      priced({ ...reliable, availability: { level: "none" } }),
      priced({ ...reliable, availability: { level: "high", hourOfWeekMask: maskOf([0]) } }),
      priced({ ...reliable, availability: { level: "high", hourOfWeekMask: maskOf([0]) } }),
      priced({ ...reliable, availability: { level: "high", hourOfWeekMask: "x" } }),
      priced({ ...reliable, availability: { level: "high", hourOfWeekMask: maskOf([0, 1]) } }),
    ];
    const matcher = matcherFor(constraints);
    const failures = offers.map((offer) => matcher(offer, offer.price.usdPerGpuHour));
    expect(failures).toEqual(offers.map((offer) => matches(offer, constraints)));
    expect(failures.map((failure) => failure?.code)).toEqual([
      undefined,
      "over-budget",
      "over-budget",
      "gpu-model",
      "gpu-model",
      "min-gpus",
      "region",
      "region",
      "pricing-model",
      "provider",
      "reliability",
      "reliability",
      "availability",
      "availability",
      "availability",
      "availability",
      undefined,
    ]);
  });
});

describe("hourOfWeek", () => {
  it("counts from Monday 00:00 UTC", () => {
    expect(hourOfWeek(MONDAY)).toBe(0);
    expect(hourOfWeek(MONDAY + 59 * 60_000)).toBe(0);
    expect(hourOfWeek(MONDAY + HOUR)).toBe(1);
    expect(hourOfWeek(MONDAY - 1)).toBe(167);
    expect(hourOfWeek(0)).toBe(72); // 1970-01-01 was a Thursday
    expect(hourOfWeek(-HOUR)).toBe(71);
  });
});

describe("matches: availability windows on hour-of-week masks", () => {
  const onChain = (hours: readonly number[]) =>
    priced({ source: "chain", availability: { level: "high", hourOfWeekMask: maskOf(hours) } });

  it("passes a window whose every hour is set", () => {
    const window = { startsAt: MONDAY + 9 * HOUR, hours: 8 };
    expect(matches(onChain([9, 10, 11, 12, 13, 14, 15, 16]), { window })).toBeUndefined();
  });

  it("names the first hour the mask lacks", () => {
    const window = { startsAt: MONDAY + 24 * HOUR + 9 * HOUR, hours: 3 };
    expect(matches(onChain([33, 35]), { window })).toMatchObject({
      code: "availability",
      message: "not available Tue 10:00 UTC, inside the requested window",
    });
  });

  it("counts hours the window only partly covers", () => {
    // 09:30 for 1 h touches 09:00 and 10:00.
    const window = { startsAt: MONDAY + 9.5 * HOUR, hours: 1 };
    expect(matches(onChain([9]), { window })?.message).toBe(
      "not available Mon 10:00 UTC, inside the requested window",
    );
    expect(matches(onChain([9, 10]), { window })).toBeUndefined();
  });

  it("wraps from Sunday night into Monday", () => {
    const window = { startsAt: MONDAY - HOUR, hours: 2 };
    expect(matches(onChain([167, 0]), { window })).toBeUndefined();
    expect(matches(onChain([167]), { window })?.message).toBe(
      "not available Mon 00:00 UTC, inside the requested window",
    );
  });

  it("needs every bit for a window of a week or more", () => {
    const window = { startsAt: MONDAY + 5 * HOUR, hours: 200 };
    expect(matches(onChain(ALL_HOURS), { window })).toBeUndefined();
    expect(matches(onChain(ALL_HOURS.filter((hour) => hour !== 3)), { window })?.message).toBe(
      "not available Mon 03:00 UTC, inside the requested window",
    );
  });

  it("fails a malformed mask (fail closed)", () => {
    const offer = priced({ availability: { level: "high", hourOfWeekMask: "0xff" } });
    expect(matches(offer, { window: { startsAt: MONDAY, hours: 1 } })).toMatchObject({
      code: "availability",
      message: "the availability schedule is malformed",
    });
  });

  it("checks no mask without a window, and no window without a mask", () => {
    expect(matches(onChain([]), {})).toBeUndefined();
    expect(matches(priced(), { window: { startsAt: MONDAY, hours: 5 } })).toBeUndefined();
  });
});

describe("firstUnavailableHour", () => {
  it("treats a window the schema would refuse as needing every hour", () => {
    const mask = maskOf(ALL_HOURS.filter((hour) => hour !== 0));
    expect(firstUnavailableHour(mask, { startsAt: Number.NaN, hours: 1 })).toBe(0);
    expect(firstUnavailableHour(mask, { startsAt: MONDAY + 5 * HOUR, hours: -1 })).toBe(0);
  });

  it("ignores bits above 167", () => {
    const mask = ((1n << 200n) | 1n).toString();
    expect(firstUnavailableHour(mask, { startsAt: MONDAY, hours: 1 })).toBeUndefined();
    expect(firstUnavailableHour(mask, { startsAt: MONDAY, hours: 2 })).toBe(1);
  });
});

describe("formatPair", () => {
  it("writes two decimals exactly as toFixed does, half-cent ties included", () => {
    const valueArb = fc.oneof(
      fc.double({ min: 0, max: 2 ** 31, noNaN: true }),
      fc.integer({ min: 0, max: 10 ** 9 }).map((cents) => cents / 100 + 0.005),
      fc.integer({ min: 0, max: 10 ** 6 }).map((mills) => mills / 1000),
      fc.constantFrom(0, -0, 1.005, 2.675, 0.125, 1e-7, -1.5, Number.NaN, Number.POSITIVE_INFINITY),
    );
    fc.assert(
      fc.property(valueArb, (value) => {
        expect(formatPair(value, -1)[0]).toBe(value.toFixed(2));
      }),
      { numRuns: 5000 },
    );
  });

  it("uses two decimals when they tell the numbers apart", () => {
    expect(formatPair(1.92, 1.5)).toEqual(["1.92", "1.50"]);
  });

  it("falls back to the shortest round-trip spelling for numbers equal to 8 decimals", () => {
    expect(formatPair(1.500000001, 1.5)).toEqual(["1.500000001", "1.5"]);
  });
});
