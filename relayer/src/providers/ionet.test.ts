import { readFileSync } from "node:fs";
import { normalizeOffer } from "@necto/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeUpstream, renameField, startFakeUpstream } from "../../test/fake-upstream.ts";
import { UpstreamError } from "../http/errors.ts";
import { HttpClient } from "../http/http-client.ts";
import { ProviderDriftError } from "./adapter.ts";
import { ionetAdapter } from "./ionet.ts";

const fixture = JSON.parse(
  readFileSync(new URL("./__fixtures__/ionet.vmaas-hardware.json", import.meta.url), "utf8"),
);
const NOW = Date.UTC(2026, 11, 1);
const ctx = () => ({ signal: new AbortController().signal, now: NOW });

let fake: FakeUpstream;
beforeAll(async () => {
  fake = await startFakeUpstream([
    { path: "/v1/io-cloud/vmaas/hardware", body: fixture, drift: renameField(fixture, "price", "price_usd") },
  ]);
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.setFault("ok");
  fake.requests.length = 0;
});

const adapter = (apiKey?: string, timeoutMs = 500) =>
  ionetAdapter({ baseUrl: fake.url, apiKey, http: new HttpClient({ timeoutMs }) });

describe("ionetAdapter", () => {
  it("needs no key: the hardware catalog is public", async () => {
    expect(ionetAdapter().disabledReason).toBeUndefined();
    const offers = await adapter().fetchOffers(ctx());
    expect(offers).toHaveLength(6);
    expect(fake.requests[0]?.headers["x-api-key"]).toBeUndefined();
  });

  it("sends a configured io.net key as x-api-key", async () => {
    await adapter("io-key").fetchOffers(ctx());
    expect(fake.requests[0]?.headers["x-api-key"]).toBe("io-key");
  });

  it("prices the whole configuration per hour and reads the interconnect into the model", async () => {
    const offers = await adapter().fetchOffers(ctx());
    const finland = offers.find((o) => o.offerId === "8H100.80S.176V__FI");
    expect(finland).toMatchObject({
      providerId: "ionet",
      gpuModel: "h100-sxm",
      gpuName: "H100",
      gpuCount: 8,
      vramGb: 80,
      region: "FI",
      location: "FI",
      availability: { level: "high" },
      interruptible: false,
      source: "live",
      fetchedAt: NOW,
      pricing: {
        model: "fixed",
        price: { amount: "17.92", currency: "USD" },
        per: "hour",
        scope: "instance",
      },
    });
    if (!finland) throw new Error("no Finland offer");
    // 17.92 USD per 8-GPU configuration-hour is 2.24 USD per GPU-hour.
    const priced = normalizeOffer(finland, { now: NOW, tokenPrices: {} });
    expect(priced.ok && priced.offer.price.usdPerGpuHour).toBe(2.24);
    expect(offers.find((o) => o.offerId === "4A100.80S.64V__US")?.gpuModel).toBe("a100-80-sxm");
    expect(offers.find((o) => o.offerId === "1RTX4090.16V__US")?.gpuModel).toBe("rtx-4090");
  });

  it("keeps a sold-out configuration with availability none and an unknown model as unknown", async () => {
    const offers = await adapter().fetchOffers(ctx());
    expect(offers.find((o) => o.offerId === "2L40S.48P.32V__DE")).toMatchObject({
      gpuModel: "l40s",
      region: "DE",
      availability: { level: "none" },
    });
    expect(offers.find((o) => o.offerId === "1RTX3080TI.12V__CA")).toMatchObject({
      gpuModel: "unknown",
      gpuName: "GeForce RTX 3080 Ti",
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
    expect((error as ProviderDriftError).message).toMatch(/price/);
  });
});
