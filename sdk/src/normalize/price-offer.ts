import type { EffectivePrice, NormalizeContext } from "../effective-price.ts";
import type { Offer } from "../offer.ts";
import { auctionRule } from "./auction.ts";
import { dynamicRule } from "./dynamic.ts";
import { invalidPriceFailure, NormalizeFailure } from "./errors.ts";
import { fixedRule } from "./fixed.ts";
import { type PriceQuote, type PricingRule, priceWith, quoteInto } from "./pipeline.ts";
import { spotRule } from "./spot.ts";
import { tokenRule } from "./token.ts";

/** The rule of the offer's `pricing.model`, or the failure for a model that is not one. */
const ruleOf = (offer: Offer): PricingRule | NormalizeFailure => {
  const model = offer?.pricing?.model;
  switch (model) {
    case "fixed":
      return fixedRule;
    case "spot":
      return spotRule;
    case "auction":
      return auctionRule;
    case "token":
      return tokenRule;
    case "dynamic":
      return dynamicRule;
    default: {
      // Exhaustive over PricingModel: a new model fails to compile here until it has its case.
      const unknownModel: never = model;
      return invalidPriceFailure(`unknown pricing model ${JSON.stringify(unknownModel)}`);
    }
  }
};

/**
 * The effective price of one offer, dispatching on `pricing.model`, or the failure that excludes it:
 * `normalizeOffer` without the copy of the offer. Never throws.
 */
export const priceOffer = (offer: Offer, ctx: NormalizeContext): EffectivePrice | NormalizeFailure => {
  const rule = ruleOf(offer);
  return rule instanceof NormalizeFailure ? rule : priceWith(offer, ctx, rule);
};

/**
 * Fills `out` with the quote of one offer (`finishPrice` completes it) and returns undefined, or
 * returns the failure that excludes it: what `rankOffers` needs to apply the constraints before it
 * spends anything on an offer they exclude. Never throws.
 */
export const quoteOfferInto = (
  offer: Offer,
  ctx: NormalizeContext,
  out: PriceQuote,
): NormalizeFailure | undefined => {
  const rule = ruleOf(offer);
  return rule instanceof NormalizeFailure ? rule : quoteInto(offer, ctx, rule, out);
};
