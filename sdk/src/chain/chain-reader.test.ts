import { localAccounts } from "@necto/contracts/local";
import { createPublicClient, formatUnits, hashTypedData, http, parseUnits, zeroAddress } from "viem";
import { anvil } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SeededChain, seededChain } from "../../test/local-chain.ts";
import { normalizeOffer } from "../normalize/index.ts";
import { computeRouterAbi } from "./abis.ts";
import { ATTESTATION_TYPES, attestationDomain, providerIdBytes32, untrackedClient } from "./attestation.ts";
import { ChainReader } from "./chain-reader.ts";
import { listingToOffer } from "./listing-offer.ts";

let env: SeededChain;
let reader: ChainReader;

beforeAll(async () => {
  env = await seededChain();
  reader = new ChainReader(
    createPublicClient({ chain: anvil, transport: http(env.chain.url) }),
    env.deployment,
  );
}, 120_000);
afterAll(() => env?.stop());

describe("ChainReader on a seeded anvil", () => {
  it("folds every listing from its events with token, capacity and reservations", async () => {
    const listings = await reader.listings();
    expect(listings.map((l) => l.listingId)).toEqual([1, 2, 3, 4, 5, 6]);
    const [h100, a100, rtx, l40s, h200, a6000] = listings;
    expect(h200?.gpuModel).toBe("h200");
    expect(h100).toMatchObject({ gpuModel: "h100-sxm", region: "DE", gpuCount: 8, pricingModel: "fixed" });
    expect(h100?.token).toMatchObject({ symbol: "USDC", decimals: 6 });
    expect(a100).toMatchObject({ pricingModel: "dynamic", slopeBps: 5000 });
    expect(l40s?.token).toMatchObject({ symbol: "AKT", decimals: 18, address: env.seed.akt });
    expect(l40s?.price).toBe(parseUnits("0.9", 18));
    expect(a6000?.capacity).toBe("offline");
    // Weekday-only availability: bit 0 (Monday 00:00) is clear, bit 6 (Monday 06:00) is set.
    const mask = BigInt(rtx?.availabilityMask ?? "0");
    expect(mask & 1n).toBe(0n);
    expect((mask >> 6n) & 1n).toBe(1n);
    // The started team job holds 2 of the H200's 8 GPUs.
    expect(h200?.reservedGpus).toBe(2);
  });

  it("quotes dynamic listings with the demand premium, exactly as the contract computes it", async () => {
    const h200 = (await reader.listings()).find((l) => l.listingId === 5);
    // floor 2.80 USDC, slope 30%, utilization 2/8 = 2500 bps: 2.80 + 2.80 × 0.3 × 0.25 = 3.01.
    expect(h200?.unitPriceNow).toBe(parseUnits("3.01", 6));
    const quote = await reader.quote(5, 2, 10);
    expect(quote.amount).toBe(parseUnits("3.01", 6) * 20n);
  });

  it("reads jobs in every state with Tracked users and null Untracked users", async () => {
    const jobs = await reader.jobs();
    expect(jobs.map((j) => j.status).sort()).toEqual(
      ["completed", "disputed", "funded", "funded", "refunded", "released", "started"].sort(),
    );
    const seeded = new Map(env.seed.jobs.map((j) => [j.id, j.state]));
    for (const job of jobs) expect(seeded.has(job.jobId)).toBe(true);
    const untracked = jobs.find((j) => seeded.get(j.jobId)?.includes("Untracked"));
    expect(untracked?.user).toBeNull();
    expect(untracked?.client.toLowerCase()).not.toBe(localAccounts.soloBuyer.address.toLowerCase());
    const released = jobs.find((j) => j.status === "released");
    expect(released).toMatchObject({ team: 1n, hoursBooked: 24, hoursUsed: 20, gpus: 4 });
    expect(released?.user).toBe(localAccounts.teamAdmin.address);
    expect(released?.escrow?.amount).toBe(parseUnits("2.10", 6) * 4n * 24n);
  });

  it("reads providers with stake and reputation from the views", async () => {
    const providers = await reader.providers();
    expect(providers).toHaveLength(3);
    const frankfurt = providers.find((p) => p.address === localAccounts.providers[0].address);
    expect(frankfurt?.stake.staked).toBe(parseUnits("5000", 6));
    expect(frankfurt?.reputation).toMatchObject({ completed: 1, ratingCount: 1, ratingSum: 5 });
    expect(frankfurt?.reputation.gpuHoursServed).toBe(80n);
    const austin = providers.find((p) => p.address === localAccounts.providers[1].address);
    expect(austin?.reputation.noShows).toBe(1);
    expect(JSON.parse(decodeURIComponent(austin?.metadataURI.split(",")[1] ?? "{}")).name).toBe(
      "Austin GPU Coop",
    );
  });

  it("reads the team with all three roles and its whitelist", async () => {
    const [team] = await reader.teams();
    expect(team?.name).toBe("Demo Lab");
    const roles = Object.fromEntries(team?.members.map((m) => [m.account, m.roles]) ?? []);
    expect(roles).toEqual({
      [localAccounts.teamAdmin.address]: 7,
      [localAccounts.teamViewer.address]: 2,
      [localAccounts.teamUser.address]: 4,
    });
    expect(team?.whitelist).toHaveLength(2);
  });

  it("returns undefined for an unknown job id", async () => {
    expect(await reader.job(`0x${"ab".repeat(32)}`)).toBeUndefined();
    expect(zeroAddress).toBe("0x0000000000000000000000000000000000000000");
  });
});

