import { type Offer, regionFromLocation, resolveGpu } from "@necto/sdk";
import * as v from "valibot";
import { HttpClient } from "../http/http-client.ts";
import type { AdapterOptions, FetchContext, ProviderAdapter } from "./adapter.ts";
import { parseResponse } from "./parse-response.ts";

const ID = "hyperbolic";
const DEFAULT_BASE_URL = "https://api.hyperbolic.xyz";
const PATH = "/v1/marketplace";

const count = v.pipe(v.number(), v.integer(), v.minValue(0));

// research/providers.md §2.8 (Hyperbolic CLI): `pricing.price.amount` is US cents per GPU-hour (the CLI divides
// by 100 and prints "per GPU per hour"); GPU `ram` is MB. Another `period` would be another unit: drift.
const MarketplaceSchema = v.object({
  instances: v.array(
    v.object({
      id: v.string(),
      status: v.string(),
      gpus_total: count,
      gpus_reserved: count,
      location: v.object({ region: v.string() }),
      hardware: v.object({
        gpus: v.array(
          v.object({ model: v.string(), ram: v.pipe(v.number(), v.minValue(0)), interface: v.string() }),
        ),
      }),
      pricing: v.object({
        price: v.object({ amount: v.pipe(v.number(), v.minValue(0)), period: v.literal("hourly") }),
      }),
    }),
  ),
});

/**
 * Hyperbolic's GPU marketplace (`POST /v1/marketplace` with `{"filters":{}}`; the official CLI sends no key,
 * a configured one goes as Bearer; no published rate limit). One offer per node, priced per GPU-hour; the
 * GPUs free now are `gpus_total − gpus_reserved`, and only a `node_ready` node can be rented.
 */
export const hyperbolicAdapter = (options: AdapterOptions = {}): ProviderAdapter => {
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  const http = options.http ?? new HttpClient({ minIntervalMs: 1_000 });
  const headers: Record<string, string> = options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {};
  return {
    id: ID,
    name: "Hyperbolic",
    ttlMs: 5 * 60_000,
    async fetchOffers(ctx: FetchContext): Promise<Offer[]> {
      const body = await http.json(`${baseUrl}${PATH}`, {
        method: "POST",
        json: { filters: {} },
        headers,
        signal: ctx.signal,
      });
      const { instances } = parseResponse(ID, MarketplaceSchema, body);
      const offers: Offer[] = [];
      for (const node of instances) {
        const [first, ...others] = node.hardware.gpus;
        if (node.gpus_total === 0 || first === undefined) continue; // CPU-only nodes
        // A node lists its GPUs; a node mixing models cannot be priced as one model.
        const mixed = others.some((gpu) => gpu.model !== first.model);
        const vramGb = Math.round(first.ram / 1024);
        const match = mixed
          ? { id: "unknown" as const }
          : resolveGpu(`${first.model} ${first.interface}`, { vramGb });
        const free = Math.max(0, node.gpus_total - node.gpus_reserved);
        const rentable = node.status === "node_ready" ? free : 0;
        offers.push({
          providerId: ID,
          offerId: node.id,
          gpuModel: match.id,
          gpuName: mixed ? node.hardware.gpus.map((gpu) => gpu.model).join(", ") : first.model,
          gpuCount: node.gpus_total,
          vramGb: match.id === "unknown" ? vramGb : (match.vramGb ?? vramGb),
          region: regionFromLocation(node.location.region),
          location: node.location.region,
          pricing: {
            model: "fixed",
            price: { amount: String(node.pricing.price.amount), currency: "USD_CENTS" },
            per: "hour",
            scope: "gpu",
          },
          availability: rentable > 0 ? { level: "high", gpus: rentable } : { level: "none", gpus: 0 },
          interruptible: false,
          fetchedAt: ctx.now,
          source: "live",
          sourceUrl: `${DEFAULT_BASE_URL}${PATH}`,
        });
      }
      return offers;
    },
  };
};
