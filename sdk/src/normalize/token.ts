import type { NormalizeContext, NormalizeResult } from "../effective-price.ts";
import type { Offer } from "../offer.ts";
import { invalidPrice } from "./errors.ts";
import { type CurrencyTerm, moneyBase, normalizeWith } from "./pipeline.ts";
import { FIAT_USD_PER_UNIT } from "./units.ts";

const tokenBase = (offer: Offer): CurrencyTerm[] => {
  const terms = moneyBase(offer);
  for (const term of terms) {
    // A "token" offer quoted in dollars is an adapter mistake; pricing it silently would hide it.
    if (FIAT_USD_PER_UNIT[term.currency] !== undefined) {
      throw invalidPrice(
        `a token-priced offer is quoted in ${term.currency}; name the token or use model fixed`,
      );
    }
  }
  return terms;
};

/**
 * Normalizes a price denominated in a token (Nosana `nos_job_price_per_second` in NOS, a listing priced
 * in AKT): the amount per unit and scope, times `ctx.tokenPrices[SYMBOL].usd`, the oracle median.
 * `EffectivePrice.tokenPrice` records the price used.
 *
 * Never throws. Fails with `unpriced` when the token has no accepted oracle price (never read as 0),
 * and with `invalid-price` for bad input, including a base quoted in USD or USD_CENTS.
 */
export const normalizeToken = (offer: Offer, ctx: NormalizeContext): NormalizeResult =>
  normalizeWith(offer, ctx, { base: tokenBase });
