import type { NormalizeContext, NormalizeResult } from "../effective-price.ts";
import type { Offer } from "../offer.ts";
import { moneyBase, normalizeWith, type PricingRule } from "./pipeline.ts";

/**
 * Interruption probability per hour assumed for a spot offer that gives none: 0.05 (one interruption
 * per 20 hours). Deliberately pessimistic: RunPod spot gives no preemption notice (research §2.2),
 * and an optimistic default would rank unknown risk above known risk.
 */
export const SPOT_INTERRUPTION_PER_HOUR = 0.05;

/** The `spot` model: the money base with the spot interruption default. */
export const spotRule: PricingRule = {
  base: moneyBase,
  moneyBase: "any",
  defaultInterruptionPerHour: SPOT_INTERRUPTION_PER_HOUR,
};

/**
 * Normalizes an interruptible market price (RunPod `*SpotPrice`, AWS spot, Vast `min_bid`) like a
 * fixed price, and adds `expectedUsdPerGpuHour = usdPerGpuHour × (1 + p × RESTART_OVERHEAD_FRACTION)`
 * with p = `pricing.interruptionPerHour`, or `SPOT_INTERRUPTION_PER_HOUR` when absent. The plain price
 * is unchanged; rankings may use either.
 *
 * Never throws. Fails like `normalizeFixed`, and with `invalid-price` when p is outside 0..1.
 */
export const normalizeSpot = (offer: Offer, ctx: NormalizeContext): NormalizeResult =>
  normalizeWith(offer, ctx, spotRule);
