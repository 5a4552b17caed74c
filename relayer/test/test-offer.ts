import type { Offer } from "@necto/sdk";

/**
 * An offer for tests: one H100 SXM in the US at `usd` USD per GPU-hour (fixed pricing, live, high
 * availability), changed field by field by `extra`.
 */
export const testOffer = (
  providerId: string,
  offerId: string,
  usd: string,
  extra: Partial<Offer> = {},
): Offer => ({
  providerId,
  offerId,
  gpuModel: "h100-sxm",
  gpuName: "H100 SXM",
  gpuCount: 1,
  vramGb: 80,
  region: "US",
  pricing: { model: "fixed", price: { amount: usd, currency: "USD" }, per: "hour", scope: "gpu" },
  availability: { level: "high" },
  interruptible: false,
  fetchedAt: 0,
  source: "live",
  ...extra,
});
