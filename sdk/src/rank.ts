import { type Constraints, matcherFor, parseConstraints } from "./constraints.ts";
import {
  type EffectivePrice,
  type Exclusion,
  type NormalizeContext,
  offerKey,
  type PricedOffer,
} from "./effective-price.ts";
import { emptyQuote, finishPrice, type PriceQuote, withPrice } from "./normalize/pipeline.ts";
import { quoteOfferInto } from "./normalize/price-offer.ts";
import type { Offer } from "./offer.ts";

/** A priced offer that passed every constraint, with its 1-based place in the ranking. */
export type RankedOffer = PricedOffer & { rank: number };

/**
 * The outcome of ranking: every input offer exactly once, either in `ranked` (best first, ranks 1..n)
 * or in `excluded` (sorted by `offerKey`) with the reason. Neither list depends on the input order.
 */
export interface Ranking {
  ranked: RankedOffer[];
  excluded: Exclusion[];
}

/** Two input offers share one `providerId:offerId`, so rankings and logs could not tell them apart. */
export class DuplicateOfferKeyError extends Error {
  override readonly name = "DuplicateOfferKeyError";
  readonly code = "duplicate-offer-key";

  constructor(readonly offerKey: string) {
    super(`two offers share the key ${offerKey}; offer keys must be unique within one ranking`);
  }
}

/** What the comparator reads of an offer. */
export type Comparable = Pick<
  PricedOffer,
  "providerId" | "offerId" | "latencyMs" | "reliability" | "rating"
> & {
  price: Pick<PricedOffer["price"], "usdPerGpuHour">;
};

// A non-finite optional number (NaN from a bad adapter) counts as "not published", so the comparator
// stays a total order whatever the input.
const known = (x: number | undefined): number | undefined =>
  typeof x === "number" && Number.isFinite(x) ? x : undefined;

const ascending = (a: number, b: number): number => (a < b ? -1 : a > b ? 1 : 0);

/** Ascending, with "not published" after every published value. */
const ascendingKnownFirst = (a: number | undefined, b: number | undefined): number => {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  return ascending(a, b);
};

/** Descending, with "not published" after every published value. */
const descendingKnownFirst = (a: number | undefined, b: number | undefined): number => {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  return ascending(b, a);
};

/** Plain UTF-16 code-unit order: identical everywhere, unlike `localeCompare`. */
export const compareCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The ranking order, negative when `a` ranks before `b`:
 * 1. effective price (`price.usdPerGpuHour`) ascending;
 * 2. latency (`latencyMs`) ascending, unknown last;
 * 3. reliability descending, unknown last;
 * 4. rating descending, unknown last;
 * 5. `offerKey` ascending by code unit.
 * A total order on offers with distinct keys (prices must be finite: `rankOffers` guarantees it), so
 * the ranking is the same on every platform and for every input order.
 */
export const compareRanked = (a: Comparable, b: Comparable): number =>
  ascending(a.price.usdPerGpuHour, b.price.usdPerGpuHour) ||
  ascendingKnownFirst(known(a.latencyMs), known(b.latencyMs)) ||
  descendingKnownFirst(known(a.reliability), known(b.reliability)) ||
  descendingKnownFirst(known(a.rating), known(b.rating)) ||
  compareCodeUnits(offerKey(a), offerKey(b));

/** Throws for the first offer, in input order, whose key an earlier offer already has. */
const throwFirstDuplicate = (offers: readonly Offer[]): void => {
  const seen = new Set<string>();
  for (const offer of offers) {
    const key = offerKey(offer);
    if (seen.has(key)) throw new DuplicateOfferKeyError(key);
    seen.add(key);
  }
};

/** Indices of `offers` in `offerKey` order, by sorting the joined keys. */
const orderByJoinedKeys = (offers: readonly Offer[]): number[] => {
  throwFirstDuplicate(offers);
  const keys = offers.map(offerKey);
  return keys.map((_, index) => index).sort((a, b) => compareCodeUnits(keys[a] as string, keys[b] as string));
};

/**
 * The indices of `offers` in `offerKey` order (code units), checking that no two share a key. When all
 * ids are strings and no provider id is a proper prefix of another, "p:x" < "q:y" exactly when p < q,
 * or p = q and x < y: so the offers are grouped by provider and each group sorted by offer id, which
 * compares short strings, fewer times, than sorting the joined keys (the fallback).
 * @throws DuplicateOfferKeyError for the first offer, in input order, whose key was already seen.
 */
const keyOrder = (offers: readonly Offer[]): number[] => {
  const groups = new Map<string, number[]>();
  const ids: string[] = new Array(offers.length);
  for (let index = 0; index < offers.length; index++) {
    const { providerId, offerId } = offers[index] as Offer;
    if (typeof providerId !== "string" || typeof offerId !== "string") return orderByJoinedKeys(offers);
    ids[index] = offerId;
    const group = groups.get(providerId);
    if (group === undefined) groups.set(providerId, [index]);
    else group.push(index);
  }
  const providers = [...groups.keys()].sort(compareCodeUnits);
  // Sorted, the ids that start with p directly follow p: checking neighbours finds every prefix.
  for (let i = 1; i < providers.length; i++) {
    if ((providers[i] as string).startsWith(providers[i - 1] as string)) return orderByJoinedKeys(offers);
  }
  const byOfferId = (a: number, b: number): number => compareCodeUnits(ids[a] as string, ids[b] as string);
  const order: number[] = new Array(offers.length);
  let position = 0;
  for (const providerId of providers) {
    const group = (groups.get(providerId) as number[]).sort(byOfferId);
    for (let i = 0; i < group.length; i++) {
      if (i > 0 && ids[group[i] as number] === ids[group[i - 1] as number]) throwFirstDuplicate(offers);
      order[position++] = group[i] as number;
    }
  }
  return order;
};

