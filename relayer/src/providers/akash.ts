import {
  AKASH_BLOCK_SECONDS,
  type Availability,
  type GpuMatch,
  gpuSpec,
  type Money,
  type Offer,
  resolveGpu,
} from "@necto/sdk";
import * as v from "valibot";
import { HttpClient } from "../http/http-client.ts";
import {
  type AdapterOptions,
  type FetchContext,
  type ProviderAdapter,
  ProviderDriftError,
} from "./adapter.ts";
import { parseResponse } from "./parse-response.ts";

const ID = "akash";
const DEFAULT_BASE_URL = "https://console-api.akash.network";
const PATH = "/v1/gpu-prices";
const SOURCE_URL = `${DEFAULT_BASE_URL}${PATH}`;
const BLOCKS_PER_HOUR = 3600 / AKASH_BLOCK_SECONDS;

/** Mainnet USDC over IBC, as the Console's `network.config.ts` names it (research §2.1 B). */
export const AKASH_USDC_IBC_DENOM = "ibc/170C677610AC31DF0904FFE09CD3B5C657492170E7E52372E48756B71E56F2F1";

/** Bid denoms and the token each is a 6-decimal micro-denomination of. ACT is priced by the oracle, not pegged here. */
const DENOM_SYMBOLS: Readonly<Record<string, string>> = {
  uakt: "AKT",
  uact: "ACT",
  uusdc: "USDC",
  [AKASH_USDC_IBC_DENOM]: "USDC",
};

/** Below one free 8-GPU node, capacity is `low`. */
const FULL_NODE_GPUS = 8;

/** The Console rounds its `hourlyPrice` to cents; a per-block amount that misses it by more changed unit. */
const HOURLY_PRICE_TOLERANCE_USD = 0.0051;

const Count = v.pipe(v.number(), v.integer(), v.minValue(0));

/**
 * A decoded bid's resource quantity: digits (v1beta5, a bigint in JSON) or base64 of the digits (v1beta4,
 * bytes in JSON). Base64 of ASCII digits always contains letters, so the two spellings cannot be confused.
 */
const quantityOf = (val: string): number => {
  const digits = /^\d+$/.test(val) ? val : Buffer.from(val, "base64").toString("utf8");
  return /^\d+$/.test(digits) ? Number(digits) : Number.NaN;
};
const Quantity = v.pipe(
  v.string(),
  v.transform(quantityOf),
  v.integer("a resource quantity is digits or base64 of digits"),
);

// Per-provider best bids, present only with `?debug=true` (console apps/api/src/gpu/services/gpu-price).
const BestBidSchema = v.object({
  provider: v.object({ owner: v.string(), allocated: Count, allocatable: Count }),
  bestBid: v.object({
    txHash: v.string(),
    /** USD per AKT on the bid's day, which the Console used for `hourlyPrice`. */
    aktTokenPrice: v.pipe(v.number(), v.minValue(0)),
    /** The Console's USD per hour for the whole deployment. */
    hourlyPrice: v.pipe(v.number(), v.minValue(0)),
    deployment: v.object({
      gpus: v.pipe(
        v.array(
          v.object({
            vendor: v.string(),
            model: v.string(),
            ram: v.optional(v.string()),
            interface: v.optional(v.string()),
          }),
        ),
        v.length(1, "the Console keeps only bids for one GPU model"),
      ),
    }),
    // MsgCreateBid as JSON: `price` is a DecCoin per block for the whole deployment group.
    data: v.object({
      price: v.object({
        denom: v.picklist(Object.keys(DENOM_SYMBOLS)),
        amount: v.pipe(v.string(), v.regex(/^\d+(\.\d+)?$/, "a plain decimal string")),
      }),
      resourcesOffer: v.array(
        v.object({
          resources: v.object({ gpu: v.optional(v.object({ units: v.object({ val: Quantity }) })) }),
          count: Count,
        }),
      ),
    }),
  }),
});

// research/providers.md §2.1 A: `price` is USD per hour of a single-GPU deployment, null without bids.
const modelEntries = {
  vendor: v.string(),
  model: v.string(),
  ram: v.string(),
  interface: v.string(),
  availability: v.object({ total: Count, available: Count }),
  price: v.nullable(v.object({ currency: v.literal("USD"), med: v.pipe(v.number(), v.minValue(0)) })),
};
const GpuPricesSchema = v.object({ models: v.array(v.object(modelEntries)) });
const GpuPricesDebugSchema = v.object({
  models: v.array(v.object({ ...modelEntries, providersWithBestBid: v.array(BestBidSchema) })),
});

