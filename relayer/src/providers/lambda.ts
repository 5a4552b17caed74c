import { gpuSpec, type Offer, regionFromLocation, resolveGpu } from "@necto/sdk";
import * as v from "valibot";
import { HttpClient } from "../http/http-client.ts";
import type { AdapterOptions, FetchContext, ProviderAdapter } from "./adapter.ts";
import { parseResponse } from "./parse-response.ts";

const ID = "lambda";
const DEFAULT_BASE_URL = "https://cloud.lambda.ai";
const PATH = "/api/v1/instance-types";

// research/providers.md §2.3: price_cents_per_hour is US cents per instance-hour.
const InstanceTypesSchema = v.object({
  data: v.record(
    v.string(),
    v.object({
      instance_type: v.object({
        name: v.string(),
        gpu_description: v.string(),
        price_cents_per_hour: v.pipe(v.number(), v.integer(), v.minValue(0)),
        specs: v.object({ gpus: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
      }),
      regions_with_capacity_available: v.array(v.object({ name: v.string(), description: v.string() })),
    }),
  ),
});

/**
 * Lambda Cloud instance types (`GET /api/v1/instance-types`, Bearer key, about 1 request/s). One offer per
 * instance type and region with capacity; a sold-out type is one offer with availability `none`, so its
 * list price is still shown but never ranked.
 */
export const lambdaAdapter = (options: AdapterOptions = {}): ProviderAdapter => {
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  const http = options.http ?? new HttpClient({ minIntervalMs: 1_000 });
  return {
    id: ID,
    name: "Lambda",
    ...(options.apiKey ? {} : { disabledReason: "no Lambda API key (LAMBDA_API_KEY)" }),
    ttlMs: 15 * 60_000,
    async fetchOffers(ctx: FetchContext): Promise<Offer[]> {
      const body = await http.json(`${baseUrl}${PATH}`, {
        headers: { authorization: `Bearer ${options.apiKey ?? ""}` },
        signal: ctx.signal,
      });
      const { data } = parseResponse(ID, InstanceTypesSchema, body);
      const offers: Offer[] = [];
      for (const { instance_type: type, regions_with_capacity_available: regions } of Object.values(data)) {
        if (type.specs.gpus === 0) continue; // CPU-only instance types
        const match = resolveGpu(type.gpu_description);
        const base: Omit<Offer, "offerId" | "region" | "availability"> = {
          providerId: ID,
          gpuModel: match.id,
          gpuName: type.gpu_description,
          gpuCount: type.specs.gpus,
          // The catalog's VRAM when the name does not state it (providers name models, not memory).
          vramGb: match.id === "unknown" ? 0 : (match.vramGb ?? gpuSpec(match.id).vramGb),
          pricing: {
            model: "fixed",
            price: { amount: String(type.price_cents_per_hour), currency: "USD_CENTS" },
            per: "hour",
            scope: "instance",
          },
          interruptible: false,
          fetchedAt: ctx.now,
          source: "live",
          sourceUrl: `${DEFAULT_BASE_URL}${PATH}`,
        };
        if (regions.length === 0) {
          offers.push({ ...base, offerId: type.name, region: "unknown", availability: { level: "none" } });
          continue;
        }
        for (const region of regions) {
          const fromName = regionFromLocation(region.name);
          offers.push({
            ...base,
            offerId: `${type.name}@${region.name}`,
            region: fromName !== "unknown" ? fromName : regionFromLocation(region.description),
            location: region.name,
            availability: { level: "high" },
          });
        }
      }
      return offers;
    },
  };
};
