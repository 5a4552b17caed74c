import { describe, expect, it } from "vitest";
import { renameField } from "../../test/fake-upstream.ts";
import {
  agreedTokenPrice,
  describeUpstreamFaults,
  fetchContext,
  NOW,
  priceOf,
  readFixture,
  rejectionOf,
  useFakeUpstream,
  withFakeUpstream,
} from "../../test/upstream-test-kit.ts";
import { HttpClient } from "../http/http-client.ts";
import { ProviderDriftError } from "./adapter.ts";
import { AKASH_USDC_IBC_DENOM, akashAdapter, moneyOfAkashBid } from "./akash.ts";

const fixture = readFixture(import.meta.url, "akash.gpu-prices.json");
const H100_SXM_BID = "bid:9F2C4E1B7A0D3C5E8F6A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F6A";

const fake = useFakeUpstream([
  { path: "/v1/gpu-prices", body: fixture, drift: renameField(fixture, "med", "median") },
]);

const adapter = (timeoutMs = 500, bids?: boolean, baseUrl = fake().url) =>
  akashAdapter({ baseUrl, http: new HttpClient({ timeoutMs }), bids });

/** The adapter's failure on the fixture with one bid edited, served by a fake of its own. */
const driftOfEditedBid = (edit: (body: typeof fixture) => void) => {
  const edited = structuredClone(fixture);
  edit(edited);
  return withFakeUpstream([{ path: "/v1/gpu-prices", body: edited }], (url) =>
    rejectionOf(adapter(500, undefined, url).fetchOffers(fetchContext()), ProviderDriftError),
  );
};

