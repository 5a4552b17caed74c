import { type GpuModelId, gpuSpec, isGpuModelId } from "../catalog/gpus.ts";
import {
  type EffectivePrice,
  type NormalizeContext,
  type NormalizeResult,
  offerKey,
  type PriceComponent,
  type TokenPrice,
} from "../effective-price.ts";
import type { Offer, PriceExtra } from "../offer.ts";
import { invalidPriceFailure, NormalizeError, NormalizeFailure, throwIfFailure } from "./errors.ts";
import {
  addExact,
  type Exact,
  exactFromNumberCached,
  fraction,
  mulDivExact,
  mulExact,
  mulToNumberExact,
  signExact,
  toNumberExact,
  ZERO_EXACT,
} from "./exact.ts";
import { expectedUsdPerGpuHour } from "./interruption.ts";
import { walkToTotal } from "./itemize.ts";
import { MONEY_BASE_LABEL, quickPercentPrice, quickUsdPerGpuHour } from "./quick-price.ts";
import {
  AKASH_BLOCK_SECONDS,
  AKASH_PROVIDER_ID,
  parseMoneyExact,
  perGpuHourExact,
  tokenPriceOf,
  usdPerUnitExact,
} from "./units.ts";

/** Offers older than this are labelled stale unless the context says otherwise: 6 hours. */
export const DEFAULT_STALE_AFTER_MS = 6 * 60 * 60 * 1000;

/** One part of a price before currency conversion: `amount` units of `currency` per GPU-hour, exact. */
export interface CurrencyTerm {
  label: string;
  amount: Exact;
  currency: string;
}

/** What a pricing model adds to the shared steps: how to read its base, and its interruption default. */
export interface PricingRule {
  /**
   * The base price terms, validated: a failure is returned, not thrown (a thrown `NormalizeError` is
   * still reported as its exclusion). Summed for percent extras.
   */
  base: (offer: Offer) => CurrencyTerm[] | NormalizeFailure;
  /** Interruptible models only: the interruption probability per hour when the offer gives none. */
  defaultInterruptionPerHour?: number;
  /**
   * Set when `base` is `moneyBase` (`"any"`), or `moneyBase` refusing USD and USD_CENTS (`"token"`):
   * plain offers are then priced by `quickUsdPerGpuHour` and `quickPercentPrice` (quick-price.ts), the
   * same values without building terms.
   */
  moneyBase?: "any" | "token";
}

/** `pricing.blockSeconds`, or Akash's 6 s for Akash offers; undefined otherwise (invalid if needed). */
export const blockSecondsOf = (offer: Offer): number | undefined =>
  offer.pricing.blockSeconds ?? (offer.providerId === AKASH_PROVIDER_ID ? AKASH_BLOCK_SECONDS : undefined);

/** The base price of every model but `dynamic`: `pricing.price` per `per` per `scope`, one term. */
export const moneyBase = (offer: Offer): CurrencyTerm[] | NormalizeFailure => {
  const { pricing } = offer;
  const money = parseMoneyExact(pricing.price, "price");
  if (money instanceof NormalizeFailure) return money;
  const amount = perGpuHourExact(
    money.amount,
    pricing.per,
    pricing.scope,
    offer.gpuCount,
    blockSecondsOf(offer),
  );
  if (amount instanceof NormalizeFailure) return amount;
  return [{ label: MONEY_BASE_LABEL, amount, currency: money.currency }];
};

type ExtraTerm = { kind: "flat"; term: CurrencyTerm } | { kind: "percent"; label: string; percent: Exact };

