import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { privateKeyOf } from "@necto/contracts/local";
import {
  attestationDomain,
  EXTERNAL_ATTESTATION_TYPES,
  type Offer,
  offerHashOf,
  parseDecisionLog,
  providerIdBytes32,
  verifyDecision,
} from "@necto/sdk";
import pino from "pino";
import { verifyTypedData } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testOffer } from "../../test/test-offer.ts";
import { AttestationSigner } from "../attestation/attestation-signer.ts";
import { openDecisionStorage } from "../decisions/index.ts";
import { Market } from "../market/market.ts";
import { marketTools } from "./market-tools.ts";
import { reroute } from "./reroute.ts";
import { type RouteDeps, routeDecision } from "./route-decision.ts";

const ROUTER = "0x00000000000000000000000000000000000000aa" as const;
const USER = "0x1111111111111111111111111111111111111111";

const offer = (providerId: string, offerId: string, usd: string): Offer =>
  testOffer(providerId, offerId, usd, { gpuCount: 8, region: "DE", fetchedAt: Date.now() });

let offers: Offer[] = [
  offer("vast", "a", "2.00"),
  offer("runpod", "b", "2.50"),
  offer("lambda", "c", "3.00"),
];
const dataDir = mkdtempSync(join(tmpdir(), "necto-decide-"));
const storage = openDecisionStorage({ dataDir, logger: pino({ level: "silent" }) });
const market = new Market({
  adapters: ["vast", "runpod", "lambda"].map((id) => ({
    id,
    name: id,
    ttlMs: 3_600_000,
    fetchOffers: async () => offers.filter((o) => o.providerId === id),
  })),
});
const signer = new AttestationSigner({ privateKey: privateKeyOf(1), chainId: 31337, computeRouter: ROUTER });
const deps: RouteDeps = { market, tools: marketTools(market), sink: storage.outbox, signer, chainId: 31337 };

