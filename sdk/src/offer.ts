import type { GpuModelId } from "./catalog/gpus.ts";
import type { Region } from "./region.ts";

/** Where an offer's numbers came from: a live provider API, the bundled dated snapshot, or Necto's contracts. */
export type OfferSource = "live" | "snapshot" | "chain";

/**
 * How the provider prices the offer.
 * - `fixed`: list price; `spot`: interruptible market price; `auction`: bid/ask (Akash per-block bids);
 * - `token`: denominated in a token such as AKT or NOS; `dynamic`: on-chain floor + utilization premium.
 */
export type PricingModel = "fixed" | "spot" | "auction" | "token" | "dynamic";
export const PRICING_MODELS: readonly PricingModel[] = ["fixed", "spot", "auction", "token", "dynamic"];

/** The time unit a raw price is quoted per. `block` needs `blockSeconds` (Akash: ~6 s). */
export type PriceTimeUnit = "second" | "minute" | "hour" | "day" | "month" | "block";

/** Whether a raw price covers one GPU or the whole rentable unit (instance, node, deployment). */
export type PriceScope = "gpu" | "instance";

/**
 * The currency of a raw amount. `USD` dollars, `USD_CENTS` cents, `USDC`/`USDT` stablecoins (1:1 with USD
 * only through the oracle's peg check), any other symbol is a token priced through the oracle median.
 * Micro-denominations (`uakt`, `uusdc`, `uact`) are the token with `decimals` set (uakt: symbol AKT, 6).
 */
export interface Money {
  /** Decimal string exactly as the provider wrote it (no float rounding before normalization). */
  amount: string;
  /** `USD`, `USD_CENTS`, or a token symbol (`AKT`, `NOS`, `USDC`, `ACT`, ...). */
  currency: string;
  /** Base-unit decimals: 6 for `uakt` (amount in uakt, currency AKT). 0 or absent for whole units. */
  decimals?: number;
}

/** One mandatory cost that the buyer pays on top of the base price (storage, platform or network fee). */
export interface PriceExtra {
  label: string;
  /** A flat amount per time unit... */
  money?: Money;
  per?: PriceTimeUnit;
  scope?: PriceScope;
  /** ...or a percentage of the base price (Nosana network fee 10 => 10). */
  percentOfBase?: number;
}

/** The provider's raw pricing, kept verbatim so the effective price can always be recomputed. */
export interface Pricing {
  model: PricingModel;
  /** The base price. For `dynamic` this is the floor; the premium comes from `dynamic`. */
  price: Money;
  per: PriceTimeUnit;
  scope: PriceScope;
  /** Seconds per block when `per` is `block`. */
  blockSeconds?: number;
  extras?: PriceExtra[];
  /** On-chain dynamic pricing: premium = floor * slopeBps/10_000 * utilizationBps/10_000. */
  dynamic?: { slopeBps: number; utilizationBps: number };
  /** Probability (0..1) that a spot/auction instance is interrupted during one hour of use. */
  interruptionPerHour?: number;
}

/** How much capacity is there: a count when the provider says, otherwise a level. */
export interface Availability {
  level: "high" | "low" | "none" | "unknown";
  /** GPUs available right now, when known. */
  gpus?: number;
  /** Hour-of-week availability mask (bit i = hour i since Monday 00:00 UTC), on-chain listings only. */
  hourOfWeekMask?: string;
}

/** One purchasable GPU configuration at one provider. */
export interface Offer {
  providerId: string;
  /** Unique within the provider. */
  offerId: string;
  /** Canonical model id, or `unknown` when the alias resolver could not tell (such offers are excluded). */
  gpuModel: GpuModelId | "unknown";
  /** The GPU name exactly as the provider wrote it. */
  gpuName: string;
  /** GPUs per rentable instance. */
  gpuCount: number;
  /** VRAM per GPU in GB. */
  vramGb: number;
  region: Region;
  /** Finer location as the provider wrote it (`us-east-1`, `Frankfurt`), when given. */
  location?: string;
  pricing: Pricing;
  availability: Availability;
  interruptible: boolean;
  /** 0..1 (uptime or reliability score), when the provider publishes one. */
  reliability?: number;
  /** Typical network latency to the buyer in ms, when measured. */
  latencyMs?: number;
  /** 0..5 rating, when the provider publishes one. */
  rating?: number;
  /** Unix epoch milliseconds when the numbers were fetched (snapshot: the snapshot's date). */
  fetchedAt: number;
  source: OfferSource;
  /** Where a person can check the number (pricing page, API endpoint). */
  sourceUrl?: string;
  /** Necto's own on-chain listing this offer came from. */
  listing?: { chainId: number; listingId: string; provider: string };
}
