import { describe, expect, it } from "vitest";
import type { NormalizeResult, PricedOffer } from "../effective-price.ts";
import { context, offer } from "./test-offer.ts";
import { normalizeToken } from "./token.ts";

const priced = (result: NormalizeResult): PricedOffer => {
  if (!result.ok)
    throw new Error(`expected a price, got ${result.exclusion.code}: ${result.exclusion.message}`);
  return result.offer;
};

const nosPerSecond = (amount: string) =>
  offer({
    providerId: "nosana",
    gpuModel: "rtx-4090",
    pricing: { model: "token", price: { amount, currency: "NOS" }, per: "second", scope: "instance" },
  });

describe("normalizeToken", () => {
  it("converts Nosana's NOS per second through the NOS price", () => {
    // nos_job_price_per_second 0.000124 × 3600 × 0.65 USD/NOS.
    const result = priced(normalizeToken(nosPerSecond("0.000124"), context({ NOS: 0.65 })));
    expect(result.price.usdPerGpuHour).toBe(0.29016);
    expect(result.price.tokenPrice).toEqual(expect.objectContaining({ symbol: "NOS", usd: 0.65 }));
  });

  it("excludes the offer as unpriced, never as free, without a NOS price", () => {
    const result = normalizeToken(nosPerSecond("0.000124"), context({ AKT: 3 }));
    expect(result).toEqual(
      expect.objectContaining({ ok: false, exclusion: expect.objectContaining({ code: "unpriced" }) }),
    );
  });

  it("reads a token amount written in exponent notation", () => {
    const result = priced(normalizeToken(nosPerSecond("1.24e-4"), context({ NOS: 0.65 })));
    expect(result.price.usdPerGpuHour).toBe(0.29016);
  });

  it("rejects a token offer quoted in dollars", () => {
    const dollars = offer({ pricing: { model: "token", price: { amount: "1", currency: "USD" } } });
    const result = normalizeToken(dollars, context());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.exclusion.code).toBe("invalid-price");
  });
});
