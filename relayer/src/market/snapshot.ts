import { readFileSync } from "node:fs";
import {
  type GpuModelId,
  isGpuModelId,
  isRegion,
  type Offer,
  OfferSchema,
  objectMessage,
  offerKey,
  type Region,
} from "@necto/sdk";
import * as v from "valibot";

/** The bundled snapshot: prices copied from providers' public pages and docs, each with its source. */
export const SNAPSHOT_FILE = new URL("./snapshot/offers.json", import.meta.url);

/** Where one snapshot number comes from: the page or file, the date it states, and the exact row quoted. */
export interface SnapshotCitation {
  /** The file or page the quote is in (a GitHub blob at a fixed commit where there is one). */
  url: string;
  /** The date the source states for the number (YYYY-MM-DD); the offer's `fetchedAt` is that day. */
  retrieved: string;
  /** The row or sentence the number was copied from, verbatim. */
  quote: string;
  /** The provider's own page the source transcribed, when it names one. */
  page?: string;
  /** What a reader must know to read the number right (a median, a "from" rate, where a fee comes from). */
  note?: string;
}

export interface Snapshot {
  /** Unix ms of the newest source in the snapshot. */
  takenAt: number;
  /** Offers exactly as the providers price them, `source: "snapshot"`, `fetchedAt` the source's date. */
  offers: Offer[];
  /** The citation of each offer, by `offerKey`. */
  citations: ReadonlyMap<string, SnapshotCitation>;
}

