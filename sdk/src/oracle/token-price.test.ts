import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TokenPrice } from "../effective-price.ts";
import { normalizeOffers } from "../normalize/index.ts";
import { offer } from "../normalize/test-offer.ts";
import {
  aggregateTokenPrice,
  DEFAULT_MAX_AGE_MS,
  DEFAULT_PEGS,
  median,
  OraclePolicyError,
  OracleQuorumError,
  type OracleQuote,
  requireTokenPrice,
  type TokenPriceResult,
  tokenPriceBook,
} from "./token-price.ts";

const NOW = Date.UTC(2026, 9, 1);

const quote = (
  source: string,
  usd: number,
  ageMs = 10_000,
  extra: Partial<OracleQuote> = {},
): OracleQuote => ({
  symbol: "AKT",
  source,
  usd,
  at: NOW - ageMs,
  ...extra,
});

const accepted = (result: TokenPriceResult) => {
  if (!result.ok) throw new Error(`expected a price, got ${result.reason.code}: ${result.reason.message}`);
  return result;
};

const refused = (result: TokenPriceResult) => {
  if (result.ok) throw new Error(`expected a refusal, got ${result.price.usd}`);
  return result;
};

const reasons = (result: TokenPriceResult) => result.dropped.map((drop) => [drop.source, drop.reason]);