/** `known` as a number: NaN for "not published", which typed arrays can hold. */
const knownOrNaN = (x: number | undefined): number => known(x) ?? Number.NaN;

/** -1, 0 or 1: ascending (or descending) with NaN, "not published", after every published value. */
const orderKnownFirst = (a: number, b: number, descending: boolean): number => {
  const aUnknown = Number.isNaN(a);
  const bUnknown = Number.isNaN(b);
  if (aUnknown || bUnknown) return aUnknown === bUnknown ? 0 : aUnknown ? 1 : -1;
  return descending ? ascending(b, a) : ascending(a, b);
};

/** `{ ...{ ...offer, price }, rank }`, as ranked offers have always been built, via `withPrice`. */
const rankedOffer = (offer: Offer, price: EffectivePrice, rank: number): RankedOffer => {
  const ranked = withPrice(offer, price) as RankedOffer;
  ranked.rank = rank;
  return ranked;
};

/**
 * Normalizes every offer, applies the constraints (`matches`) and sorts the survivors with
 * `compareRanked`. Offers that cannot be priced keep the normalizer's exclusion (`unknown-gpu`,
 * `unpriced`, `invalid-price`); a priced offer whose effective price is not a finite number is excluded
 * as `invalid-price` rather than ranked. Pure: same offers (in any order), constraints and context give
 * the same ranking.
 *
 * @throws ConstraintsError when `constraints` fails `ConstraintsSchema` (a NaN budget would otherwise
 *   let everything through).
 * @throws DuplicateOfferKeyError when two offers share `providerId:offerId`.
 */
export const rankOffers = (
  offers: readonly Offer[],
  constraints: Constraints,
  ctx: NormalizeContext,
): Ranking => {
  parseConstraints(constraints);
  const order = keyOrder(offers);
  const check = matcherFor(constraints);

  // Exclusions by input index (they are listed in key order); the survivors' quotes as met. One
  // scratch quote serves every offer: an offer the constraints drop costs no price object.
  const count = offers.length;
  const exclusions: (Exclusion | undefined)[] = new Array(count).fill(undefined);
  const survivors: number[] = [];
  const survivorUsd: number[] = [];
  const quotes: PriceQuote[] = [];
  const scratch = emptyQuote();
  for (let index = 0; index < count; index++) {
    const offer = offers[index] as Offer;
    const failure = quoteOfferInto(offer, ctx, scratch);
    if (failure !== undefined) {
      exclusions[index] = { offerKey: offerKey(offer), code: failure.code, message: failure.message };
      continue;
    }
    const usdPerGpuHour = scratch.usdPerGpuHour;
    if (!Number.isFinite(usdPerGpuHour)) {
      exclusions[index] = {
        offerKey: offerKey(offer),
        code: "invalid-price",
        message: `the effective price came out as ${String(usdPerGpuHour)} USD/GPU-h`,
      };
      continue;
    }
    const exclusion = check(offer, usdPerGpuHour);
    if (exclusion !== undefined) {
      exclusions[index] = exclusion;
      continue;
    }
    survivors.push(index);
    survivorUsd.push(usdPerGpuHour);
    quotes.push({ ...scratch });
  }

  const keyRank = new Int32Array(count);
  const excluded: Exclusion[] = new Array(count - survivors.length);
  let excludedCount = 0;
  for (let position = 0; position < count; position++) {
    const index = order[position] as number;
    keyRank[index] = position;
    const exclusion = exclusions[index];
    if (exclusion !== undefined) excluded[excludedCount++] = exclusion;
  }

  // compareRanked on typed arrays of the survivors' keys: the same total order, with the offer key
  // read as its place in key order. The sort moves survivor numbers, not objects.
  const survivorCount = survivors.length;
  const usd = new Float64Array(survivorCount);
  const latency = new Float64Array(survivorCount);
  const reliability = new Float64Array(survivorCount);
  const rating = new Float64Array(survivorCount);
  const keyPlace = new Int32Array(survivorCount);
  const byRank: number[] = [];
  for (let s = 0; s < survivorCount; s++) {
    const index = survivors[s] as number;
    const offer = offers[index] as Offer;
    usd[s] = survivorUsd[s] as number;
    latency[s] = knownOrNaN(offer.latencyMs);
    reliability[s] = knownOrNaN(offer.reliability);
    rating[s] = knownOrNaN(offer.rating);
    keyPlace[s] = keyRank[index] as number;
    byRank.push(s);
  }
  byRank.sort(
    (a, b) =>
      ascending(usd[a] as number, usd[b] as number) ||
      orderKnownFirst(latency[a] as number, latency[b] as number, false) ||
      orderKnownFirst(reliability[a] as number, reliability[b] as number, true) ||
      orderKnownFirst(rating[a] as number, rating[b] as number, true) ||
      (keyPlace[a] as number) - (keyPlace[b] as number),
  );
  // Only the ranked offers get their full price (expected price, age, ...) and their copy.
  const ranked = byRank.map((s, position) => {
    const offer = offers[survivors[s] as number] as Offer;
    return rankedOffer(offer, finishPrice(offer, ctx, quotes[s] as PriceQuote), position + 1);
  });
  return { ranked, excluded };
};
