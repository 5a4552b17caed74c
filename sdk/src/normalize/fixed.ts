import type { NormalizeContext, NormalizeResult } from "../effective-price.ts";
import type { Offer } from "../offer.ts";
import { moneyBase, normalizeWith, type PricingRule } from "./pipeline.ts";

/** The `fixed` model: the shared steps on the money base. */
export const fixedRule: PricingRule = { base: moneyBase, moneyBase: "any" };

/**
 * Normalizes a list price (RunPod on-demand, Lambda, Vast asks, AWS on-demand, Shadeform, Hyperbolic,
 * TensorDock, io.net, Nosana's USD rate) to USD per GPU-hour: `pricing.price` per `per` per `scope`,
 * plus mandatory extras, through the token price when the currency is not USD.
 *
 * Never throws. Fails with `unknown-gpu`, `invalid-price` (bad amount, unit, scope, GPU count) or
 * `unpriced` (a token without an accepted oracle price).
 */
export const normalizeFixed = (offer: Offer, ctx: NormalizeContext): NormalizeResult =>
  normalizeWith(offer, ctx, fixedRule);
