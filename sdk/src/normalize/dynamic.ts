import type { NormalizeContext, NormalizeResult } from "../effective-price.ts";
import type { Offer } from "../offer.ts";
import { invalidPrice } from "./errors.ts";
import { blockSecondsOf, type CurrencyTerm, normalizeWith } from "./pipeline.ts";
import { isInteger, parseDecimal, pow10, ratio } from "./rational.ts";
import { perGpuHour } from "./units.ts";

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

const dynamicBase = (offer: Offer): CurrencyTerm[] => {
  const { pricing } = offer;
  const { price, dynamic } = pricing;
  if (dynamic === undefined)
    throw invalidPrice("a dynamic price needs pricing.dynamic (slopeBps, utilizationBps)");
  const { slopeBps, utilizationBps } = dynamic;
  if (!Number.isInteger(slopeBps) || slopeBps < 0 || slopeBps > UINT16_MAX) {
    throw invalidPrice(`slopeBps ${slopeBps} is not an integer in 0..${UINT16_MAX}`);
  }
  if (!Number.isInteger(utilizationBps) || utilizationBps < 0 || utilizationBps > BPS) {
    throw invalidPrice(`utilizationBps ${utilizationBps} is not an integer in 0..${BPS}`);
  }
  const decimals = price?.decimals ?? 0;
  const floor = typeof price?.amount === "string" ? parseDecimal(price.amount) : undefined;
  // The contract stores the floor in token base units (uint96): the sdk must start from that integer.
  if (floor === undefined || !isInteger(floor) || floor.num <= 0n) {
    throw invalidPrice(
      `the floor ${JSON.stringify(price?.amount)} is not a positive integer of token base units`,
    );
  }
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 36) {
    throw invalidPrice(`decimals ${decimals} is not an integer in 0..36`);
  }
  const currency = typeof price.currency === "string" ? price.currency.trim().toUpperCase() : "";
  if (currency === "") throw invalidPrice("price: no currency");
  const { premiumUnits } = dynamicUnitPrice(floor.num, slopeBps, utilizationBps);
  const toTerm = (label: string, units: bigint): CurrencyTerm => ({
    label,
    amount: perGpuHour(
      ratio(units, pow10(decimals)),
      pricing.per,
      pricing.scope,
      offer.gpuCount,
      blockSecondsOf(offer),
    ),
    currency,
  });
  return [toTerm("floor", floor.num), toTerm("utilization premium", premiumUnits)];
};

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
  normalizeWith(offer, ctx, { base: dynamicBase });
