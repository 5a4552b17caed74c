import { type Constraints, exclusionCodeFor, matcherFor, parseConstraints } from "./constraints.ts";
import {
  type Exclusion,
  type ExclusionCode,
  type NormalizeContext,
  offerKey,
  type PricedOffer,
} from "./effective-price.ts";
import { normalizeOffer } from "./normalize/index.ts";
import type { Offer } from "./offer.ts";
import {
  compareCodeUnits,
  compareRanked,
  DuplicateOfferKeyError,
  type RankedOffer,
  type Ranking,
} from "./rank.ts";

/**
 * A market normalized and sorted once, for answering many quotes over the same offers. Pricing does not
 * depend on the constraints and the ranking order does not either, so a quote only has to walk the
 * sorted offers and apply the constraints: `rankPrepared(prepareMarket(offers, ctx), c)` equals
 * `rankOffers(offers, c, ctx)`.
 */
export interface PreparedMarket {
  /** The context the offers were priced with (its `now` dates every age in the answers). */
  readonly ctx: NormalizeContext;
  /** Priced offers in ranking order (`compareRanked`). */
  readonly byRank: readonly PricedOffer[];
  /** For each entry of `byRank`, its place among all offers in `offerKey` order. */
  readonly keyPlaceByRank: Int32Array;
  /** Offers that could not be priced, with their place in key order. */
  readonly unpriced: readonly { exclusion: Exclusion; keyPlace: number }[];
  /** For each place in key order: the offer's position in `byRank` (0 or more), or -1 - its index in `unpriced`. */
  readonly byKeyPlace: Int32Array;
  /** How many offers in all. */
  readonly size: number;
}

/** What a prepared quote returns: the `Ranking`, cut to the asked lengths, with the full counts. */
export interface PreparedRanking extends Ranking {
  rankedCount: number;
  excludedCount: number;
  /** Excluded offers by exclusion code, over all of them (not only the listed ones). */
  excludedByCode: Partial<Record<Exclusion["code"], number>>;
}

export interface PreparedRankingOptions {
  /** At most this many ranked offers are returned (default all). */
  rankedLimit?: number;
  /** At most this many exclusions are returned, the first in key order (default all). */
  excludedLimit?: number;
}

/**
 * Normalizes every offer once and sorts the priced ones by `compareRanked`.
 * @throws DuplicateOfferKeyError when two offers share `providerId:offerId`.
 */
export const prepareMarket = (offers: readonly Offer[], ctx: NormalizeContext): PreparedMarket => {
  const keys = offers.map(offerKey);
  const keyOrder = keys
    .map((_, index) => index)
    .sort((a, b) => compareCodeUnits(keys[a] as string, keys[b] as string));
  const keyPlace = new Int32Array(offers.length);
  for (let place = 0; place < keyOrder.length; place++) {
    const index = keyOrder[place] as number;
    if (place > 0 && keys[index] === keys[keyOrder[place - 1] as number]) {
      throw new DuplicateOfferKeyError(keys[index] as string);
    }
    keyPlace[index] = place;
  }
  const priced: { offer: PricedOffer; keyPlace: number }[] = [];
  const unpriced: { exclusion: Exclusion; keyPlace: number }[] = [];
  for (let index = 0; index < offers.length; index++) {
    const result = normalizeOffer(offers[index] as Offer, ctx);
    const place = keyPlace[index] as number;
    if (!result.ok) unpriced.push({ exclusion: result.exclusion, keyPlace: place });
    else if (!Number.isFinite(result.offer.price.usdPerGpuHour)) {
      // As `rankOffers` does: a price that is not a number is never ranked.
      unpriced.push({
        exclusion: {
          offerKey: keys[index] as string,
          code: "invalid-price",
          message: `the effective price came out as ${String(result.offer.price.usdPerGpuHour)} USD/GPU-h`,
        },
        keyPlace: place,
      });
    } else priced.push({ offer: result.offer, keyPlace: place });
  }
  priced.sort((a, b) => compareRanked(a.offer, b.offer));
  const byKeyPlace = new Int32Array(offers.length);
  priced.forEach((entry, position) => {
    byKeyPlace[entry.keyPlace] = position;
  });
  unpriced.forEach((entry, index) => {
    byKeyPlace[entry.keyPlace] = -1 - index;
  });
  return {
    ctx,
    byRank: priced.map((entry) => entry.offer),
    keyPlaceByRank: Int32Array.from(priced, (entry) => entry.keyPlace),
    unpriced,
    byKeyPlace,
    size: offers.length,
  };
};

/**
 * `rankOffers` over a prepared market: the constraints are applied in ranking order, so no sort runs.
 * Ranked offers are fresh objects (`rank` added); the prepared market is never changed.
 * @throws ConstraintsError when `constraints` fails `ConstraintsSchema`.
 */
export const rankPrepared = (
  market: PreparedMarket,
  constraints: Constraints,
  options: PreparedRankingOptions = {},
): PreparedRanking => {
  parseConstraints(constraints);
  const rankedLimit = options.rankedLimit ?? Number.POSITIVE_INFINITY;
  const excludedLimit = options.excludedLimit ?? Number.POSITIVE_INFINITY;
  // First only the code of each failure (no message, no object), for every offer in ranking order;
  // exclusions are then made in full only for the ones listed.
  const codeOf = exclusionCodeFor(constraints);
  // Per offer in ranking order: 1 when it fails a constraint.
  const failed = new Uint8Array(market.byRank.length);
  const excludedByCode: Partial<Record<ExclusionCode, number>> = {};
  for (const { exclusion } of market.unpriced) {
    excludedByCode[exclusion.code] = (excludedByCode[exclusion.code] ?? 0) + 1;
  }
  const ranked: RankedOffer[] = [];
  let rankedCount = 0;
  for (let position = 0; position < market.byRank.length; position++) {
    const offer = market.byRank[position] as PricedOffer;
    const code = codeOf(offer, offer.price.usdPerGpuHour);
    if (code !== undefined) {
      failed[position] = 1;
      excludedByCode[code] = (excludedByCode[code] ?? 0) + 1;
      continue;
    }
    rankedCount++;
    if (ranked.length < rankedLimit) ranked.push({ ...offer, rank: rankedCount });
  }
  const excludedCount = market.size - rankedCount;
  const wanted = Math.min(excludedLimit, excludedCount);
  const excluded: Exclusion[] = [];
  if (wanted > 0) {
    const check = matcherFor(constraints);
    for (let place = 0; place < market.size && excluded.length < wanted; place++) {
      const slot = market.byKeyPlace[place] as number;
      if (slot < 0) {
        excluded.push((market.unpriced[-1 - slot] as { exclusion: Exclusion }).exclusion);
      } else if (failed[slot] === 1) {
        const offer = market.byRank[slot] as PricedOffer;
        excluded.push(check(offer, offer.price.usdPerGpuHour) as Exclusion);
      }
    }
  }
  return { ranked, excluded, rankedCount, excludedCount, excludedByCode };
};
