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
import { vastAdapter } from "./vast.ts";

const fixture = readFixture(import.meta.url, "vast.bundles.json");
const fake = useFakeUpstream([
  {
    method: "POST",
    path: "/api/v0/bundles/",
    body: fixture,
    drift: renameField(fixture, "dph_total", "dph_total_usd"),
  },
]);

// Tests pass their own HttpClient: no 6 s spacing between requests.
/** `apiKey` null: no key configured. */
const adapter = (timeoutMs = 500, apiKey: string | null = "test-key") =>
  vastAdapter({ baseUrl: fake().url, apiKey: apiKey ?? undefined, http: new HttpClient({ timeoutMs }) });

describe("vastAdapter", () => {
  it("searches verified, rentable on-demand offers cheapest first, with the key when one is given", async () => {
    expect(vastAdapter().disabledReason).toBeUndefined();
    await adapter().fetchOffers(fetchContext());
    const request = fake().requests[0];
    expect(request?.method).toBe("POST");
    expect(request?.headers.authorization).toBe("Bearer test-key");
    expect(JSON.parse(request?.body ?? "{}")).toMatchObject({
      verified: { eq: true },
      rentable: { eq: true },
      rented: { eq: false },
      type: "ondemand",
      order: [["dph_total", "asc"]],
      limit: expect.any(Number),
    });
    await adapter(500, null).fetchOffers(fetchContext());
    expect(fake().requests[1]?.headers.authorization).toBeUndefined();
  });

  it("offers each machine on demand and as an interruptible bid, dropping rented machines", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
    expect(offers.map((o) => o.offerId).sort()).toEqual([
      "21876543",
      "21876543:bid",
      "21990001",
      "21990001:bid",
      "22004417", // min_bid null: no bid offer
      "22100873",
      "22100873:bid",
      "22155120",
      "22155120:bid",
    ]);
  });

  it("prices the on-demand ask as dph_total for the whole machine", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
    const ask = offers.find((o) => o.offerId === "21876543");
    expect(ask).toMatchObject({
      gpuModel: "rtx-4090",
      gpuName: "RTX 4090",
      gpuCount: 2,
      vramGb: 24,
      region: "CA",
      location: "Ontario, CA",
      availability: { level: "high", gpus: 2 },
      interruptible: false,
      reliability: 0.9961,
      source: "live",
      fetchedAt: NOW,
      pricing: {
        model: "fixed",
        price: { amount: "0.6433", currency: "USD" },
        per: "hour",
        scope: "instance",
      },
    });
    // dph_total 0.6433 includes storage (diskHour 0.0233): 2 GPUs.
    expect(priceOf(ask).usdPerGpuHour).toBe(0.32165);
  });

  it("prices the bid at min_bid plus the storage part from search.diskHour", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
    const bid = offers.find((o) => o.offerId === "21876543:bid");
    expect(bid).toMatchObject({
      interruptible: true,
      pricing: {
        model: "spot",
        price: { amount: "0.38", currency: "USD" },
        per: "hour",
        scope: "instance",
        extras: [
          { label: "storage", money: { amount: "0.0233", currency: "USD" }, per: "hour", scope: "instance" },
        ],
      },
    });
    // (0.38 + 0.0233) / 2 GPUs.
    expect(priceOf(bid).usdPerGpuHour).toBe(0.20165);
    expect(priceOf(bid).expectedUsdPerGpuHour).toBeGreaterThan(0.20165);
  });

  it("takes the storage part as dph_total - dph_base when the search breakdown is missing", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
    const bid = offers.find((o) => o.offerId === "21990001:bid");
    expect(bid?.pricing.extras).toEqual([
      { label: "storage", money: { amount: "0.28", currency: "USD" }, per: "hour", scope: "instance" },
    ]);
    // (9.6 + 0.28) / 8 GPUs.
    expect(priceOf(bid).usdPerGpuHour).toBe(1.235);
    expect(offers.find((o) => o.offerId === "21990001")).toMatchObject({
      gpuModel: "h100-sxm",
      vramGb: 80,
      region: "US",
      reliability: 0.9992,
    });
  });

  it("resolves memory variants from gpu_ram and keeps unknown GPUs and places unknown", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
    const byId = (id: string) => offers.find((o) => o.offerId === id);
    expect(byId("22004417")).toMatchObject({ gpuModel: "a100-80-sxm", vramGb: 80, region: "DE" });
    expect(byId("22100873")).toMatchObject({ gpuModel: "unknown", vramGb: 12, region: "unknown" });
    expect(byId("22100873")?.location).toBeUndefined();
    expect(byId("22155120")).toMatchObject({ gpuModel: "a6000", region: "SE", reliability: 0.9801 });
  });

  describeUpstreamFaults(fake, {
    call: (timeoutMs) => adapter(timeoutMs).fetchOffers(fetchContext()),
    drift: { renamed: "price field", message: /offers\.0\.dph_total/ },
  });
});
