import * as v from "valibot";
import { type GpuModelId, isGpuModelId } from "./catalog/gpus.ts";
import { type Exclusion, type ExclusionCode, offerKey, type PricedOffer } from "./effective-price.ts";
import { type Offer, PRICING_MODELS, type PricingModel } from "./offer.ts";
import { isRegion, type Region, regionWithin } from "./region.ts";

/**
 * The buyer's hard filters, applied to priced offers before ranking. Every field is optional; an absent
 * field filters nothing. Lists that say what is wanted (`gpuModels`, `regions`) must not be empty: the
 * schema rejects `[]` because "none of these" is never what a buyer means (omit the field instead).
 */
export interface Constraints {
  /** Budget: the highest effective price accepted, in USD per GPU-hour (inclusive). */
  maxUsdPerGpuHour?: number;
  /** Canonical GPU models accepted. */
  gpuModels?: GpuModelId[];
  /** GPUs per instance the buyer needs: offers with fewer GPUs per rentable instance fail. */
  minGpus?: number;
  /** VRAM per GPU in GB. */
  minVramGb?: number;
  /** Countries or groups accepted; an offer passes when its region is within one of them. */
  regions?: Region[];
  excludePricingModels?: PricingModel[];
  /** Provider ids (`Offer.providerId`) to leave out. */
  excludeProviders?: string[];
  /** 0..1. Offers that publish no reliability fail this filter (fail closed). */
  minReliability?: number;
  /** When the buyer wants the GPUs: checked against on-chain hour-of-week masks. */
  window?: { /** Unix epoch ms. */ startsAt: number; hours: number };
}

/** Why a constraints object was refused (`parseConstraints`). `issues` are "path: message" lines. */
export class ConstraintsError extends Error {
  override readonly name = "ConstraintsError";
  readonly code = "invalid-constraints";

  constructor(readonly issues: readonly string[]) {
    super(`invalid constraints: ${issues.join("; ")}`);
  }
}

// Schema

/** @internal Message for strict objects: names an unknown or missing field, not valibot's generic text. */
export const objectMessage =
  (what: string) =>
  (issue: v.BaseIssue<unknown>): string => {
    if (issue.expected === "never") return `unknown field "${String(issue.input)}" in ${what}`;
    if (issue.kind === "schema" && issue.path?.at(-1)?.origin === "key") {
      return `${what} is missing the field ${issue.expected ?? "?"}`;
    }
    return `${what} must be an object`;
  };

const finiteNumber = (name: string) =>
  v.pipe(v.number(`${name} must be a number`), v.finite(`${name} must be a finite number`));

const nonNegative = (name: string) => v.pipe(finiteNumber(name), v.minValue(0, `${name} must be 0 or more`));

const nonEmptyList = <T extends v.GenericSchema>(name: string, item: T) =>
  v.pipe(
    v.array(item, `${name} must be a list`),
    v.minLength(1, `${name} must not be empty (omit it to accept any)`),
  );

const GpuModelIdSchema = v.custom<GpuModelId>(
  (input) => typeof input === "string" && isGpuModelId(input),
  (issue) => `${JSON.stringify(issue.input) ?? String(issue.input)} is not a known GPU model id`,
);

// `unknown` is a label for offers we cannot place, not a place a buyer can ask for.
const WantedRegionSchema = v.custom<Region>(
  (input) => typeof input === "string" && input !== "unknown" && isRegion(input),
  (issue) =>
    `${JSON.stringify(issue.input) ?? String(issue.input)} is not a region ` +
    "(an upper-case ISO 3166-1 alpha-2 code such as DE, or a group such as group:eu)",
);

const WindowSchema = v.strictObject(
  {
    startsAt: v.pipe(
      v.number("window.startsAt must be a number (unix ms)"),
      v.safeInteger("window.startsAt must be a whole number of unix ms"),
      v.minValue(0, "window.startsAt must be 0 or more (unix ms)"),
    ),
    hours: v.pipe(finiteNumber("window.hours"), v.gtValue(0, "window.hours must be more than 0")),
  },
  objectMessage("window"),
);

