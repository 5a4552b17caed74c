import { type Offer, regionFromLocation, resolveGpu } from "@necto/sdk";
import * as v from "valibot";
import { HttpClient } from "../http/http-client.ts";
import type { AdapterOptions, FetchContext, ProviderAdapter } from "./adapter.ts";
import { parseResponse } from "./parse-response.ts";

const ID = "ionet";
const DEFAULT_BASE_URL = "https://api.io.solutions";
const PATH = "/v1/io-cloud/vmaas/hardware";

const count = v.pipe(v.number(), v.integer(), v.minValue(0));

// research/providers.md §2.5 A: `price` is USD per hour for the whole configuration (all `num_cards`),
// `vram_per_card` GB, `location` an ISO 3166-1 alpha-2 code.
const HardwareSchema = v.object({
  data: v.object({
    hardware: v.array(
      v.object({
        id: v.string(),
        name: v.string(),
        num_cards: count,
        vram_per_card: v.pipe(v.number(), v.minValue(0)),
        interconnect: v.string(),
        location: v.string(),
        sold_out: v.boolean(),
        price: v.pipe(v.number(), v.minValue(0)),
      }),
    ),
  }),
});

/**
 * io.net VM hardware catalog (`GET /v1/io-cloud/vmaas/hardware`): public, the console's own read, no published
 * rate limit. One offer per configuration and location; a sold-out one keeps its price with availability `none`.
 *
 * Payment in USDC reportedly adds a 2% currency conversion fee (research §2.5 B, inferred, 0% in IO). It is not
 * added here: this catalog quotes USD, and only the enterprise price quote itemizes that fee.
 */
export const ionetAdapter = (options: AdapterOptions = {}): ProviderAdapter => {
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  // No limit is published; one request per second is polite for a catalog read every few minutes.
  const http = options.http ?? new HttpClient({ minIntervalMs: 1_000 });
  // The catalog is public; `x-api-key` is io.net's documented enterprise header, sent when the operator has one.
  const headers: Record<string, string> = options.apiKey ? { "x-api-key": options.apiKey } : {};
  return {
    id: ID,
    name: "io.net",
    ttlMs: 5 * 60_000,
    async fetchOffers(ctx: FetchContext): Promise<Offer[]> {
      const body = await http.json(`${baseUrl}${PATH}`, { headers, signal: ctx.signal });
      const { data } = parseResponse(ID, HardwareSchema, body);
      const offers: Offer[] = [];
      for (const item of data.hardware) {
        if (item.num_cards === 0) continue; // CPU-only configurations
        // io.net names the model ("H100") and gives the form factor apart ("sxm5"): both decide the variant.
        const match = resolveGpu(`${item.name} ${item.interconnect}`, { vramGb: item.vram_per_card });
        offers.push({
          providerId: ID,
          offerId: item.id,
          gpuModel: match.id,
          gpuName: item.name,
          gpuCount: item.num_cards,
          vramGb: match.id === "unknown" ? item.vram_per_card : (match.vramGb ?? item.vram_per_card),
          region: regionFromLocation(item.location),
          location: item.location,
          pricing: {
            model: "fixed",
            price: { amount: String(item.price), currency: "USD" },
            per: "hour",
            scope: "instance",
          },
          availability: { level: item.sold_out ? "none" : "high" },
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
