import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { NormalizeResult, PricedOffer } from "../effective-price.ts";
import type { Offer, PriceExtra, PriceScope, PriceTimeUnit, PricingModel } from "../offer.ts";
import { DEFAULT_STALE_AFTER_MS, NormalizeError, normalizeOffer, normalizeOffers } from "./index.ts";
import { normalizeWith } from "./pipeline.ts";
import { parseDecimal, type Ratio, sum, toNumber } from "./rational.ts";
import { context, decimalString, NOW, offer } from "./test-offer.ts";

const priced = (result: NormalizeResult): PricedOffer => {
  if (!result.ok)
    throw new Error(`expected a price, got ${result.exclusion.code}: ${result.exclusion.message}`);
  return result.offer;
};

const excluded = (result: NormalizeResult) => {
  if (result.ok) throw new Error(`expected an exclusion, got ${result.offer.price.usdPerGpuHour}`);
  return result.exclusion;
};

describe("normalizeOffer", () => {
  it("dispatches on the pricing model", () => {
    const models: PricingModel[] = ["fixed", "spot", "auction", "token", "dynamic"];
    const results = models.map((model) =>
      normalizeOffer(
        offer({
          pricing: {
            model,
            price: {
              amount: model === "dynamic" ? "1000000" : "1",
              currency: "AKT",
              decimals: model === "dynamic" ? 6 : 0,
            },
            ...(model === "dynamic" ? { dynamic: { slopeBps: 0, utilizationBps: 0 } } : {}),
          },
        }),
        context({ AKT: 2 }),
      ),
    );
    expect(results.map((result) => priced(result).price.usdPerGpuHour)).toEqual([2, 2, 2, 2, 2]);
    expect(results.map((result) => priced(result).price.expectedUsdPerGpuHour !== undefined)).toEqual([
      false,
      true,
      true,
      false,
      false,
    ]);
  });

  it("excludes an unknown pricing model as invalid", () => {
    const weird = offer({ pricing: { model: "barter" as PricingModel } });
    expect(excluded(normalizeOffer(weird, context()))).toEqual({
      offerKey: "test:offer-1",
      code: "invalid-price",
      message: 'unknown pricing model "barter"',
    });
  });

  it("excludes an offer whose GPU did not resolve", () => {
    expect(
      excluded(normalizeOffer(offer({ gpuModel: "unknown", gpuName: "Mystery 9000" }), context())),
    ).toEqual({
      offerKey: "test:offer-1",
      code: "unknown-gpu",
      message: 'the GPU "Mystery 9000" did not resolve to a catalog model',
    });
    const forged = offer({ gpuModel: "h900" as Offer["gpuModel"] });
    expect(excluded(normalizeOffer(forged, context())).code).toBe("unknown-gpu");
  });

  it.each([
    [
      "a non-numeric amount",
      offer({ pricing: { price: { amount: "1.2.3", currency: "USD" } } }),
      /not a decimal/,
    ],
    ["an empty amount", offer({ pricing: { price: { amount: "", currency: "USD" } } }), /not a decimal/],
    ["NaN", offer({ pricing: { price: { amount: "NaN", currency: "USD" } } }), /not a decimal/],
    ["a negative amount", offer({ pricing: { price: { amount: "-0.5", currency: "USD" } } }), /negative/],
    ["a zero amount", offer({ pricing: { price: { amount: "0", currency: "USD" } } }), /zero price/],
    ["zero GPUs", offer({ gpuCount: 0 }), /gpuCount 0/],
    ["negative GPUs", offer({ gpuCount: -8 }), /gpuCount -8/],
    ["NaN GPUs", offer({ gpuCount: Number.NaN }), /gpuCount NaN/],
    ["a block price without block time", offer({ pricing: { per: "block" } }), /blockSeconds/],
    ["an unknown unit", offer({ pricing: { per: "fortnight" as PriceTimeUnit } }), /unknown time unit/],
    ["an unknown scope", offer({ pricing: { scope: "rack" as PriceScope } }), /unknown price scope/],
    ["a NaN fetch time", offer({ fetchedAt: Number.NaN }), /fetchedAt/],
    [
      "an extra with money and percent",
      offer({
        pricing: { extras: [{ label: "x", percentOfBase: 1, money: { amount: "1", currency: "USD" } }] },
      }),
      /exactly one/,
    ],
    ["an extra with neither", offer({ pricing: { extras: [{ label: "x" }] } }), /exactly one/],
    [
      "a negative percent",
      offer({ pricing: { extras: [{ label: "fee", percentOfBase: -5 }] } }),
      /percentOfBase -5/,
    ],
    [
      "a negative extra",
      offer({ pricing: { extras: [{ label: "disk", money: { amount: "-1", currency: "USD" } }] } }),
      /negative/,
    ],
    ["no pricing at all", { ...offer(), pricing: { model: "fixed" } } as unknown as Offer, /no pricing/],
  ])("excludes %s as invalid-price, without throwing", (_name, bad, message) => {
    const exclusion = excluded(normalizeOffer(bad, context()));
    expect(exclusion.code).toBe("invalid-price");
    expect(exclusion.message).toMatch(message);
  });

  it("reports invalid input before a missing token price", () => {
    const bad = offer({ pricing: { price: { amount: "-1", currency: "AKT" } } });
    expect(excluded(normalizeOffer(bad, context())).code).toBe("invalid-price");
    const badExtra = offer({
      pricing: {
        price: { amount: "1", currency: "AKT" },
        extras: [{ label: "fee", percentOfBase: Number.NaN }],
      },
    });
    expect(excluded(normalizeOffer(badExtra, context())).code).toBe("invalid-price");
  });

  it("fails closed on an unpriced token in an extra", () => {
    const withTokenFee = offer({
      pricing: { extras: [{ label: "fee", money: { amount: "1", currency: "NOS" } }] },
    });
    expect(excluded(normalizeOffer(withTokenFee, context())).code).toBe("unpriced");
  });

  it("records age and staleness from ctx.now", () => {
    const fresh = priced(normalizeOffer(offer({ fetchedAt: NOW - 60_000 }), context()));
    expect(fresh.price.ageMs).toBe(60_000);
    expect(fresh.price.stale).toBe(false);
    const old = priced(normalizeOffer(offer({ fetchedAt: NOW - DEFAULT_STALE_AFTER_MS - 1 }), context()));
    expect(old.price.stale).toBe(true);
    const edge = priced(normalizeOffer(offer({ fetchedAt: NOW - DEFAULT_STALE_AFTER_MS }), context()));
    expect(edge.price.stale).toBe(false);
    const custom = priced(
      normalizeOffer(offer({ fetchedAt: NOW - 60_000 }), context({}, { staleAfterMs: 1000 })),
    );
    expect(custom.price.stale).toBe(true);
    const skewed = priced(normalizeOffer(offer({ fetchedAt: NOW + 5000 }), context()));
    expect(skewed.price.ageMs).toBe(0);
  });

  it("prices per dense FP16 TFLOP-hour from the catalog", () => {
    const result = priced(
      normalizeOffer(
        offer({ gpuModel: "rtx-4090", pricing: { price: { amount: "0.3304", currency: "USD" } } }),
        context(),
      ),
    );
    expect(result.price.usdPerTflopHour).toBe(0.3304 / 165.2);
  });

  it("keeps the offer's own fields next to the price", () => {
    const input = offer({ region: "DE", location: "Frankfurt" });
    const result = priced(normalizeOffer(input, context()));
    expect(result).toEqual({ ...input, price: result.price });
  });

  it("copies the offer's own keys in their order, symbols included, as a spread does", () => {
    const tag = Symbol("tag");
    const input = { ...offer({ location: "Frankfurt" }), price: "stale", [tag]: 1 } as unknown as Offer;
    const result = priced(normalizeOffer(input, context()));
    expect(Reflect.ownKeys(result)).toEqual(Reflect.ownKeys({ ...input, price: result.price }));
    expect(result.price.usdPerGpuHour).toBe(1);
  });

  it("copies an own __proto__ key as a key, never as the prototype", () => {
    const input = JSON.parse(`{"__proto__":{"polluted":true},${JSON.stringify(offer()).slice(1)}`) as Offer;
    const result = priced(normalizeOffer(input, context()));
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.hasOwn(result, "__proto__")).toBe(true);
  });
});