/** Validates `Constraints`; every message names the field and what is wrong with it. */
export const ConstraintsSchema = v.strictObject(
  {
    maxUsdPerGpuHour: v.optional(nonNegative("maxUsdPerGpuHour")),
    gpuModels: v.optional(nonEmptyList("gpuModels", GpuModelIdSchema)),
    minGpus: v.optional(
      v.pipe(
        finiteNumber("minGpus"),
        v.integer("minGpus must be a whole number"),
        v.minValue(1, "minGpus must be 1 or more"),
      ),
    ),
    minVramGb: v.optional(nonNegative("minVramGb")),
    regions: v.optional(nonEmptyList("regions", WantedRegionSchema)),
    excludePricingModels: v.optional(
      v.array(
        v.picklist(PRICING_MODELS, `excludePricingModels takes ${PRICING_MODELS.join(", ")}`),
        "excludePricingModels must be a list",
      ),
    ),
    excludeProviders: v.optional(
      v.array(v.string("excludeProviders must hold provider ids"), "excludeProviders must be a list"),
    ),
    minReliability: v.optional(
      v.pipe(
        finiteNumber("minReliability"),
        v.minValue(0, "minReliability must be between 0 and 1"),
        v.maxValue(1, "minReliability must be between 0 and 1"),
      ),
    ),
    window: v.optional(WindowSchema),
  },
  objectMessage("constraints"),
);

// Compile-time proof that the schema and the interface describe the same shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesInterface: Same<v.InferOutput<typeof ConstraintsSchema>, Constraints> = true;
void schemaMatchesInterface;

/** @internal One readable line per valibot issue: `path: message` (or just the message at the root). */
export const issueLines = (issues: readonly v.BaseIssue<unknown>[]): string[] =>
  issues.map((issue) => {
    const path = v.getDotPath(issue);
    return path ? `${path}: ${issue.message}` : issue.message;
  });

/**
 * Checks untrusted input (a request body, a logged `request.structured`) against `ConstraintsSchema`.
 * @throws ConstraintsError listing every problem ("maxUsdPerGpuHour: maxUsdPerGpuHour must be 0 or more").
 */
export const parseConstraints = (input: unknown): Constraints => {
  const result = v.safeParse(ConstraintsSchema, input);
  if (!result.success) throw new ConstraintsError(issueLines(result.issues));
  return result.output;
};

// Matching

const HOUR_MS = 3_600_000;
const HOURS_PER_WEEK = 168;
// The unix epoch (1970-01-01 00:00 UTC) was a Thursday: 72 hours after Monday 00:00 UTC.
const EPOCH_HOUR_OF_WEEK = 72;
const DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
const FULL_WEEK_MASK = (1n << 168n) - 1n;

/** Hour of the week (0 = Monday 00:00–01:00 UTC) of the hour that contains `unixMs`. */
export const hourOfWeek = (unixMs: number): number => {
  const hour = Math.floor(unixMs / HOUR_MS);
  return (((hour + EPOCH_HOUR_OF_WEEK) % HOURS_PER_WEEK) + HOURS_PER_WEEK) % HOURS_PER_WEEK;
};

const hourLabel = (hour: number): string =>
  `${DAY_NAMES[Math.floor(hour / 24)] ?? "?"} ${String(hour % 24).padStart(2, "0")}:00 UTC`;

/**
 * The first hour of `window` (as an hour of the week) that `mask` does not cover, or undefined when all
 * are covered. Every hour the window touches counts, partly covered ones included; a window of a week
 * or more needs all 168 bits.
 * @returns `"malformed"` when the mask is not a decimal string (such offers fail: fail closed).
 */