const readExtra = (offer: Offer, extra: PriceExtra, index: number): ExtraTerm | NormalizeFailure => {
  const label =
    typeof extra?.label === "string" && extra.label.trim() !== "" ? extra.label : `extra ${index + 1}`;
  if ((extra.money === undefined) === (extra.percentOfBase === undefined)) {
    return invalidPriceFailure(`extra "${label}" needs exactly one of money or percentOfBase`);
  }
  if (extra.percentOfBase !== undefined) {
    const percent = exactFromNumberCached(extra.percentOfBase);
    if (percent === undefined || signExact(percent) < 0) {
      return invalidPriceFailure(
        `extra "${label}": percentOfBase ${extra.percentOfBase} is not a non-negative number`,
      );
    }
    return { kind: "percent", label, percent };
  }
  const money = parseMoneyExact(extra.money as NonNullable<PriceExtra["money"]>, `extra "${label}"`, true);
  if (money instanceof NormalizeFailure) return money;
  const { pricing } = offer;
  // An extra without its own unit or scope is quoted like the base price.
  const amount = perGpuHourExact(
    money.amount,
    extra.per ?? pricing.per,
    extra.scope ?? pricing.scope,
    offer.gpuCount,
    blockSecondsOf(offer),
  );
  if (amount instanceof NormalizeFailure) return amount;
  return { kind: "flat", term: { label, amount, currency: money.currency } };
};

const NO_EXTRAS: (ExtraTerm | undefined)[] = [];

/**
 * The extras in order, or the failure of the first bad one (the ones after it are not read). A hole
 * in the list stays a hole (`undefined`), to fail later exactly as the `map` this replaces made it.
 */
const readExtras = (offer: Offer): (ExtraTerm | undefined)[] | NormalizeFailure => {
  const listed = offer.pricing.extras;
  if (listed === undefined || listed === null) return NO_EXTRAS;
  if (!Array.isArray(listed)) {
    // Not a list: read it with `map` as before, so that it fails as it always has (a TypeError, or the
    // first bad extra's failure, thrown and caught as the exclusion).
    return (offer.pricing.extras ?? []).map((extra, index) => throwIfFailure(readExtra(offer, extra, index)));
  }
  const extras: (ExtraTerm | undefined)[] = [];
  for (let index = 0; index < listed.length; index++) {
    if (!(index in listed)) {
      extras.push(undefined);
      continue;
    }
    const term = readExtra(offer, listed[index] as PriceExtra, index);
    if (term instanceof NormalizeFailure) return term;
    extras.push(term);
  }
  return extras;
};

const checkOffer = (offer: Offer, ctx: NormalizeContext): NormalizeFailure | undefined => {
  if (offer.gpuModel === "unknown") {
    return new NormalizeFailure(
      "unknown-gpu",
      `the GPU "${offer.gpuName}" did not resolve to a catalog model`,
    );
  }
  if (!isGpuModelId(offer.gpuModel)) {
    return new NormalizeFailure("unknown-gpu", `"${offer.gpuModel}" is not a GPU model in the catalog`);
  }
  if (typeof offer.gpuCount !== "number" || !Number.isFinite(offer.gpuCount) || offer.gpuCount <= 0) {
    return invalidPriceFailure(`gpuCount ${offer.gpuCount} is not a positive number`);
  }
  if (
    typeof offer.pricing !== "object" ||
    offer.pricing === null ||
    typeof offer.pricing.price !== "object"
  ) {
    return invalidPriceFailure("the offer has no pricing");
  }
  if (!Number.isFinite(offer.fetchedAt)) {
    return invalidPriceFailure(`fetchedAt ${offer.fetchedAt} is not a time`);
  }
  if (!Number.isFinite(ctx.now)) return invalidPriceFailure(`the context's now (${ctx.now}) is not a time`);
  const staleAfterMs = ctx.staleAfterMs;
  if (staleAfterMs !== undefined && !(Number.isFinite(staleAfterMs) && staleAfterMs >= 0)) {
    return invalidPriceFailure(`the context's staleAfterMs (${staleAfterMs}) is not a non-negative duration`);
  }
  return undefined;
};

interface UsdPart {
  label: string;
  usd: Exact;
}

/**
 * The breakdown of `parts` and the price it sums to: each part rounded, then walked by `walkToTotal`
 * until the parts, summed left to right, equal `exactTotal` rounded once.
 */
