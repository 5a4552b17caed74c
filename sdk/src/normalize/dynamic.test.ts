import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { NormalizeResult, PricedOffer } from "../effective-price.ts";
import type { Pricing } from "../offer.ts";
import { dynamicUnitPrice, normalizeDynamic, utilizationBpsOf } from "./dynamic.ts";
import { context, offer } from "./test-offer.ts";

const priced = (result: NormalizeResult): PricedOffer => {
  if (!result.ok)
    throw new Error(`expected a price, got ${result.exclusion.code}: ${result.exclusion.message}`);
  return result.offer;
};

// A ProviderRegistry listing: `price` in USDC base units (6 decimals) per GPU-hour.
const listing = (floor: string, dynamic: Pricing["dynamic"]) =>
  offer({
    providerId: "necto",
    source: "chain",
    pricing: { model: "dynamic", price: { amount: floor, currency: "USDC", decimals: 6 }, dynamic },
  });

describe("dynamicUnitPrice", () => {
  it("matches ProviderRegistry._quote on hand-computed vectors", () => {
    // unit += unit * slopeBps * utilizationBps / 1e8, rounded down.
    expect(dynamicUnitPrice(2_000_000n, 5000, 2500)).toEqual({
      premiumUnits: 250_000n,
      unitPriceUnits: 2_250_000n,
    });
    // 1_999_999 × 3333 × 7777 = 51_841_456_079_259; / 1e8 = 518_414 (rounded down).
    expect(dynamicUnitPrice(1_999_999n, 3333, 7777)).toEqual({
      premiumUnits: 518_414n,
      unitPriceUnits: 2_518_413n,
    });
    expect(dynamicUnitPrice(1n, 65_535, 10_000)).toEqual({ premiumUnits: 6n, unitPriceUnits: 7n });
    expect(dynamicUnitPrice(123_456_789n, 0, 10_000).premiumUnits).toBe(0n);
  });

  it("rounds the premium down like the contract, for any uint96 floor", () => {
    const uint96 = fc.bigInt({ min: 1n, max: (1n << 96n) - 1n });
    fc.assert(
      fc.property(
        uint96,
        fc.integer({ min: 0, max: 65_535 }),
        fc.integer({ min: 0, max: 10_000 }),
        (floor, slope, util) => {
          const { premiumUnits, unitPriceUnits } = dynamicUnitPrice(floor, slope, util);
          const exact = floor * BigInt(slope) * BigInt(util);
          expect(premiumUnits * 100_000_000n <= exact).toBe(true);
          expect((premiumUnits + 1n) * 100_000_000n > exact).toBe(true);
          expect(unitPriceUnits).toBe(floor + premiumUnits);
        },
      ),
    );
  });

  it("computes utilization like the contract", () => {
    expect(utilizationBpsOf(3, 8)).toBe(3750);
    expect(utilizationBpsOf(1, 3)).toBe(3333);
    expect(utilizationBpsOf(0, 4)).toBe(0);
    expect(utilizationBpsOf(4, 4)).toBe(10_000);
    expect(utilizationBpsOf(5, 4)).toBeNaN();
    expect(utilizationBpsOf(1, 0)).toBeNaN();
  });
});

describe("normalizeDynamic", () => {
  it("prices floor plus utilization premium in USDC through the oracle", () => {
    const result = priced(
      normalizeDynamic(listing("2000000", { slopeBps: 5000, utilizationBps: 2500 }), context({ USDC: 1 })),
    );
    expect(result.price.breakdown).toEqual([
      { label: "floor", usdPerGpuHour: 2 },
      { label: "utilization premium", usdPerGpuHour: 0.25 },
    ]);
    expect(result.price.usdPerGpuHour).toBe(2.25);
    expect(result.price.expectedUsdPerGpuHour).toBeUndefined();
  });

  it("agrees with the contract to the base unit", () => {
    const result = priced(
      normalizeDynamic(listing("1999999", { slopeBps: 3333, utilizationBps: 7777 }), context({ USDC: 1 })),
    );
    expect(result.price.usdPerGpuHour).toBe(2.518413);
  });

  it("fails closed without a USDC price", () => {
    const result = normalizeDynamic(listing("2000000", { slopeBps: 0, utilizationBps: 0 }), context());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.exclusion.code).toBe("unpriced");
  });

  it.each([
    ["a missing dynamic block", "2000000", undefined, /pricing.dynamic/],
    ["a fractional floor", "2000000.5", { slopeBps: 1, utilizationBps: 1 }, /positive integer/],
    ["a zero floor", "0", { slopeBps: 1, utilizationBps: 1 }, /positive integer/],
    ["a fractional slope", "2000000", { slopeBps: 1.5, utilizationBps: 1 }, /slopeBps/],
    ["a slope beyond uint16", "2000000", { slopeBps: 70_000, utilizationBps: 1 }, /slopeBps/],
    ["utilization over 100%", "2000000", { slopeBps: 1, utilizationBps: 10_001 }, /utilizationBps/],
  ])("rejects %s", (_name, floor, dynamic, message) => {
    const result = normalizeDynamic(listing(floor, dynamic), context({ USDC: 1 }));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.exclusion.code).toBe("invalid-price");
      expect(result.exclusion.message).toMatch(message);
    }
  });

  it("never lowers the price as utilization grows", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.integer({ min: 0, max: 65_535 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (floor, slopeBps, u1, u2) => {
          const [low, high] = u1 <= u2 ? [u1, u2] : [u2, u1];
          const ctx = context({ USDC: 1 });
          const a = priced(
            normalizeDynamic(listing(floor.toString(), { slopeBps, utilizationBps: low }), ctx),
          );
          const b = priced(
            normalizeDynamic(listing(floor.toString(), { slopeBps, utilizationBps: high }), ctx),
          );
          expect(a.price.usdPerGpuHour).toBeLessThanOrEqual(b.price.usdPerGpuHour);
        },
      ),
    );
  });
});