describe("normalizeWith", () => {
  it("reports what a pricing rule throws as the offer's exclusion", () => {
    const thrown = normalizeWith(offer(), context(), {
      base: () => {
        throw new NormalizeError("unpriced", "no price for this one");
      },
    });
    expect(excluded(thrown)).toEqual({
      offerKey: "test:offer-1",
      code: "unpriced",
      message: "no price for this one",
    });
    const crashed = normalizeWith(offer(), context(), {
      base: () => {
        throw new TypeError("boom");
      },
    });
    expect(excluded(crashed)).toMatchObject({
      code: "invalid-price",
      message: "the offer could not be priced: boom",
    });
  });
});

describe("normalizeOffers", () => {
  it("splits offers into priced ones and exclusions, in input order", () => {
    const offers = [
      offer({ offerId: "a" }),
      offer({ offerId: "b", gpuModel: "unknown" }),
      offer({ offerId: "c", pricing: { price: { amount: "1", currency: "NOS" } } }),
      offer({ offerId: "d", pricing: { price: { amount: "2", currency: "USD" } } }),
    ];
    const { priced: ok, exclusions } = normalizeOffers(offers, context());
    expect(ok.map((result) => result.offerId)).toEqual(["a", "d"]);
    expect(exclusions.map((exclusion) => [exclusion.offerKey, exclusion.code])).toEqual([
      ["test:b", "unknown-gpu"],
      ["test:c", "unpriced"],
    ]);
  });
});

