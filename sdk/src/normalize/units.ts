import type { TokenPrice } from "../effective-price.ts";
import type { Money, PriceScope, PriceTimeUnit } from "../offer.ts";
import { invalidPriceFailure, NormalizeFailure, throwIfFailure } from "./errors.ts";
import {
  divExact,
  type Exact,
  exactFromNumberCached,
  fraction,
  mulDivExact,
  mulExact,
  ONE_EXACT,
  parseDecimalExact,
  pow10Exact,
  signExact,
  toRatio,
  ZERO_EXACT,
} from "./exact.ts";
import { type Ratio, ratio } from "./rational.ts";

/** Akash's average block time in seconds, as the Akash Console hard-codes it (600 blocks per hour). */
export const AKASH_BLOCK_SECONDS = 6;

/** Days per month for `per: "month"` prices: 30.437, the Akash Console's `blocksPerMonth` constant. */
export const DAYS_PER_MONTH = "30.437";

/** The provider id whose `per: "block"` prices default to `AKASH_BLOCK_SECONDS`. */
export const AKASH_PROVIDER_ID = "akash";

const MAX_DECIMALS = 36;
const SECONDS_PER_HOUR = fraction(3600);
const MINUTES_PER_HOUR = fraction(60);
const DAYS_PER_HOUR = fraction(1, 24);
const MONTHS_PER_HOUR = divExact(
  ONE_EXACT,
  mulExact(parseDecimalExact(DAYS_PER_MONTH) ?? ZERO_EXACT, fraction(24)),
);

/**
 * `unitsPerHour` as a value: the exact count, or the failure it would throw. The pricing steps use this
 * form so that an excluded offer costs no exception.
 */
export const unitsPerHourExact = (per: PriceTimeUnit, blockSeconds?: number): Exact | NormalizeFailure => {
  switch (per) {
    case "second":
      return SECONDS_PER_HOUR;
    case "minute":
      return MINUTES_PER_HOUR;
    case "hour":
      return ONE_EXACT;
    case "day":
      return DAYS_PER_HOUR;
    case "month":
      return MONTHS_PER_HOUR;
    case "block": {
      const seconds = blockSeconds === undefined ? undefined : exactFromNumberCached(blockSeconds);
      if (seconds === undefined || signExact(seconds) <= 0) {
        return invalidPriceFailure(
          blockSeconds === undefined
            ? "a per-block price needs blockSeconds (only Akash defaults to 6 s)"
            : `blockSeconds ${blockSeconds} is not a positive number`,
        );
      }
      return divExact(SECONDS_PER_HOUR, seconds);
    }
    default:
      return invalidPriceFailure(`unknown time unit ${JSON.stringify(per)}`);
  }
};

/**
 * How many `per` units fit in one hour, exactly: second 3600, minute 60, hour 1, day 1/24,
 * month 1/(30.437 × 24), block 3600/blockSeconds.
 *
 * Throws `NormalizeError("invalid-price")` for an unknown unit, or for `block` without a positive finite
 * `blockSeconds` (the caller decides the Akash default).
 */
export const unitsPerHour = (per: PriceTimeUnit, blockSeconds?: number): Ratio =>
  toRatio(throwIfFailure(unitsPerHourExact(per, blockSeconds)));

/** `gpusPerScope` as a value: the exact divisor, or the failure it would throw. */
export const gpusPerScopeExact = (scope: PriceScope, gpuCount: number): Exact | NormalizeFailure => {
  if (scope === "gpu") return ONE_EXACT;
  if (scope !== "instance") return invalidPriceFailure(`unknown price scope ${JSON.stringify(scope)}`);
  const gpus = exactFromNumberCached(gpuCount);
  if (gpus === undefined || signExact(gpus) <= 0) {
    return invalidPriceFailure(`gpuCount ${gpuCount} is not a positive number`);
  }
  return gpus;
};

/**
 * The divisor that turns a price for `scope` into a price per GPU: 1 for `gpu`, `gpuCount` for
 * `instance` (fractional GPUs, e.g. AWS g6f, are allowed: the result is per whole GPU).
 *
 * Throws `NormalizeError("invalid-price")` for an unknown scope or a `gpuCount` that is not a positive
 * finite number.
 */
export const gpusPerScope = (scope: PriceScope, gpuCount: number): Ratio =>
  toRatio(throwIfFailure(gpusPerScopeExact(scope, gpuCount)));

/** A raw amount read exactly, in whole units of its currency, with the currency symbol normalized. */
export interface ParsedMoney {
  /** Whole currency units (uakt 1234.5 with decimals 6 → AKT 0.0012345); cents stay cents. */
  amount: Ratio;
  /** Upper-case: `USD`, `USD_CENTS`, `AKT`, `USDC`, ... */
  currency: string;
}

/** `ParsedMoney` with the amount in the fast exact form. */
export interface ParsedMoneyExact {
  amount: Exact;
  currency: string;
}

/**
 * Whether `text` is a currency symbol as `parseMoney` writes it: upper-case letters, digits and `_`,
 * which trimming and upper-casing leave unchanged. A loop, not a regular expression: it runs for every
 * offer, and this is several times faster.
 */
export const isPlainSymbol = (text: string): boolean => {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A-Z, 0-9, _
    if (!((code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95)) return false;
  }
  return true;
};

/**
 * `text.trim().toUpperCase()`, without a new string for a symbol already written that way (`USD`,
 * `USD_CENTS`, `AKT`), which is how adapters write nearly all of them.
 */
