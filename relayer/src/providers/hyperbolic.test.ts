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
import { hyperbolicAdapter } from "./hyperbolic.ts";

const fixture = readFixture(import.meta.url, "hyperbolic.marketplace.json");
const fake = useFakeUpstream([
  {
    method: "POST",
    path: "/v1/marketplace",
    body: fixture,
    drift: renameField(fixture, "amount", "amount_usd"),
  },
]);

const adapter = (apiKey?: string, timeoutMs = 500) =>
  hyperbolicAdapter({ baseUrl: fake().url, apiKey, http: new HttpClient({ timeoutMs }) });

describe("hyperbolicAdapter", () => {
  it("works without a key, as the official CLI does, and posts the empty filter", async () => {
    expect(hyperbolicAdapter().disabledReason).toBeUndefined();
    const offers = await adapter().fetchOffers(fetchContext());
    expect(offers).toHaveLength(5);
    expect(fake().requests[0]?.method).toBe("POST");
    expect(JSON.parse(fake().requests[0]?.body ?? "")).toEqual({ filters: {} });
    expect(fake().requests[0]?.headers.authorization).toBeUndefined();
  });

  it("sends a configured key as a Bearer header", async () => {
    await adapter("hyp-key").fetchOffers(fetchContext());
    expect(fake().requests[0]?.headers.authorization).toBe("Bearer hyp-key");
  });

  it("prices each node in cents per GPU-hour with the free GPUs as availability", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
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
    expect(priceOf(h100).usdPerGpuHour).toBe(1.49);
    expect(offers.find((o) => o.offerId === "korolev-3")).toMatchObject({
      gpuModel: "rtx-4090",
      vramGb: 24,
      region: "US",
      availability: { level: "high", gpus: 4 },
    });
  });

  it("marks fully reserved and offline nodes unavailable, and leaves an unknown GPU unknown", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
    expect(offers.find((o) => o.offerId === "ceti22")?.availability).toEqual({ level: "none", gpus: 0 });
    expect(offers.find((o) => o.offerId === "lyra-8")).toMatchObject({
      gpuModel: "a100-80-sxm",
      availability: { level: "none", gpus: 0 },
    });
    expect(offers.find((o) => o.offerId === "vega-11")).toMatchObject({ gpuModel: "unknown", vramGb: 8 });
  });

  describeUpstreamFaults(fake, {
    call: (timeoutMs) => adapter(undefined, timeoutMs).fetchOffers(fetchContext()),
    drift: { renamed: "price field", message: /amount/ },
  });
});
