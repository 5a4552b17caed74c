import { describe, expect, it } from "vitest";
import { renameField } from "../../test/fake-upstream.ts";
import {
  agreedTokenPrice,
  describeUpstreamFaults,
  fetchContext,
  NOW,
  priceOf,
  readFixture,
  useFakeUpstream,
} from "../../test/upstream-test-kit.ts";
import { HttpClient } from "../http/http-client.ts";
import { nosanaAdapter } from "./nosana.ts";

const fixture = readFixture(import.meta.url, "nosana.markets.json");
const RTX_4090 = "PREMIUM:97G9NnvBDQ2WpKu6fasoMsAKmfj63C9rhysJnkeWodAf";
const H100_X8 = "OTHER:6Ypb3Kq7yHN1D8zQ2oTR4kqLxxCj9bA2ZeUwMQHn8vTt";

const fake = useFakeUpstream([
  {
    path: "/api/markets/",
    body: fixture,
    drift: renameField(fixture, "usd_reward_per_hour", "usd_price_per_hour"),
  },
]);

const adapter = (timeoutMs = 500) =>
  nosanaAdapter({ baseUrl: fake().url, http: new HttpClient({ timeoutMs }) });

describe("nosanaAdapter", () => {
  it("needs no key and sends none: the markets list is public", async () => {
    expect(nosanaAdapter().disabledReason).toBeUndefined();
    await adapter().fetchOffers(fetchContext());
    expect(fake().requests[0]?.headers.authorization).toBeUndefined();
  });

  it("quotes each market in USD with the network fee on top, the tier in the offer id", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
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
    expect(priceOf(premium).usdPerGpuHour).toBe(0.31999);
  });

  it("divides a multi-GPU market's node price by its GPUs", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
    const node = offers.find((o) => o.offerId === H100_X8);
    expect(node).toMatchObject({ gpuModel: "h100-sxm", gpuCount: 8, vramGb: 80 });
    // 18.20 / 8 = 2.275, plus the 10% fee 0.2275.
    expect(priceOf(node).usdPerGpuHour).toBe(2.5025);
  });

  it("adds the same market in NOS per second as a token offer", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
    const nos = offers.find((o) => o.offerId === `${RTX_4090}:nos`);
    expect(nos?.pricing).toEqual({
      model: "token",
      price: { amount: "0.000124", currency: "NOS" },
      per: "second",
      scope: "instance",
      extras: [{ label: "network fee", percentOfBase: 10 }],
    });
    // 0.000124 NOS/s × 3600 × 0.65 USD/NOS = 0.29016, plus 10%.
    expect(priceOf(nos, { NOS: agreedTokenPrice("NOS", 0.65) }).usdPerGpuHour).toBeCloseTo(0.319176, 12);
    // Without an oracle price the token offer is unpriced, never free.
    expect(() => priceOf(nos)).toThrow(/^unpriced:/);
  });

  it("leaves a GPU the catalog lacks unknown", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
    expect(
      offers.find((o) => o.offerId === "COMMUNITY:7AtiXMSH6R1jjBxrcYjehCkkSF7zvYWte63gwEDBcGHq"),
    ).toMatchObject({
      gpuModel: "unknown",
      gpuName: "NVIDIA GeForce RTX 3060",
      gpuCount: 1,
      vramGb: 12,
    });
  });

  describeUpstreamFaults(fake, {
    call: (timeoutMs) => adapter(timeoutMs).fetchOffers(fetchContext()),
    drift: { renamed: "price field", message: /usd_reward_per_hour/ },
  });
});
