import type { Exclusion, PreparedRanking, RankedOffer } from "@necto/sdk";
import type { MarketView } from "../market/market.ts";

/** How fresh the answer's market is: the data's provenance travels with every answer. */
export interface MarketMeta {
  version: number;
  /** Offers in the market (before any filter). */
  offers: number;
  /** Unix ms the prices were computed at (ages are relative to it). */
  pricedAt: number;
  /** Set when some providers are served from the bundled snapshot: its date and those providers. */
  snapshot: { takenAt: number; takenAtIso: string; providers: string[] } | null;
}

export const marketMeta = (view: MarketView, pricedAt: number): MarketMeta => ({
  version: view.version,
  offers: view.offers.length,
  pricedAt,
  snapshot: view.snapshot
    ? {
        takenAt: view.snapshot.takenAt,
        takenAtIso: new Date(view.snapshot.takenAt).toISOString(),
        providers: view.snapshot.providers,
      }
    : null,
});

export interface QuoteAnswer {
  market: MarketMeta;
  ranked: RankedOffer[];
  rankedCount: number;
  excluded: Exclusion[];
  excludedCount: number;
  excludedByCode: PreparedRanking["excludedByCode"];
}
