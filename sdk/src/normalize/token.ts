import type { NormalizeContext, NormalizeResult } from "../effective-price.ts";
import type { Offer } from "../offer.ts";
import { invalidPriceFailure, NormalizeFailure } from "./errors.ts";
import { type CurrencyTerm, moneyBase, normalizeWith, type PricingRule } from "./pipeline.ts";
import { FIAT_USD_PER_UNIT } from "./units.ts";

const tokenBase = (offer: Offer): CurrencyTerm[] | NormalizeFailure => {
  const terms = moneyBase(offer);
  if (terms instanceof NormalizeFailure) return terms;
  for (const term of terms) {
    // A "token" offer quoted in dollars is an adapter mistake; pricing it silently would hide it.
    if (FIAT_USD_PER_UNIT[term.currency] !== undefined) {
      return invalidPriceFailure(
        `a token-priced offer is quoted in ${term.currency}; name the token or use model fixed`,
      );
    }
  }
  return terms;
};

/** The `token` model: the money base, refused when it is quoted in dollars. */
export const tokenRule: PricingRule = { base: tokenBase, moneyBase: "token" };

/**
 * Normalizes a price denominated in a token (Nosana `nos_job_price_per_second` in NOS, a listing priced
 * in AKT): the amount per unit and scope, times `ctx.tokenPrices[SYMBOL].usd`, the oracle median.
 * `EffectivePrice.tokenPrice` records the price used.
 *
 * Never throws. Fails with `unpriced` when the token has no accepted oracle price (never read as 0),
 * and with `invalid-price` for bad input, including a base quoted in USD or USD_CENTS.
 */
export const normalizeToken = (offer: Offer, ctx: NormalizeContext): NormalizeResult =>
  normalizeWith(offer, ctx, tokenRule);
