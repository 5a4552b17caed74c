import type { PriceComponent, TokenPrice } from "../effective-price.ts";
import type { Offer, PriceExtra } from "../offer.ts";
import { exactFromNumberCached, isFraction } from "./exact.ts";
import { walkToTotal } from "./itemize.ts";
import { AKASH_BLOCK_SECONDS, AKASH_PROVIDER_ID, isPlainSymbol } from "./units.ts";

/**
 * The commonest offers priced on safe integers in local variables: one money amount (`moneyBase`),
 * alone or with percentage extras. The general steps read the amount, unit, scope and currency into
 * exact fractions and terms; here the same rational,
 *
 *   digits × unitsPerHour × usdPerUnit / (10^scale × 10^decimals × gpusPerScope),
 *
 * is formed from integers and rounded by one division: the same bits, without allocating. Each factor
 * is an integer ≥ 1, so when a final product is a safe integer every partial product was too (had one
 * reached 2^53, the rounded result would have as well): all of them were exact.
 *
 * Only for offers the general steps would price: any doubt (a failure, a flat extra, a decimal string
 * with a sign or an exponent, a fractional GPU count or block time, a bigint-sized product) returns
 * `undefined`, and the caller takes the general steps, which also write every failure's message.
 * `tokenOnly` refuses USD and USD_CENTS, as the `token` model does.
 */

/** The label of the one term of a money base. */
export const MONEY_BASE_LABEL = "base";

const MAX = Number.MAX_SAFE_INTEGER;
// Above 10^15 a power of ten is no longer a safe integer.
const POW10: readonly number[] = Array.from({ length: 16 }, (_, exponent) => 10 ** exponent);
// Longer text is not a price; parseDecimal refuses it too.
const MAX_DECIMAL_CHARS = 80;
// unitsPerHour("month") = 1 / (30.437 × 24) = 1000 / 730488.
const MONTH_HOURS_NUM = 1000;
const MONTH_HOURS_DEN = 730_488;

// The base read by `readQuickBase`: the unreduced fraction base[NUM] / base[DEN] of safe integers.
// Module state, read by the caller as soon as the call returns (no other code runs in between); a
// typed array, because a module variable holding a double would box it on every write.
const base = new Float64Array(2);
const NUM = 0;
const DEN = 1;