describe("aggregateTokenPrice", () => {
  it("takes the median of agreeing sources, with provenance", () => {
    const result = accepted(
      aggregateTokenPrice(
        [quote("pyth", 3.22, 5_000), quote("coingecko", 3.2, 100_000), quote("jupiter", 3.21, 20_000)],
        {},
        NOW,
      ),
    );
    expect(result.price).toEqual({
      symbol: "AKT",
      usd: 3.21,
      sources: ["coingecko", "jupiter", "pyth"],
      at: NOW - 5_000,
    });
    expect(result.median).toBe(3.21);
    expect(result.mad).toBeCloseTo(0.01, 12);
    expect(result.dropped).toEqual([]);
  });

  it("drops non-finite, zero and negative quotes", () => {
    const bad = [Number.NaN, Number.POSITIVE_INFINITY, 0, -3.2].map((usd, index) =>
      quote(`bad${index}`, usd),
    );
    const result = aggregateTokenPrice([...bad, quote("pyth", 3.2), quote("coingecko", 3.21)], {}, NOW);
    expect(accepted(result).price.usd).toBe(3.205);
    expect(reasons(result)).toEqual([
      ["bad0", "invalid"],
      ["bad1", "invalid"],
      ["bad2", "invalid"],
      ["bad3", "invalid"],
    ]);
  });

  it("drops quotes stale for their source, with per-source and default ages", () => {
    expect(DEFAULT_MAX_AGE_MS.pyth).toBe(60_000);
    const quotes = [
      quote("pyth", 3.2, 61_000),
      quote("coingecko", 3.2, 299_000),
      quote("jupiter", 3.21, 100_000),
      quote("someoracle", 3.2, 301_000),
    ];
    const result = aggregateTokenPrice(quotes, {}, NOW);
    expect(accepted(result).price.sources).toEqual(["coingecko", "jupiter"]);
    expect(reasons(result)).toEqual([
      ["pyth", "stale"],
      ["someoracle", "stale"],
    ]);
    expect(result.dropped[0]?.detail).toBe("pyth quote is 61 s old (max 60 s)");
    const relaxed = aggregateTokenPrice(
      quotes,
      { maxAgeMs: { pyth: 120_000 }, defaultMaxAgeMs: 600_000 },
      NOW,
    );
    expect(accepted(relaxed).price.sources).toEqual(["coingecko", "jupiter", "pyth", "someoracle"]);
  });

  it("drops quotes from the future beyond the clock skew allowance", () => {
    const result = aggregateTokenPrice(
      [quote("pyth", 3.2, -31_000), quote("coingecko", 3.2), quote("jupiter", 3.2)],
      {},
      NOW,
    );
    expect(reasons(result)).toEqual([["pyth", "future"]]);
    expect(
      accepted(aggregateTokenPrice([quote("pyth", 3.2, -29_000), quote("coingecko", 3.2)], {}, NOW)).price
        .sources,
    ).toHaveLength(2);
  });

  it("drops quotes whose confidence interval is wider than 2% of the price", () => {
    const result = aggregateTokenPrice(
      [
        quote("pyth", 3.2, 1000, { confidence: 0.0641 }),
        quote("pyth-ema", 3.2, 1000, { confidence: 0.064 }),
        quote("coingecko", 3.2),
        quote("weird", 3.2, 1000, { confidence: -1 }),
      ],
      {},
      NOW,
    );
    expect(reasons(result)).toEqual([
      ["pyth", "low-confidence"],
      ["weird", "invalid"],
    ]);
    expect(accepted(result).price.sources).toEqual(["coingecko", "pyth-ema"]);
  });

  it("rejects outliers beyond 3 scaled MADs", () => {
    const result = aggregateTokenPrice(
      [quote("a", 3.2), quote("b", 3.23), quote("c", 3.17), quote("d", 3.21), quote("e", 4.5)],
      {},
      NOW,
    );
    expect(reasons(result)).toEqual([["e", "outlier"]]);
    expect(accepted(result).price.usd).toBe(3.205);
  });

  it("keeps a 1.5% band around the median when sources agree exactly", () => {
    // MAD 0: the bound is 1.5% of the median, so 1.5% away stays and 1.6% away goes.
    const result = aggregateTokenPrice(
      [quote("a", 2), quote("b", 2), quote("e", 2), quote("c", 2.03), quote("d", 1.968)],
      {},
      NOW,
    );
    expect(reasons(result)).toEqual([["d", "outlier"]]);
    expect(accepted(result).price.usd).toBe(2);
    const wider = aggregateTokenPrice(
      [quote("a", 2), quote("b", 2), quote("d", 1.968)],
      { minOutlierBandRatio: 0.02 },
      NOW,
    );
    expect(accepted(wider).dropped).toEqual([]);
  });

  it("takes the mean of exactly two sources within 2% and refuses two that disagree", () => {
    expect(accepted(aggregateTokenPrice([quote("a", 1), quote("b", 1.019)], {}, NOW)).price.usd).toBe(1.0095);
    const split = refused(aggregateTokenPrice([quote("a", 1), quote("b", 1.021)], {}, NOW));
    expect(split.reason.code).toBe("disagreement");
    expect(split.symbol).toBe("AKT");
  });

  it("applies the two-source rule again when outlier rejection leaves two", () => {
    const result = refused(aggregateTokenPrice([quote("a", 1), quote("b", 1.5), quote("c", 100)], {}, NOW));
    expect(result.reason.code).toBe("disagreement");
    expect(reasons(result)).toEqual([["c", "outlier"]]);
  });

  it("fails closed without a quorum", () => {
    expect(refused(aggregateTokenPrice([quote("pyth", 3.2)], {}, NOW)).reason).toEqual({
      code: "no-quorum",
      message: "1 usable source(s), 2 needed",
    });
    expect(
      refused(aggregateTokenPrice([quote("a", 3.2), quote("b", 3.2)], { minSources: 3 }, NOW)).reason.code,
    ).toBe("no-quorum");
    const bySymbol = { minSources: 3, minSourcesBySymbol: { AKT: 1 } };
    expect(accepted(aggregateTokenPrice([quote("akash-oracle", 3.2)], bySymbol, NOW)).price.usd).toBe(3.2);
    expect(refused(aggregateTokenPrice([], {}, NOW)).reason.code).toBe("no-quotes");
  });

  it("counts sources, not quotes: a source's newest quote stands for it", () => {
    const result = aggregateTokenPrice(
      [quote("pyth", 3.1, 30_000), quote("pyth", 3.2, 10_000), quote("pyth", 3.3, 20_000)],
      {},
      NOW,
    );
    expect(refused(result).reason.code).toBe("no-quorum");
    expect(reasons(result)).toEqual([
      ["pyth", "duplicate-source"],
      ["pyth", "duplicate-source"],
    ]);
    const withOther = accepted(
      aggregateTokenPrice(
        [quote("PYTH", 3.1, 30_000), quote("pyth", 3.2, 10_000), quote("coingecko", 3.2)],
        {},
        NOW,
      ),
    );
    expect(withOther.price.usd).toBe(3.2);
  });

  it("drops quotes for another symbol", () => {
    const result = aggregateTokenPrice(
      [quote("a", 3.2), quote("b", 3.2), quote("c", 0.6, 1000, { symbol: "NOS" })],
      {},
      NOW,
    );
    expect(reasons(result)).toEqual([["c", "symbol-mismatch"]]);
  });

  it("checks stablecoins against their peg and fails closed when they are off it", () => {
    expect(DEFAULT_PEGS).toEqual({ USDC: 1, USDT: 1, DAI: 1, ACT: 1 });
    const usdc = (source: string, usd: number) => quote(source, usd, 1000, { symbol: "usdc" });
    const ok = accepted(
      aggregateTokenPrice([usdc("a", 0.9999), usdc("b", 1.0002), usdc("c", 0.975)], {}, NOW),
    );
    expect(ok.price.symbol).toBe("USDC");
    expect(reasons(ok)).toEqual([["c", "off-peg"]]);
    const depegged = refused(
      aggregateTokenPrice([usdc("a", 0.95), usdc("b", 0.951), usdc("c", 0.949)], {}, NOW),
    );
    expect(depegged.reason.code).toBe("off-peg");
    expect(depegged.reason.message).toMatch(/off its peg/);
    const act = (source: string, usd: number) => quote(source, usd, 1000, { symbol: "ACT" });
    expect(refused(aggregateTokenPrice([act("a", 1.2), act("b", 1.2)], {}, NOW)).reason.code).toBe("off-peg");
    expect(accepted(aggregateTokenPrice([act("a", 1.2), act("b", 1.2)], { pegs: {} }, NOW)).price.usd).toBe(
      1.2,
    );
  });

  it("needs three sources to accept a sudden move from the previous price", () => {
    const previous: TokenPrice = { symbol: "AKT", usd: 3, sources: ["a", "b"], at: NOW - 60_000 };
    const jump = [quote("a", 3.6), quote("b", 3.6)];
    expect(refused(aggregateTokenPrice(jump, {}, NOW, previous)).reason.code).toBe("circuit-breaker");
    expect(accepted(aggregateTokenPrice([...jump, quote("c", 3.61)], {}, NOW, previous)).price.usd).toBe(3.6);
    expect(
      accepted(aggregateTokenPrice([quote("a", 3.3), quote("b", 3.3)], {}, NOW, previous)).price.usd,
    ).toBe(3.3);
    const old = { ...previous, at: NOW - 600_000 };
    expect(accepted(aggregateTokenPrice(jump, {}, NOW, old)).price.usd).toBe(3.6);
  });

  it("throws OraclePolicyError for a malformed policy", () => {
    for (const policy of [
      { minSources: 0 },
      { maxConfidenceRatio: -1 },
      { maxAgeMs: { pyth: Number.NaN } },
      { pegs: { AKT: 0 } },
    ]) {
      const attempt = () => aggregateTokenPrice([quote("a", 1)], policy, NOW);
      expect(attempt).toThrow(OraclePolicyError);
      try {
        attempt();
      } catch (error) {
        expect((error as OraclePolicyError).code).toBe("invalid-policy");
      }
    }
  });

  it("does not depend on the order of the quotes", () => {
    const quotes = [
      quote("a", 3.2),
      quote("b", 3.25),
      quote("c", 3.18),
      quote("d", 9),
      quote("e", 3.21, 90_000),
    ];
    const reference = accepted(aggregateTokenPrice(quotes, {}, NOW));
    fc.assert(
      fc.property(fc.shuffledSubarray(quotes, { minLength: quotes.length }), (shuffled) => {
        const result = accepted(aggregateTokenPrice(shuffled, {}, NOW));
        expect(result.price).toEqual(reference.price);
        expect(result.mad).toBe(reference.mad);
      }),
    );
  });
});

