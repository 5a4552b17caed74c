import type { TokenPrice } from "../effective-price.ts";
import type { Money, PriceScope, PriceTimeUnit } from "../offer.ts";
import { invalidPrice, NormalizeError } from "./errors.ts";
import {
  compare,
  div,
  mul,
  parseDecimal,
  pow10,
  type Ratio,
  ratio,
  ratioFromNumber,
  ZERO,
} from "./rational.ts";

/** Akash's average block time in seconds, as the Akash Console hard-codes it (600 blocks per hour). */
export const AKASH_BLOCK_SECONDS = 6;

/** Days per month for `per: "month"` prices: 30.437, the Akash Console's `blocksPerMonth` constant. */
export const DAYS_PER_MONTH = "30.437";

/** The provider id whose `per: "block"` prices default to `AKASH_BLOCK_SECONDS`. */
export const AKASH_PROVIDER_ID = "akash";

const MAX_DECIMALS = 36;
const HOURS_PER_MONTH: Ratio = mul(parseDecimal(DAYS_PER_MONTH) ?? ZERO, ratio(24n));

/**
 * How many `per` units fit in one hour, exactly: second 3600, minute 60, hour 1, day 1/24,
 * month 1/(30.437 × 24), block 3600/blockSeconds.
 *
 * Throws `NormalizeError("invalid-price")` for an unknown unit, or for `block` without a positive finite
 * `blockSeconds` (the caller decides the Akash default).
 */
export const unitsPerHour = (per: PriceTimeUnit, blockSeconds?: number): Ratio => {
  switch (per) {
    case "second":
      return ratio(3600n);
    case "minute":
      return ratio(60n);
    case "hour":
      return ratio(1n);
    case "day":
      return ratio(1n, 24n);
    case "month":
      return div(ratio(1n), HOURS_PER_MONTH);
    case "block": {
      const seconds = blockSeconds === undefined ? undefined : ratioFromNumber(blockSeconds);
      if (seconds === undefined || compare(seconds, ZERO) <= 0) {
        throw invalidPrice(
          blockSeconds === undefined
            ? "a per-block price needs blockSeconds (only Akash defaults to 6 s)"
            : `blockSeconds ${blockSeconds} is not a positive number`,
        );
      }
      return div(ratio(3600n), seconds);
    }
    default:
      throw invalidPrice(`unknown time unit ${JSON.stringify(per)}`);
  }
};

/**
 * The divisor that turns a price for `scope` into a price per GPU: 1 for `gpu`, `gpuCount` for
 * `instance` (fractional GPUs, e.g. AWS g6f, are allowed: the result is per whole GPU).
 *
 * Throws `NormalizeError("invalid-price")` for an unknown scope or a `gpuCount` that is not a positive
 * finite number.
 */
export const gpusPerScope = (scope: PriceScope, gpuCount: number): Ratio => {
  if (scope === "gpu") return ratio(1n);
  if (scope !== "instance") throw invalidPrice(`unknown price scope ${JSON.stringify(scope)}`);
  const gpus = ratioFromNumber(gpuCount);
  if (gpus === undefined || compare(gpus, ZERO) <= 0) {
    throw invalidPrice(`gpuCount ${gpuCount} is not a positive number`);
  }
  return gpus;
};

/** A raw amount read exactly, in whole units of its currency, with the currency symbol normalized. */
export interface ParsedMoney {
  /** Whole currency units (uakt 1234.5 with decimals 6 → AKT 0.0012345); cents stay cents. */
  amount: Ratio;
  /** Upper-case: `USD`, `USD_CENTS`, `AKT`, `USDC`, ... */
  currency: string;
}

/**
 * Reads a `Money` exactly: the decimal string, scaled down by `10^decimals` (micro-denominations).
 *
 * Throws `NormalizeError("invalid-price")` when the amount is not a decimal string, is negative
 * (or zero, unless `allowZero`), when `decimals` is not an integer in 0..36, or the currency is empty.
 */
export const parseMoney = (money: Money, what: string, allowZero = false): ParsedMoney => {
  if (typeof money?.amount !== "string") throw invalidPrice(`${what}: the amount must be a decimal string`);
  const amount = parseDecimal(money.amount);
  if (amount === undefined)
    throw invalidPrice(`${what}: ${JSON.stringify(money.amount)} is not a decimal number`);
  const sign = compare(amount, ZERO);
  if (sign < 0) throw invalidPrice(`${what}: the amount ${money.amount} is negative`);
  if (sign === 0 && !allowZero) {
    // Providers write 0 for "not offered here" (RunPod fills prices for clouds a GPU is not on).
    throw invalidPrice(`${what}: a zero price is read as missing, not free`);
  }
  const decimals = money.decimals ?? 0;
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > MAX_DECIMALS) {
    throw invalidPrice(`${what}: decimals ${decimals} is not an integer in 0..${MAX_DECIMALS}`);
  }
  const currency = typeof money.currency === "string" ? money.currency.trim().toUpperCase() : "";
  if (currency === "") throw invalidPrice(`${what}: no currency`);
  return { amount: div(amount, ratio(pow10(decimals))), currency };
};

/** Currencies that are US dollars by definition and need no oracle. Everything else does. */
export const FIAT_USD_PER_UNIT: Readonly<Record<string, Ratio>> = {
  USD: ratio(1n),
  USD_CENTS: ratio(1n, 100n),
};

/**
 * USD per one unit of `currency`. `USD` and `USD_CENTS` are fixed; every other symbol, stablecoins
 * (USDC, USDT) and Akash's ACT included, must have an accepted oracle price in `tokenPrices`, because
 * only the oracle's peg check can tell a stablecoin that holds its peg from one that does not.
 *
 * Throws `NormalizeError("unpriced")` when the symbol has no price or a price that is not a positive
 * finite number: an unknown price fails closed, never reads as 0.
 */
export const usdPerUnit = (
  currency: string,
  tokenPrices: Readonly<Record<string, TokenPrice | undefined>>,
): { usd: Ratio; tokenPrice?: TokenPrice } => {
  const fiat = FIAT_USD_PER_UNIT[currency];
  if (fiat !== undefined) return { usd: fiat };
  const tokenPrice = Object.hasOwn(tokenPrices, currency) ? tokenPrices[currency] : undefined;
  if (tokenPrice === undefined) {
    // `uakt` written as the currency is a common adapter slip: name the fix when the token is priced.
    const whole = currency.slice(1);
    const hint =
      currency.startsWith("U") && Object.hasOwn(tokenPrices, whole)
        ? ` (a micro-denomination is the token with decimals: ${currency.toLowerCase()} = ${whole}, 6)`
        : "";
    throw new NormalizeError(
      "unpriced",
      `no accepted oracle price for ${currency}; unknown prices fail closed${hint}`,
    );
  }
  const usd = ratioFromNumber(tokenPrice.usd);
  if (usd === undefined || compare(usd, ZERO) <= 0) {
    throw new NormalizeError(
      "unpriced",
      `the oracle price for ${currency} (${tokenPrice.usd}) is not a positive number`,
    );
  }
  return { usd, tokenPrice };
};

/**
 * Converts an amount in currency units per `per` per `scope` to the same currency per GPU-hour, exactly.
 * Throws like `unitsPerHour` and `gpusPerScope`.
 */
export const perGpuHour = (
  amount: Ratio,
  per: PriceTimeUnit,
  scope: PriceScope,
  gpuCount: number,
  blockSeconds?: number,
): Ratio => div(mul(amount, unitsPerHour(per, blockSeconds)), gpusPerScope(scope, gpuCount));