export const firstUnavailableHour = (
  mask: string,
  window: NonNullable<Constraints["window"]>,
): number | "malformed" | undefined => {
  if (!/^[0-9]+$/.test(mask)) return "malformed";
  const bits = BigInt(mask) & FULL_WEEK_MASK;
  const first = Math.floor(window.startsAt / HOUR_MS);
  const span = Math.ceil((window.startsAt + window.hours * HOUR_MS) / HOUR_MS) - first;
  // A window the schema would refuse (NaN, negative) asks for every hour: fail closed, never open.
  const valid = Number.isFinite(window.startsAt) && span >= 1;
  const count = valid ? Math.min(span, HOURS_PER_WEEK) : HOURS_PER_WEEK;
  const start = valid ? hourOfWeek(window.startsAt) : 0;
  for (let i = 0; i < count; i++) {
    const hour = (start + i) % HOURS_PER_WEEK;
    if (((bits >> BigInt(hour)) & 1n) === 0n) return hour;
  }
  return undefined;
};

// Below 2^37 a double's ulp is at most 2^-16, so `value * 100` is within 2^-17 of the exact product.
const FAST_FIXED_LIMIT = 2 ** 30;
const HALF_STEP_MARGIN = 1e-5;

/**
 * `value.toFixed(2)`, the same text, without the engine's general conversion (about 120 ns, for every
 * over-budget offer) in the usual case: a non-negative price below 2^30. ECMAScript's toFixed takes the
 * integer n nearest to value × 100 (the larger on a tie); `value * 100` is within 2^-17 of that exact
 * product, so rounding the double half up gives the same n unless the product lies within 10^-5 of a
 * half-cent, where the engine decides.
 */
const toFixed2 = (value: number): string => {
  if (!(value >= 0 && value < FAST_FIXED_LIMIT)) return value.toFixed(2);
  const hundredths = value * 100;
  const whole = Math.floor(hundredths);
  // Exact (both on the same grid of doubles), and not within the margin of 0.5 below.
  const fraction = hundredths - whole;
  if (Math.abs(fraction - 0.5) <= HALF_STEP_MARGIN) return value.toFixed(2);
  const n = fraction > 0.5 ? whole + 1 : whole;
  const cents = n % 100;
  return `${(n - cents) / 100}.${cents < 10 ? "0" : ""}${cents}`;
};

const toFixedDecimals = (value: number, decimals: number): string =>
  decimals === 2 ? toFixed2(value) : value.toFixed(decimals);

/**
 * Formats two numbers with the fewest decimals (at least 2) that tell them apart, so a message never
 * reads "1.50 is over the 1.50 budget". `toFixed` and `String` are exactly specified by ECMAScript, so
 * the text is identical on every platform (messages are part of the logged, replayed exclusions).
 */
export const formatPair = (value: number, limit: number): [string, string] => {
  for (let decimals = 2; decimals <= 8; decimals++) {
    const pair: [string, string] = [toFixedDecimals(value, decimals), toFixedDecimals(limit, decimals)];
    if (pair[0] !== pair[1]) return pair;
  }
  return [String(value), String(limit)];
};

const list = (items: readonly string[]): string => items.join(", ");

/** `formatPair(value, limit)` for one fixed limit, with the limit's texts made once. */
const pairFormatter = (limit: number): ((value: number) => [string, string]) => {
  const limitTexts = new Map<number, string>();
  return (value) => {
    for (let decimals = 2; decimals <= 8; decimals++) {
      let limitText = limitTexts.get(decimals);
      if (limitText === undefined) {
        limitText = toFixedDecimals(limit, decimals);
        limitTexts.set(decimals, limitText);
      }
      const shown = toFixedDecimals(value, decimals);
      if (shown !== limitText) return [shown, limitText];
    }
    return [String(value), String(limit)];
  };
};

// The key is written only when an offer fails: a ranking needs it for its exclusions alone.
const exclusionOf = (offer: Offer, code: Exclusion["code"], message: string): Exclusion => ({
  offerKey: offerKey(offer),
  code,
  message,
});

/** @internal What `matches` checks, with the constraints read once: see `matcherFor`. */
export type OfferMatcher = (offer: Offer, usdPerGpuHour: number) => Exclusion | undefined;

/**
 * @internal `matches` for many offers under one `Constraints`: lists become sets, regions are looked
 * up once per distinct region, the budget's texts are made once. The offer's price is passed beside
 * it, so a ranking need not build a `PricedOffer` to check one. Same rules, order and messages as
 * `matches`; lists that are not arrays (unvalidated input) are read as `matches` always read them.
 */