describe("requireTokenPrice", () => {
  it("returns the price or throws OracleQuorumError with the failure's code", () => {
    expect(requireTokenPrice(aggregateTokenPrice([quote("a", 2), quote("b", 2)], {}, NOW)).usd).toBe(2);
    try {
      requireTokenPrice(aggregateTokenPrice([quote("a", 2)], {}, NOW));
      throw new Error("expected a throw");
    } catch (error) {
      expect(error).toBeInstanceOf(OracleQuorumError);
      expect(error).toMatchObject({
        code: "no-quorum",
        symbol: "AKT",
        message: "AKT: 1 usable source(s), 2 needed",
      });
    }
  });
});

describe("tokenPriceBook", () => {
  it("prices each symbol separately and feeds normalization, failing closed on the rest", () => {
    const quotes: OracleQuote[] = [
      quote("pyth", 3.2),
      quote("coingecko", 3.21),
      quote("jupiter", 0.65, 1000, { symbol: "NOS" }),
      quote("coingecko", 0.62, 1000, { symbol: "nos" }),
      quote("coingecko", 1.0001, 1000, { symbol: "USDC" }),
    ];
    const book = tokenPriceBook(quotes, {}, NOW);
    expect(Object.keys(book.prices)).toEqual(["AKT"]);
    expect(book.failures.map((failure) => [failure.symbol, failure.reason.code])).toEqual([
      ["NOS", "disagreement"],
      ["USDC", "no-quorum"],
    ]);
    expect(Object.keys(book.results)).toEqual(["AKT", "NOS", "USDC"]);

    const { priced, exclusions } = normalizeOffers(
      [
        offer({ offerId: "akt", pricing: { price: { amount: "1", currency: "AKT" } } }),
        offer({ offerId: "nos", pricing: { price: { amount: "1", currency: "NOS" } } }),
      ],
      { now: NOW, tokenPrices: book.prices },
    );
    expect(priced.map((result) => result.price.usdPerGpuHour)).toEqual([3.205]);
    expect(exclusions.map((exclusion) => [exclusion.offerKey, exclusion.code])).toEqual([
      ["test:nos", "unpriced"],
    ]);
  });

  it("passes each symbol its previous price for the circuit breaker", () => {
    const previous = { AKT: { symbol: "AKT", usd: 2, sources: ["a"], at: NOW - 1000 } };
    const book = tokenPriceBook([quote("a", 3), quote("b", 3)], {}, NOW, previous);
    expect(book.failures[0]?.reason.code).toBe("circuit-breaker");
  });
});

