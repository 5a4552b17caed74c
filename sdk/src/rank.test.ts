import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BENCH_NOW, benchOffers, benchTokenPrices } from "../bench/offers.ts";
import { GPU_MODEL_IDS } from "./catalog/gpus.ts";
import { type Constraints, ConstraintsError, matches } from "./constraints.ts";
import {
  type Exclusion,
  type NormalizeContext,
  offerKey,
  type PricedOffer,
  type TokenPrice,
} from "./effective-price.ts";
import { normalizeOffer } from "./normalize/index.ts";
import type { Offer, Pricing } from "./offer.ts";
import { prepareMarket, rankPrepared } from "./prepared-market.ts";
import { compareCodeUnits, compareRanked, DuplicateOfferKeyError, type Ranking, rankOffers } from "./rank.ts";

const NOW = Date.UTC(2026, 9, 1);

const tokenPrice = (symbol: string, usd: number): TokenPrice => ({
  symbol,
  usd,
  sources: ["coingecko", "pyth"],
  at: NOW - 30_000,
});

const ctx = (prices: Record<string, number> = {}): NormalizeContext => ({
  now: NOW,
  tokenPrices: Object.fromEntries(
    Object.entries(prices).map(([symbol, usd]) => [symbol, tokenPrice(symbol, usd)]),
  ),
});

/** A fixed-price offer at `usd` per GPU-hour, overridden field by field. */
const offer = (offerId: string, usd: string, overrides: Partial<Offer> = {}): Offer => ({
  providerId: "test",
  offerId,
  gpuModel: "h100-sxm",
  gpuName: "H100 SXM",
  gpuCount: 1,
  vramGb: 80,
  region: "US",
  pricing: { model: "fixed", price: { amount: usd, currency: "USD" }, per: "hour", scope: "gpu" },
  availability: { level: "high" },
  interruptible: false,
  fetchedAt: NOW - 60_000,
  source: "live",
  ...overrides,
});

const keys = (ranking: Ranking): string[] => ranking.ranked.map(offerKey);

