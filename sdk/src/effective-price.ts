import type { Offer } from "./offer.ts";

/** One itemized part of an effective price (base price, storage, network fee ...), in USD per GPU-hour. */
export interface PriceComponent {
  label: string;
  usdPerGpuHour: number;
}

/** A token's USD price as the oracle aggregation accepted it (see `aggregateTokenPrice`). */
export interface TokenPrice {
  /** Upper-case token symbol: `AKT`, `NOS`, `USDC`. */
  symbol: string;
  usd: number;
  /** Oracle sources whose quotes survived filtering (`coingecko`, `pyth`, `chainlink`). */
  sources: string[];
  /** Unix ms of the newest accepted quote. */
  at: number;
}

/** What the normalizer needs besides the offer; the same context always yields the same prices. */
export interface NormalizeContext {
  /** Unix ms treated as "now" (for ages and staleness); never read from the clock inside the sdk. */
  now: number;
  /** Accepted token prices by upper-case symbol; a missing symbol means "unknown" (fail closed). */
  tokenPrices: Readonly<Record<string, TokenPrice | undefined>>;
  /** Offers older than this are labelled stale (default 6 h). */
  staleAfterMs?: number;
}

/** The effective price: USD per GPU-hour after unit conversion, with the inputs that produced it. */
export interface EffectivePrice {
  /** The plain price: base plus mandatory extras, USD per GPU-hour. Equals the sum of `breakdown`. */
  usdPerGpuHour: number;
  breakdown: PriceComponent[];
  /** Spot/auction only: plain price × (1 + interruption probability × rework), shown beside, never instead. */
  expectedUsdPerGpuHour?: number;
  /** USD per dense FP16 TFLOP-hour, when the GPU's TFLOPS are known. */
  usdPerTflopHour?: number;
  /** The token price used, for token-denominated offers. */
  tokenPrice?: TokenPrice;
  /** now − fetchedAt, in ms. */
  ageMs: number;
  stale: boolean;
}

export interface PricedOffer extends Offer {
  price: EffectivePrice;
}

/** Machine-readable reasons an offer is left out of a ranking. */
export type ExclusionCode =
  | "unknown-gpu"
  | "unpriced"
  | "invalid-price"
  | "over-budget"
  | "gpu-model"
  | "min-gpus"
  | "min-vram"
  | "region"
  | "pricing-model"
  | "provider"
  | "reliability"
  | "availability";

export interface Exclusion {
  /** `providerId:offerId`. */
  offerKey: string;
  code: ExclusionCode;
  /** A sentence a person can read: "1.92 USD/GPU-h is over the 1.50 budget". */
  message: string;
}

export type NormalizeResult =
  | { ok: true; offer: PricedOffer }
  | { ok: false; offer: Offer; exclusion: Exclusion };

/** The key that identifies an offer across logs and rankings. */
export const offerKey = (offer: Pick<Offer, "providerId" | "offerId">): string =>
  `${offer.providerId}:${offer.offerId}`;
