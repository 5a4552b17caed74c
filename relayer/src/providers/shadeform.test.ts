import { readFileSync } from "node:fs";
import { normalizeOffer, type Offer } from "@necto/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeUpstream, renameField, startFakeUpstream } from "../../test/fake-upstream.ts";
import { UpstreamError } from "../http/errors.ts";
import { HttpClient } from "../http/http-client.ts";
import { ProviderDriftError } from "./adapter.ts";
import { shadeformAdapter } from "./shadeform.ts";

const fixture = JSON.parse(
  readFileSync(new URL("./__fixtures__/shadeform.instance-types.json", import.meta.url), "utf8"),
);
const NOW = Date.UTC(2026, 11, 1);
const ctx = () => ({ signal: new AbortController().signal, now: NOW });

let fake: FakeUpstream;
beforeAll(async () => {
  fake = await startFakeUpstream([
    {
      path: "/v1/instances/types",
      body: fixture,
      drift: renameField(fixture, "hourly_price", "hourly_price_usd"),
    },
  ]);
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.setFault("ok");
  fake.requests.length = 0;
});

const adapter = (timeoutMs = 500) =>
  shadeformAdapter({ baseUrl: fake.url, apiKey: "shade-key", http: new HttpClient({ timeoutMs }) });

const usdPerGpuHour = (offer: Offer | undefined): number | false => {
  if (!offer) throw new Error("offer missing");
  const result = normalizeOffer(offer, { now: NOW, tokenPrices: {} });
  return result.ok && result.offer.price.usdPerGpuHour;
};

describe("shadeformAdapter", () => {
  it("is disabled, not failing, without an API key", () => {
    expect(shadeformAdapter().disabledReason).toMatch(/SHADEFORM_API_KEY/);
    expect(shadeformAdapter({ apiKey: "k" }).disabledReason).toBeUndefined();
  });

  it("sends the key as X-API-KEY and asks only for available types", async () => {
    await adapter().fetchOffers(ctx());
    expect(fake.requests[0]?.headers["x-api-key"]).toBe("shade-key");
    expect(fake.requests[0]?.url).toBe("/v1/instances/types?available=true");
  });

  it("makes one offer per available region, keyed by the underlying cloud and instance type", async () => {
    const offers = await adapter().fetchOffers(ctx());
    expect(offers.map((o) => o.offerId)).toEqual([
      "hyperstack:n3-H100x1@canada-1",
      "hyperstack:n3-H100x1@norway-1",
      "lambdalabs:gpu_8x_h100_sxm5@us-east-1",
      "datacrunch:2A100.44V@helsinki-finland-1",
      "massedcompute:gpu_1x_a6000",
      "crusoe:rtx6000.1x@us-northcentral1-a",
    ]);
    const canada = offers.find((o) => o.offerId === "hyperstack:n3-H100x1@canada-1");
    expect(canada).toMatchObject({
      providerId: "shadeform",
      gpuModel: "h100-pcie",
      gpuName: "H100",
      gpuCount: 1,
      vramGb: 80,
      region: "CA",
      location: "canada-1",
      availability: { level: "high" },
      interruptible: false,
      source: "live",
      fetchedAt: NOW,
      pricing: {
        model: "fixed",
        price: { amount: "219", currency: "USD_CENTS" },
        per: "hour",
        scope: "instance",
      },
    });
    // sdk fixed.test.ts: 219 cents per 1-GPU instance-hour is 2.19 USD per GPU-hour.
    expect(usdPerGpuHour(canada)).toBe(2.19);
  });

  it("divides an 8-GPU instance's cents and reads the interconnect into the model", async () => {
    const offers = await adapter().fetchOffers(ctx());
    const lambda = offers.find((o) => o.offerId === "lambdalabs:gpu_8x_h100_sxm5@us-east-1");
    expect(lambda).toMatchObject({ gpuModel: "h100-sxm", gpuCount: 8, region: "US" });
    expect(usdPerGpuHour(lambda)).toBe(2.99);
    expect(offers.find((o) => o.offerId === "datacrunch:2A100.44V@helsinki-finland-1")).toMatchObject({
      gpuModel: "a100-80-sxm",
      region: "FI",
    });
  });

  it("falls back to the display name for the country, keeps sold-out types and unknown GPUs", async () => {
    const offers = await adapter().fetchOffers(ctx());
    expect(offers.find((o) => o.offerId === "crusoe:rtx6000.1x@us-northcentral1-a")).toMatchObject({
      gpuModel: "unknown",
      gpuName: "RTX6000",
      region: "US",
    });
    expect(offers.find((o) => o.offerId === "massedcompute:gpu_1x_a6000")).toMatchObject({
      gpuModel: "a6000",
      region: "unknown",
      availability: { level: "none" },
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
    expect((error as ProviderDriftError).message).toMatch(/hourly_price/);
  });
});