type ModelRow = v.InferOutput<typeof GpuPricesSchema>["models"][number];
type DebugModelRow = v.InferOutput<typeof GpuPricesDebugSchema>["models"][number];
type BestBid = v.InferOutput<typeof BestBidSchema>;

export interface AkashAdapterOptions extends AdapterOptions {
  /**
   * Also read the per-provider best bids (`?debug=true`) and offer each as a per-block auction offer.
   * Default true; false reads only the public aggregate.
   */
  bids?: boolean;
}

/** A bid's raw price as `Money`: the per-block amount in the denom's micro-unit (uakt → AKT, 6 decimals). */
export const moneyOfAkashBid = (denom: string, amount: string): Money | undefined => {
  const currency = DENOM_SYMBOLS[denom];
  return currency === undefined ? undefined : { amount, currency, decimals: 6 };
};

/**
 * Akash through the Console API (`GET /v1/gpu-prices`, public, no key; research §2.1). One offer per GPU
 * model with a price: the median of the providers' best bids, USD per GPU-hour (models without any bid
 * in 31 days have `price: null` and are skipped: there is nothing to rank). Akash is one global market
 * and the aggregate spans it, so its region is `group:global`. With `bids` (the default), each provider's
 * best bid is also an offer as the chain wrote it: a DecCoin per block for the whole deployment, in
 * uakt or uact (the Console drops USDC bids); its provider's location is not in the payload, so its
 * region is `unknown`. Leases are not preempted, so nothing is interruptible.
 */
export const akashAdapter = (options: AkashAdapterOptions = {}): ProviderAdapter => {
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  const withBids = options.bids ?? true;
  // No published limit; the route caches 120 s and the server memoizes 15 min, so faster gains nothing.
  const http = options.http ?? new HttpClient({ minIntervalMs: 120_000 });
  return {
    id: ID,
    name: "Akash",
    ttlMs: 5 * 60_000,
    async fetchOffers(ctx: FetchContext): Promise<Offer[]> {
      const body = await http.json(`${baseUrl}${PATH}${withBids ? "?debug=true" : ""}`, {
        signal: ctx.signal,
      });
      if (!withBids) return aggregateOffers(parseResponse(ID, GpuPricesSchema, body).models, ctx.now);
      const { models } = parseResponse(ID, GpuPricesDebugSchema, body);
      return [...aggregateOffers(models, ctx.now), ...bidOffers(models, ctx.now)];
    },
  };
};

const aggregateOffers = (models: readonly ModelRow[], now: number): Offer[] => {
  const offers: Offer[] = [];
  for (const row of models) {
    if (row.price === null) continue;
    const gpuName = [row.vendor, row.model, row.ram, row.interface].join("/");
    const match = resolveGpu(gpuName);
    offers.push({
      providerId: ID,
      offerId: `median:${gpuName}`,
      gpuModel: match.id,
      gpuName,
      gpuCount: 1,
      vramGb: vramGbOf(match, row.ram),
      region: "group:global",
      pricing: {
        model: "auction",
        price: { amount: String(row.price.med), currency: "USD" },
        per: "hour",
        scope: "gpu",
      },
      availability: availabilityOf(row.availability.available),
      interruptible: false,
      fetchedAt: now,
      source: "live",
      sourceUrl: SOURCE_URL,
    });
  }
  return offers;
};

interface CarriedBid {
  bid: BestBid["bestBid"];
  /** Where the bid first appears, for drift messages. */
  path: string;
  /** Every model row listing this bid as a provider's best (the Console files a bid under each variant). */
  carriers: { row: DebugModelRow; provider: BestBid["provider"] }[];
}

