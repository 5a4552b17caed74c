import { readFileSync } from "node:fs";
import { normalizeOffer, type Offer } from "@necto/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeUpstream, renameField, startFakeUpstream } from "../../test/fake-upstream.ts";
import { UpstreamError } from "../http/errors.ts";
import { HttpClient } from "../http/http-client.ts";
import { ProviderDriftError } from "./adapter.ts";
import { hyperbolicAdapter } from "./hyperbolic.ts";

const fixture = JSON.parse(
  readFileSync(new URL("./__fixtures__/hyperbolic.marketplace.json", import.meta.url), "utf8"),
);
const NOW = Date.UTC(2026, 11, 1);
const ctx = () => ({ signal: new AbortController().signal, now: NOW });

let fake: FakeUpstream;
beforeAll(async () => {
  fake = await startFakeUpstream([
    {
      method: "POST",
      path: "/v1/marketplace",
      body: fixture,
      drift: renameField(fixture, "amount", "amount_usd"),
    },
  ]);
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.setFault("ok");
  fake.requests.length = 0;
});

const adapter = (apiKey?: string, timeoutMs = 500) =>
  hyperbolicAdapter({ baseUrl: fake.url, apiKey, http: new HttpClient({ timeoutMs }) });

const usdPerGpuHour = (offer: Offer | undefined): number | false => {
  if (!offer) throw new Error("offer missing");
  const result = normalizeOffer(offer, { now: NOW, tokenPrices: {} });
  return result.ok && result.offer.price.usdPerGpuHour;
};

describe("hyperbolicAdapter", () => {
  it("works without a key, as the official CLI does, and posts the empty filter", async () => {
    expect(hyperbolicAdapter().disabledReason).toBeUndefined();
    const offers = await adapter().fetchOffers(ctx());
    expect(offers).toHaveLength(5);
    expect(fake.requests[0]?.method).toBe("POST");
    expect(JSON.parse(fake.requests[0]?.body ?? "")).toEqual({ filters: {} });
    expect(fake.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("sends a configured key as a Bearer header", async () => {
    await adapter("hyp-key").fetchOffers(ctx());
    expect(fake.requests[0]?.headers.authorization).toBe("Bearer hyp-key");
  });

  it("prices each node in cents per GPU-hour with the free GPUs as availability", async () => {
    const offers = await adapter().fetchOffers(ctx());
    const h100 = offers.find((o) => o.offerId === "ceti14");
    expect(h100).toMatchObject({
      providerId: "hyperbolic",
      gpuModel: "h100-sxm",
      gpuName: "NVIDIA-H100-80GB-HBM3",
      gpuCount: 8,
      vramGb: 80,
      region: "unknown",
      location: "region-1",
      availability: { level: "high", gpus: 5 },
      interruptible: false,
      source: "live",
      fetchedAt: NOW,
      pricing: { model: "fixed", price: { amount: "149", currency: "USD_CENTS" }, per: "hour", scope: "gpu" },
    });
    // sdk fixed.test.ts: 149 cents per GPU-hour is 1.49 USD.
    expect(usdPerGpuHour(h100)).toBe(1.49);
    expect(offers.find((o) => o.offerId === "korolev-3")).toMatchObject({
      gpuModel: "rtx-4090",
      vramGb: 24,
      region: "US",
      availability: { level: "high", gpus: 4 },
    });
  });

  it("marks fully reserved and offline nodes unavailable, and leaves an unknown GPU unknown", async () => {
    const offers = await adapter().fetchOffers(ctx());
    expect(offers.find((o) => o.offerId === "ceti22")?.availability).toEqual({ level: "none", gpus: 0 });
    expect(offers.find((o) => o.offerId === "lyra-8")).toMatchObject({
      gpuModel: "a100-80-sxm",
      availability: { level: "none", gpus: 0 },
    });
    expect(offers.find((o) => o.offerId === "vega-11")).toMatchObject({ gpuModel: "unknown", vramGb: 8 });
  });

  it.each([
    ["timeout", "timeout"],
    ["500", "http-error"],
    ["429", "rate-limited"],
    ["malformed", "malformed"],
  ] as const)("reports a %s as an upstream %s error", async (fault, code) => {
    fake.setFault(fault);
    const error = await adapter(undefined, 200)
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
    expect((error as ProviderDriftError).message).toMatch(/amount/);
  });
});