beforeAll(() => market.refresh());
afterAll(async () => {
  await storage.outbox.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("routeDecision", () => {
  it("decides with the planner, stores a log that verifies, and signs the external attestation", async () => {
    const decision = await routeDecision(
      { constraints: { gpuModels: ["h100-sxm"] }, gpus: 2, hours: 10, mode: "tracked", user: USER },
      deps,
    );
    expect(decision.choice).toMatchObject({ offerKey: "vast:a", rank: 1, usdPerGpuHour: 2 });
    const bytes = (await storage.outbox.get(decision.root)) as Uint8Array;
    const verified = await verifyDecision(bytes, decision.root, decision.length);
    expect(verified.ok).toBe(true);
    const log = parseDecisionLog(bytes);
    expect(log.agent.toolCalls.map((call) => call.name)).toEqual([
      "token_prices",
      "compare_providers",
      "necto_listings",
      "estimate_job_cost",
      "select_offer",
    ]);
    const attestation = decision.attestation;
    if (attestation?.kind !== "recordExternalJob") throw new Error("expected an external attestation");
    expect(attestation.terms).toMatchObject({
      root: decision.root,
      logLength: decision.length,
      providerId: providerIdBytes32("vast"),
      offerHash: offerHashOf("a"),
      gpus: 2,
      hoursBooked: 10,
      usdPerGpuHour: 2_000_000n,
      tracked: true,
    });
    const valid = await verifyTypedData({
      address: signer.address,
      domain: attestationDomain(31337, ROUTER),
      types: EXTERNAL_ATTESTATION_TYPES,
      primaryType: "ExternalAttestation",
      message: attestation.terms,
      signature: attestation.signature,
    });
    expect(valid).toBe(true);
  });

  it("logs a model's choice with its model id, and falls back to rank 1 when the model's pick is not ranked", async () => {
    const model =
      (choiceKey: string): RouteDeps["model"] =>
      async ({ tools }) => {
        const comparison = await tools.compareProviders({ constraints: {} });
        return {
          constraints: {},
          preferences: [],
          choice: { offerKey: choiceKey, reason: "more reliable" },
          toolCalls: [
            {
              name: "compare_providers",
              args: { constraints: {} },
              result: JSON.parse(JSON.stringify(comparison)),
            },
          ],
          gpus: 1,
          hours: 1,
          modelId: "gemini-test",
        };
      };
    const picked = await routeDecision(
      { text: "an H100", mode: "untracked" },
      { ...deps, model: model("runpod:b") },
    );
    const log = parseDecisionLog((await storage.outbox.get(picked.root)) as Uint8Array);
    expect(log.agent).toMatchObject({ kind: "llm", modelId: "gemini-test" });
    expect(log.choice).toMatchObject({ offerKey: "runpod:b", rank: 2, reason: "more reliable" });
    expect(picked.attestation).toBeUndefined(); // Untracked without a commitment: decided, not attested

    const refused = await routeDecision(
      { text: "an H100", mode: "untracked" },
      { ...deps, model: model("nowhere:x") },
    );
    const fallback = parseDecisionLog((await storage.outbox.get(refused.root)) as Uint8Array);
    expect(fallback.choice?.offerKey).toBe("vast:a");
    expect(fallback.agent.toolCalls.at(-1)).toMatchObject({
      name: "select_offer",
      result: { accepted: false },
    });
    expect(
      (
        await verifyDecision(
          (await storage.outbox.get(refused.root)) as Uint8Array,
          refused.root,
          refused.length,
        )
      ).ok,
    ).toBe(true);
  });
});

describe("attestation guard", () => {
  it("does not attest a Necto listing with fewer free GPUs than asked, and says why", async () => {
    const listing: Offer = {
      ...offer("vast", "l40s-1", "0.50"),
      gpuModel: "l40s",
      gpuName: "L40S",
      vramGb: 48,
      availability: { level: "low", gpus: 1 },
      listing: { chainId: 31337, listingId: "4", provider: ROUTER },
    };
    offers = [...offers, listing];
    await market.refresh({ force: true });
    const events: string[] = [];
    const decision = await routeDecision(
      { constraints: { gpuModels: ["l40s"] }, gpus: 2, hours: 1, mode: "tracked", user: USER },
      deps,
      (event) => events.push(event.message),
    );
    expect(decision.choice?.offerKey).toBe("vast:l40s-1");
    expect(decision.attestation).toBeUndefined();
    expect(events).toContain("vast:l40s-1 has 1 free GPUs, fewer than the 2 asked: not attested");
    offers = offers.filter((o) => o !== listing);
    await market.refresh({ force: true });
  });
});

describe("reroute", () => {
  it("recommends moving when an equivalent offer is cheaper by more than the threshold after the move, with its own logged decision", async () => {
    const original = await routeDecision(
      { constraints: { gpuModels: ["h100-sxm"] }, gpus: 2, hours: 100, mode: "tracked", user: USER },
      deps,
    );
    const rerouteDeps = { ...deps, decisions: storage.outbox };
    const stay = await reroute(
      { jobRoot: original.root, gpus: 2, hoursRemaining: 100, mode: "tracked", user: USER },
      rerouteDeps,
    );
    expect(stay).toMatchObject({ recommend: false, reason: "the current offer is still the best" });

    offers = [...offers, offer("lambda", "d", "1.00")];
    await market.refresh({ force: true });
    const tooCostly = await reroute(
      { jobRoot: original.root, gpus: 2, hoursRemaining: 100, moveCostUsd: 190, mode: "tracked", user: USER },
      rerouteDeps,
    );
    // Saves (2.00 − 1.00) × 2 × 100 − 190 = 10 USD, under 10% of the remaining 400.
    expect(tooCostly).toMatchObject({ recommend: false, savingsUsd: 10 });
    const move = await reroute(
      { jobRoot: original.root, gpus: 2, hoursRemaining: 100, moveCostUsd: 50, mode: "tracked", user: USER },
      rerouteDeps,
    );
    expect(move).toMatchObject({
      recommend: true,
      savingsUsd: 150,
      best: { offerKey: "lambda:d", usdPerGpuHour: 1 },
    });
    const bytes = (await storage.outbox.get(move.decision?.root as `0x${string}`)) as Uint8Array;
    expect((await verifyDecision(bytes, move.decision?.root as `0x${string}`, bytes.length)).ok).toBe(true);
    expect(parseDecisionLog(bytes).request.text).toMatch(/^re-route of job 0x/);
  });
});
