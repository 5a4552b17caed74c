import { readFileSync } from "node:fs";
import type { Offer } from "@necto/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeUpstream, startFakeUpstream } from "../../test/fake-upstream.ts";
import { testOffer } from "../../test/test-offer.ts";
import { HttpClient } from "../http/http-client.ts";
import type { FetchContext, ProviderAdapter } from "../providers/adapter.ts";
import { lambdaAdapter } from "../providers/lambda.ts";
import { Market } from "./market.ts";

const lambdaFixture = JSON.parse(
  readFileSync(new URL("../providers/__fixtures__/lambda.instance-types.json", import.meta.url), "utf8"),
);

const offer = (providerId: string, offerId: string, usd: string, source: Offer["source"] = "live"): Offer =>
  testOffer(providerId, offerId, usd, { source });

/** A provider behind a fake HTTP API serving `{ offers: [{id, usd}] }`, fetched with the real HTTP client. */
const httpAdapter = (id: string, baseUrl: string, ttlMs = 60_000): ProviderAdapter => {
  const http = new HttpClient({ timeoutMs: 5_000 });
  return {
    id,
    name: id,
    ttlMs,
    async fetchOffers(ctx: FetchContext) {
      const body = (await http.json(`${baseUrl}/offers`, { signal: ctx.signal })) as {
        offers: { id: string; usd: string }[];
      };
      return body.offers.map((o) => ({ ...offer(id, o.id, o.usd), fetchedAt: ctx.now }));
    },
  };
};

let healthy: FakeUpstream;
let hanging: FakeUpstream;
let broken: FakeUpstream;
let lambdaFake: FakeUpstream;
beforeAll(async () => {
  const route = {
    path: "/offers",
    body: {
      offers: [
        { id: "a", usd: "2.10" },
        { id: "b", usd: "1.90" },
      ],
    },
  };
  [healthy, hanging, broken, lambdaFake] = await Promise.all([
    startFakeUpstream([route]),
    startFakeUpstream([route]),
    startFakeUpstream([route]),
    startFakeUpstream([{ path: "/api/v1/instance-types", body: lambdaFixture }]),
  ]);
  hanging.setFault("timeout");
  broken.setFault("500");
  lambdaFake.setFault("timeout");
});
afterAll(() => Promise.all([healthy, hanging, broken, lambdaFake].map((fake) => fake.close())));