describe("listingToOffer on the seeded listings", () => {
  it("gives offers that normalize to the contract's quote for one GPU-hour, to the token unit", async () => {
    const listings = await reader.listings();
    const now = Date.now();
    const tokenPrices = {
      USDC: { symbol: "USDC", usd: 1, sources: ["test"], at: now },
      AKT: { symbol: "AKT", usd: 1, sources: ["test"], at: now },
    };
    for (const listing of listings) {
      const result = normalizeOffer(listingToOffer(listing, { chainId: 31337, fetchedAt: now }), {
        now,
        tokenPrices,
      });
      if (!result.ok) throw new Error(`listing ${listing.listingId}: ${result.exclusion.message}`);
      expect(result.offer.price.usdPerGpuHour).toBe(
        Number(formatUnits(listing.unitPriceNow, listing.token.decimals)),
      );
    }
  });
});

describe("attestation types", () => {
  it("hash a job's terms to the digest ComputeRouter computes", async () => {
    const client = createPublicClient({ chain: anvil, transport: http(env.chain.url) });
    const terms = {
      root: `0x${"ab".repeat(32)}` as const,
      logLength: 1234,
      listingId: 2,
      gpus: 4,
      hoursBooked: 72,
      maxUnitPrice: 3_010_000n,
      client: untrackedClient(localAccounts.soloBuyer.address, `0x${"11".repeat(32)}`),
      tracked: false,
      team: 0n,
      expiry: 1_900_000_000n,
    };
    const onChain = await client.readContract({
      address: env.deployment.computeRouter,
      abi: computeRouterAbi,
      functionName: "attestationDigest",
      args: [terms],
    });
    const local = hashTypedData({
      domain: attestationDomain(31337, env.deployment.computeRouter),
      types: ATTESTATION_TYPES,
      primaryType: "Attestation",
      message: terms,
    });
    expect(local).toBe(onChain);
  });

  it("writes provider ids as left-aligned short strings and refuses long ones", () => {
    expect(providerIdBytes32("akash")).toBe(`0x616b617368${"0".repeat(54)}`);
    expect(() => providerIdBytes32("x".repeat(32))).toThrow(/longer than 31 bytes/);
  });
});