export const matcherFor = (c: Constraints): OfferMatcher => ruleMatcher(c, true) as OfferMatcher;

/**
 * @internal The code of the first rule an offer fails, as `matcherFor` would report it, without making
 * the exclusion or its message: for quotes that list only a few exclusions but count them all.
 */
export const exclusionCodeFor = (
  c: Constraints,
): ((offer: Offer, usdPerGpuHour: number) => ExclusionCode | undefined) =>
  ruleMatcher(c, false) as (offer: Offer, usdPerGpuHour: number) => ExclusionCode | undefined;

/**
 * The rules of `matches` in their fixed order. The first failure comes back as an `Exclusion` with its
 * message when `full`, else as its code alone: nothing is formatted or allocated for it.
 */
const ruleMatcher = (
  c: Constraints,
  full: boolean,
): ((offer: Offer, price: number) => Exclusion | ExclusionCode | undefined) => {
  const budget = c.maxUsdPerGpuHour;
  const budgetPair = budget === undefined ? undefined : pairFormatter(budget);
  const models = c.gpuModels;
  const modelSet =
    Array.isArray(models) && models.every((model) => typeof model === "string")
      ? new Set<string>(models)
      : undefined;
  let modelsText: string | undefined;
  const regions = c.regions;
  const regionCache = Array.isArray(regions) ? new Map<unknown, boolean>() : undefined;
  let regionsText: string | undefined;
  const providers = c.excludeProviders;
  const providerSet = Array.isArray(providers) ? new Set<unknown>(providers) : undefined;
  const minReliability = c.minReliability;
  const reliabilityPair = minReliability === undefined ? undefined : pairFormatter(minReliability);
  const window = c.window;
  const maskCache = new Map<string, ReturnType<typeof firstUnavailableHour>>();
  // Most messages depend on one field of the offer: each distinct text is made once per matcher.
  const messages = new Map<string, Map<unknown, string>>();
  const message = (rule: string, value: unknown, write: () => string): string => {
    // Only strings: any other value could print differently each time (its own toString).
    if (typeof value !== "string") return write();
    let texts = messages.get(rule);
    if (texts === undefined) {
      texts = new Map();
      messages.set(rule, texts);
    }
    let text = texts.get(value);
    if (text === undefined) {
      text = write();
      texts.set(value, text);
    }
    return text;
  };

  const withinRegions = (region: Region): boolean => {
    const wanted = regions as Region[];
    if (regionCache === undefined) return wanted.some((candidate) => regionWithin(region, candidate));
    let within = regionCache.get(region);
    if (within === undefined) {
      within = wanted.some((candidate) => regionWithin(region, candidate));
      regionCache.set(region, within);
    }
    return within;
  };

  // Each rule returns its code alone unless `full`: counting exclusions costs no text and no object.
  return (offer, price) => {
    if (budget !== undefined && !(price <= budget)) {
      if (!full) return "over-budget";
      const [shown, limit] = (budgetPair as (value: number) => [string, string])(price);
      return exclusionOf(offer, "over-budget", `${shown} USD/GPU-h is over the ${limit} budget`);
    }
    if (
      models !== undefined &&
      !(modelSet !== undefined
        ? modelSet.has(offer.gpuModel)
        : models.some((model) => model === offer.gpuModel))
    ) {
      if (!full) return "gpu-model";
      modelsText ??= list(models);
      const text = message(
        "gpu-model",
        offer.gpuModel,
        () => `GPU ${offer.gpuModel} is not one of ${modelsText}`,
      );
      return exclusionOf(offer, "gpu-model", text);
    }
    if (c.minGpus !== undefined && !(offer.gpuCount >= c.minGpus)) {
      if (!full) return "min-gpus";
      return exclusionOf(
        offer,
        "min-gpus",
        `${offer.gpuCount} GPUs per instance is fewer than the ${c.minGpus} needed`,
      );
    }
    if (c.minVramGb !== undefined && !(offer.vramGb >= c.minVramGb)) {
      if (!full) return "min-vram";
      return exclusionOf(
        offer,
        "min-vram",
        `${offer.vramGb} GB VRAM per GPU is less than the ${c.minVramGb} GB needed`,
      );
    }
    if (regions !== undefined && !withinRegions(offer.region)) {
      if (!full) return "region";
      regionsText ??= regions.join(" or ");
      const text = message(
        "region",
        offer.region,
        () => `region ${offer.region} is not within ${regionsText}`,
      );
      return exclusionOf(offer, "region", text);
    }
    if (c.excludePricingModels?.includes(offer.pricing.model)) {
      if (!full) return "pricing-model";
      const model = offer.pricing.model;
      const text = message("pricing-model", model, () => `pricing model ${model} is excluded`);
      return exclusionOf(offer, "pricing-model", text);
    }
    if (
      providerSet !== undefined ? providerSet.has(offer.providerId) : providers?.includes(offer.providerId)
    ) {
      if (!full) return "provider";
      const provider = offer.providerId;
      const text = message("provider", provider, () => `provider ${provider} is excluded`);
      return exclusionOf(offer, "provider", text);
    }
    if (minReliability !== undefined) {
      const reliability = offer.reliability;
      if (reliability === undefined) {
        if (!full) return "reliability";
        return exclusionOf(
          offer,
          "reliability",
          `reliability is not published (minimum ${String(minReliability)})`,
        );
      }
      if (!(reliability >= minReliability)) {
        if (!full) return "reliability";
        const [shown, minimum] = (reliabilityPair as (value: number) => [string, string])(reliability);
        return exclusionOf(offer, "reliability", `reliability ${shown} is below the ${minimum} minimum`);
      }
    }
    if (offer.availability.level === "none") {
      return full ? exclusionOf(offer, "availability", "no capacity is available") : "availability";
    }
    const mask = offer.availability.hourOfWeekMask;
    if (window !== undefined && mask !== undefined) {
      let missing = typeof mask === "string" ? maskCache.get(mask) : undefined;
      if (missing === undefined && !(typeof mask === "string" && maskCache.has(mask))) {
        missing = firstUnavailableHour(mask, window);
        if (typeof mask === "string") maskCache.set(mask, missing);
      }
      if (missing === "malformed") {
        return full
          ? exclusionOf(offer, "availability", "the availability schedule is malformed")
          : "availability";
      }
      if (missing !== undefined) {
        if (!full) return "availability";
        return exclusionOf(
          offer,
          "availability",
          `not available ${hourLabel(missing)}, inside the requested window`,
        );
      }
    }
    return undefined;
  };
};

