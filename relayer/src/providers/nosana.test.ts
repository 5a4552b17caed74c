import { readFileSync } from "node:fs";
import { normalizeOffer, type Offer } from "@necto/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeUpstream, renameField, startFakeUpstream } from "../../test/fake-upstream.ts";
import { UpstreamError } from "../http/errors.ts";
import { HttpClient } from "../http/http-client.ts";
import { ProviderDriftError } from "./adapter.ts";
import { nosanaAdapter } from "./nosana.ts";

const fixture = JSON.parse(
  readFileSync(new URL("./__fixtures__/nosana.markets.json", import.meta.url), "utf8"),
);
const NOW = Date.UTC(2026, 11, 1);
const ctx = () => ({ signal: new AbortController().signal, now: NOW });
const RTX_4090 = "PREMIUM:97G9NnvBDQ2WpKu6fasoMsAKmfj63C9rhysJnkeWodAf";
const H100_X8 = "OTHER:6Ypb3Kq7yHN1D8zQ2oTR4kqLxxCj9bA2ZeUwMQHn8vTt";

let fake: FakeUpstream;
beforeAll(async () => {
  fake = await startFakeUpstream([
    {
      path: "/api/markets/",
      body: fixture,
      drift: renameField(fixture, "usd_reward_per_hour", "usd_price_per_hour"),
    },
  ]);
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.setFault("ok");
  fake.requests.length = 0;
});

const adapter = (timeoutMs = 500) =>
  nosanaAdapter({ baseUrl: fake.url, http: new HttpClient({ timeoutMs }) });

const usdPerGpuHour = (offer: Offer | undefined, tokenPrices = {}): number | false => {
  if (!offer) throw new Error("offer missing");
  const result = normalizeOffer(offer, { now: NOW, tokenPrices });
  return result.ok && result.offer.price.usdPerGpuHour;
};

describe("nosanaAdapter", () => {
  it("needs no key and sends none: the markets list is public", async () => {
    expect(nosanaAdapter().disabledReason).toBeUndefined();
    await adapter().fetchOffers(ctx());
    expect(fake.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("quotes each market in USD with the network fee on top, the tier in the offer id", async () => {
    const offers = await adapter().fetchOffers(ctx());
    expect(offers.filter((o) => o.pricing.model === "fixed").map((o) => o.offerId)).toEqual([
      RTX_4090,
      "COMMUNITY:CA5pMpqkYFKtme7K31pNB1s62X2SdhEv1nN9RdxKCpuQ",
      H100_X8,
      "COMMUNITY:7AtiXMSH6R1jjBxrcYjehCkkSF7zvYWte63gwEDBcGHq",
    ]);
    const premium = offers.find((o) => o.offerId === RTX_4090);
    expect(premium).toMatchObject({
      gpuModel: "rtx-4090",
      gpuName: "NVIDIA GeForce RTX 4090",
      gpuCount: 1,
      vramGb: 24,
      region: "group:global",
      availability: { level: "unknown" },
      interruptible: false,
      source: "live",
      fetchedAt: NOW,
      pricing: {
        model: "fixed",
        price: { amount: "0.2909", currency: "USD" },
        per: "hour",
        scope: "instance",
        extras: [{ label: "network fee", percentOfBase: 10 }],
      },
    });
    expect(premium?.reliability).toBeUndefined();
    // 0.2909 + 10% (sdk fixed.test.ts "adds Nosana's 10% network fee").
    expect(usdPerGpuHour(premium)).toBe(0.31999);
  });

  it("divides a multi-GPU market's node price by its GPUs", async () => {
    const offers = await adapter().fetchOffers(ctx());
    const node = offers.find((o) => o.offerId === H100_X8);
    expect(node).toMatchObject({ gpuModel: "h100-sxm", gpuCount: 8, vramGb: 80 });
    // 18.20 / 8 = 2.275, plus the 10% fee 0.2275.
    expect(usdPerGpuHour(node)).toBe(2.5025);
  });

  it("adds the same market in NOS per second as a token offer", async () => {
    const offers = await adapter().fetchOffers(ctx());
    const nos = offers.find((o) => o.offerId === `${RTX_4090}:nos`);
    expect(nos?.pricing).toEqual({
      model: "token",
      price: { amount: "0.000124", currency: "NOS" },
      per: "second",
      scope: "instance",
      extras: [{ label: "network fee", percentOfBase: 10 }],
    });
    // 0.000124 NOS/s × 3600 × 0.65 USD/NOS = 0.29016, plus 10%.
    const nosPrice = { NOS: { symbol: "NOS", usd: 0.65, sources: ["coingecko", "pyth"], at: NOW - 30_000 } };
    expect(usdPerGpuHour(nos, nosPrice)).toBeCloseTo(0.319176, 12);
    // Without an oracle price the token offer is unpriced, never free.
    expect(usdPerGpuHour(nos)).toBe(false);
  });

  it("leaves a GPU the catalog lacks unknown", async () => {
    const offers = await adapter().fetchOffers(ctx());
    expect(
      offers.find((o) => o.offerId === "COMMUNITY:7AtiXMSH6R1jjBxrcYjehCkkSF7zvYWte63gwEDBcGHq"),
    ).toMatchObject({
      gpuModel: "unknown",
      gpuName: "NVIDIA GeForce RTX 3060",
      gpuCount: 1,
      vramGb: 12,
    });
  });

  it.each([
    ["timeout", "timeout"],
    ["500", "http-error"],
    ["429", "rate-limited"],
    ["malformed", "malformed"],
  ] as const)("reports a %s as an upstream %s error", async (fault, code) => {
    fake.setFault(fault);
    const error = await adapter(200)
      .fetchOffers(ctx())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).code).toBe(code);
  });

  it("reports a renamed price field as drift instead of producing a price", async () => {
    fake.setFault("drift");
    const error = await adapter()
      .fetchOffers(ctx())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderDriftError);
    expect((error as ProviderDriftError).message).toMatch(/usd_reward_per_hour/);
  });
});
