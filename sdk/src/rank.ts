import { type Constraints, matches, parseConstraints } from "./constraints.ts";
import { type Exclusion, type NormalizeContext, offerKey, type PricedOffer } from "./effective-price.ts";
import { normalizeOffer } from "./normalize/index.ts";
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

const byOfferKey = (a: Exclusion, b: Exclusion): number => compareCodeUnits(a.offerKey, b.offerKey);

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
  const seen = new Set<string>();
  for (const offer of offers) {
    const key = offerKey(offer);
    if (seen.has(key)) throw new DuplicateOfferKeyError(key);
    seen.add(key);
  }

  const passed: PricedOffer[] = [];
  const excluded: Exclusion[] = [];
  for (const offer of offers) {
    const result = normalizeOffer(offer, ctx);
    if (!result.ok) {
      excluded.push(result.exclusion);
      continue;
    }
    const price = result.offer.price.usdPerGpuHour;
    if (!Number.isFinite(price)) {
      excluded.push({
        offerKey: offerKey(offer),
        code: "invalid-price",
        message: `the effective price came out as ${String(price)} USD/GPU-h`,
      });
      continue;
    }
    const failure = matches(result.offer, constraints);
    if (failure) excluded.push(failure);
    else passed.push(result.offer);
  }

  passed.sort(compareRanked);
  excluded.sort(byOfferKey);
  return { ranked: passed.map((offer, index) => ({ ...offer, rank: index + 1 })), excluded };
};
