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
import { tensordockAdapter } from "./tensordock.ts";

const fixture = readFixture(import.meta.url, "tensordock.locations.json");
const fake = useFakeUpstream([
  {
    path: "/api/v2/locations",
    body: fixture,
    drift: renameField(fixture, "price_per_hr", "price_per_hour"),
  },
]);

const adapter = (timeoutMs = 500) =>
  tensordockAdapter({ baseUrl: fake().url, apiKey: "td-token", http: new HttpClient({ timeoutMs }) });

describe("tensordockAdapter", () => {
  it("is disabled, not failing, without an API token", () => {
    expect(tensordockAdapter().disabledReason).toMatch(/TENSORDOCK_API_KEY/);
    expect(tensordockAdapter({ apiKey: "k" }).disabledReason).toBeUndefined();
  });

  it("sends the token as a Bearer header", async () => {
    await adapter().fetchOffers(fetchContext());
    expect(fake().requests[0]?.headers.authorization).toBe("Bearer td-token");
  });

  it("prices the GPU plus the vCPU, RAM and storage a minimal VM must rent, as in the sdk example", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
    const austin = offers.find((o) => o.offerId === "loc-3f2a9c1e-austin:h100-sxm5-80gb");
    expect(austin).toMatchObject({
      providerId: "tensordock",
      gpuModel: "h100-sxm",
      gpuName: "H100 SXM5 80GB",
      gpuCount: 2,
      vramGb: 80,
      region: "US",
      location: "Austin, Texas, United States",
      availability: { level: "high", gpus: 2 },
      interruptible: false,
      source: "live",
      fetchedAt: NOW,
    });
    expect(austin?.pricing).toEqual({
      model: "fixed",
      price: { amount: "2.2", currency: "USD" },
      per: "hour",
      scope: "gpu",
      extras: [
        { label: "8 vCPU", money: { amount: "0.024", currency: "USD" }, scope: "instance" },
        { label: "64 GB RAM", money: { amount: "0.128", currency: "USD" }, scope: "instance" },
        { label: "100 GB storage", money: { amount: "0.005", currency: "USD" }, scope: "instance" },
      ],
    });
    // sdk fixed.test.ts "adds TensorDock's vCPU, RAM and storage charges": 2.2785 USD per GPU-hour.
    expect(priceOf(austin).usdPerGpuHour).toBe(2.2785);
  });

  it("caps the host resources at the location's maxima", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
    const helsinki = offers.find((o) => o.offerId === "loc-8d41b7a2-helsinki:geforcertx4090-pcie-24gb");
    expect(helsinki).toMatchObject({ gpuModel: "rtx-4090", gpuCount: 4, region: "FI" });
    // 16 vCPU and 128 GB wanted for 4 GPUs; the location deploys at most 8 vCPU and 64 GB.
    expect(helsinki?.pricing.extras?.map((extra) => [extra.label, extra.money?.amount])).toEqual([
      ["8 vCPU", "0.02"],
      ["64 GB RAM", "0.096"],
      ["100 GB storage", "0.007"],
    ]);
    // 0.35 + (0.02 + 0.096 + 0.007) / 4.
    expect(priceOf(helsinki).usdPerGpuHour).toBe(0.38075);
  });

  it("keeps a sold-out GPU at one GPU with availability none, and an unknown model as unknown", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
    const soldOut = offers.find((o) => o.offerId === "loc-3f2a9c1e-austin:a100-pcie-80gb");
    expect(soldOut).toMatchObject({
      gpuModel: "a100-80-pcie",
      gpuCount: 1,
      availability: { level: "none", gpus: 0 },
    });
    expect(soldOut?.pricing.extras?.map((extra) => extra.label)).toEqual([
      "4 vCPU",
      "32 GB RAM",
      "100 GB storage",
    ]);
    expect(offers.find((o) => o.offerId === "loc-8d41b7a2-helsinki:rtxa4500-pcie-20gb")).toMatchObject({
      gpuModel: "unknown",
      gpuName: "RTX A4500 PCIe 20GB",
    });
  });

  describeUpstreamFaults(fake, {
    call: (timeoutMs) => adapter(timeoutMs).fetchOffers(fetchContext()),
    drift: { renamed: "price field", message: /price_per_hr/ },
  });
});