// Random but valid pricing: any unit, scope and currency, optional percent and flat extras.
const amountArb = fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.integer({ min: 0, max: 9 }));
const pricingArb = fc.record({
  per: fc.constantFrom<PriceTimeUnit>("second", "minute", "hour", "day", "month", "block"),
  scope: fc.constantFrom<PriceScope>("gpu", "instance"),
  currency: fc.constantFrom("USD", "USD_CENTS", "AKT"),
  decimals: fc.constantFrom(0, 6),
  gpuCount: fc.constantFrom(0.25, 0.5, 1, 2, 3, 4, 7, 8, 16),
  percentOfBase: fc.option(fc.constantFrom(0, 2, 10, 12.5, 33.3), { nil: undefined }),
  flatExtra: fc.option(fc.constantFrom("0", "0.001", "0.05", "1.7"), { nil: undefined }),
  model: fc.constantFrom<PricingModel>("fixed", "spot", "auction"),
});
type PricingCase = Omit<
  typeof pricingArb extends fc.Arbitrary<infer T> ? T : never,
  "currency" | "gpuCount"
> & {
  currency: string;
  gpuCount: number;
};

const build = (c: PricingCase, amount: string, gpuCount: number = c.gpuCount): Offer => {
  const extras: PriceExtra[] = [];
  if (c.percentOfBase !== undefined) extras.push({ label: "fee", percentOfBase: c.percentOfBase });
  if (c.flatExtra !== undefined)
    extras.push({ label: "storage", money: { amount: c.flatExtra, currency: "USD" } });
  return offer({
    providerId: "akash",
    gpuCount,
    pricing: {
      model: c.model,
      price: { amount, currency: c.currency, decimals: c.decimals },
      per: c.per,
      scope: c.scope,
      extras,
    },
  });
};

