import type { Exclusion, NormalizeContext, NormalizeResult, PricedOffer } from "../effective-price.ts";
import type { Offer } from "../offer.ts";
import { resultOf } from "./pipeline.ts";
import { priceOffer } from "./price-offer.ts";

export { AUCTION_INTERRUPTION_PER_HOUR, normalizeAuction } from "./auction.ts";
export { BPS, dynamicUnitPrice, normalizeDynamic, utilizationBpsOf } from "./dynamic.ts";
export { NormalizeError, type NormalizeErrorCode } from "./errors.ts";
export { normalizeFixed } from "./fixed.ts";
export { expectedUsdPerGpuHour, RESTART_OVERHEAD_FRACTION } from "./interruption.ts";
export { DEFAULT_STALE_AFTER_MS } from "./pipeline.ts";
export { normalizeSpot, SPOT_INTERRUPTION_PER_HOUR } from "./spot.ts";
export { normalizeToken } from "./token.ts";
export {
  AKASH_BLOCK_SECONDS,
  AKASH_PROVIDER_ID,
  DAYS_PER_MONTH,
  FIAT_USD_PER_UNIT,
  gpusPerScope,
  unitsPerHour,
} from "./units.ts";

/**
 * Normalizes one offer to its effective price (USD per GPU-hour, with breakdown, expected price for
 * spot/auction, USD per TFLOP-hour, age and staleness), dispatching on `pricing.model`.
 *
 * Never throws: an offer that cannot be priced comes back `{ ok: false }` with an exclusion
 * (`unknown-gpu`, `invalid-price`, `unpriced`) and a sentence saying why. Deterministic: the same
 * offer and context give the same bits on every platform (the clock is `ctx.now`, never read).
 */
export const normalizeOffer = (offer: Offer, ctx: NormalizeContext): NormalizeResult =>
  resultOf(offer, priceOffer(offer, ctx));

/** The offers that could be priced and the exclusions of those that could not, each in input order. */
export interface NormalizedOffers {
  priced: PricedOffer[];
  exclusions: Exclusion[];
}

/** `normalizeOffer` over a list. Never throws; every offer lands in exactly one of the two lists. */
export const normalizeOffers = (offers: readonly Offer[], ctx: NormalizeContext): NormalizedOffers => {
  const priced: PricedOffer[] = [];
  const exclusions: Exclusion[] = [];
  for (const offer of offers) {
    const result = normalizeOffer(offer, ctx);
    if (result.ok) priced.push(result.offer);
    else exclusions.push(result.exclusion);
  }
  return { priced, exclusions };
};