const bidOffers = (models: readonly DebugModelRow[], now: number): Offer[] => {
  const byTx = new Map<string, CarriedBid>();
  models.forEach((row, i) => {
    row.providersWithBestBid.forEach(({ provider, bestBid }, j) => {
      const carried = byTx.get(bestBid.txHash);
      if (carried) carried.carriers.push({ row, provider });
      else
        byTx.set(bestBid.txHash, {
          bid: bestBid,
          path: `models.${i}.providersWithBestBid.${j}.bestBid`,
          carriers: [{ row, provider }],
        });
    });
  });
  const issues: string[] = [];
  const offers: Offer[] = [];
  for (const { bid, path, carriers } of byTx.values()) {
    const { denom, amount } = bid.data.price;
    const mismatch = hourlyPriceMismatch(bid);
    if (mismatch) issues.push(`${path}.data.price.amount: ${mismatch}`);
    const gpuCount = bid.data.resourcesOffer.reduce(
      (total, { resources, count }) => total + (resources.gpu?.units.val ?? 0) * count,
      0,
    );
    if (gpuCount === 0) issues.push(`${path}.data.resourcesOffer: no GPU units in a GPU bid`);
    const price = moneyOfAkashBid(denom, amount);
    if (mismatch || gpuCount === 0 || price === undefined) continue;
    const gpu = bid.deployment.gpus[0] as BestBid["bestBid"]["deployment"]["gpus"][number];
    const { match, ram } = resolveBidGpu(gpu, carriers);
    const free = carriers.reduce(
      (total, { provider }) => total + provider.allocatable - provider.allocated,
      0,
    );
    offers.push({
      providerId: ID,
      offerId: `bid:${bid.txHash}`,
      gpuModel: match.id,
      gpuName: [gpu.vendor, gpu.model, gpu.ram, gpu.interface].filter((part) => part !== undefined).join("/"),
      gpuCount,
      vramGb: vramGbOf(match, ram),
      region: "unknown",
      pricing: {
        model: "auction",
        price,
        per: "block",
        blockSeconds: AKASH_BLOCK_SECONDS,
        scope: "instance",
      },
      availability: availabilityOf(Math.max(0, free)),
      interruptible: false,
      fetchedAt: now,
      source: "live",
      sourceUrl: `${SOURCE_URL}?debug=true`,
    });
  }
  if (issues.length > 0) throw new ProviderDriftError(ID, issues);
  return offers;
};

/**
 * Checks the per-block amount against the Console's own `hourlyPrice` (amount × 600 × AKT/USD / 10^6 for
 * uakt, × 1 USD for uact). They differ only if the amount's unit changed, e.g. a DecCoin read as its
 * 10^18-scaled protobuf integer: such a price must not reach the ranking.
 */
const hourlyPriceMismatch = (bid: BestBid["bestBid"]): string | undefined => {
  const { denom, amount } = bid.data.price;
  const usdPerUnit = denom === "uakt" ? bid.aktTokenPrice : denom === "uact" ? 1 : undefined;
  if (usdPerUnit === undefined) return undefined; // the Console prices no other denom
  const implied = (Number(amount) * BLOCKS_PER_HOUR * usdPerUnit) / 1e6;
  if (Math.abs(implied - bid.hourlyPrice) <= HOURLY_PRICE_TOLERANCE_USD) return undefined;
  return `${amount} ${denom} per block is ${implied} USD/h, the Console says ${bid.hourlyPrice}`;
};

/**
 * The bid's GPU from the attributes the tenant asked for. Where it left out RAM or interface, the model
 * row fills it in (the provider is listed there, so it has that GPU); if the rows carrying the bid fill it
 * in differently (a provider with both SXM and PCIe H100s), the GPU stays unknown.
 */
const resolveBidGpu = (
  gpu: BestBid["bestBid"]["deployment"]["gpus"][number],
  carriers: CarriedBid["carriers"],
): { match: GpuMatch; ram: string | undefined } => {
  const readings = carriers.map(({ row }) => {
    const ram = gpu.ram ?? row.ram;
    return { ram, match: resolveGpu([gpu.vendor, gpu.model, ram, gpu.interface ?? row.interface].join("/")) };
  });
  const first = readings[0] as (typeof readings)[number];
  if (readings.every(({ match }) => match.id === first.match.id)) return first;
  const input = [gpu.vendor, gpu.model, gpu.ram, gpu.interface]
    .filter((part) => part !== undefined)
    .join("/");
  const ids = readings.map(({ match }) => match.id).join(", ");
  return {
    match: { id: "unknown", input, reason: `the provider has several variants (${ids})` },
    ram: gpu.ram,
  };
};

/** VRAM per GPU: the catalog's for a known model, else the Console's `ram` ("80Gi"), else 0. */
const vramGbOf = (match: GpuMatch, ram: string | undefined): number => {
  if (match.id !== "unknown") return gpuSpec(match.id).vramGb;
  const gi = /^(\d+(?:\.\d+)?)\s*G/i.exec(ram ?? "");
  return gi ? Number(gi[1]) : 0;
};

const availabilityOf = (gpus: number): Availability => ({
  level: gpus === 0 ? "none" : gpus < FULL_NODE_GPUS ? "low" : "high",
  gpus,
});
