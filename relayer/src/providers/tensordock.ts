import { type Offer, type PriceExtra, regionFromLocation, resolveGpu } from "@necto/sdk";
import * as v from "valibot";
import { HttpClient } from "../http/http-client.ts";
import type { AdapterOptions, FetchContext, ProviderAdapter } from "./adapter.ts";
import { parseResponse } from "./parse-response.ts";

const ID = "tensordock";
const DEFAULT_BASE_URL = "https://dashboard.tensordock.com";
const PATH = "/api/v2/locations";

// The configuration an offer is priced at. TensorDock documents a 100 GB storage minimum
// (https://dashboard.tensordock.com/api/docs/instance-creation) and no vCPU or RAM minimum; 4 vCPU and 32 GB RAM
// per GPU is the ratio of the sdk's worked example (fixed.test.ts, "TensorDock"): a GPU workload needs some host.
const VCPUS_PER_GPU = 4;
const RAM_GB_PER_GPU = 32;
const STORAGE_GB = 100;

const nonNegative = v.pipe(v.number(), v.minValue(0));

// research/providers.md §2.8: price_per_hr is USD per GPU-hour; vCPU, RAM and storage are charged on top at the
// `pricing` rates, USD per unit-hour, up to the `resources` maxima.
const LocationsSchema = v.object({
  data: v.object({
    locations: v.array(
      v.object({
        id: v.string(),
        city: v.string(),
        stateprovince: v.string(),
        country: v.string(),
        gpus: v.array(
          v.object({
            v0Name: v.string(),
            displayName: v.string(),
            max_count: v.pipe(v.number(), v.integer(), v.minValue(0)),
            price_per_hr: nonNegative,
            resources: v.object({ max_vcpus: nonNegative, max_ram_gb: nonNegative }),
            pricing: v.object({
              per_vcpu_hr: nonNegative,
              per_gb_ram_hr: nonNegative,
              per_gb_storage_hr: nonNegative,
            }),
          }),
        ),
      }),
    ),
  }),
});

/** A non-negative finite number as exact decimal digits and scale: 0.00005 → [5n, 5], 1e-7 → [1n, 7]. */
const decimalOf = (value: number): [bigint, number] => {
  const [mantissa = "0", exponent = "0"] = String(value).toLowerCase().split("e");
  const [whole = "0", fraction = ""] = mantissa.split(".");
  const scale = fraction.length - Number(exponent);
  const digits = BigInt(whole + fraction);
  return scale >= 0 ? [digits, scale] : [digits * 10n ** BigInt(-scale), 0];
};

/** `rate × quantity` as a decimal string without float rounding (100 × 0.00005 is "0.005", not 0.005000000000000001). */
const timesExact = (rate: number, quantity: number): string => {
  const [a, aScale] = decimalOf(rate);
  const [b, bScale] = decimalOf(quantity);
  const scale = aScale + bScale;
  const text = (a * b).toString().padStart(scale + 1, "0");
  const decimal = scale === 0 ? text : `${text.slice(0, -scale)}.${text.slice(-scale)}`;
  return decimal.includes(".") ? decimal.replace(/0+$/, "").replace(/\.$/, "") : decimal;
};

/** What the instance pays per hour for `quantity` units of a host resource, on top of its GPUs. */
const hostExtra = (label: string, usdPerUnitHour: number, quantity: number): PriceExtra => ({
  label,
  money: { amount: timesExact(usdPerUnitHour, quantity), currency: "USD" },
  scope: "instance",
});

/** `wanted`, at most the location's maximum; a sold-out GPU reports maxima of 0, and keeps `wanted`. */
const capped = (wanted: number, max: number): number => (max > 0 ? Math.min(wanted, max) : wanted);

/**
 * TensorDock locations (`GET /api/v2/locations`, Bearer token, 100 requests/min per organization). One offer per
 * location and GPU model, at the most GPUs the location can deploy: the per-GPU price plus the vCPU, RAM and
 * storage a minimal VM of that size must rent (`VCPUS_PER_GPU`, `RAM_GB_PER_GPU`, `STORAGE_GB`, capped at the
 * location's maxima), as instance extras.
 */
export const tensordockAdapter = (options: AdapterOptions = {}): ProviderAdapter => {
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  const http = options.http ?? new HttpClient({ minIntervalMs: 600 });
  return {
    id: ID,
    name: "TensorDock",
    ...(options.apiKey ? {} : { disabledReason: "no TensorDock API token (TENSORDOCK_API_KEY)" }),
    ttlMs: 5 * 60_000,
    async fetchOffers(ctx: FetchContext): Promise<Offer[]> {
      const body = await http.json(`${baseUrl}${PATH}`, {
        headers: { authorization: `Bearer ${options.apiKey ?? ""}` },
        signal: ctx.signal,
      });
      const { data } = parseResponse(ID, LocationsSchema, body);
      const offers: Offer[] = [];
      for (const location of data.locations) {
        const place = `${location.city}, ${location.stateprovince}, ${location.country}`;
        for (const gpu of location.gpus) {
          const match = resolveGpu(gpu.displayName);
          // A sold-out model is still priced at one GPU, so its list price stays visible.
          const gpuCount = Math.max(gpu.max_count, 1);
          const vcpus = capped(VCPUS_PER_GPU * gpuCount, gpu.resources.max_vcpus);
          const ramGb = capped(RAM_GB_PER_GPU * gpuCount, gpu.resources.max_ram_gb);
          const extras: PriceExtra[] = [
            hostExtra(`${vcpus} vCPU`, gpu.pricing.per_vcpu_hr, vcpus),
            hostExtra(`${ramGb} GB RAM`, gpu.pricing.per_gb_ram_hr, ramGb),
            hostExtra(`${STORAGE_GB} GB storage`, gpu.pricing.per_gb_storage_hr, STORAGE_GB),
          ];
          offers.push({
            providerId: ID,
            offerId: `${location.id}:${gpu.v0Name}`,
            gpuModel: match.id,
            gpuName: gpu.displayName,
            gpuCount,
            vramGb: match.id === "unknown" ? 0 : (match.vramGb ?? 0),
            region: regionFromLocation(place),
            location: place,
            pricing: {
              model: "fixed",
              price: { amount: String(gpu.price_per_hr), currency: "USD" },
              per: "hour",
              scope: "gpu",
              extras,
            },
            availability:
              gpu.max_count > 0 ? { level: "high", gpus: gpu.max_count } : { level: "none", gpus: 0 },
            interruptible: false,
            fetchedAt: ctx.now,
            source: "live",
            sourceUrl: `${DEFAULT_BASE_URL}${PATH}`,
          });
        }
      }
      return offers;
    },
  };
};
