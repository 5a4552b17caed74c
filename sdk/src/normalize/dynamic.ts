import type { NormalizeContext, NormalizeResult } from "../effective-price.ts";
import type { Offer } from "../offer.ts";
import { invalidPriceFailure, NormalizeFailure } from "./errors.ts";
import {
  divExact,
  exactOf,
  isIntegerExact,
  parseDecimalExact,
  pow10Exact,
  signExact,
  toBigIntExact,
} from "./exact.ts";
import { blockSecondsOf, type CurrencyTerm, normalizeWith, type PricingRule } from "./pipeline.ts";
import { perGpuHourExact } from "./units.ts";

/** The basis-point scale of `slopeBps` and `utilizationBps` (10_000 = 100%). */
export const BPS = 10_000;
const UINT16_MAX = 65_535;

/**
 * Utilization as `ProviderRegistry._quote` computes it: `reservedGpus × 10_000 / gpuCount`, rounded
 * down. Returns NaN unless both are integers with `0 ≤ reservedGpus ≤ gpuCount` and `gpuCount > 0`.
 */
export const utilizationBpsOf = (reservedGpus: number, gpuCount: number): number => {
  if (!Number.isInteger(reservedGpus) || !Number.isInteger(gpuCount) || gpuCount <= 0) return Number.NaN;
  if (reservedGpus < 0 || reservedGpus > gpuCount) return Number.NaN;
  return Number((BigInt(reservedGpus) * BigInt(BPS)) / BigInt(gpuCount));
};

/**
 * The on-chain unit price in token base units, exactly as `ProviderRegistry._quote` computes it:
 * `premium = floor × slopeBps × utilizationBps / 1e8` (integer division, rounded down) and
 * `unitPrice = floor + premium`. Same integers in, same integers out as the contract.
 */
export const dynamicUnitPrice = (
  floorUnits: bigint,
  slopeBps: number,
  utilizationBps: number,
): { premiumUnits: bigint; unitPriceUnits: bigint } => {
  const premiumUnits = (floorUnits * BigInt(slopeBps) * BigInt(utilizationBps)) / BigInt(BPS * BPS);
  return { premiumUnits, unitPriceUnits: floorUnits + premiumUnits };
};

const dynamicBase = (offer: Offer): CurrencyTerm[] | NormalizeFailure => {
  const { pricing } = offer;
  const { price, dynamic } = pricing;
  if (dynamic === undefined) {
    return invalidPriceFailure("a dynamic price needs pricing.dynamic (slopeBps, utilizationBps)");
  }
  const { slopeBps, utilizationBps } = dynamic;
  if (!Number.isInteger(slopeBps) || slopeBps < 0 || slopeBps > UINT16_MAX) {
    return invalidPriceFailure(`slopeBps ${slopeBps} is not an integer in 0..${UINT16_MAX}`);
  }
  if (!Number.isInteger(utilizationBps) || utilizationBps < 0 || utilizationBps > BPS) {
    return invalidPriceFailure(`utilizationBps ${utilizationBps} is not an integer in 0..${BPS}`);
  }
  const decimals = price?.decimals ?? 0;
  const floor = typeof price?.amount === "string" ? parseDecimalExact(price.amount) : undefined;
  // The contract stores the floor in token base units (uint96): the sdk must start from that integer.
  if (floor === undefined || !isIntegerExact(floor) || signExact(floor) <= 0) {
    return invalidPriceFailure(
      `the floor ${JSON.stringify(price?.amount)} is not a positive integer of token base units`,
    );
  }
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 36) {
    return invalidPriceFailure(`decimals ${decimals} is not an integer in 0..36`);
  }
  const currency = typeof price.currency === "string" ? price.currency.trim().toUpperCase() : "";
  if (currency === "") return invalidPriceFailure("price: no currency");
  // The contract's integer arithmetic, in bigints: the premium must round down exactly as on chain.
  const floorUnits = toBigIntExact(floor);
  const { premiumUnits } = dynamicUnitPrice(floorUnits, slopeBps, utilizationBps);
  const terms: CurrencyTerm[] = [];
  for (const [label, units] of [
    ["floor", floorUnits],
    ["utilization premium", premiumUnits],
  ] as const) {
    const amount = perGpuHourExact(
      divExact(exactOf(units), pow10Exact(decimals)),
      pricing.per,
      pricing.scope,
      offer.gpuCount,
      blockSecondsOf(offer),
    );
    if (amount instanceof NormalizeFailure) return amount;
    terms.push({ label, amount, currency });
  }
  return terms;
};

/** The `dynamic` model: floor and utilization premium, as the contract quotes them. */
export const dynamicRule: PricingRule = { base: dynamicBase };

/**
 * Normalizes a Necto on-chain listing with dynamic pricing: the floor plus the utilization premium,
 * computed on the raw integer amount with bigints exactly as the contract's `quote` does
 * (`floor + floor × slopeBps × utilizationBps / 1e8`, rounded down), then converted to USD per
 * GPU-hour through the token's oracle price. The breakdown shows `floor` and `utilization premium`.
 *
 * Never throws. Fails with `invalid-price` when `pricing.dynamic` is missing, the bps are not
 * integers in range (slope 0..65535, utilization 0..10000) or the floor is not a positive integer of
 * base units; with `unpriced` when the settlement token (USDC included) has no oracle price.
 */
export const normalizeDynamic = (offer: Offer, ctx: NormalizeContext): NormalizeResult =>
  normalizeWith(offer, ctx, dynamicRule);