describe("akashAdapter", () => {
  it("needs no key and reads the public aggregate with the per-provider bids", async () => {
    expect(akashAdapter().disabledReason).toBeUndefined();
    await adapter().fetchOffers(fetchContext());
    expect(fake().requests[0]?.url).toBe("/v1/gpu-prices?debug=true");
    expect(fake().requests[0]?.headers.authorization).toBeUndefined();
  });

  it("offers each priced model at its median USD per GPU-hour, worldwide", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
    const medians = offers.filter((o) => o.offerId.startsWith("median:"));
    // a6000 has price null (no bid in 31 days): nothing to rank, so no offer.
    expect(medians.map((o) => o.offerId).sort()).toEqual([
      "median:nvidia/h100/80Gi/PCIe",
      "median:nvidia/h100/80Gi/SXM5",
      "median:nvidia/rtx3060ti/8Gi/PCIe",
      "median:nvidia/rtx4090/24Gi/PCIe",
    ]);
    const sxm = medians.find((o) => o.offerId === "median:nvidia/h100/80Gi/SXM5");
    expect(sxm).toMatchObject({
      gpuModel: "h100-sxm",
      gpuName: "nvidia/h100/80Gi/SXM5",
      gpuCount: 1,
      vramGb: 80,
      region: "group:global",
      availability: { level: "high", gpus: 41 },
      interruptible: false,
      source: "live",
      fetchedAt: NOW,
      pricing: { model: "auction", price: { amount: "1.5", currency: "USD" }, per: "hour", scope: "gpu" },
    });
    expect(priceOf(sxm).usdPerGpuHour).toBe(1.5);
    expect(medians.find((o) => o.offerId === "median:nvidia/h100/80Gi/PCIe")?.availability).toEqual({
      level: "low",
      gpus: 2,
    });
  });

  it("keeps a GPU the catalog does not know as unknown, with the VRAM the Console states", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
    expect(offers.find((o) => o.offerId === "median:nvidia/rtx3060ti/8Gi/PCIe")).toMatchObject({
      gpuModel: "unknown",
      vramGb: 8,
    });
  });

  it("offers a uakt bid per block for the whole deployment, priced through the AKT oracle", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
    const bid = offers.find((o) => o.offerId === H100_SXM_BID);
    expect(bid).toMatchObject({
      gpuModel: "h100-sxm",
      gpuName: "nvidia/h100/80Gi/sxm5",
      gpuCount: 2,
      region: "unknown",
      availability: { level: "high", gpus: 8 },
      interruptible: false,
      pricing: {
        model: "auction",
        price: { amount: "1234.5", currency: "AKT", decimals: 6 },
        per: "block",
        blockSeconds: 6,
        scope: "instance",
      },
    });
    // 1234.5 uakt × 600 blocks/h × 3.21 USD/AKT / 1e6 = 2.377647 USD/h for 2 GPUs.
    expect(priceOf(bid, { AKT: agreedTokenPrice("AKT", 3.21) }).usdPerGpuHour).toBe(1.1888235);
    // Unknown token prices fail closed.
    expect(() => priceOf(bid)).toThrow(/^unpriced:/);
  });

  it("offers a uact bid and counts GPUs over replicas", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
    const uact = offers.find((o) => o.pricing.price.currency === "ACT" && o.gpuModel === "h100-sxm");
    expect(uact?.pricing.price).toEqual({ amount: "2500", currency: "ACT", decimals: 6 });
    expect(priceOf(uact, { ACT: agreedTokenPrice("ACT", 1) }).usdPerGpuHour).toBe(1.5);
    // rtx4090: 1 GPU per replica, 2 replicas; the tenant named only the model, the row fills in the rest.
    const replicas = offers.find((o) => o.offerId.startsWith("bid:ABCDEF"));
    expect(replicas).toMatchObject({ gpuModel: "rtx-4090", gpuName: "nvidia/rtx4090", gpuCount: 2 });
    // 520 uact × 600 / 1e6 = 0.312 USD/h for 2 GPUs.
    expect(priceOf(replicas, { ACT: agreedTokenPrice("ACT", 1) }).usdPerGpuHour).toBe(0.156);
  });

  it("reads a v1beta4 bid's base64 quantities and fills its interface from the only row carrying it", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
    expect(offers.find((o) => o.offerId.startsWith("bid:C0FFEE"))).toMatchObject({
      gpuModel: "h100-pcie",
      gpuName: "nvidia/h100/80Gi",
      gpuCount: 1,
      availability: { level: "low", gpus: 2 },
    });
  });

  it("offers a bid filed under two variants once, with the GPU unknown", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
    const both = offers.filter((o) => o.offerId.startsWith("bid:5E6F7A8B"));
    expect(both).toHaveLength(1);
    expect(both[0]).toMatchObject({
      gpuModel: "unknown",
      vramGb: 80,
      availability: { level: "low", gpus: 1 },
    });
    // Seven best-bid entries in the fixture, six distinct bids.
    expect(offers.filter((o) => o.offerId.startsWith("bid:"))).toHaveLength(6);
  });

  it("reads only the aggregate when bids are off", async () => {
    const offers = await adapter(500, false).fetchOffers(fetchContext());
    expect(fake().requests[0]?.url).toBe("/v1/gpu-prices");
    expect(offers).toHaveLength(4);
    expect(offers.every((o) => o.offerId.startsWith("median:"))).toBe(true);
  });

  it("maps uakt, uact and IBC USDC to their 6-decimal tokens and refuses other denoms", () => {
    expect(moneyOfAkashBid("uakt", "12.5")).toEqual({ amount: "12.5", currency: "AKT", decimals: 6 });
    expect(moneyOfAkashBid("uact", "500")).toEqual({ amount: "500", currency: "ACT", decimals: 6 });
    expect(moneyOfAkashBid(AKASH_USDC_IBC_DENOM, "416.67")).toEqual({
      amount: "416.67",
      currency: "USDC",
      decimals: 6,
    });
    expect(moneyOfAkashBid("ibc/UNKNOWN", "1")).toBeUndefined();
  });

  describeUpstreamFaults(fake, {
    call: (timeoutMs) => adapter(timeoutMs).fetchOffers(fetchContext()),
    drift: { renamed: "median", message: /models\.1\.price\.med/ },
  });

  it("reports a bid amount that disagrees with the Console's hourly price as drift", async () => {
    // The same bid as a 10^18-scaled DecCoin integer, as raw protobuf carries it.
    const error = await driftOfEditedBid((body) => {
      body.models[2].providersWithBestBid[0].bestBid.data.price.amount = "1234500000000000000000";
    });
    expect(error.issues).toEqual([
      expect.stringMatching(/^models\.2\.providersWithBestBid\.0\.bestBid\.data\.price\.amount: /),
    ]);
  });

  it("reports a bid in a denom it cannot price as drift", async () => {
    const error = await driftOfEditedBid((body) => {
      body.models[4].providersWithBestBid[0].bestBid.data.price.denom = "ibc/DEADBEEF";
    });
    expect(error.message).toMatch(/models\.4\.providersWithBestBid\.0\..*denom/);
  });
});
