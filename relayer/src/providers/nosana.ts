import { type Offer, type PriceExtra, resolveGpu } from "@necto/sdk";
import * as v from "valibot";
import { HttpClient } from "../http/http-client.ts";
import type { AdapterOptions, FetchContext, ProviderAdapter } from "./adapter.ts";
import { parseResponse } from "./parse-response.ts";

const ID = "nosana";
const DEFAULT_BASE_URL = "https://api.nosana.com";
const PATH = "/api/markets/";

const nonNegative = v.pipe(v.number(), v.minValue(0));

// research/providers.md §2.6 and https://nosana.com/pricing.md: a market is one GPU model in one tier;
// `usd_reward_per_hour` is USD per hour for the whole node (all eight GPUs of an 8×H100 market),
// `nos_job_price_per_second` the same price in NOS per second.
const MarketsSchema = v.array(
  v.object({
    address: v.string(),
    name: v.string(),
    type: v.string(),
    usd_reward_per_hour: nonNegative,
    nos_job_price_per_second: nonNegative,
    network_fee_percentage: nonNegative,
    gpu_types: v.array(v.string()),
    lowest_vram: nonNegative,
  }),
);

/**
 * Nosana GPU markets (`GET /api/markets/`, public, no published rate limit). Two offers per market: the USD
 * rate the buyer is quoted (`fixed`, credits) and the same rate in NOS per second (`token`, wallet vault),
 * both with the market's network fee on top. Markets are global queues, so the region is `group:global`.
 */
export const nosanaAdapter = (options: AdapterOptions = {}): ProviderAdapter => {
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  const http = options.http ?? new HttpClient({ minIntervalMs: 1_000 });
  return {
    id: ID,
    name: "Nosana",
    ttlMs: 5 * 60_000,
    async fetchOffers(ctx: FetchContext): Promise<Offer[]> {
      const body = await http.json(`${baseUrl}${PATH}`, { signal: ctx.signal });
      const markets = parseResponse(ID, MarketsSchema, body);
      const offers: Offer[] = [];
      for (const market of markets) {
        // gpu_types hold the exact model ("NVIDIA H100 80GB HBM3"), the name a multi-GPU market's count
        // ("8x NVIDIA H100"): read together, the resolver also checks that they agree.
        const match = resolveGpu([market.name, ...market.gpu_types].join(" "), {
          vramGb: market.lowest_vram,
        });
        // The renter pays reward × (1 + fee): Nosana's dashboard applies NETWORK_FEE_MULTIPLIER 1.1 (research
        // §2.6, inferred), and the NOS price is the same reward in another unit, so it carries the fee too.
        // TODO [2027-03-01]: check against a real credit debit; https://nosana.com/pricing.md reads as if the
        // fee came out of the host's pay instead, which would make these offers 10% too dear.
        const extras: PriceExtra[] =
          market.network_fee_percentage > 0
            ? [{ label: "network fee", percentOfBase: market.network_fee_percentage }]
            : [];
        const base: Omit<Offer, "offerId" | "pricing"> = {
          providerId: ID,
          gpuModel: match.id,
          gpuName: market.gpu_types.length > 0 ? market.gpu_types.join(", ") : market.name,
          gpuCount: match.id === "unknown" ? 1 : (match.count ?? 1),
          vramGb: match.id === "unknown" ? market.lowest_vram : (match.vramGb ?? market.lowest_vram),
          region: "group:global",
          availability: { level: "unknown" },
          interruptible: false,
          fetchedAt: ctx.now,
          source: "live",
          sourceUrl: `${DEFAULT_BASE_URL}${PATH}`,
        };
        // The tier (PREMIUM / COMMUNITY / OTHER) is part of the id: one GPU model has a market per tier.
        const offerId = `${market.type}:${market.address}`;
        offers.push(
          {
            ...base,
            offerId,
            pricing: {
              model: "fixed",
              price: { amount: String(market.usd_reward_per_hour), currency: "USD" },
              per: "hour",
              scope: "instance",
              ...(extras.length > 0 ? { extras } : {}),
            },
          },
          {
            ...base,
            offerId: `${offerId}:nos`,
            pricing: {
              model: "token",
              price: { amount: String(market.nos_job_price_per_second), currency: "NOS" },
              per: "second",
              scope: "instance",
              ...(extras.length > 0 ? { extras } : {}),
            },
          },
        );
      }
      return offers;
    },
  };
};