export const currencySymbol = (text: string): string =>
  isPlainSymbol(text) ? text : text.trim().toUpperCase();

/** `parseMoney` as a value: the amount, or the failure it would throw. */
export const parseMoneyExact = (
  money: Money,
  what: string,
  allowZero = false,
): ParsedMoneyExact | NormalizeFailure => {
  if (typeof money?.amount !== "string") {
    return invalidPriceFailure(`${what}: the amount must be a decimal string`);
  }
  const amount = parseDecimalExact(money.amount);
  if (amount === undefined) {
    return invalidPriceFailure(`${what}: ${JSON.stringify(money.amount)} is not a decimal number`);
  }
  const sign = signExact(amount);
  if (sign < 0) return invalidPriceFailure(`${what}: the amount ${money.amount} is negative`);
  if (sign === 0 && !allowZero) {
    // Providers write 0 for "not offered here" (RunPod fills prices for clouds a GPU is not on).
    return invalidPriceFailure(`${what}: a zero price is read as missing, not free`);
  }
  const decimals = money.decimals ?? 0;
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > MAX_DECIMALS) {
    return invalidPriceFailure(`${what}: decimals ${decimals} is not an integer in 0..${MAX_DECIMALS}`);
  }
  const currency = typeof money.currency === "string" ? currencySymbol(money.currency) : "";
  if (currency === "") return invalidPriceFailure(`${what}: no currency`);
  return { amount: decimals === 0 ? amount : divExact(amount, pow10Exact(decimals)), currency };
};

/**
 * Reads a `Money` exactly: the decimal string, scaled down by `10^decimals` (micro-denominations).
 *
 * Throws `NormalizeError("invalid-price")` when the amount is not a decimal string, is negative
 * (or zero, unless `allowZero`), when `decimals` is not an integer in 0..36, or the currency is empty.
 */
export const parseMoney = (money: Money, what: string, allowZero = false): ParsedMoney => {
  const parsed = throwIfFailure(parseMoneyExact(money, what, allowZero));
  return { amount: toRatio(parsed.amount), currency: parsed.currency };
};

/** Currencies that are US dollars by definition and need no oracle. Everything else does. */
export const FIAT_USD_PER_UNIT: Readonly<Record<string, Ratio>> = {
  USD: ratio(1n),
  USD_CENTS: ratio(1n, 100n),
};

/** `FIAT_USD_PER_UNIT` in the fast exact form. */
const FIAT_EXACT: ReadonlyMap<string, Exact> = new Map([
  ["USD", ONE_EXACT],
  ["USD_CENTS", fraction(1, 100)],
]);

/**
 * `usdPerUnit` as a value: the USD per unit, or the failure it would throw. The token price it read is
 * `ctx.tokenPrices[currency]` (see `tokenPriceOf`), so nothing is allocated to return it.
 */
export const usdPerUnitExact = (
  currency: string,
  tokenPrices: Readonly<Record<string, TokenPrice | undefined>>,
): Exact | NormalizeFailure => {
  // The Map agrees with FIAT_USD_PER_UNIT on every upper-case symbol (no inherited name is upper case).
  const fiat = FIAT_EXACT.get(currency);
  if (fiat !== undefined) return fiat;
  const tokenPrice = Object.hasOwn(tokenPrices, currency) ? tokenPrices[currency] : undefined;
  if (tokenPrice === undefined) {
    // `uakt` written as the currency is a common adapter slip: name the fix when the token is priced.
    const whole = currency.slice(1);
    const hint =
      currency.startsWith("U") && Object.hasOwn(tokenPrices, whole)
        ? ` (a micro-denomination is the token with decimals: ${currency.toLowerCase()} = ${whole}, 6)`
        : "";
    return new NormalizeFailure(
      "unpriced",
      `no accepted oracle price for ${currency}; unknown prices fail closed${hint}`,
    );
  }
  const usd = exactFromNumberCached(tokenPrice.usd);
  if (usd === undefined || signExact(usd) <= 0) {
    return new NormalizeFailure(
      "unpriced",
      `the oracle price for ${currency} (${tokenPrice.usd}) is not a positive number`,
    );
  }
  return usd;
};

/** The oracle price `usdPerUnitExact` used for `currency`: undefined for USD and USD_CENTS. */
export const tokenPriceOf = (
  currency: string,
  tokenPrices: Readonly<Record<string, TokenPrice | undefined>>,
): TokenPrice | undefined => (FIAT_EXACT.has(currency) ? undefined : tokenPrices[currency]);

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
  const usd = throwIfFailure(usdPerUnitExact(currency, tokenPrices));
  return { usd: toRatio(usd), tokenPrice: tokenPriceOf(currency, tokenPrices) as TokenPrice };
};

/** `perGpuHour` as a value: the exact amount per GPU-hour, or the failure it would throw. */
export const perGpuHourExact = (
  amount: Exact,
  per: PriceTimeUnit,
  scope: PriceScope,
  gpuCount: number,
  blockSeconds?: number,
): Exact | NormalizeFailure => {
  const units = unitsPerHourExact(per, blockSeconds);
  if (units instanceof NormalizeFailure) return units;
  const gpus = gpusPerScopeExact(scope, gpuCount);
  if (gpus instanceof NormalizeFailure) return gpus;
  return mulDivExact(amount, units, gpus);
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
): Ratio => toRatio(throwIfFailure(perGpuHourExact(amount, per, scope, gpuCount, blockSeconds)));
