import { type SeededChain, startSeededChain } from "@necto/contracts/local";
import { normalizeOffer, parseDeployment } from "@necto/sdk";
import { formatUnits } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nectoChainAdapter } from "./necto-chain.ts";

let seeded: SeededChain;
beforeAll(async () => {
  seeded = await startSeededChain();
}, 120_000);
afterAll(() => seeded?.stop());

describe("nectoChainAdapter (real anvil, contracts deployed, demo seeded)", () => {
  it("turns every seeded listing into a chain offer priced as the contract quotes it", async () => {
    const deployment = parseDeployment(seeded.deployment);
    const adapter = nectoChainAdapter({ rpcUrl: seeded.chain.url, deployment });
    const now = Date.now();
    const offers = await adapter.fetchOffers({ signal: new AbortController().signal, now });
    expect(offers).toHaveLength(seeded.seed.listings);
    expect(new Set(offers.map((o) => o.source))).toEqual(new Set(["chain"]));
    expect(offers.every((o) => o.providerId === "necto" && o.fetchedAt === now)).toBe(true);
    const models = offers.map((o) => o.pricing.model);
    expect(models).toEqual(expect.arrayContaining(["fixed", "dynamic", "token"]));

    // Against the contract: normalizing with USDC at 1 gives quote(listing, 1, 1) in USD for USDC listings.
    const { ChainReader } = await import("@necto/sdk");
    const { createPublicClient, http } = await import("viem");
    const reader = new ChainReader(createPublicClient({ transport: http(seeded.chain.url) }), deployment);
    const listings = await reader.listings();
    const tokenPrices = {
      USDC: { symbol: "USDC", usd: 1, sources: ["test"], at: now },
      AKT: { symbol: "AKT", usd: 2, sources: ["test"], at: now },
    };
    for (const listing of listings) {
      const offer = offers.find((o) => o.listing?.listingId === String(listing.listingId));
      if (!offer) throw new Error(`listing ${listing.listingId} has no offer`);
      const result = normalizeOffer(offer, { now, tokenPrices });
      if (!result.ok) throw new Error(result.exclusion.message);
      const tokenUsd = listing.token.symbol === "AKT" ? 2 : 1;
      const quoted = Number(formatUnits(listing.unitPriceNow, listing.token.decimals)) * tokenUsd;
      expect(result.offer.price.usdPerGpuHour).toBeCloseTo(quoted, 9);
    }
    const offline = offers.filter((o) => o.availability.level === "none");
    expect(offline.length).toBeGreaterThan(0);
  });

  it("fails with a network error, not a hang, when the RPC is down", async () => {
    const deployment = parseDeployment(seeded.deployment);
    const adapter = nectoChainAdapter({ rpcUrl: "http://127.0.0.1:9", deployment, timeoutMs: 500 });
    await expect(adapter.fetchOffers({ signal: new AbortController().signal, now: 0 })).rejects.toThrow();
  });
});