describe("Market", () => {
  it("answers within the deadline with the healthy providers' offers when one hangs and one fails", async () => {
    const market = new Market({
      adapters: [
        httpAdapter("healthy", healthy.url),
        httpAdapter("hanging", hanging.url),
        httpAdapter("broken", broken.url),
        lambdaAdapter({ baseUrl: lambdaFake.url, apiKey: "k", http: new HttpClient({ timeoutMs: 60_000 }) }),
      ],
      fetchTimeoutMs: 400,
    });
    const started = performance.now();
    await market.refresh();
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(1_500);
    expect(market.current().offers.map((o) => `${o.providerId}:${o.offerId}`)).toEqual([
      "healthy:a",
      "healthy:b",
    ]);
    const health = Object.fromEntries(market.providerHealth().map((h) => [h.id, h]));
    expect(health.healthy).toMatchObject({ status: "live", offers: 2 });
    expect(health.hanging).toMatchObject({ status: "failing", lastError: { code: "timeout" } });
    expect(health.broken).toMatchObject({ status: "failing", lastError: { code: "http-error" } });
    expect(health.broken?.lastError?.message).toMatch(/500/);
    // The real Lambda client, whose own timeout is a minute, is cut off by the market's deadline.
    expect(health.lambda).toMatchObject({ status: "failing", lastError: { code: "timeout" } });
  });

  it("serves a provider without live data from the snapshot, labelled with its date", async () => {
    const takenAt = Date.UTC(2026, 9, 1);
    const market = new Market({
      adapters: [httpAdapter("healthy", healthy.url), httpAdapter("broken", broken.url)],
      snapshot: {
        takenAt,
        offers: [
          offer("broken", "snap-1", "3.00", "snapshot"),
          offer("healthy", "snap-2", "9.00", "snapshot"),
        ],
      },
      fetchTimeoutMs: 400,
    });
    await market.refresh();
    const view = market.current();
    expect(view.offers.map((o) => `${o.providerId}:${o.offerId}:${o.source}`)).toEqual([
      "broken:snap-1:snapshot",
      "healthy:a:live",
      "healthy:b:live",
    ]);
    expect(view.snapshot).toEqual({ takenAt, providers: ["broken"] });
    expect(market.providerHealth().find((h) => h.id === "broken")?.status).toBe("snapshot");
  });

  it("reports an adapter without its key as disabled and never calls it", async () => {
    let calls = 0;
    const market = new Market({
      adapters: [
        {
          id: "keyed",
          name: "Keyed",
          ttlMs: 1,
          disabledReason: "no API key",
          fetchOffers: async () => {
            calls++;
            return [];
          },
        },
      ],
    });
    await market.refresh({ force: true });
    expect(calls).toBe(0);
    expect(market.providerHealth()[0]).toMatchObject({ status: "disabled", disabledReason: "no API key" });
  });

  it("serves stale offers while revalidating, then swaps in the new ones", async () => {
    let clock = 1_000_000;
    let price = "1.00";
    let release: (() => void) | undefined;
    const adapter: ProviderAdapter = {
      id: "slow",
      name: "Slow",
      ttlMs: 1_000,
      async fetchOffers(ctx) {
        if (price === "2.00") await new Promise<void>((resolve) => (release = resolve));
        return [{ ...offer("slow", "x", price), fetchedAt: ctx.now }];
      },
    };
    const market = new Market({ adapters: [adapter], now: () => clock });
    await market.refresh();
    expect(market.current().offers[0]?.pricing.price.amount).toBe("1.00");
    clock += 5_000;
    price = "2.00";
    market.revalidate();
    // The refresh is under way and blocked: the read is answered from the stale entry at once.
    expect(market.current().offers[0]?.pricing.price.amount).toBe("1.00");
    expect(market.providerHealth()[0]?.status).toBe("stale");
    await new Promise((resolve) => setTimeout(resolve, 10));
    release?.();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(market.current().offers[0]?.pricing.price.amount).toBe("2.00");
    expect(market.providerHealth()[0]?.status).toBe("live");
  });

  it("opens the breaker after repeated failures and sends nothing while it is open", async () => {
    let clock = 0;
    const before = broken.requests.length;
    const market = new Market({
      adapters: [httpAdapter("broken", broken.url, 1)],
      breaker: { failureThreshold: 2, baseCooldownMs: 10_000 },
      now: () => clock,
    });
    await market.refresh();
    clock += 10;
    await market.refresh();
    expect(broken.requests.length - before).toBe(2);
    clock += 10;
    await market.refresh();
    expect(broken.requests.length - before).toBe(2);
    expect(market.providerHealth()[0]).toMatchObject({ breaker: "open", nextAttemptAt: 10_010 });
    clock = 10_010;
    await market.refresh();
    expect(broken.requests.length - before).toBe(3);
  });

  it("refuses an adapter's offers that carry another provider's id or a repeated key", async () => {
    const market = new Market({
      adapters: [
        { id: "liar", name: "Liar", ttlMs: 1, fetchOffers: async () => [offer("other", "1", "1")] },
        {
          id: "twice",
          name: "Twice",
          ttlMs: 1,
          fetchOffers: async () => [offer("twice", "1", "1"), offer("twice", "1", "2")],
        },
      ],
    });
    await market.refresh();
    expect(market.current().offers).toEqual([]);
    const health = market.providerHealth();
    expect(health.map((h) => h.lastError?.code)).toEqual(["drift", "drift"]);
  });

  it("keeps one view between reads while nothing changes, without token prices too", async () => {
    const market = new Market({ adapters: [httpAdapter("healthy", healthy.url)] });
    await market.refresh();
    expect(market.current()).toBe(market.current());
    expect(market.preparedMarket().market).toBe(market.preparedMarket().market);
  });

  it("prepares the market once per change and re-prices when token prices change", async () => {
    let prices = {};
    const market = new Market({
      adapters: [httpAdapter("healthy", healthy.url)],
      tokenPrices: () => prices,
    });
    await market.refresh();
    const first = market.preparedMarket();
    expect(market.preparedMarket().market).toBe(first.market);
    expect(first.market.byRank.map((o) => o.offerId)).toEqual(["b", "a"]);
    prices = { AKT: { symbol: "AKT", usd: 1, sources: ["x"], at: 0 } };
    const second = market.preparedMarket();
    expect(second.market).not.toBe(first.market);
    expect(second.view.version).toBeGreaterThan(first.view.version);
  });
});