// Quotes from distinct sources, mostly near 1 USD with some outliers, stale and low-confidence ones.
const quotesArb = fc
  .array(
    fc.record({
      usd: fc.oneof(
        fc.double({ min: 0.95, max: 1.05, noNaN: true }),
        fc.double({ min: 0.5, max: 2, noNaN: true }),
        fc.constantFrom(0, -1, Number.NaN, 1, 1.01, 1.02),
      ),
      ageMs: fc.oneof(fc.integer({ min: 0, max: 50_000 }), fc.integer({ min: 0, max: 400_000 })),
      confidence: fc.option(fc.double({ min: 0, max: 0.05, noNaN: true }), { nil: undefined }),
    }),
    { maxLength: 7 },
  )
  .map((rows) =>
    rows.map((row, index): OracleQuote => {
      const base = quote(`s${index}`, row.usd, row.ageMs);
      return row.confidence === undefined ? base : { ...base, confidence: row.confidence };
    }),
  );
const policyArb = fc.record({
  // 2 (the default) and 3. With 1, a lone quote is trusted while two that disagree are not, by design.
  // With 4 or more, MAD's 50% breakdown point shows: 3-vs-2 split quotes are refused (3 survivors)
  // while removing one of the 3 gives a 2-vs-2 split that every quote survives (see aggregateTokenPrice).
  minSources: fc.constantFrom(2, 3),
  maxAgeMs: fc.constant({ s0: 60_000 }),
});

describe("aggregateTokenPrice properties", () => {
  it("returns a price within [min, max] of the quotes it accepted", () => {
    fc.assert(
      fc.property(quotesArb, policyArb, (quotes, policy) => {
        const result = aggregateTokenPrice(quotes, policy, NOW);
        if (!result.ok) return;
        const used = quotes.filter((q) => result.price.sources.includes(q.source)).map((q) => q.usd);
        expect(used.length).toBe(result.price.sources.length);
        expect(result.price.usd).toBeGreaterThanOrEqual(Math.min(...used));
        expect(result.price.usd).toBeLessThanOrEqual(Math.max(...used));
        expect(result.price.sources.length).toBeGreaterThanOrEqual(policy.minSources);
      }),
      { numRuns: 2000 },
    );
  });

  it("never turns an unknown price into a price when a source is removed", () => {
    fc.assert(
      fc.property(quotesArb, policyArb, (quotes, policy) => {
        if (aggregateTokenPrice(quotes, policy, NOW).ok) return;
        quotes.forEach((_, removed) => {
          const fewer = quotes.filter((_, index) => index !== removed);
          expect(aggregateTokenPrice(fewer, policy, NOW).ok).toBe(false);
        });
      }),
      { numRuns: 3000 },
    );
  });

  it("keeps the median of any list inside its range", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1e-9, max: 1e9, noNaN: true }), { minLength: 1 }), (values) => {
        const m = median(values);
        expect(m).toBeGreaterThanOrEqual(Math.min(...values));
        expect(m).toBeLessThanOrEqual(Math.max(...values));
      }),
    );
  });
});
