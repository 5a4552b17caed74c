import { type Constraints, offerKey, type PreparedMarket, type PricedOffer, rankPrepared } from "@necto/sdk";
import type { Market } from "../market/market.ts";
import type { AgentTools, ComparedOffer, JobCostEstimate, ProviderComparison } from "./agent-tools.ts";

const compared = (offer: PricedOffer, rank?: number): ComparedOffer => ({
  offerKey: offerKey(offer),
  providerId: offer.providerId,
  gpuModel: offer.gpuModel,
  gpuCount: offer.gpuCount,
  region: offer.region,
  pricingModel: offer.pricing.model,
  usdPerGpuHour: offer.price.usdPerGpuHour,
  ...(offer.price.expectedUsdPerGpuHour !== undefined
    ? { expectedUsdPerGpuHour: offer.price.expectedUsdPerGpuHour }
    : {}),
  ...(offer.reliability !== undefined ? { reliability: offer.reliability } : {}),
  source: offer.source,
  ...(rank !== undefined ? { rank } : {}),
});

// Offers by key, built once per prepared market.
const byKeyCache = new WeakMap<PreparedMarket, Map<string, PricedOffer>>();
const offersByKey = (market: PreparedMarket): Map<string, PricedOffer> => {
  let map = byKeyCache.get(market);
  if (map === undefined) {
    map = new Map(market.byRank.map((offer) => [offerKey(offer), offer]));
    byKeyCache.set(market, map);
  }
  return map;
};

/** The agent's tools over the relayer's market: every answer comes from the sdk's deterministic ranking. */
export const marketTools = (market: Market): AgentTools => ({
  async compareProviders({ constraints, limit }: { constraints: Constraints; limit?: number }) {
    const { market: prepared } = market.preparedMarket();
    const ranking = rankPrepared(prepared, constraints, { rankedLimit: limit ?? 10, excludedLimit: 0 });
    const answer: ProviderComparison = {
      ranked: ranking.ranked.map((offer) => compared(offer, offer.rank)),
      rankedCount: ranking.rankedCount,
      excludedCount: ranking.excludedCount,
      excludedByCode: ranking.excludedByCode,
    };
    return answer;
  },

  async tokenPrices() {
    const { view } = market.preparedMarket();
    const prices: Record<string, number> = {};
    for (const [symbol, price] of Object.entries(view.tokenPrices)) if (price) prices[symbol] = price.usd;
    const symbols = new Set(
      view.offers
        .map((offer) => offer.pricing.price.currency)
        .filter((c) => c !== "USD" && c !== "USD_CENTS"),
    );
    return { prices, unpriced: [...symbols].filter((symbol) => prices[symbol] === undefined).sort() };
  },

  async nectoListings() {
    const { market: prepared } = market.preparedMarket();
    return prepared.byRank
      .filter((offer) => offer.source === "chain" && offer.availability.level !== "none")
      .map((offer) => compared(offer));
  },

  async estimateJobCost({ offerKey: key, gpus, hours }) {
    const offer = offersByKey(market.preparedMarket().market).get(key);
    if (offer === undefined) throw new Error(`no priced offer ${key} in the market`);
    const estimate: JobCostEstimate = {
      offerKey: key,
      gpus,
      hours,
      usdPerGpuHour: offer.price.usdPerGpuHour,
      usdTotal: offer.price.usdPerGpuHour * gpus * hours,
    };
    return estimate;
  },
});