/** Reads a plain money base into `base`; false when the offer needs the general steps. */
const readQuickBase = (
  offer: Offer,
  tokenPrices: Readonly<Record<string, TokenPrice | undefined>>,
  tokenOnly: boolean,
): boolean => {
  const { pricing } = offer;
  const price = pricing.price;
  if (price === null) return false;
  const amount = price.amount;
  if (typeof amount !== "string" || amount.length === 0 || amount.length > MAX_DECIMAL_CHARS) return false;

  // The amount: plain digits with at most one dot, as `parseDecimalExact` reads them.
  let digits = 0;
  let scale = 0;
  let count = 0;
  let dot = false;
  for (let i = 0; i < amount.length; i++) {
    const code = amount.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      digits = digits * 10 + (code - 48);
      count += 1;
      if (dot) scale += 1;
    } else if (code === 46 && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  // Zero is a failure (a missing price); 2^53 or more needs bigints.
  if (count === 0 || digits === 0 || digits > MAX) return false;
  while (scale > 0 && digits % 10 === 0) {
    digits /= 10;
    scale -= 1;
  }
  const decimals = price.decimals ?? 0;
  if (scale >= POW10.length || !Number.isInteger(decimals) || decimals < 0 || decimals >= POW10.length) {
    return false;
  }

  // USD per unit of the currency, written canonically (trimming and upper-casing would not change it).
  const currency = price.currency;
  if (typeof currency !== "string" || !isPlainSymbol(currency)) return false;
  let usdNum = 1;
  let usdDen = 1;
  if (currency === "USD" || currency === "USD_CENTS") {
    if (tokenOnly) return false;
    if (currency === "USD_CENTS") usdDen = 100;
  } else {
    const tokenPrice = Object.hasOwn(tokenPrices, currency) ? tokenPrices[currency] : undefined;
    if (typeof tokenPrice !== "object" || tokenPrice === null) return false;
    const usd = exactFromNumberCached(tokenPrice.usd);
    if (usd === undefined || !isFraction(usd) || !(usd.n > 0)) return false;
    usdNum = usd.n;
    usdDen = usd.d;
  }

  // Units of `per` in one hour.
  let unitsNum = 1;
  let unitsDen = 1;
  switch (pricing.per) {
    case "second":
      unitsNum = 3600;
      break;
    case "minute":
      unitsNum = 60;
      break;
    case "hour":
      break;
    case "day":
      unitsDen = 24;
      break;
    case "month":
      unitsNum = MONTH_HOURS_NUM;
      unitsDen = MONTH_HOURS_DEN;
      break;
    case "block": {
      const blockSeconds =
        pricing.blockSeconds ?? (offer.providerId === AKASH_PROVIDER_ID ? AKASH_BLOCK_SECONDS : undefined);
      if (blockSeconds === undefined || !Number.isSafeInteger(blockSeconds) || blockSeconds <= 0) {
        return false;
      }
      unitsNum = 3600;
      unitsDen = blockSeconds;
      break;
    }
    default:
      return false;
  }

  // GPUs per priced unit.
  let gpus = 1;
  if (pricing.scope === "instance") {
    gpus = offer.gpuCount;
    if (!Number.isSafeInteger(gpus) || gpus <= 0) return false;
  } else if (pricing.scope !== "gpu") {
    return false;
  }

  const num = digits * unitsNum * usdNum;
  const den = (POW10[scale] as number) * (POW10[decimals] as number) * unitsDen * gpus * usdDen;
  base[NUM] = num;
  base[DEN] = den;
  return num <= MAX && den <= MAX;
};

const isEmptyList = (extras: unknown): boolean =>
  extras === undefined || extras === null || (Array.isArray(extras) && extras.length === 0);

/**
 * The price of an offer with one money amount and no extras, in USD per GPU-hour; `undefined` when
 * the offer needs the general steps.
 */
export const quickUsdPerGpuHour = (
  offer: Offer,
  tokenPrices: Readonly<Record<string, TokenPrice | undefined>>,
  tokenOnly: boolean,
): number | undefined =>
  isEmptyList(offer.pricing.extras) && readQuickBase(offer, tokenPrices, tokenOnly)
    ? (base[NUM] as number) / (base[DEN] as number)
    : undefined;

// The rounded parts of a percentage-extras price, walked in place (module state, as `base`).
const MAX_PARTS = 16;
const partValues = new Float64Array(MAX_PARTS);

/**
 * An offer with one money amount and only percentage extras (Nosana's network fee): the price the
 * general steps give, parts walked to the total by the same `walkToTotal`; `undefined` for anything
 * else (percentages with different denominators, 16 parts or more, anything `quickUsdPerGpuHour`
 * refuses). The parts are pushed to `breakdown` when one is given: ranking asks for them only for the
 * offers it keeps.
 */
export const quickPercentPrice = (
  offer: Offer,
  tokenPrices: Readonly<Record<string, TokenPrice | undefined>>,
  tokenOnly: boolean,
  breakdown?: PriceComponent[],
): number | undefined => {
  const extras: unknown = offer.pricing.extras;
  if (!Array.isArray(extras) || extras.length === 0 || extras.length >= MAX_PARTS) return undefined;
  // Each extra as the general steps read it: a percentage p = n / d, not money. Its part is
  // num × p / (den × 100); the total, num × (100 d + Σ n) / (den × 100 d) when every d is the same.
  const numerators: number[] = [];
  let percentDen = 0;
  for (let index = 0; index < extras.length; index++) {
    if (!(index in extras)) return undefined;
    const extra = extras[index] as PriceExtra;
    if (typeof extra !== "object" || extra === null || extra.money !== undefined) return undefined;
    if (extra.percentOfBase === undefined) return undefined;
    const percent = exactFromNumberCached(extra.percentOfBase);
    if (percent === undefined || !isFraction(percent) || percent.n < 0) return undefined;
    if (percentDen !== 0 && percent.d !== percentDen) return undefined;
    percentDen = percent.d;
    numerators.push(percent.n);
  }
  if (!readQuickBase(offer, tokenPrices, tokenOnly)) return undefined;
  // From here on nothing reads the offer, so the module state below is this call's alone.
  const num = base[NUM] as number;
  const den = base[DEN] as number;
  const partDen = den * 100 * percentDen;
  if (partDen > MAX) return undefined;
  let percentSum = 0;
  partValues[0] = num / den;
  for (let index = 0; index < numerators.length; index++) {
    const partNum = num * (numerators[index] as number);
    if (partNum > MAX) return undefined;
    partValues[index + 1] = partNum / partDen;
    percentSum += numerators[index] as number;
  }
  const totalNum = num * (100 * percentDen + percentSum);
  if (percentSum > MAX || totalNum > MAX) return undefined;
  const count = extras.length + 1;
  const usdPerGpuHour = walkToTotal(partValues, count, totalNum / partDen);
  if (breakdown !== undefined) {
    // Copied first: writing the labels reads the offer again, and nothing read may touch the parts.
    const values = Array.from(partValues.subarray(0, count));
    breakdown.push({ label: MONEY_BASE_LABEL, usdPerGpuHour: values[0] as number });
    for (let index = 0; index < extras.length; index++) {
      const extra = extras[index] as PriceExtra;
      // The label as `readExtra` writes it.
      const label =
        typeof extra?.label === "string" && extra.label.trim() !== "" ? extra.label : `extra ${index + 1}`;
      breakdown.push({ label, usdPerGpuHour: values[index + 1] as number });
    }
  }
  return usdPerGpuHour;
};
