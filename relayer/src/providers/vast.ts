import { type GpuMatch, gpuSpec, type Offer, type Pricing, regionFromLocation, resolveGpu } from "@necto/sdk";
import * as v from "valibot";
import { HttpClient } from "../http/http-client.ts";
import type { AdapterOptions, FetchContext, ProviderAdapter } from "./adapter.ts";
import { parseResponse } from "./parse-response.ts";

const ID = "vast";
const DEFAULT_BASE_URL = "https://console.vast.ai";
const PATH = "/api/v0/bundles/";

/**
 * The search body (research §2.4, vast-ai/docs search_offers.yaml): the CLI's defaults, on-demand pricing,
 * cheapest first. `rented` is not a server-side filter (the server drops it), so rented offers are also
 * dropped here. Storage in the prices is at Vast's default allocation (8 GB).
 */
export const VAST_SEARCH = {
  verified: { eq: true },
  rentable: { eq: true },
  rented: { eq: false },
  type: "ondemand",
  order: [["dph_total", "asc"]],
  limit: 1000,
} as const;

const Usd = v.pipe(v.number(), v.minValue(0));

const BundlesSchema = v.object({
  offers: v.array(
    v.object({
      id: v.pipe(v.number(), v.integer()),
      num_gpus: v.pipe(v.number(), v.integer(), v.minValue(0)),
      gpu_name: v.string(),
      /** MB (MiB, as nvidia-smi counts) per GPU. */
      gpu_ram: v.pipe(v.number(), v.minValue(0)),
      /** USD per hour for the whole offer, storage included. */
      dph_total: Usd,
      /** USD per hour without storage. */
      dph_base: v.optional(v.nullable(Usd)),
      /** USD per hour, the least an interruptible (`type: bid`) rental may bid for the whole offer. */
      min_bid: v.nullable(Usd),
      search: v.optional(v.object({ diskHour: Usd })),
      reliability: v.optional(v.nullable(v.number())),
      reliability2: v.optional(v.nullable(v.number())),
      /** Free text, country code last ("Texas, US"). */
      geolocation: v.optional(v.nullable(v.string())),
      rentable: v.optional(v.boolean()),
      rented: v.optional(v.boolean()),
    }),
  ),
});

type BundleOffer = v.InferOutput<typeof BundlesSchema>["offers"][number];

/**
 * Vast.ai marketplace offers (`POST /api/v0/bundles/`; research §2.4). Search works without a key, so the
 * adapter is enabled without one; a configured key is sent as Bearer. Each machine offer is two offers:
 * the on-demand ask (`dph_total` for the whole machine, storage included) and an interruptible bid at
 * `min_bid` plus the same storage, which is what a bid at the floor costs (a winning bid may sit higher).
 */
export const vastAdapter = (options: AdapterOptions = {}): ProviderAdapter => {
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  // Search offers: 10 requests/minute per IP (x-rate-limit in search_offers.yaml).
  const http = options.http ?? new HttpClient({ minIntervalMs: 6_000 });
  return {
    id: ID,
    name: "Vast.ai",
    ttlMs: 2 * 60_000,
    async fetchOffers(ctx: FetchContext): Promise<Offer[]> {
      const body = await http.json(`${baseUrl}${PATH}`, {
        method: "POST",
        json: VAST_SEARCH,
        headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
        signal: ctx.signal,
      });
      const { offers } = parseResponse(ID, BundlesSchema, body);
      return offers
        .filter((offer) => offer.rented !== true && offer.rentable !== false && offer.num_gpus > 0)
        .flatMap((offer) => offersOf(offer, ctx.now));
    },
  };
};

const offersOf = (offer: BundleOffer, now: number): Offer[] => {
  const vramGb = offer.gpu_ram / 1024;
  const match = resolveGpu(offer.gpu_name, { vramGb });
  const reliability = offer.reliability2 ?? offer.reliability;
  const base: Omit<Offer, "offerId" | "pricing" | "interruptible"> = {
    providerId: ID,
    gpuModel: match.id,
    gpuName: offer.gpu_name,
    gpuCount: offer.num_gpus,
    vramGb: vramGbOf(match, vramGb),
    region: regionFromLocation(offer.geolocation ?? ""),
    ...(offer.geolocation ? { location: offer.geolocation } : {}),
    availability: { level: "high", gpus: offer.num_gpus },
    ...(typeof reliability === "number" && reliability >= 0 && reliability <= 1 ? { reliability } : {}),
    fetchedAt: now,
    source: "live",
    sourceUrl: `${DEFAULT_BASE_URL}${PATH}`,
  };
  const onDemand: Offer = {
    ...base,
    offerId: String(offer.id),
    pricing: {
      model: "fixed",
      price: { amount: String(offer.dph_total), currency: "USD" },
      per: "hour",
      scope: "instance",
    },
    interruptible: false,
  };
  const storage = storageUsdPerHour(offer);
  if (offer.min_bid === null || offer.min_bid <= 0 || storage === undefined) return [onDemand];
  const spot: Pricing = {
    model: "spot",
    price: { amount: String(offer.min_bid), currency: "USD" },
    per: "hour",
    scope: "instance",
  };
  if (storage > 0) {
    spot.extras = [
      {
        label: "storage",
        money: { amount: String(storage), currency: "USD" },
        per: "hour",
        scope: "instance",
      },
    ];
  }
  return [onDemand, { ...base, offerId: `${offer.id}:bid`, pricing: spot, interruptible: true }];
};

/**
 * The storage part of the price, USD per hour: `search.diskHour`, else `dph_total - dph_base` (rounded to
 * 9 decimals to drop the float subtraction's noise; Vast's prices have 6 at most). Undefined when neither
 * is given or the difference is negative: a bid price without its storage would look too cheap.
 */
const storageUsdPerHour = (offer: BundleOffer): number | undefined => {
  if (offer.search) return offer.search.diskHour;
  if (offer.dph_base === undefined || offer.dph_base === null) return undefined;
  const storage = Number((offer.dph_total - offer.dph_base).toFixed(9));
  return storage >= 0 ? storage : undefined;
};

/** VRAM per GPU: the catalog's for a known model (24 GB, not the 23.99 nvidia-smi reports), else Vast's. */
const vramGbOf = (match: GpuMatch, statedGb: number): number =>
  match.id === "unknown" ? Math.round(statedGb * 100) / 100 : gpuSpec(match.id).vramGb;
