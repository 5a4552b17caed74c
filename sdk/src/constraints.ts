import * as v from "valibot";
import { type GpuModelId, isGpuModelId } from "./catalog/gpus.ts";
import { type Exclusion, offerKey, type PricedOffer } from "./effective-price.ts";
import { PRICING_MODELS, type PricingModel } from "./offer.ts";
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

/**
 * Formats two numbers with the fewest decimals (at least 2) that tell them apart, so a message never
 * reads "1.50 is over the 1.50 budget". `toFixed` and `String` are exactly specified by ECMAScript, so
 * the text is identical on every platform (messages are part of the logged, replayed exclusions).
 */
export const formatPair = (value: number, limit: number): [string, string] => {
  for (let decimals = 2; decimals <= 8; decimals++) {
    const pair: [string, string] = [value.toFixed(decimals), limit.toFixed(decimals)];
    if (pair[0] !== pair[1]) return pair;
  }
  return [String(value), String(limit)];
};

const list = (items: readonly string[]): string => items.join(", ");

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
 */
export const matches = (offer: PricedOffer, c: Constraints): Exclusion | undefined => {
  const key = offerKey(offer);
  const fail = (code: Exclusion["code"], message: string): Exclusion => ({ offerKey: key, code, message });

  const price = offer.price.usdPerGpuHour;
  if (c.maxUsdPerGpuHour !== undefined && !(price <= c.maxUsdPerGpuHour)) {
    const [shown, budget] = formatPair(price, c.maxUsdPerGpuHour);
    return fail("over-budget", `${shown} USD/GPU-h is over the ${budget} budget`);
  }
  if (c.gpuModels !== undefined && !c.gpuModels.some((model) => model === offer.gpuModel)) {
    return fail("gpu-model", `GPU ${offer.gpuModel} is not one of ${list(c.gpuModels)}`);
  }
  if (c.minGpus !== undefined && !(offer.gpuCount >= c.minGpus)) {
    return fail("min-gpus", `${offer.gpuCount} GPUs per instance is fewer than the ${c.minGpus} needed`);
  }
  if (c.minVramGb !== undefined && !(offer.vramGb >= c.minVramGb)) {
    return fail("min-vram", `${offer.vramGb} GB VRAM per GPU is less than the ${c.minVramGb} GB needed`);
  }
  if (c.regions !== undefined && !c.regions.some((wanted) => regionWithin(offer.region, wanted))) {
    return fail("region", `region ${offer.region} is not within ${c.regions.join(" or ")}`);
  }
  if (c.excludePricingModels?.includes(offer.pricing.model)) {
    return fail("pricing-model", `pricing model ${offer.pricing.model} is excluded`);
  }
  if (c.excludeProviders?.includes(offer.providerId)) {
    return fail("provider", `provider ${offer.providerId} is excluded`);
  }
  if (c.minReliability !== undefined) {
    const reliability = offer.reliability;
    if (reliability === undefined) {
      return fail("reliability", `reliability is not published (minimum ${String(c.minReliability)})`);
    }
    if (!(reliability >= c.minReliability)) {
      const [shown, minimum] = formatPair(reliability, c.minReliability);
      return fail("reliability", `reliability ${shown} is below the ${minimum} minimum`);
    }
  }
  if (offer.availability.level === "none") return fail("availability", "no capacity is available");
  const mask = offer.availability.hourOfWeekMask;
  if (c.window !== undefined && mask !== undefined) {
    const missing = firstUnavailableHour(mask, c.window);
    if (missing === "malformed") return fail("availability", "the availability schedule is malformed");
    if (missing !== undefined) {
      return fail("availability", `not available ${hourLabel(missing)}, inside the requested window`);
    }
  }
  return undefined;
};
