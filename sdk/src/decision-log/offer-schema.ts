import * as v from "valibot";
import { type GpuModelId, isGpuModelId } from "../catalog/gpus.ts";
import { objectMessage } from "../constraints.ts";
import type { TokenPrice } from "../effective-price.ts";
import { type Offer, PRICING_MODELS, type PriceScope, type PriceTimeUnit } from "../offer.ts";
import type { Region } from "../region.ts";

// These schemas check structure only (types, finite numbers, known enum values, no unknown fields).
// Whether an offer makes sense (a positive price, a GPU count of 1 or more) is the normalizer's call,
// and its answer is an exclusion in the log, not a refused log: a log must record every offer looked at.
// TODO [2027-03-01]: move OfferSchema next to the Offer type in offer.ts once that file grows one.

const PRICE_TIME_UNITS = [
  "second",
  "minute",
  "hour",
  "day",
  "month",
  "block",
] as const satisfies readonly PriceTimeUnit[];
const PRICE_SCOPES = ["gpu", "instance"] as const satisfies readonly PriceScope[];

/** A finite number (JSON has no NaN or Infinity, and canonical JSON refuses them). */
export const finite = (name: string) =>
  v.pipe(v.number(`${name} must be a number`), v.finite(`${name} must be a finite number`));

export const text = (name: string) => v.string(`${name} must be a string`);

const nonEmptyText = (name: string) => v.pipe(text(name), v.minLength(1, `${name} must not be empty`));

const MoneySchema = v.strictObject(
  { amount: text("amount"), currency: text("currency"), decimals: v.optional(finite("decimals")) },
  objectMessage("money"),
);

const PriceExtraSchema = v.strictObject(
  {
    label: text("label"),
    money: v.optional(MoneySchema),
    per: v.optional(v.picklist(PRICE_TIME_UNITS, `per must be one of ${PRICE_TIME_UNITS.join(", ")}`)),
    scope: v.optional(v.picklist(PRICE_SCOPES, `scope must be one of ${PRICE_SCOPES.join(", ")}`)),
    percentOfBase: v.optional(finite("percentOfBase")),
  },
  objectMessage("extra"),
);

const PricingSchema = v.strictObject(
  {
    model: v.picklist(PRICING_MODELS, `model must be one of ${PRICING_MODELS.join(", ")}`),
    price: MoneySchema,
    per: v.picklist(PRICE_TIME_UNITS, `per must be one of ${PRICE_TIME_UNITS.join(", ")}`),
    scope: v.picklist(PRICE_SCOPES, `scope must be one of ${PRICE_SCOPES.join(", ")}`),
    blockSeconds: v.optional(finite("blockSeconds")),
    extras: v.optional(v.array(PriceExtraSchema, "extras must be a list")),
    dynamic: v.optional(
      v.strictObject(
        { slopeBps: finite("slopeBps"), utilizationBps: finite("utilizationBps") },
        objectMessage("dynamic"),
      ),
    ),
    interruptionPerHour: v.optional(finite("interruptionPerHour")),
  },
  objectMessage("pricing"),
);

const AVAILABILITY_LEVELS = ["high", "low", "none", "unknown"] as const;

const AvailabilitySchema = v.strictObject(
  {
    level: v.picklist(AVAILABILITY_LEVELS, `level must be one of ${AVAILABILITY_LEVELS.join(", ")}`),
    gpus: v.optional(finite("gpus")),
    hourOfWeekMask: v.optional(text("hourOfWeekMask")),
  },
  objectMessage("availability"),
);

const GpuModelSchema = v.custom<GpuModelId | "unknown">(
  (input) => input === "unknown" || (typeof input === "string" && isGpuModelId(input)),
  (issue) =>
    `gpuModel ${JSON.stringify(issue.input) ?? String(issue.input)} is neither a known model nor "unknown"`,
);

// Region is a string type; a malformed one is a matching question (`regionWithin` says no), not a
// structural one.
const RegionSchema = v.custom<Region>((input) => typeof input === "string", "region must be a string");

/** One candidate `Offer` exactly as it was considered (raw pricing, source, fetchedAt). */
export const OfferSchema = v.strictObject(
  {
    providerId: nonEmptyText("providerId"),
    offerId: nonEmptyText("offerId"),
    gpuModel: GpuModelSchema,
    gpuName: text("gpuName"),
    gpuCount: finite("gpuCount"),
    vramGb: finite("vramGb"),
    region: RegionSchema,
    location: v.optional(text("location")),
    pricing: PricingSchema,
    availability: AvailabilitySchema,
    interruptible: v.boolean("interruptible must be true or false"),
    reliability: v.optional(finite("reliability")),
    latencyMs: v.optional(finite("latencyMs")),
    rating: v.optional(finite("rating")),
    fetchedAt: finite("fetchedAt"),
    source: v.picklist(["live", "snapshot", "chain"], "source must be live, snapshot or chain"),
    sourceUrl: v.optional(text("sourceUrl")),
    listing: v.optional(
      v.strictObject(
        { chainId: finite("chainId"), listingId: text("listingId"), provider: text("provider") },
        objectMessage("listing"),
      ),
    ),
  },
  objectMessage("offer"),
);

/** A token price the normalizer was given (`oracleQuotes`). */
export const TokenPriceSchema = v.strictObject(
  {
    symbol: nonEmptyText("symbol"),
    usd: finite("usd"),
    sources: v.array(text("source"), "sources must be a list"),
    at: finite("at"),
  },
  objectMessage("token price"),
);

// Compile-time proof that the schemas describe exactly the shared types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const offerShape: Same<v.InferOutput<typeof OfferSchema>, Offer> = true;
const tokenPriceShape: Same<v.InferOutput<typeof TokenPriceSchema>, TokenPrice> = true;
void offerShape;
void tokenPriceShape;
