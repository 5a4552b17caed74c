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
import { invalidPrice, NormalizeError } from "./errors.ts";
import { expectedUsdPerGpuHour } from "./interruption.ts";
import { compare, div, mul, type Ratio, ratio, ratioFromNumber, sum, toNumber, ZERO } from "./rational.ts";
import { AKASH_BLOCK_SECONDS, AKASH_PROVIDER_ID, parseMoney, perGpuHour, usdPerUnit } from "./units.ts";

/** Offers older than this are labelled stale unless the context says otherwise: 6 hours. */
export const DEFAULT_STALE_AFTER_MS = 6 * 60 * 60 * 1000;

/** One part of a price before currency conversion: `amount` units of `currency` per GPU-hour, exact. */
export interface CurrencyTerm {
  label: string;
  amount: Ratio;
  currency: string;
}

/** What a pricing model adds to the shared steps: how to read its base, and its interruption default. */
export interface PricingRule {
  /** The base price terms, validated (throw `NormalizeError` on bad input). Summed for percent extras. */
  base: (offer: Offer) => CurrencyTerm[];
  /** Interruptible models only: the interruption probability per hour when the offer gives none. */
  defaultInterruptionPerHour?: number;
}

/** `pricing.blockSeconds`, or Akash's 6 s for Akash offers; undefined otherwise (invalid if needed). */
export const blockSecondsOf = (offer: Offer): number | undefined =>
  offer.pricing.blockSeconds ?? (offer.providerId === AKASH_PROVIDER_ID ? AKASH_BLOCK_SECONDS : undefined);

/** The base price of every model but `dynamic`: `pricing.price` per `per` per `scope`, one term. */
export const moneyBase = (offer: Offer): CurrencyTerm[] => {
  const { pricing } = offer;
  const money = parseMoney(pricing.price, "price");
  const amount = perGpuHour(money.amount, pricing.per, pricing.scope, offer.gpuCount, blockSecondsOf(offer));
  return [{ label: "base", amount, currency: money.currency }];
};

type ExtraTerm = { kind: "flat"; term: CurrencyTerm } | { kind: "percent"; label: string; percent: Ratio };

const readExtra = (offer: Offer, extra: PriceExtra, index: number): ExtraTerm => {
  const label =
    typeof extra?.label === "string" && extra.label.trim() !== "" ? extra.label : `extra ${index + 1}`;
  const what = `extra "${label}"`;
  if ((extra.money === undefined) === (extra.percentOfBase === undefined)) {
    throw invalidPrice(`${what} needs exactly one of money or percentOfBase`);
  }
  if (extra.percentOfBase !== undefined) {
    const percent = ratioFromNumber(extra.percentOfBase);
    if (percent === undefined || compare(percent, ZERO) < 0) {
      throw invalidPrice(`${what}: percentOfBase ${extra.percentOfBase} is not a non-negative number`);
    }
    return { kind: "percent", label, percent };
  }
  const money = parseMoney(extra.money as NonNullable<PriceExtra["money"]>, what, true);
  const { pricing } = offer;
  // An extra without its own unit or scope is quoted like the base price.
  const amount = perGpuHour(
    money.amount,
    extra.per ?? pricing.per,
    extra.scope ?? pricing.scope,
    offer.gpuCount,
    blockSecondsOf(offer),
  );
  return { kind: "flat", term: { label, amount, currency: money.currency } };
};

const checkOffer = (offer: Offer, ctx: NormalizeContext): void => {
  if (offer.gpuModel === "unknown") {
    throw new NormalizeError("unknown-gpu", `the GPU "${offer.gpuName}" did not resolve to a catalog model`);
  }
  if (!isGpuModelId(offer.gpuModel)) {
    throw new NormalizeError("unknown-gpu", `"${offer.gpuModel}" is not a GPU model in the catalog`);
  }
  if (typeof offer.gpuCount !== "number" || !Number.isFinite(offer.gpuCount) || offer.gpuCount <= 0) {
    throw invalidPrice(`gpuCount ${offer.gpuCount} is not a positive number`);
  }
  if (
    typeof offer.pricing !== "object" ||
    offer.pricing === null ||
    typeof offer.pricing.price !== "object"
  ) {
    throw invalidPrice("the offer has no pricing");
  }
  if (!Number.isFinite(offer.fetchedAt)) throw invalidPrice(`fetchedAt ${offer.fetchedAt} is not a time`);
  if (!Number.isFinite(ctx.now)) throw invalidPrice(`the context's now (${ctx.now}) is not a time`);
  const staleAfterMs = ctx.staleAfterMs;
  if (staleAfterMs !== undefined && !(Number.isFinite(staleAfterMs) && staleAfterMs >= 0)) {
    throw invalidPrice(`the context's staleAfterMs (${staleAfterMs}) is not a non-negative duration`);
  }
};

// Enough for any realistic number of parts: the walk needs about (parts)² ulps of the smallest step.
const MAX_NUDGE_STEPS = 4096;

const bits = new DataView(new ArrayBuffer(8));