describe("normalizeOffer properties", () => {
  it("never gives a lower price for a higher raw amount", () => {
    fc.assert(
      fc.property(
        pricingArb,
        amountArb,
        amountArb,
        fc.double({ min: 0.001, max: 1000, noNaN: true }),
        (c, a, b, akt) => {
          const scale = Math.max(a[1], b[1]);
          const [low, high] = [a[0] * 10n ** BigInt(scale - a[1]), b[0] * 10n ** BigInt(scale - b[1])].sort(
            (x, y) => (x < y ? -1 : x > y ? 1 : 0),
          );
          const ctx = context({ AKT: akt });
          const cheap = priced(normalizeOffer(build(c, decimalString(low as bigint, scale)), ctx));
          const dear = priced(normalizeOffer(build(c, decimalString(high as bigint, scale)), ctx));
          expect(cheap.price.usdPerGpuHour).toBeLessThanOrEqual(dear.price.usdPerGpuHour);
          if (cheap.price.expectedUsdPerGpuHour !== undefined) {
            expect(cheap.price.expectedUsdPerGpuHour).toBeLessThanOrEqual(
              dear.price.expectedUsdPerGpuHour as number,
            );
          }
        },
      ),
    );
  });

  it("never gives a higher per-GPU price for more GPUs at the same instance price", () => {
    fc.assert(
      fc.property(
        pricingArb,
        amountArb,
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 64 }),
        (c, a, g1, g2) => {
          const instance = { ...c, scope: "instance" as const };
          const amount = decimalString(a[0], a[1]);
          const ctx = context({ AKT: 1.5 });
          const few = priced(normalizeOffer(build(instance, amount, Math.min(g1, g2)), ctx));
          const many = priced(normalizeOffer(build(instance, amount, Math.max(g1, g2)), ctx));
          expect(many.price.usdPerGpuHour).toBeLessThanOrEqual(few.price.usdPerGpuHour);
        },
      ),
    );
  });

  it("never gives a lower price for a higher token price", () => {
    const usd = fc.double({ min: 1e-6, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(pricingArb, amountArb, usd, usd, (c, a, t1, t2) => {
        const token = { ...c, currency: "AKT" };
        const amount = decimalString(a[0], a[1]);
        const low = priced(normalizeOffer(build(token, amount), context({ AKT: Math.min(t1, t2) })));
        const high = priced(normalizeOffer(build(token, amount), context({ AKT: Math.max(t1, t2) })));
        expect(low.price.usdPerGpuHour).toBeLessThanOrEqual(high.price.usdPerGpuHour);
      }),
    );
  });

  it("sums the breakdown exactly to the price and never expects less than the plain price", () => {
    fc.assert(
      fc.property(pricingArb, amountArb, (c, a) => {
        const result = priced(normalizeOffer(build(c, decimalString(a[0], a[1])), context({ AKT: 0.37 })));
        const { breakdown, usdPerGpuHour, expectedUsdPerGpuHour } = result.price;
        expect(breakdown.reduce((total, part) => total + part.usdPerGpuHour, 0)).toBe(usdPerGpuHour);
        if (expectedUsdPerGpuHour !== undefined)
          expect(expectedUsdPerGpuHour).toBeGreaterThanOrEqual(usdPerGpuHour);
      }),
    );
  });

  it("prices hourly per-GPU dollars with extras as the nearest double to the exact decimal sum", () => {
    const decimal = fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 10n }), fc.integer({ min: 0, max: 8 }));
    fc.assert(
      fc.property(decimal, fc.array(decimal, { maxLength: 4 }), (base, extras) => {
        const texts = [base, ...extras].map(([digits, scale]) => decimalString(digits, scale));
        const input = offer({
          pricing: {
            price: { amount: texts[0] as string, currency: "USD" },
            extras: texts
              .slice(1)
              .map((amount, index) => ({ label: `e${index}`, money: { amount, currency: "USD" } })),
          },
        });
        const exact = sum(texts.map((text) => parseDecimal(text) as Ratio));
        expect(priced(normalizeOffer(input, context())).price.usdPerGpuHour).toBe(toNumber(exact));
      }),
    );
  });

  it("is deterministic: the same inputs give the same bits", () => {
    fc.assert(
      fc.property(pricingArb, amountArb, (c, a) => {
        const input = build(c, decimalString(a[0], a[1]));
        const first = normalizeOffer(input, context({ AKT: 2.71 }));
        const second = normalizeOffer(structuredClone(input), context({ AKT: 2.71 }));
        expect(JSON.stringify(second)).toBe(JSON.stringify(first));
      }),
    );
  });
});