const itemize = (
  parts: readonly UsdPart[],
  exactTotal: Exact,
): {
  breakdown: PriceComponent[];
  usdPerGpuHour: number;
} => {
  const breakdown: PriceComponent[] = [];
  const values: number[] = [];
  for (const part of parts) {
    // The label first: a hole in the extras fails reading it, with the message it always had.
    const label = part.label;
    const value = toNumberExact(part.usd);
    breakdown.push({ label, usdPerGpuHour: value });
    values.push(value);
  }
  const usdPerGpuHour = walkToTotal(values, values.length, toNumberExact(exactTotal));
  for (let index = 0; index < values.length; index++) {
    (breakdown[index] as PriceComponent).usdPerGpuHour = values[index] as number;
  }
  return { breakdown, usdPerGpuHour };
};

const readInterruption = (offer: Offer, fallback: number): number | NormalizeFailure => {
  const probability = offer.pricing.interruptionPerHour ?? fallback;
  if (!(Number.isFinite(probability) && probability >= 0 && probability <= 1)) {
    return invalidPriceFailure(`interruptionPerHour ${probability} is not a probability in 0..1`);
  }
  return probability;
};

const HUNDRED = fraction(100);

/**
 * An offer's checked price before the finishing touches: the plain price and its breakdown (several
 * parts) or its one part's label, and what `finishPrice` needs for the rest. Ranking decides on
 * `usdPerGpuHour` alone, so offers the constraints exclude are never finished. Filled in place
 * (`quoteInto`), so that quoting an offer the constraints then drop allocates nothing.
 */
export interface PriceQuote {
  /** The plain price, USD per GPU-hour: the breakdown summed left to right. */
  usdPerGpuHour: number;
  /** The itemized parts when there are several; undefined for one part, which is the whole price. */
  breakdown: PriceComponent[] | undefined;
  /** The label of the one part, when there is one. */
  label: string;
  /**
   * Set when the parts are a money base and percentage extras that `quickPercentPrice` priced: it
   * writes the breakdown again (with this `moneyBase` of the rule) for the offers that are kept.
   */
  percentParts: "any" | "token" | undefined;
  interruptionPerHour: number | undefined;
  /** The first token met (base before extras): the one the offer is "denominated in". */
  tokenPrice: TokenPrice | undefined;
}

/** A quote to fill with `quoteInto`. */
export const emptyQuote = (): PriceQuote => ({
  usdPerGpuHour: 0,
  breakdown: undefined,
  label: "",
  percentParts: undefined,
  interruptionPerHour: undefined,
  tokenPrice: undefined,
});

const fill = (
  out: PriceQuote,
  usdPerGpuHour: number,
  breakdown: PriceComponent[] | undefined,
  label: string,
  interruptionPerHour: number | undefined,
  tokenPrice: TokenPrice | undefined,
  percentParts: "any" | "token" | undefined = undefined,
): undefined => {
  out.usdPerGpuHour = usdPerGpuHour;
  out.breakdown = breakdown;
  out.label = label;
  out.percentParts = percentParts;
  out.interruptionPerHour = interruptionPerHour;
  out.tokenPrice = tokenPrice;
  return undefined;
};

/**
 * The shared steps after a model has read its base: extras, currency conversion, breakdown. Fills `out`
 * and returns undefined, or returns the failure that excludes the offer. Validates everything before
 * looking up any token price, so a bad offer is reported as `invalid-price` even when its token is also
 * unpriced. Plain money offers take `quickUsdPerGpuHour` / `quickPercentPrice` (same values, nothing
 * allocated) and fall back to the steps below whenever those decline.
 */