/** The adjacent double above (`up`) or below a finite non-zero `value`, by its IEEE 754 bit pattern. */
const stepUlp = (value: number, up: boolean): number => {
  bits.setFloat64(0, value);
  const pattern = bits.getBigUint64(0);
  // For positive doubles the bit pattern grows with the value; for negative ones it shrinks.
  bits.setBigUint64(0, up === value > 0 ? pattern + 1n : pattern - 1n);
  return bits.getFloat64(0);
};

const sumLeftToRight = (parts: readonly PriceComponent[]): number =>
  parts.reduce((total, part) => total + part.usdPerGpuHour, 0);

/**
 * Rounds the exact total once (so it is the nearest double to the true price, and monotonic in every
 * input), rounds each part, then walks one part, largest first, ulp by ulp until the parts summed left
 * to right equal the total to the bit. The float sum is monotonic in each part and a part's ulp is at
 * most the total's, so the walk reaches the total unless a rounding tie skips it; then the next part
 * is tried. Parts move by a few ulps at most. If no part worked (not seen in property tests) the
 * total falls back to the parts' sum, so the two always agree.
 */
const itemize = (
  parts: readonly { label: string; usd: Ratio }[],
): {
  breakdown: PriceComponent[];
  usdPerGpuHour: number;
} => {
  const breakdown = parts.map((part) => ({ label: part.label, usdPerGpuHour: toNumber(part.usd) }));
  const total = toNumber(sum(parts.map((part) => part.usd)));
  const byMagnitude = breakdown
    .map((part, index) => ({ index, value: part.usdPerGpuHour }))
    .filter((part) => part.value > 0)
    .sort((a, b) => b.value - a.value || a.index - b.index);
  for (const { index, value } of byMagnitude) {
    const part = breakdown[index] as PriceComponent;
    const up = sumLeftToRight(breakdown) < total;
    for (let step = 0; step < MAX_NUDGE_STEPS; step += 1) {
      const current = sumLeftToRight(breakdown);
      if (current === total || current < total !== up) break;
      part.usdPerGpuHour = stepUlp(part.usdPerGpuHour, up);
    }
    if (sumLeftToRight(breakdown) === total) break;
    part.usdPerGpuHour = value;
  }
  return { breakdown, usdPerGpuHour: sumLeftToRight(breakdown) };
};

const readInterruption = (offer: Offer, fallback: number): number => {
  const probability = offer.pricing.interruptionPerHour ?? fallback;
  if (!(Number.isFinite(probability) && probability >= 0 && probability <= 1)) {
    throw invalidPrice(`interruptionPerHour ${probability} is not a probability in 0..1`);
  }
  return probability;
};

/**
 * The shared steps after a model has read its base: extras, currency conversion, breakdown, expected
 * price, price per TFLOP, age. Validates everything before looking up any token price, so a bad
 * offer is reported as `invalid-price` even when its token is also unpriced.
 */
const effectivePrice = (offer: Offer, ctx: NormalizeContext, rule: PricingRule): EffectivePrice => {
  checkOffer(offer, ctx);
  const baseTerms = rule.base(offer);
  const extras = (offer.pricing.extras ?? []).map((extra, index) => readExtra(offer, extra, index));
  const interruptionPerHour =
    rule.defaultInterruptionPerHour === undefined
      ? undefined
      : readInterruption(offer, rule.defaultInterruptionPerHour);

  let tokenPrice: TokenPrice | undefined;
  const toUsd = (term: CurrencyTerm): Ratio => {
    const unit = usdPerUnit(term.currency, ctx.tokenPrices);
    // The first token met (base before extras) is the one the offer is "denominated in".
    tokenPrice ??= unit.tokenPrice;
    return mul(term.amount, unit.usd);
  };
  const baseUsd = baseTerms.map((term) => ({ label: term.label, usd: toUsd(term) }));
  const baseTotal = sum(baseUsd.map((part) => part.usd));
  const extraUsd = extras.map((extra) =>
    extra.kind === "flat"
      ? { label: extra.term.label, usd: toUsd(extra.term) }
      : { label: extra.label, usd: div(mul(baseTotal, extra.percent), ratio(100n)) },
  );

  const { breakdown, usdPerGpuHour } = itemize([...baseUsd, ...extraUsd]);
  if (!Number.isFinite(usdPerGpuHour)) throw invalidPrice("the price is out of range");

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
 * Runs the shared normalization with one pricing model's rule. Never throws: every failure comes
 * back as an exclusion (`unknown-gpu`, `invalid-price`, `unpriced`) with a sentence saying why.
 */
export const normalizeWith = (offer: Offer, ctx: NormalizeContext, rule: PricingRule): NormalizeResult => {
  try {
    return { ok: true, offer: { ...offer, price: effectivePrice(offer, ctx, rule) } };
  } catch (error) {
    // Anything else that escapes is still a price we cannot stand behind: exclude, do not crash a ranking.
    const failure =
      error instanceof NormalizeError
        ? error
        : invalidPrice(
            `the offer could not be priced: ${error instanceof Error ? error.message : String(error)}`,
          );
    return {
      ok: false,
      offer,
      exclusion: { offerKey: offerKey(offer), code: failure.code, message: failure.message },
    };
  }
};
