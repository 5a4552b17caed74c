import {
  type Availability,
  type GpuMatch,
  gpuSpec,
  type Offer,
  type PricingModel,
  resolveGpu,
} from "@necto/sdk";
import * as v from "valibot";
import { UpstreamError } from "../http/errors.ts";
import { HttpClient } from "../http/http-client.ts";
import {
  type AdapterOptions,
  type FetchContext,
  type ProviderAdapter,
  ProviderDriftError,
} from "./adapter.ts";
import { parseResponse } from "./parse-response.ts";

const ID = "runpod";
const DEFAULT_BASE_URL = "https://api.runpod.io";
const PATH = "/graphql";

// research/providers.md §2.2 A: the field set SkyPilot reads. Prices are USD per GPU-hour;
// lowestPrice for one GPU carries the stock signal.
const GPU_TYPES_QUERY = `query GpuTypes {
  gpuTypes {
    id displayName memoryInGb
    secureCloud communityCloud
    securePrice communityPrice secureSpotPrice communitySpotPrice
    lowestPrice(input: {gpuCount: 1}) { stockStatus maxUnreservedGpuCount }
  }
}`;

const Price = v.nullable(v.pipe(v.number(), v.minValue(0)));

const GpuTypesSchema = v.object({
  data: v.object({
    gpuTypes: v.array(
      v.object({
        id: v.string(),
        displayName: v.string(),
        memoryInGb: v.nullable(v.pipe(v.number(), v.minValue(0))),
        secureCloud: v.nullable(v.boolean()),
        communityCloud: v.nullable(v.boolean()),
        securePrice: Price,
        communityPrice: Price,
        secureSpotPrice: Price,
        communitySpotPrice: Price,
        lowestPrice: v.nullable(
          v.object({
            stockStatus: v.nullable(v.string()),
            maxUnreservedGpuCount: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0))),
          }),
        ),
      }),
    ),
  }),
});

// A GraphQL server answers 200 with `errors` for a query it rejects or could not run.
const ErrorsSchema = v.object({
  errors: v.optional(
    v.array(
      v.object({
        message: v.string(),
        extensions: v.optional(v.object({ code: v.optional(v.string()) })),
      }),
    ),
  ),
});

type GpuType = v.InferOutput<typeof GpuTypesSchema>["data"]["gpuTypes"][number];

/** The four ways RunPod sells a GPU type: cloud × on-demand or spot (no preemption notice, skypilot #5345). */
const PRICE_PATHS: readonly {
  suffix: string;
  cloud: "secureCloud" | "communityCloud";
  price: "securePrice" | "communityPrice" | "secureSpotPrice" | "communitySpotPrice";
  model: PricingModel;
}[] = [
  { suffix: "secure", cloud: "secureCloud", price: "securePrice", model: "fixed" },
  { suffix: "community", cloud: "communityCloud", price: "communityPrice", model: "fixed" },
  { suffix: "secure-spot", cloud: "secureCloud", price: "secureSpotPrice", model: "spot" },
  { suffix: "community-spot", cloud: "communityCloud", price: "communitySpotPrice", model: "spot" },
];

/**
 * RunPod GPU types through the GraphQL API (`POST /graphql`, `gpuTypes`; research §2.2 A). The price read
 * works without a key, so the adapter is enabled without one; a configured key is sent as Bearer.
 * ToS (research §6): RunPod refused systematic retrieval of its prices for a compilation or a market-data
 * product, so this runs with the operator's own key on the user's behalf (bring-your-own-key routing),
 * and its prices are compared, never republished.
 *
 * One offer per GPU type and price path (secure/community × on-demand/spot), only on the clouds the type
 * is on and for prices above 0 (RunPod fills in prices for clouds a type is not on). The stock signal of
 * `lowestPrice` covers the type across both clouds. The query gives no location, so the region is unknown.
 */
export const runpodAdapter = (options: AdapterOptions = {}): ProviderAdapter => {
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  // The quotas are per user and unpublished (research §2.2 B); one request per fetch, spaced politely.
  const http = options.http ?? new HttpClient({ minIntervalMs: 1_000 });
  return {
    id: ID,
    name: "RunPod",
    ttlMs: 5 * 60_000,
    async fetchOffers(ctx: FetchContext): Promise<Offer[]> {
      const body = await http.json(`${baseUrl}${PATH}`, {
        method: "POST",
        json: { query: GPU_TYPES_QUERY },
        headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
        signal: ctx.signal,
      });
      throwGraphqlErrors(parseResponse(ID, ErrorsSchema, body).errors);
      const { gpuTypes } = parseResponse(ID, GpuTypesSchema, body).data;
      return gpuTypes.flatMap((type) => offersOf(type, ctx.now));
    },
  };
};

/**
 * A rejected query (a field or argument RunPod removed) is drift; any other error (auth, an internal
 * failure) is the upstream failing. Partial data next to errors is never used.
 */
const throwGraphqlErrors = (errors: { message: string; extensions?: { code?: string } }[] | undefined) => {
  if (errors === undefined || errors.length === 0) return;
  const invalid = errors.filter(
    (e) =>
      e.extensions?.code === "GRAPHQL_VALIDATION_FAILED" ||
      /^(Cannot query field|Unknown argument|Unknown type)/.test(e.message),
  );
  if (invalid.length > 0)
    throw new ProviderDriftError(
      ID,
      invalid.map((e) => `query: ${e.message}`),
    );
  throw new UpstreamError(
    "http-error",
    `api.runpod.io answered with GraphQL errors: ${errors.map((e) => e.message).join("; ")}`.slice(0, 300),
  );
};

const offersOf = (type: GpuType, now: number): Offer[] => {
  const memoryInGb = type.memoryInGb ?? 0;
  const match = resolveGpu(type.id, { vramGb: memoryInGb });
  const availability = availabilityOf(type.lowestPrice);
  const offers: Offer[] = [];
  for (const path of PRICE_PATHS) {
    const price = type[path.price];
    if (type[path.cloud] !== true || price === null || price <= 0) continue;
    offers.push({
      providerId: ID,
      offerId: `${type.id}:${path.suffix}`,
      gpuModel: match.id,
      gpuName: type.id,
      gpuCount: 1,
      vramGb: vramGbOf(match, memoryInGb),
      region: "unknown",
      pricing: {
        model: path.model,
        price: { amount: String(price), currency: "USD" },
        per: "hour",
        scope: "gpu",
      },
      availability,
      interruptible: path.model === "spot",
      fetchedAt: now,
      source: "live",
      sourceUrl: `${DEFAULT_BASE_URL}${PATH}`,
    });
  }
  return offers;
};

/**
 * `stockStatus` High/Medium/Low, and the most GPUs one pod can get now. No status with no free GPU is
 * sold out; no status otherwise says nothing.
 */
const availabilityOf = (lowest: GpuType["lowestPrice"]): Availability => {
  const gpus = lowest?.maxUnreservedGpuCount ?? undefined;
  const status = lowest?.stockStatus ?? null;
  const level =
    status === "High"
      ? "high"
      : status === "Medium" || status === "Low"
        ? "low"
        : status === null && gpus === 0
          ? "none"
          : "unknown";
  return gpus === undefined ? { level } : { level, gpus };
};

/** VRAM per GPU: the catalog's for a known model, else RunPod's `memoryInGb`. */
const vramGbOf = (match: GpuMatch, memoryInGb: number): number =>
  match.id === "unknown" ? memoryInGb : gpuSpec(match.id).vramGb;
