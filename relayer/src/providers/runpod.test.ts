import { readFileSync } from "node:fs";
import { normalizeOffer, type Offer } from "@necto/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeUpstream, renameField, startFakeUpstream } from "../../test/fake-upstream.ts";
import { UpstreamError } from "../http/errors.ts";
import { HttpClient } from "../http/http-client.ts";
import { ProviderDriftError } from "./adapter.ts";
import { runpodAdapter } from "./runpod.ts";

const fixture = JSON.parse(
  readFileSync(new URL("./__fixtures__/runpod.gpu-types.json", import.meta.url), "utf8"),
);
const NOW = Date.UTC(2026, 11, 1);
const ctx = () => ({ signal: new AbortController().signal, now: NOW });
const priced = (offer: Offer | undefined) => {
  if (!offer) throw new Error("no such offer");
  const result = normalizeOffer(offer, { now: NOW, tokenPrices: {} });
  if (!result.ok) throw new Error(`${result.exclusion.code}: ${result.exclusion.message}`);
  return result.offer.price;
};

let fake: FakeUpstream;
beforeAll(async () => {
  fake = await startFakeUpstream([
    {
      method: "POST",
      path: "/graphql",
      body: fixture,
      drift: renameField(fixture, "securePrice", "secureOnDemandPrice"),
    },
  ]);
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.setFault("ok");
  fake.requests.length = 0;
});

/** `apiKey` null: no key configured. */
const adapter = (timeoutMs = 500, apiKey: string | null = "test-key", baseUrl = fake.url) =>
  runpodAdapter({ baseUrl, apiKey: apiKey ?? undefined, http: new HttpClient({ timeoutMs }) });

/** A fake RunPod that answers 200 with a GraphQL `errors` array. */
const withErrors = async (errors: unknown[], run: (url: string) => Promise<void>) => {
  const other = await startFakeUpstream([{ method: "POST", path: "/graphql", body: { data: null, errors } }]);
  try {
    await run(other.url);
  } finally {
    await other.close();
  }
};

describe("runpodAdapter", () => {
  it("is enabled without a key (the price read is public) and sends the operator's key when given", async () => {
    expect(runpodAdapter().disabledReason).toBeUndefined();
    await adapter().fetchOffers(ctx());
    expect(fake.requests[0]?.method).toBe("POST");
    expect(fake.requests[0]?.headers.authorization).toBe("Bearer test-key");
    expect(JSON.parse(fake.requests[0]?.body ?? "{}").query).toMatch(/gpuTypes[\s\S]*lowestPrice/);
    await adapter(500, null).fetchOffers(ctx());
    expect(fake.requests[1]?.headers.authorization).toBeUndefined();
  });

  it("offers each GPU type per cloud it is on, on demand and spot, skipping zero and null prices", async () => {
    const offers = await adapter().fetchOffers(ctx());
    expect(offers.map((o) => o.offerId).sort()).toEqual([
      "AMD Instinct MI300X OAM:secure",
      "NVIDIA A100-SXM4-80GB:secure",
      "NVIDIA A100-SXM4-80GB:secure-spot",
      "NVIDIA GeForce RTX 4090:community",
      "NVIDIA GeForce RTX 4090:community-spot",
      "NVIDIA GeForce RTX 4090:secure",
      "NVIDIA GeForce RTX 4090:secure-spot",
      "NVIDIA H100 80GB HBM3:community",
      "NVIDIA H100 80GB HBM3:community-spot",
      "NVIDIA H100 80GB HBM3:secure",
      "NVIDIA H100 80GB HBM3:secure-spot",
      "NVIDIA RTX 4000 Ada Generation:community",
      "NVIDIA RTX 4000 Ada Generation:community-spot",
    ]);
  });

  it("maps a secure on-demand price as a fixed USD price per GPU-hour", async () => {
    const offers = await adapter().fetchOffers(ctx());
    const secure = offers.find((o) => o.offerId === "NVIDIA H100 80GB HBM3:secure");
    expect(secure).toMatchObject({
      gpuModel: "h100-sxm",
      gpuName: "NVIDIA H100 80GB HBM3",
      gpuCount: 1,
      vramGb: 80,
      region: "unknown",
      availability: { level: "low", gpus: 8 },
      interruptible: false,
      source: "live",
      fetchedAt: NOW,
      pricing: { model: "fixed", price: { amount: "2.99", currency: "USD" }, per: "hour", scope: "gpu" },
    });
    expect(priced(secure).usdPerGpuHour).toBe(2.99);
    expect(priced(secure).expectedUsdPerGpuHour).toBeUndefined();
  });

  it("maps a spot price as interruptible, with the expected price carrying the interruption risk", async () => {
    const offers = await adapter().fetchOffers(ctx());
    const spot = offers.find((o) => o.offerId === "NVIDIA H100 80GB HBM3:secure-spot");
    expect(spot).toMatchObject({
      interruptible: true,
      pricing: { model: "spot", price: { amount: "1.75", currency: "USD" }, per: "hour", scope: "gpu" },
    });
    expect(priced(spot).usdPerGpuHour).toBe(1.75);
    expect(priced(spot).expectedUsdPerGpuHour).toBe(1.79375);
  });

  it("reads stock status and free GPUs into availability, and keeps unknown GPUs unknown", async () => {
    const offers = await adapter().fetchOffers(ctx());
    const byId = (id: string) => offers.find((o) => o.offerId === id);
    expect(byId("NVIDIA GeForce RTX 4090:community")?.availability).toEqual({ level: "high", gpus: 8 });
    expect(byId("NVIDIA A100-SXM4-80GB:secure")).toMatchObject({
      gpuModel: "a100-80-sxm",
      availability: { level: "low", gpus: 2 },
    });
    // No stock status and no free GPU: sold out.
    expect(byId("NVIDIA RTX 4000 Ada Generation:community")).toMatchObject({
      gpuModel: "unknown",
      vramGb: 20,
      availability: { level: "none", gpus: 0 },
    });
    expect(byId("AMD Instinct MI300X OAM:secure")).toMatchObject({ gpuModel: "mi300x", vramGb: 192 });
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
    expect((error as ProviderDriftError).message).toMatch(/data\.gpuTypes\.0\.securePrice/);
  });

  it("reports a query RunPod rejects (a removed field) as drift", async () => {
    await withErrors(
      [
        {
          message: 'Cannot query field "secureSpotPrice" on type "GpuType".',
          locations: [{ line: 5, column: 47 }],
          extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
        },
      ],
      async (url) => {
        const error = await adapter(500, "test-key", url)
          .fetchOffers(ctx())
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ProviderDriftError);
        expect((error as ProviderDriftError).issues).toEqual([
          'query: Cannot query field "secureSpotPrice" on type "GpuType".',
        ]);
      },
    );
  });

  it("reports any other GraphQL error in a 200 answer as the upstream failing", async () => {
    await withErrors(
      [{ message: "Something went wrong", extensions: { code: "INTERNAL_SERVER_ERROR" } }],
      async (url) => {
        const error = await adapter(500, "test-key", url)
          .fetchOffers(ctx())
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(UpstreamError);
        expect((error as UpstreamError).code).toBe("http-error");
        expect((error as UpstreamError).message).toMatch(/Something went wrong/);
      },
    );
  });
});