describe("rankOffers", () => {
  it("ranks by effective price, cheapest first, with 1-based ranks", () => {
    const ranking = rankOffers([offer("b", "2"), offer("a", "3"), offer("c", "1")], {}, ctx());
    expect(keys(ranking)).toEqual(["test:c", "test:b", "test:a"]);
    expect(ranking.ranked.map((ranked) => ranked.rank)).toEqual([1, 2, 3]);
    expect(ranking.ranked.map((ranked) => ranked.price.usdPerGpuHour)).toEqual([1, 2, 3]);
    expect(ranking.excluded).toEqual([]);
  });

  it("compares prices after unit conversion, not raw amounts", () => {
    // 8 GPUs for 16 USD/h is 2 USD/GPU-h; 1 GPU for 1000 USD/month is about 1.37 USD/GPU-h.
    const instance = offer("instance", "16", {
      gpuCount: 8,
      pricing: { model: "fixed", price: { amount: "16", currency: "USD" }, per: "hour", scope: "instance" },
    });
    const monthly = offer("monthly", "1000", {
      pricing: { model: "fixed", price: { amount: "1000", currency: "USD" }, per: "month", scope: "gpu" },
    });
    expect(keys(rankOffers([instance, monthly], {}, ctx()))).toEqual(["test:monthly", "test:instance"]);
  });

  it("breaks price ties by latency, then reliability, then rating, then offer key", () => {
    const offers = [
      offer("no-latency", "1"),
      offer("slow", "1", { latencyMs: 80 }),
      offer("fast-unreliable", "1", { latencyMs: 20, reliability: 0.9 }),
      offer("fast-reliable", "1", { latencyMs: 20, reliability: 0.99 }),
      offer("fast-reliable-rated", "1", { latencyMs: 20, reliability: 0.99, rating: 4.5 }),
      offer("fast-reliable-top", "1", { latencyMs: 20, reliability: 0.99, rating: 4.9 }),
      offer("fast-no-reliability", "1", { latencyMs: 20 }),
      offer("z-twin", "1", { latencyMs: 20, reliability: 0.9 }),
    ];
    expect(keys(rankOffers(offers, {}, ctx()))).toEqual([
      "test:fast-reliable-top",
      "test:fast-reliable-rated",
      "test:fast-reliable",
      "test:fast-unreliable",
      "test:z-twin",
      "test:fast-no-reliability",
      "test:slow",
      "test:no-latency",
    ]);
  });

  it("orders offer keys by code unit, not by locale", () => {
    const offers = [offer("b", "1"), offer("B", "1"), offer("a", "1"), offer("é", "1"), offer("Z", "1")];
    expect(keys(rankOffers(offers, {}, ctx()))).toEqual(["test:B", "test:Z", "test:a", "test:b", "test:é"]);
  });

  it("keeps the normalizer's exclusions next to the constraint failures, sorted by offer key", () => {
    const offers = [
      offer("ok", "1"),
      offer("unknown-gpu", "1", { gpuModel: "unknown", gpuName: "Mystery 9000" }),
      offer("unpriced", "1", {
        pricing: { model: "token", price: { amount: "1", currency: "NOS" }, per: "hour", scope: "gpu" },
      }),
      offer("expensive", "9"),
    ];
    const ranking = rankOffers(offers, { maxUsdPerGpuHour: 2 }, ctx());
    expect(keys(ranking)).toEqual(["test:ok"]);
    expect(ranking.excluded.map((e) => [e.offerKey, e.code])).toEqual([
      ["test:expensive", "over-budget"],
      ["test:unknown-gpu", "unknown-gpu"],
      ["test:unpriced", "unpriced"],
    ]);
  });

  it("prices token offers through the context's oracle prices", () => {
    const nos: Pricing = {
      model: "token",
      price: { amount: "2", currency: "NOS" },
      per: "hour",
      scope: "gpu",
    };
    const ranking = rankOffers(
      [offer("nos", "2", { pricing: nos }), offer("usd", "1")],
      {},
      ctx({ NOS: 0.25 }),
    );
    expect(keys(ranking)).toEqual(["test:nos", "test:usd"]);
    expect(ranking.ranked[0]?.price.usdPerGpuHour).toBe(0.5);
  });

  it("ranks nothing from nothing", () => {
    expect(rankOffers([], {}, ctx())).toEqual({ ranked: [], excluded: [] });
  });

  it("names the first offer, in input order, whose key an earlier one has", () => {
    const offers = [offer("b", "1"), offer("a", "1"), offer("a", "2"), offer("b", "2")];
    expect(() => rankOffers(offers, {}, ctx())).toThrow(new DuplicateOfferKeyError("test:a"));
  });

  it("orders keys by code unit when a provider id is a prefix of another", () => {
    // "a-b:9" < "a:2" ("-" < ":"), though "a" < "a-b": the joined keys decide, not the provider ids.
    const offers = [
      offer("2", "1", { providerId: "a" }),
      offer("1", "1", { providerId: "ab" }),
      offer("9", "1", { providerId: "a-b" }),
    ];
    expect(keys(rankOffers(offers, {}, ctx()))).toEqual(["a-b:9", "a:2", "ab:1"]);
  });

  it("refuses two offers with one key", () => {
    expect(() => rankOffers([offer("a", "1"), offer("a", "2")], {}, ctx())).toThrow(DuplicateOfferKeyError);
    try {
      rankOffers([offer("a", "1"), offer("a", "2")], {}, ctx());
    } catch (error) {
      expect(error).toMatchObject({ code: "duplicate-offer-key", offerKey: "test:a" });
    }
  });

  it("refuses invalid constraints instead of filtering nothing", () => {
    expect(() => rankOffers([offer("a", "1")], { maxUsdPerGpuHour: Number.NaN }, ctx())).toThrow(
      ConstraintsError,
    );
  });
});

describe("compareRanked", () => {
  it("puts unpublished latency, reliability and rating last", () => {
    const base = { providerId: "p", offerId: "x", price: { usdPerGpuHour: 1 } };
    expect(compareRanked({ ...base, latencyMs: 500 }, { ...base, offerId: "a" })).toBeLessThan(0);
    expect(compareRanked({ ...base, reliability: 0 }, { ...base, offerId: "a" })).toBeLessThan(0);
    expect(compareRanked({ ...base, rating: 0 }, { ...base, offerId: "a" })).toBeLessThan(0);
  });

  it("treats a NaN latency as unpublished, keeping the order total", () => {
    const base = { providerId: "p", offerId: "x", price: { usdPerGpuHour: 1 } };
    expect(compareRanked({ ...base, latencyMs: Number.NaN }, { ...base, offerId: "a" })).toBeGreaterThan(0);
    expect(compareRanked({ ...base, offerId: "a", latencyMs: Number.NaN }, { ...base })).toBeLessThan(0);
  });
});

