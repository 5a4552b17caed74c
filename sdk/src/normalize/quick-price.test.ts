import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { NormalizeResult } from "../effective-price.ts";
import type { PriceExtra, PriceScope, PriceTimeUnit } from "../offer.ts";
import { auctionRule } from "./auction.ts";
import { fixedRule } from "./fixed.ts";
import { normalizeWith, type PricingRule } from "./pipeline.ts";
import { quickPercentPrice, quickUsdPerGpuHour } from "./quick-price.ts";
import { spotRule } from "./spot.ts";
import { context, offer } from "./test-offer.ts";
import { tokenRule } from "./token.ts";

const ctx = context({ AKT: 1.12, NOS: 0.71, USDC: 1 });

// Offers of every shape the quick path takes or must decline, valid or not.
const amountArb = fc.oneof(
  fc
    .tuple(fc.stringMatching(/^\d{1,9}$/), fc.stringMatching(/^\d{0,9}$/))
    .map(([whole, fraction]) => (fraction === "" ? whole : `${whole}.${fraction}`)),
  fc.constantFrom("0", "0.000", "1e-3", "-1", " 2.5", "1234567890123456789", "0.0000000000000000001"),
);
const extraArb: fc.Arbitrary<PriceExtra> = fc.oneof(
  fc.record({
    label: fc.constantFrom("network fee", "", " "),
    percentOfBase: fc.constantFrom(10, 2, 12.5, 33.3, 0, 7, -1),
  }),
  fc.record({ label: fc.constant("storage"), money: fc.constant({ amount: "0.05", currency: "USD" }) }),
);
const caseArb = fc.record({
  rule: fc.constantFrom<[string, PricingRule]>(
    ["fixed", fixedRule],
    ["spot", spotRule],
    ["auction", auctionRule],
    ["token", tokenRule],
  ),
  amount: amountArb,
  decimals: fc.option(fc.constantFrom(0, 2, 6, 9, 16, 18), { nil: undefined }),
  currency: fc.constantFrom("USD", "USD_CENTS", "AKT", "NOS", "usd", " AKT", "XYZ"),
  per: fc.constantFrom<PriceTimeUnit>("second", "minute", "hour", "day", "month", "block"),
  scope: fc.constantFrom<PriceScope>("gpu", "instance"),
  gpuCount: fc.constantFrom(1, 2, 3, 8, 0.25),
  blockSeconds: fc.option(fc.constantFrom(6, 5, 6.117), { nil: undefined }),
  providerId: fc.constantFrom("akash", "runpod"),
  extras: fc.option(fc.array(extraArb, { maxLength: 3 }), { nil: undefined }),
  interruptionPerHour: fc.option(fc.constantFrom(0, 0.05, 0.2, 2), { nil: undefined }),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

const offerOf = (c: Case) =>
  offer({
    providerId: c.providerId,
    gpuCount: c.gpuCount,
    pricing: {
      model: c.rule[0] as "fixed",
      price: {
        amount: c.amount,
        currency: c.currency,
        ...(c.decimals === undefined ? {} : { decimals: c.decimals }),
      },
      per: c.per,
      scope: c.scope,
      ...(c.blockSeconds === undefined ? {} : { blockSeconds: c.blockSeconds }),
      ...(c.extras === undefined ? {} : { extras: c.extras }),
      ...(c.interruptionPerHour === undefined ? {} : { interruptionPerHour: c.interruptionPerHour }),
    },
  });

const numbersOf = (result: NormalizeResult): number[] =>
  result.ok
    ? [
        result.offer.price.usdPerGpuHour,
        ...result.offer.price.breakdown.map((part) => part.usdPerGpuHour),
        result.offer.price.expectedUsdPerGpuHour ?? Number.NaN,
      ]
    : [];

describe("quickUsdPerGpuHour and quickPercentPrice", () => {
  it("give the general steps' result to the bit, or leave the offer to them", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const input = offerOf(c);
        const quick = normalizeWith(input, ctx, c.rule[1]);
        const general = normalizeWith(input, ctx, { ...c.rule[1], moneyBase: undefined });
        expect(quick).toEqual(general);
        const [quickNumbers, generalNumbers] = [numbersOf(quick), numbersOf(general)];
        expect(quickNumbers.every((value, index) => Object.is(value, generalNumbers[index]))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("take a plain list price, and decline spellings only the general steps read", () => {
    const plain = offer({ pricing: { price: { amount: "2.99", currency: "USD" } } });
    expect(quickUsdPerGpuHour(plain, ctx.tokenPrices, false)).toBe(2.99);
    for (const amount of ["2.99e0", " 2.99", "+2.99", "0", "1".repeat(20)]) {
      const spelled = offer({ pricing: { price: { amount, currency: "USD" } } });
      expect(quickUsdPerGpuHour(spelled, ctx.tokenPrices, false)).toBeUndefined();
    }
    const fractional = offer({ gpuCount: 0.5, pricing: { scope: "instance" } });
    expect(quickUsdPerGpuHour(fractional, ctx.tokenPrices, false)).toBeUndefined();
  });

  it("price a base with a percentage fee, and leave flat extras to the general steps", () => {
    const nosana = offer({
      pricing: {
        price: { amount: "0.2909", currency: "USD" },
        extras: [{ label: "fee", percentOfBase: 10 }],
      },
    });
    const breakdown: { label: string; usdPerGpuHour: number }[] = [];
    expect(quickPercentPrice(nosana, ctx.tokenPrices, false, breakdown)).toBe(0.31999);
    expect(breakdown).toEqual([
      { label: "base", usdPerGpuHour: 0.2909 },
      { label: "fee", usdPerGpuHour: 0.02909 },
    ]);
    const flat = offer({
      pricing: { extras: [{ label: "disk", money: { amount: "0.1", currency: "USD" } }] },
    });
    expect(quickPercentPrice(flat, ctx.tokenPrices, false)).toBeUndefined();
  });
});