const quote = (
  offer: Offer,
  ctx: NormalizeContext,
  rule: PricingRule,
  out: PriceQuote,
): NormalizeFailure | undefined => {
  const invalid = checkOffer(offer, ctx);
  if (invalid !== undefined) return invalid;
  if (rule.moneyBase !== undefined) {
    const tokenPrices = ctx.tokenPrices;
    const tokenOnly = rule.moneyBase === "token";
    const single = quickUsdPerGpuHour(offer, tokenPrices, tokenOnly);
    const withExtras = single === undefined ? quickPercentPrice(offer, tokenPrices, tokenOnly) : undefined;
    const usdPerGpuHour = single ?? withExtras;
    if (usdPerGpuHour !== undefined) {
      // The base and the extras are valid; the general steps would check interruption next.
      let interruptionPerHour: number | undefined;
      if (rule.defaultInterruptionPerHour !== undefined) {
        const probability = readInterruption(offer, rule.defaultInterruptionPerHour);
        if (probability instanceof NormalizeFailure) return probability;
        interruptionPerHour = probability;
      }
      const tokenPrice = tokenPriceOf(offer.pricing.price.currency, tokenPrices);
      return single !== undefined
        ? fill(out, single, undefined, MONEY_BASE_LABEL, interruptionPerHour, tokenPrice)
        : fill(out, usdPerGpuHour, undefined, "", interruptionPerHour, tokenPrice, rule.moneyBase);
    }
  }
  const baseTerms = rule.base(offer);
  if (baseTerms instanceof NormalizeFailure) return baseTerms;
  const extras = readExtras(offer);
  if (extras instanceof NormalizeFailure) return extras;
  let interruptionPerHour: number | undefined;
  if (rule.defaultInterruptionPerHour !== undefined) {
    const probability = readInterruption(offer, rule.defaultInterruptionPerHour);
    if (probability instanceof NormalizeFailure) return probability;
    interruptionPerHour = probability;
  }

  const tokenPrices = ctx.tokenPrices;
  const only = baseTerms.length === 1 && extras.length === 0 ? baseTerms[0] : undefined;
  if (only !== undefined) {
    // One part, the usual case: it is its own total, and the walk of `itemize` has nothing to do.
    const usd = usdPerUnitExact(only.currency, tokenPrices);
    if (usd instanceof NormalizeFailure) return usd;
    const usdPerGpuHour = mulToNumberExact(only.amount, usd);
    if (!Number.isFinite(usdPerGpuHour)) return invalidPriceFailure("the price is out of range");
    const tokenPrice = tokenPriceOf(only.currency, tokenPrices);
    return fill(out, usdPerGpuHour, undefined, only.label, interruptionPerHour, tokenPrice);
  }

  // The first token met (base before extras) is the one the offer is "denominated in".
  let tokenPrice: TokenPrice | undefined;
  const parts: UsdPart[] = [];
  let baseTotal: Exact = ZERO_EXACT;
  for (const term of baseTerms) {
    const usd = usdPerUnitExact(term.currency, tokenPrices);
    if (usd instanceof NormalizeFailure) return usd;
    tokenPrice ??= tokenPriceOf(term.currency, tokenPrices);
    const part = mulExact(term.amount, usd);
    baseTotal = addExact(baseTotal, part);
    parts.push({ label: term.label, usd: part });
  }
  let total = baseTotal;
  for (const extra of extras) {
    if (extra === undefined) {
      // A hole in the list: `itemize` fails on it as it always has (invalid-price, after token checks).
      parts.push(extra as unknown as UsdPart);
      continue;
    }
    let part: Exact;
    if (extra.kind === "percent") {
      part = mulDivExact(baseTotal, extra.percent, HUNDRED);
    } else {
      const usd = usdPerUnitExact(extra.term.currency, tokenPrices);
      if (usd instanceof NormalizeFailure) return usd;
      tokenPrice ??= tokenPriceOf(extra.term.currency, tokenPrices);
      part = mulExact(extra.term.amount, usd);
    }
    total = addExact(total, part);
    parts.push({ label: extra.kind === "percent" ? extra.label : extra.term.label, usd: part });
  }

  const { breakdown, usdPerGpuHour } = itemize(parts, total);
  if (!Number.isFinite(usdPerGpuHour)) return invalidPriceFailure("the price is out of range");
  return fill(out, usdPerGpuHour, breakdown, "", interruptionPerHour, tokenPrice);
};

/**
 * Fills `out` with the offer's quote under one pricing model's rule and returns undefined, or returns
 * the failure that excludes the offer. Never throws: anything unexpected is an `invalid-price`
 * failure, a price we cannot stand behind.
 */
export const quoteInto = (
  offer: Offer,
  ctx: NormalizeContext,
  rule: PricingRule,
  out: PriceQuote,
): NormalizeFailure | undefined => {
  try {
    return quote(offer, ctx, rule, out);
  } catch (error) {
    return unexpectedFailure(error);
  }
};