// Property tests. Small value domains on purpose: they make price, latency and rating ties common, so
// the tie-breaks and the final key order are exercised, not just the price order.

const pricingArb: fc.Arbitrary<Pricing> = fc.oneof(
  fc.record({
    model: fc.constantFrom("fixed" as const, "spot" as const),
    price: fc.record({
      amount: fc.constantFrom("0.5", "1", "1.25", "2", "0", "-1", "x"),
      currency: fc.constant("USD"),
    }),
    per: fc.constantFrom("hour" as const, "month" as const, "second" as const),
    scope: fc.constantFrom("gpu" as const, "instance" as const),
  }),
  fc.record({
    model: fc.constant("token" as const),
    price: fc.record({ amount: fc.constantFrom("1", "4"), currency: fc.constantFrom("AKT", "NOS") }),
    per: fc.constant("hour" as const),
    scope: fc.constant("gpu" as const),
  }),
);

const offerBodyArb = fc.record(
  {
    gpuModel: fc.constantFrom("h100-sxm", "a100-80-sxm", "l40s", "unknown" as const),
    gpuCount: fc.constantFrom(1, 2, 8),
    vramGb: fc.constantFrom(24, 48, 80),
    region: fc.constantFrom("US", "DE", "FR", "JP", "unknown"),
    pricing: pricingArb,
    availability: fc.record({ level: fc.constantFrom("high" as const, "low" as const, "none" as const) }),
    reliability: fc.constantFrom(0.9, 0.99, 1),
    latencyMs: fc.constantFrom(10, 50),
    rating: fc.constantFrom(4, 5),
  },
  { requiredKeys: ["gpuModel", "gpuCount", "vramGb", "region", "pricing", "availability"] },
);

const offersArb: fc.Arbitrary<Offer[]> = fc
  .uniqueArray(
    fc.tuple(fc.constantFrom("akash", "vast", "runpod"), fc.constantFrom("1", "2", "3", "a", "B")),
    {
      maxLength: 15,
      selector: ([providerId, offerId]) => `${providerId}:${offerId}`,
    },
  )
  .chain((ids) =>
    fc.tuple(...ids.map(() => offerBodyArb)).map((bodies) =>
      bodies.map((body, index) => {
        const [providerId, offerId] = ids[index] ?? ["?", "?"];
        return {
          providerId,
          offerId,
          gpuName: body.gpuModel,
          interruptible: body.pricing.model === "spot",
          fetchedAt: NOW - 60_000,
          source: "live" as const,
          ...body,
        };
      }),
    ),
  );

const constraintsArb: fc.Arbitrary<Constraints> = fc.record(
  {
    maxUsdPerGpuHour: fc.constantFrom(0.5, 1, 2),
    gpuModels: fc
      .subarray(["h100-sxm", "a100-80-sxm", "l40s"] as const, { minLength: 1 })
      .map((ids) => [...ids]),
    minGpus: fc.constantFrom(1, 2, 8),
    minVramGb: fc.constantFrom(24, 80),
    regions: fc.subarray(["US", "DE", "group:eu", "group:global"], { minLength: 1 }),
    excludePricingModels: fc.subarray(["fixed", "spot", "token"] as const).map((models) => [...models]),
    excludeProviders: fc.subarray(["akash", "vast"]),
    minReliability: fc.constantFrom(0, 0.95),
  },
  { requiredKeys: [] },
);

const ctxArb = fc
  .record({ AKT: fc.constantFrom(0.5, 2), NOS: fc.constantFrom(0.25, 1) }, { requiredKeys: [] })
  .map((prices) => ctx(prices));

