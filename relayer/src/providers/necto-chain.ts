import {
  ChainReader,
  configuredChain,
  type Deployment,
  knownChain,
  listingToOffer,
  NECTO_PROVIDER_ID,
  type Offer,
} from "@necto/sdk";
import { createPublicClient, http } from "viem";
import type { FetchContext, ProviderAdapter } from "./adapter.ts";

export interface NectoChainOptions {
  rpcUrl: string;
  deployment: Deployment;
  /** Per-call RPC timeout, ms. Default 5 s. */
  timeoutMs?: number;
}

/**
 * Necto's own on-chain listings, read with the sdk's `ChainReader` (events folded into listings, each
 * completed with the contract's `quote`) and turned into offers by `listingToOffer` (source `chain`):
 * dynamic listings carry floor, slope and utilization so the normalizer prices them as `quote` does, and
 * token listings are priced through the oracle like any token offer.
 */
export const nectoChainAdapter = (options: NectoChainOptions): ProviderAdapter => {
  const chainId = options.deployment.chainId;
  const chain =
    knownChain(chainId) ?? configuredChain({ id: chainId, name: `chain ${chainId}`, rpcUrl: options.rpcUrl });
  const client = createPublicClient({
    chain,
    transport: http(options.rpcUrl, { timeout: options.timeoutMs ?? 5_000, retryCount: 1 }),
  });
  const reader = new ChainReader(client, options.deployment);
  return {
    id: NECTO_PROVIDER_ID,
    name: "Necto (on-chain listings)",
    // Listings change only by transactions; a short TTL keeps reservations current.
    ttlMs: 15_000,
    async fetchOffers(ctx: FetchContext): Promise<Offer[]> {
      const [listings, providers] = await Promise.all([reader.listings(), reader.providers()]);
      const byAddress = new Map(providers.map((provider) => [provider.address.toLowerCase(), provider]));
      return listings.map((listing) => {
        const provider = byAddress.get(listing.provider.toLowerCase());
        return listingToOffer(listing, { chainId, fetchedAt: ctx.now, ...(provider ? { provider } : {}) });
      });
    },
  };
};
