import { type Offer, regionFromLocation, resolveGpu } from "@necto/sdk";
import * as v from "valibot";
import { HttpClient } from "../http/http-client.ts";
import type { AdapterOptions, FetchContext, ProviderAdapter } from "./adapter.ts";
import { parseResponse } from "./parse-response.ts";

const ID = "shadeform";
const DEFAULT_BASE_URL = "https://api.shadeform.ai";
const PATH = "/v1/instances/types";

const count = v.pipe(v.number(), v.integer(), v.minValue(0));

// research/providers.md §2.8 (shadeform/docs openapi.yaml): hourly_price is integer US cents per
// instance-hour, for all `num_gpus`.
const InstanceTypesSchema = v.object({
  instance_types: v.array(
    v.object({
      cloud: v.string(),
      cloud_instance_type: v.string(),
      configuration: v.object({
        num_gpus: count,
        gpu_type: v.string(),
        interconnect: v.string(),
        vram_per_gpu_in_gb: v.pipe(v.number(), v.minValue(0)),
      }),
      hourly_price: count,
      availability: v.array(
        v.object({ region: v.string(), available: v.boolean(), display_name: v.string() }),
      ),
    }),
  ),
});

/**
 * Shadeform instance types (`GET /v1/instances/types?available=true`, `X-API-KEY`, no published rate limit).
 * One offer per type and available region, as SkyPilot's fetcher does. Shadeform resells other clouds, so
 * the offer id keeps the underlying `cloud` and `cloud_instance_type` for deduplication against direct routes.
 */
export const shadeformAdapter = (options: AdapterOptions = {}): ProviderAdapter => {
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  const http = options.http ?? new HttpClient({ minIntervalMs: 1_000 });
  return {
    id: ID,
    name: "Shadeform",
    ...(options.apiKey ? {} : { disabledReason: "no Shadeform API key (SHADEFORM_API_KEY)" }),
    ttlMs: 15 * 60_000,
    async fetchOffers(ctx: FetchContext): Promise<Offer[]> {
      const body = await http.json(`${baseUrl}${PATH}?available=true`, {
        headers: { "X-API-KEY": options.apiKey ?? "" },
        signal: ctx.signal,
      });
      const { instance_types: types } = parseResponse(ID, InstanceTypesSchema, body);
      const offers: Offer[] = [];
      for (const type of types) {
        const config = type.configuration;
        if (config.num_gpus === 0) continue;
        // gpu_type is "H100" or "A100_80G"; the interconnect field decides SXM vs PCIe.
        const match = resolveGpu(`${config.gpu_type} ${config.interconnect}`, {
          vramGb: config.vram_per_gpu_in_gb,
        });
        const key = `${type.cloud}:${type.cloud_instance_type}`;
        const base: Omit<Offer, "offerId" | "region" | "availability"> = {
          providerId: ID,
          gpuModel: match.id,
          gpuName: config.gpu_type,
          gpuCount: config.num_gpus,
          vramGb:
            match.id === "unknown" ? config.vram_per_gpu_in_gb : (match.vramGb ?? config.vram_per_gpu_in_gb),
          pricing: {
            model: "fixed",
            price: { amount: String(type.hourly_price), currency: "USD_CENTS" },
            per: "hour",
            scope: "instance",
          },
          interruptible: false,
          fetchedAt: ctx.now,
          source: "live",
          sourceUrl: `${DEFAULT_BASE_URL}${PATH}`,
        };
        const available = type.availability.filter((region) => region.available);
        if (available.length === 0) {
          offers.push({ ...base, offerId: key, region: "unknown", availability: { level: "none" } });
          continue;
        }
        for (const region of available) {
          const fromId = regionFromLocation(region.region);
          offers.push({
            ...base,
            offerId: `${key}@${region.region}`,
            region: fromId !== "unknown" ? fromId : regionFromLocation(region.display_name),
            location: region.region,
            availability: { level: "high" },
          });
        }
      }
      return offers;
    },
  };
};