describe("rankOffers properties", () => {
  it("puts every input offer in exactly one of ranked and excluded", () => {
    fc.assert(
      fc.property(offersArb, constraintsArb, ctxArb, (offers, constraints, context) => {
        const ranking = rankOffers(offers, constraints, context);
        const out = [...ranking.ranked.map(offerKey), ...ranking.excluded.map((e) => e.offerKey)];
        expect([...out].sort()).toEqual(offers.map(offerKey).sort());
      }),
    );
  });

  it("sorts the ranked offers by compareRanked with ranks 1..n, and exclusions by key", () => {
    fc.assert(
      fc.property(offersArb, constraintsArb, ctxArb, (offers, constraints, context) => {
        const { ranked, excluded } = rankOffers(offers, constraints, context);
        expect(ranked.map((offer) => offer.rank)).toEqual(ranked.map((_, index) => index + 1));
        for (let i = 1; i < ranked.length; i++) {
          const [before, after] = [ranked[i - 1], ranked[i]];
          if (before && after) expect(compareRanked(before, after)).toBeLessThan(0);
        }
        for (let i = 1; i < excluded.length; i++) {
          expect((excluded[i - 1]?.offerKey ?? "") < (excluded[i]?.offerKey ?? "")).toBe(true);
        }
      }),
    );
  });

  it("gives the same ranking for any input order", () => {
    fc.assert(
      fc.property(
        offersArb.chain((offers) =>
          fc.tuple(fc.constant(offers), fc.shuffledSubarray(offers, { minLength: offers.length })),
        ),
        constraintsArb,
        ctxArb,
        ([offers, shuffled], constraints, context) => {
          expect(rankOffers(shuffled, constraints, context)).toEqual(
            rankOffers(offers, constraints, context),
          );
        },
      ),
    );
  });

  it("never ranks an offer that violates a constraint", () => {
    fc.assert(
      fc.property(offersArb, constraintsArb, ctxArb, (offers, constraints, context) => {
        for (const offer of rankOffers(offers, constraints, context).ranked) {
          expect(matches(offer, constraints)).toBeUndefined();
          expect(Number.isFinite(offer.price.usdPerGpuHour)).toBe(true);
        }
      }),
    );
  });

  it("keeps compareRanked a total order: antisymmetric, and 0 only for the same key", () => {
    fc.assert(
      fc.property(offersArb, ctxArb, (offers, context) => {
        const { ranked } = rankOffers(offers, {}, context);
        for (const a of ranked) {
          for (const b of ranked) {
            expect(Math.sign(compareRanked(a, b)) + Math.sign(compareRanked(b, a))).toBe(0);
            expect(compareRanked(a, b) === 0).toBe(offerKey(a) === offerKey(b));
          }
        }
      }),
    );
  });

  it("uses only catalog ids in its generators", () => {
    for (const id of ["h100-sxm", "a100-80-sxm", "l40s"]) expect(GPU_MODEL_IDS).toContain(id);
  });
});

// The definition rankOffers is measured against: normalize each offer, apply `matches`, sort the rest with
// `compareRanked` and the exclusions by key, one offer at a time, with nothing precomputed.
const rankOneByOne = (
  offers: readonly Offer[],
  constraints: Constraints,
  context: NormalizeContext,
): Ranking => {
  const kept: PricedOffer[] = [];
  const excluded: Exclusion[] = [];
  for (const input of offers) {
    const result = normalizeOffer(input, context);
    const failure = result.ok ? matches(result.offer, constraints) : result.exclusion;
    if (failure !== undefined) excluded.push(failure);
    else if (result.ok) kept.push(result.offer);
  }
  kept.sort(compareRanked);
  excluded.sort((a, b) => compareCodeUnits(a.offerKey, b.offerKey));
  return { ranked: kept.map((ranked, index) => ({ ...ranked, rank: index + 1 })), excluded };
};

// Ids that stress key order: shared prefixes longer than a word, non-ASCII units (é, an emoji's
// surrogates), the ":" of the key itself, and provider ids that are prefixes of one another.
const idArb = fc
  .array(fc.constantFrom("a", "b", "B", "é", "0", "1", "-", ":", "/", "😀", "dseq-1/1/"), { maxLength: 4 })
  .map((parts) => parts.join(""));
const providerArb = fc.oneof(
  fc.constantFrom("akash", "vast", "runpod", "é", "Z"),
  fc.constantFrom("a", "ab", "a-b", "a:"),
);
const rankedOfferArb = fc.record({
  providerId: providerArb,
  offerId: idArb,
  amount: fc.constantFrom("1", "1.5", "2", "0.25", "x"),
  latencyMs: fc.option(fc.constantFrom(10, 50, Number.NaN), { nil: undefined }),
  reliability: fc.option(fc.constantFrom(0.9, 0.99), { nil: undefined }),
  rating: fc.option(fc.constantFrom(4, 5), { nil: undefined }),
  region: fc.constantFrom("US", "DE", "unknown"),
  level: fc.constantFrom("high" as const, "none" as const),
});

