// Test-only builders for offers and contexts (imported by the normalize tests, not by the sdk entry).
import type { NormalizeContext, TokenPrice } from "../effective-price.ts";
import type { Offer, Pricing } from "../offer.ts";

/** 2026-10-01T00:00:00Z: the tests' fixed "now". */
export const NOW = Date.UTC(2026, 9, 1);

export const tokenPrice = (symbol: string, usd: number): TokenPrice => ({
  symbol,
  usd,
  sources: ["coingecko", "pyth"],
  at: NOW - 30_000,
});

export const context = (
  prices: Record<string, number> = {},
  extra: Partial<NormalizeContext> = {},
): NormalizeContext => ({
  now: NOW,
  tokenPrices: Object.fromEntries(
    Object.entries(prices).map(([symbol, usd]) => [symbol, tokenPrice(symbol, usd)]),
  ),
  ...extra,
});

/** An offer with a fixed USD 1.00 per GPU-hour price, overridden field by field. */
export const offer = (
  overrides: Partial<Omit<Offer, "pricing">> & { pricing?: Partial<Pricing> } = {},
): Offer => {
  const { pricing, ...rest } = overrides;
  return {
    providerId: "test",
    offerId: "offer-1",
    gpuModel: "h100-sxm",
    gpuName: "H100 SXM",
    gpuCount: 1,
    vramGb: 80,
    region: "US",
    availability: { level: "high" },
    interruptible: false,
    fetchedAt: NOW - 60_000,
    source: "live",
    ...rest,
    pricing: {
      model: "fixed",
      price: { amount: "1", currency: "USD" },
      per: "hour",
      scope: "gpu",
      ...pricing,
    },
  };
};

/** Writes `digits × 10^-scale` as a plain decimal string ("12.345"). */
export const decimalString = (digits: bigint, scale: number): string => {
  const text = digits.toString().padStart(scale + 1, "0");
  return scale === 0 ? text : `${text.slice(0, -scale)}.${text.slice(-scale)}`;
};