/** The bundled snapshot file is missing, unreadable or does not have the shape below: a startup error. */
export class SnapshotError extends Error {
  override readonly name = "SnapshotError";
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
// A plain positive decimal as a provider writes it ("3.99", "21.957642", "5.00"); no signs or exponents.
const POSITIVE_DECIMAL = /^(?:0|[1-9]\d*)(?:\.\d+)?$/;

const dayMs = (isoDate: string): number => Date.parse(`${isoDate}T00:00:00Z`);

const IsoDateSchema = (name: string) =>
  v.pipe(
    v.string(`${name} must be a string`),
    v.regex(ISO_DATE, `${name} must be a date YYYY-MM-DD`),
    v.check((text) => Number.isFinite(dayMs(text)), `${name} must be a real date`),
  );

const UrlSchema = (name: string) =>
  v.pipe(v.string(`${name} must be a string`), v.url(`${name} must be a URL`));

const CitationSchema = v.strictObject(
  {
    url: UrlSchema("citation.url"),
    retrieved: IsoDateSchema("citation.retrieved"),
    quote: v.pipe(v.string("citation.quote must be a string"), v.minLength(1, "citation.quote is empty")),
    page: v.optional(UrlSchema("citation.page")),
    note: v.optional(v.string("citation.note must be a string")),
  },
  objectMessage("citation"),
);

// The price must be a plain positive decimal, checked on pricing so that the error names pricing.price.amount.
const SnapshotPricingSchema = v.pipe(
  OfferSchema.entries.pricing,
  v.forward(
    v.check(
      (pricing) => POSITIVE_DECIMAL.test(pricing.price.amount) && Number(pricing.price.amount) > 0,
      (issue) =>
        `amount ${JSON.stringify((issue.input as { price: { amount: unknown } }).price.amount)} is not a positive decimal string`,
    ),
    ["price", "amount"],
  ),
);

// A snapshot offer is an sdk Offer (OfferSchema checks the structure) held to more than a log entry is:
// its GPU resolved to a catalog model, a well-formed region, a positive price, a source URL and a citation.
const SnapshotOfferSchema = v.pipe(
  v.strictObject(
    {
      ...OfferSchema.entries,
      gpuModel: v.custom<GpuModelId>(
        (input) => typeof input === "string" && isGpuModelId(input),
        (issue) => `gpuModel ${JSON.stringify(issue.input)} is not a model in the sdk catalog`,
      ),
      region: v.custom<Region>(
        (input) => typeof input === "string" && isRegion(input),
        (issue) => `region ${JSON.stringify(issue.input)} is not a country code, a region group or "unknown"`,
      ),
      gpuCount: v.pipe(
        v.number("gpuCount must be a number"),
        v.integer("gpuCount must be a whole number"),
        v.minValue(1, "gpuCount must be at least 1"),
      ),
      vramGb: v.pipe(v.number("vramGb must be a number"), v.gtValue(0, "vramGb must be positive")),
      pricing: SnapshotPricingSchema,
      source: v.literal("snapshot", 'source must be "snapshot"'),
      sourceUrl: UrlSchema("sourceUrl"),
      citation: CitationSchema,
    },
    objectMessage("offer"),
  ),
  v.forward(
    v.check(
      (offer) => offer.fetchedAt === dayMs(offer.citation.retrieved),
      "fetchedAt must be the citation's date (citation.retrieved) at 00:00 UTC",
    ),
    ["fetchedAt"],
  ),
  v.forward(
    v.check((offer) => offer.sourceUrl === offer.citation.url, "sourceUrl must be the citation's url"),
    ["sourceUrl"],
  ),
);

const SnapshotFileSchema = v.strictObject(
  {
    schemaVersion: v.literal(1, "schemaVersion must be 1"),
    takenAt: IsoDateSchema("takenAt"),
    note: v.string("note must be a string"),
    offers: v.pipe(
      v.array(SnapshotOfferSchema, "offers must be a list"),
      v.minLength(1, "offers must not be empty"),
    ),
  },
  objectMessage("the snapshot"),
);

/** `offers.3.pricing.price.amount` → `offer akash:snapshot:h100-80gb-sxm5 (offers[3]) field pricing.price.amount`. */
const describeIssue = (raw: unknown, issue: v.BaseIssue<unknown>): string => {
  const path = v.getDotPath(issue) ?? "";
  const match = /^offers\.(\d+)(?:\.(.+))?$/.exec(path);
  if (!match) return `${path === "" ? "file" : `field ${path}`}: ${issue.message}`;
  const index = Number(match[1]);
  const entry = (raw as { offers?: unknown[] }).offers?.[index] as
    | { providerId?: unknown; offerId?: unknown }
    | undefined;
  const key =
    typeof entry?.providerId === "string" && typeof entry.offerId === "string"
      ? `${entry.providerId}:${entry.offerId} `
      : "";
  return `offer ${key}(offers[${index}]) field ${match[2] ?? "(the offer itself)"}: ${issue.message}`;
};

/** Checks a parsed snapshot file and turns it into offers; throws `SnapshotError` naming offer and field. */
export const parseSnapshot = (raw: unknown, origin = "snapshot"): Snapshot => {
  const result = v.safeParse(SnapshotFileSchema, raw);
  if (!result.success) {
    const problems = result.issues.map((issue) => describeIssue(raw, issue));
    throw new SnapshotError(`${origin} is broken: ${problems.slice(0, 5).join("; ")}`);
  }
  const takenAt = dayMs(result.output.takenAt);
  const offers: Offer[] = [];
  const citations = new Map<string, SnapshotCitation>();
  for (const [index, { citation, ...offer }] of result.output.offers.entries()) {
    const key = offerKey(offer);
    if (citations.has(key)) {
      throw new SnapshotError(`${origin} is broken: offer ${key} (offers[${index}]) field offerId: repeats`);
    }
    if (offer.fetchedAt > takenAt) {
      throw new SnapshotError(
        `${origin} is broken: offer ${key} (offers[${index}]) field fetchedAt: newer than takenAt ${result.output.takenAt}`,
      );
    }
    offers.push(offer);
    citations.set(key, citation);
  }
  return { takenAt, offers, citations };
};

/**
 * Loads the bundled, dated snapshot of provider offers, used when the network is unreachable. A broken
 * file is an error at startup that names the offer and field, never a silently empty market.
 */
export const loadSnapshot = (file: string | URL = SNAPSHOT_FILE): Snapshot => {
  const origin = `snapshot file ${file instanceof URL ? file.pathname : file}`;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new SnapshotError(`${origin} cannot be read as JSON: ${(error as Error).message}`);
  }
  return parseSnapshot(raw, origin);
};
