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
import { shadeformAdapter } from "./shadeform.ts";

const fixture = readFixture(import.meta.url, "shadeform.instance-types.json");
const fake = useFakeUpstream([
  {
    path: "/v1/instances/types",
    body: fixture,
    drift: renameField(fixture, "hourly_price", "hourly_price_usd"),
  },
]);

const adapter = (timeoutMs = 500) =>
  shadeformAdapter({ baseUrl: fake().url, apiKey: "shade-key", http: new HttpClient({ timeoutMs }) });

describe("shadeformAdapter", () => {
  it("is disabled, not failing, without an API key", () => {
    expect(shadeformAdapter().disabledReason).toMatch(/SHADEFORM_API_KEY/);
    expect(shadeformAdapter({ apiKey: "k" }).disabledReason).toBeUndefined();
  });

  it("sends the key as X-API-KEY and asks only for available types", async () => {
    await adapter().fetchOffers(fetchContext());
    expect(fake().requests[0]?.headers["x-api-key"]).toBe("shade-key");
    expect(fake().requests[0]?.url).toBe("/v1/instances/types?available=true");
  });

  it("makes one offer per available region, keyed by the underlying cloud and instance type", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
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
    expect(priceOf(canada).usdPerGpuHour).toBe(2.19);
  });

  it("divides an 8-GPU instance's cents and reads the interconnect into the model", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
    const lambda = offers.find((o) => o.offerId === "lambdalabs:gpu_8x_h100_sxm5@us-east-1");
    expect(lambda).toMatchObject({ gpuModel: "h100-sxm", gpuCount: 8, region: "US" });
    expect(priceOf(lambda).usdPerGpuHour).toBe(2.99);
    expect(offers.find((o) => o.offerId === "datacrunch:2A100.44V@helsinki-finland-1")).toMatchObject({
      gpuModel: "a100-80-sxm",
      region: "FI",
    });
  });

  it("falls back to the display name for the country, keeps sold-out types and unknown GPUs", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
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

  describeUpstreamFaults(fake, {
    call: (timeoutMs) => adapter(timeoutMs).fetchOffers(fetchContext()),
    drift: { renamed: "price field", message: /hourly_price/ },
  });
});
