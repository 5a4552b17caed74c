import type { NormalizeContext, NormalizeResult } from "../effective-price.ts";
import type { Offer } from "../offer.ts";
import { moneyBase, normalizeWith, type PricingRule } from "./pipeline.ts";

/**
 * Interruption probability per hour assumed for an auction offer that gives none: 0.02. An Akash lease
 * is not preempted by the market once won; what interrupts it is the provider going down, which
 * bid-screening's 7-day incident history shows to be rarer than spot reclaims.
 */
export const AUCTION_INTERRUPTION_PER_HOUR = 0.02;

/** The `auction` model: the money base with the auction interruption default. */
export const auctionRule: PricingRule = {
  base: moneyBase,
  moneyBase: "any",
  defaultInterruptionPerHour: AUCTION_INTERRUPTION_PER_HOUR,
};

/**
 * Normalizes a bid/ask price, typically an Akash bid: `amount` per block in a micro-denomination
 * (`uakt` = AKT with decimals 6, `uact` = ACT with decimals 6) for the whole deployment group, so
 * `usdPerGpuHour = amount × (3600 / blockSeconds) × tokenUsd / 10^decimals / gpuCount`, with
 * blockSeconds defaulting to 6 (600 blocks per hour) for provider `akash`. Adds
 * `expectedUsdPerGpuHour` like `normalizeSpot`, with p defaulting to `AUCTION_INTERRUPTION_PER_HOUR`.
 *
 * Never throws. Fails like `normalizeSpot`, and with `invalid-price` for a per-block price without
 * blockSeconds outside Akash.
 */
export const normalizeAuction = (offer: Offer, ctx: NormalizeContext): NormalizeResult =>
  normalizeWith(offer, ctx, auctionRule);
