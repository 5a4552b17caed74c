import { describe, expect, it } from "vitest";
import { renameField } from "../../test/fake-upstream.ts";
import {
  describeUpstreamFaults,
  fetchContext,
  NOW,
  priceOf,
  readFixture,
  useFakeUpstream,
} from "../../test/upstream-test-kit.ts";
import { HttpClient } from "../http/http-client.ts";
import { ionetAdapter } from "./ionet.ts";

const fixture = readFixture(import.meta.url, "ionet.vmaas-hardware.json");
const fake = useFakeUpstream([
  { path: "/v1/io-cloud/vmaas/hardware", body: fixture, drift: renameField(fixture, "price", "price_usd") },
]);

const adapter = (apiKey?: string, timeoutMs = 500) =>
  ionetAdapter({ baseUrl: fake().url, apiKey, http: new HttpClient({ timeoutMs }) });

describe("ionetAdapter", () => {
  it("needs no key: the hardware catalog is public", async () => {
    expect(ionetAdapter().disabledReason).toBeUndefined();
    const offers = await adapter().fetchOffers(fetchContext());
    expect(offers).toHaveLength(6);
    expect(fake().requests[0]?.headers["x-api-key"]).toBeUndefined();
  });

  it("sends a configured io.net key as x-api-key", async () => {
    await adapter("io-key").fetchOffers(fetchContext());
    expect(fake().requests[0]?.headers["x-api-key"]).toBe("io-key");
  });

  it("prices the whole configuration per hour and reads the interconnect into the model", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
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
    // 17.92 USD per 8-GPU configuration-hour is 2.24 USD per GPU-hour.
    expect(priceOf(finland).usdPerGpuHour).toBe(2.24);
    expect(offers.find((o) => o.offerId === "4A100.80S.64V__US")?.gpuModel).toBe("a100-80-sxm");
    expect(offers.find((o) => o.offerId === "1RTX4090.16V__US")?.gpuModel).toBe("rtx-4090");
  });

  it("keeps a sold-out configuration with availability none and an unknown model as unknown", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
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

  describeUpstreamFaults(fake, {
    call: (timeoutMs) => adapter(undefined, timeoutMs).fetchOffers(fetchContext()),
    drift: { renamed: "price field", message: /price/ },
  });
});