describe("rankOffers against the one-by-one definition", () => {
  it("gives the same ranking and exclusions, to the bit", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(rankedOfferArb, {
          maxLength: 60,
          selector: (body) => `${body.providerId}:${body.offerId}`,
        }),
        constraintsArb,
        (bodies, constraints) => {
          const offers = bodies.map((body) =>
            offer(body.offerId, body.amount, {
              providerId: body.providerId,
              region: body.region,
              availability: { level: body.level },
              ...(body.latencyMs === undefined ? {} : { latencyMs: body.latencyMs }),
              ...(body.reliability === undefined ? {} : { reliability: body.reliability }),
              ...(body.rating === undefined ? {} : { rating: body.rating }),
            }),
          );
          const context = ctx();
          const fast = rankOffers(offers, constraints, context);
          const reference = rankOneByOne(offers, constraints, context);
          expect(fast).toStrictEqual(reference);
          // The same own keys in the same order too (toStrictEqual does not look at the order).
          expect(JSON.stringify(fast)).toBe(JSON.stringify(reference));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("gives the same ranking for a large market of every pricing model", () => {
    const offers = benchOffers(3000, 7);
    const context = { now: BENCH_NOW, tokenPrices: benchTokenPrices };
    const constraints: Constraints = { maxUsdPerGpuHour: 2.5, regions: ["group:eu", "US"] };
    for (const c of [constraints, {}]) {
      const fast = rankOffers(offers, c, context);
      const reference = rankOneByOne(offers, c, context);
      expect(fast).toStrictEqual(reference);
      expect(JSON.stringify(fast)).toBe(JSON.stringify(reference));
    }
  });
});

describe("rankPrepared (a market prepared once, quoted many times)", () => {
  it("equals rankOffers for any offers, constraints and token prices", () => {
    fc.assert(
      fc.property(offersArb, constraintsArb, ctxArb, (offers, constraints, context) => {
        const { rankedCount, excludedCount, excludedByCode, ...ranking } = rankPrepared(
          prepareMarket(offers, context),
          constraints,
        );
        expect(ranking).toEqual(rankOffers(offers, constraints, context));
        expect(rankedCount).toBe(ranking.ranked.length);
        expect(excludedCount).toBe(ranking.excluded.length);
        const expectedByCode: Record<string, number> = {};
        for (const { code } of ranking.excluded) expectedByCode[code] = (expectedByCode[code] ?? 0) + 1;
        expect(excludedByCode).toEqual(expectedByCode);
      }),
      { numRuns: 300 },
    );
  });

  it("equals rankOffers on the 10,000-offer benchmark market and cuts to the asked lengths", () => {
    const offers = benchOffers(10_000);
    const context: NormalizeContext = { now: BENCH_NOW, tokenPrices: benchTokenPrices };
    const constraints: Constraints = { maxUsdPerGpuHour: 3, regions: ["group:eu", "US"] };
    const market = prepareMarket(offers, context);
    const full = rankOffers(offers, constraints, context);
    const quick = rankPrepared(market, constraints);
    expect(quick.ranked).toEqual(full.ranked);
    expect(quick.excluded).toEqual(full.excluded);
    const cut = rankPrepared(market, constraints, { rankedLimit: 5, excludedLimit: 3 });
    expect(cut.ranked).toEqual(full.ranked.slice(0, 5));
    expect(cut.excluded).toEqual(full.excluded.slice(0, 3));
    expect(cut.rankedCount).toBe(full.ranked.length);
    expect(cut.excludedCount).toBe(full.excluded.length);
  });

  it("refuses duplicate offer keys and invalid constraints as rankOffers does", () => {
    const offers = benchOffers(3);
    const context: NormalizeContext = { now: BENCH_NOW, tokenPrices: benchTokenPrices };
    expect(() => prepareMarket([...offers, { ...(offers[0] as Offer) }], context)).toThrow(
      DuplicateOfferKeyError,
    );
    expect(() => rankPrepared(prepareMarket(offers, context), { maxUsdPerGpuHour: -1 })).toThrow(
      ConstraintsError,
    );
  });
});