/** A thrown `NormalizeError` as its failure; anything else as `invalid-price`, with its message. */
const unexpectedFailure = (error: unknown): NormalizeFailure =>
  error instanceof NormalizeError
    ? new NormalizeFailure(error.code, error.message)
    : invalidPriceFailure(
        `the offer could not be priced: ${error instanceof Error ? error.message : String(error)}`,
      );

/**
 * The effective price of a quoted offer: the breakdown, the expected price (interruptible models), the
 * price per TFLOP, the token price, age and staleness. Cannot fail on a quote of the same offer and
 * context.
 */
export const finishPrice = (offer: Offer, ctx: NormalizeContext, quoted: PriceQuote): EffectivePrice => {
  const { usdPerGpuHour, interruptionPerHour, tokenPrice, percentParts } = quoted;
  let breakdown = quoted.breakdown;
  if (breakdown === undefined && percentParts !== undefined) {
    breakdown = [];
    quickPercentPrice(offer, ctx.tokenPrices, percentParts === "token", breakdown);
  }
  breakdown ??= [{ label: quoted.label, usdPerGpuHour }];
  const price: EffectivePrice = { usdPerGpuHour, breakdown, ageMs: 0, stale: false };
  if (interruptionPerHour !== undefined) {
    price.expectedUsdPerGpuHour = expectedUsdPerGpuHour(usdPerGpuHour, interruptionPerHour);
  }
  const tflops = gpuSpec(offer.gpuModel as GpuModelId).fp16DenseTflops;
  if (typeof tflops === "number" && Number.isFinite(tflops) && tflops > 0) {
    price.usdPerTflopHour = usdPerGpuHour / tflops;
  }
  if (tokenPrice !== undefined) price.tokenPrice = tokenPrice;
  // A fetchedAt in the future is clock skew between machines, not a negative age.
  price.ageMs = Math.max(0, ctx.now - offer.fetchedAt);
  price.stale = price.ageMs > (ctx.staleAfterMs ?? DEFAULT_STALE_AFTER_MS);
  return price;
};

/**
 * Runs the shared normalization with one pricing model's rule and returns the price alone, or the
 * failure that excludes the offer. Never throws.
 */
export const priceWith = (
  offer: Offer,
  ctx: NormalizeContext,
  rule: PricingRule,
): EffectivePrice | NormalizeFailure => {
  try {
    const quoted = emptyQuote();
    return quote(offer, ctx, rule, quoted) ?? finishPrice(offer, ctx, quoted);
  } catch (error) {
    return unexpectedFailure(error);
  }
};

/**
 * `{ ...offer, price }`: the same own properties in the same order, built with `Object.assign` because
 * V8 (Node 20) takes a slow path for a spread followed by a new key, about 2 µs and 1.4 KB per object.
 * The target is `new Object()`, which V8 fills twice as fast as a `{}` literal. An own `__proto__` key
 * is the one case where assigning differs from spreading (it would set the prototype), so it spreads.
 */
export const withPrice = (offer: Offer, price: EffectivePrice): Offer & { price: EffectivePrice } => {
  if (Object.hasOwn(offer, "__proto__")) return { ...offer, price };
  const priced = Object.assign(new Object(), offer) as Offer & { price: EffectivePrice };
  priced.price = price;
  return priced;
};

/** The `NormalizeResult` of a price or a failure. */
export const resultOf = (offer: Offer, price: EffectivePrice | NormalizeFailure): NormalizeResult =>
  price instanceof NormalizeFailure
    ? {
        ok: false,
        offer,
        exclusion: { offerKey: offerKey(offer), code: price.code, message: price.message },
      }
    : { ok: true, offer: withPrice(offer, price) };

/**
 * Runs the shared normalization with one pricing model's rule. Never throws: every failure comes
 * back as an exclusion (`unknown-gpu`, `invalid-price`, `unpriced`) with a sentence saying why.
 */
export const normalizeWith = (offer: Offer, ctx: NormalizeContext, rule: PricingRule): NormalizeResult =>
  resultOf(offer, priceWith(offer, ctx, rule));