/**
 * The first constraint `offer` fails, or undefined when it passes all. Rules run in this fixed order
 * (the order of `ExclusionCode`), so an offer failing several always reports the same one:
 *
 * 1. `over-budget`: `price.usdPerGpuHour` above `maxUsdPerGpuHour`.
 * 2. `gpu-model`: `gpuModel` not in `gpuModels`.
 * 3. `min-gpus`: `gpuCount` below `minGpus`.
 * 4. `min-vram`: `vramGb` below `minVramGb`.
 * 5. `region`: `region` not within any of `regions` (see `regionWithin`; `unknown` is within none).
 * 6. `pricing-model`: `pricing.model` in `excludePricingModels`.
 * 7. `provider`: `providerId` in `excludeProviders`.
 * 8. `reliability`: `reliability` below `minReliability`, or not published (fail closed: an unknown
 *    uptime is not evidence of a good one, and the buyer asked for a guarantee).
 * 9. `availability`: `availability.level` is `none` (always checked, even with no constraints); or, with a
 *    `window`, an on-chain `hourOfWeekMask` missing any hour the window touches (a malformed mask
 *    fails). Offers without a mask pass the window check: only on-chain listings publish schedules.
 *
 * Comparisons are written so that NaN in the offer or the constraints fails rather than passes.
 * To check many offers against one `Constraints`, `matcherFor` reads the constraints once.
 */
export const matches = (offer: PricedOffer, c: Constraints): Exclusion | undefined => {
  // The key first, as ever: an offer whose key cannot be written fails here whatever the constraints.
  offerKey(offer);
  return matcherFor(c)(offer, offer.price.usdPerGpuHour);
};
