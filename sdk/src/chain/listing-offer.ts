import { isGpuModelId } from "../catalog/gpus.ts";
import type { Offer, Pricing } from "../offer.ts";
import type { ChainListing, ChainProvider } from "./chain-reader.ts";

/** The provider id Necto's own on-chain listings carry in offers. */
export const NECTO_PROVIDER_ID = "necto";

/**
 * Turns an on-chain listing into an `Offer` (source `chain`) that normalizes like any other: the price is
 * the listing's per-GPU-hour amount in its token (the floor plus `dynamic` for demand pricing, which the
 * normalizer resolves exactly as the contract's `quote`). Free GPUs are the instance size a buyer can take.
 * Reliability and rating come from the provider's on-chain reputation when it has any history.
 */
export function listingToOffer(
  listing: ChainListing,
  context: { chainId: number; fetchedAt: number; provider?: ChainProvider },
): Offer {
  const free = listing.gpuCount - listing.reservedGpus;
  // Base units with their decimals, as the contract stores them: the dynamic normalizer starts from
  // that integer to match `quote` to the unit.
  const price = {
    amount: listing.price.toString(),
    currency: listing.token.symbol,
    decimals: listing.token.decimals,
  };
  const pricing: Pricing = {
    model: listing.pricingModel,
    price,
    per: "hour",
    scope: "gpu",
    ...(listing.pricingModel === "dynamic"
      ? {
          dynamic: {
            slopeBps: listing.slopeBps,
            // Integer division, as the contract computes utilization.
            utilizationBps: Math.floor((listing.reservedGpus * 10_000) / listing.gpuCount),
          },
        }
      : {}),
  };
  const rep = context.provider?.reputation;
  const finished = rep ? rep.completed + rep.noShows + rep.disputesLost : 0;
  return {
    providerId: NECTO_PROVIDER_ID,
    offerId: `${context.chainId}-${listing.listingId}`,
    gpuModel: isGpuModelId(listing.gpuModel) ? listing.gpuModel : "unknown",
    gpuName: listing.gpuModel,
    // A full or offline listing keeps its size; its availability (none) is what excludes it.
    gpuCount: free > 0 ? free : listing.gpuCount,
    vramGb: listing.vramGb,
    region: listing.region,
    pricing,
    availability: {
      level:
        listing.capacity !== "available" || free === 0
          ? "none"
          : free < listing.gpuCount / 4
            ? "low"
            : "high",
      gpus: listing.capacity === "available" ? free : 0,
      hourOfWeekMask: listing.availabilityMask,
    },
    interruptible: false,
    ...(rep && finished > 0 ? { reliability: rep.completed / finished } : {}),
    ...(rep && rep.ratingCount > 0 ? { rating: rep.ratingSum / rep.ratingCount } : {}),
    fetchedAt: context.fetchedAt,
    source: "chain",
    listing: { chainId: context.chainId, listingId: String(listing.listingId), provider: listing.provider },
  };
}
