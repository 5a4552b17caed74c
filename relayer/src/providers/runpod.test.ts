import { describe, expect, it } from "vitest";
import { renameField } from "../../test/fake-upstream.ts";
import {
  describeUpstreamFaults,
  fetchContext,
  NOW,
  priceOf,
  readFixture,
  rejectionOf,
  useFakeUpstream,
  withFakeUpstream,
} from "../../test/upstream-test-kit.ts";
import { UpstreamError } from "../http/errors.ts";
import { HttpClient } from "../http/http-client.ts";
import { ProviderDriftError } from "./adapter.ts";
import { runpodAdapter } from "./runpod.ts";

const fixture = readFixture(import.meta.url, "runpod.gpu-types.json");
const fake = useFakeUpstream([
  {
    method: "POST",
    path: "/graphql",
    body: fixture,
    drift: renameField(fixture, "securePrice", "secureOnDemandPrice"),
  },
]);

/** `apiKey` null: no key configured. */
const adapter = (timeoutMs = 500, apiKey: string | null = "test-key", baseUrl = fake().url) =>
  runpodAdapter({ baseUrl, apiKey: apiKey ?? undefined, http: new HttpClient({ timeoutMs }) });

/** A fetch from a fake RunPod that answers 200 with a GraphQL `errors` array. */
const fetchAnsweredWithErrors = (errors: unknown[]) =>
  withFakeUpstream([{ method: "POST", path: "/graphql", body: { data: null, errors } }], (url) =>
    adapter(500, "test-key", url).fetchOffers(fetchContext()),
  );

describe("runpodAdapter", () => {
  it("is enabled without a key (the price read is public) and sends the operator's key when given", async () => {
    expect(runpodAdapter().disabledReason).toBeUndefined();
    await adapter().fetchOffers(fetchContext());
    expect(fake().requests[0]?.method).toBe("POST");
    expect(fake().requests[0]?.headers.authorization).toBe("Bearer test-key");
    expect(JSON.parse(fake().requests[0]?.body ?? "{}").query).toMatch(/gpuTypes[\s\S]*lowestPrice/);
    await adapter(500, null).fetchOffers(fetchContext());
    expect(fake().requests[1]?.headers.authorization).toBeUndefined();
  });

  it("offers each GPU type per cloud it is on, on demand and spot, skipping zero and null prices", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
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
    const offers = await adapter().fetchOffers(fetchContext());
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
    expect(priceOf(secure).usdPerGpuHour).toBe(2.99);
    expect(priceOf(secure).expectedUsdPerGpuHour).toBeUndefined();
  });

  it("maps a spot price as interruptible, with the expected price carrying the interruption risk", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
    const spot = offers.find((o) => o.offerId === "NVIDIA H100 80GB HBM3:secure-spot");
    expect(spot).toMatchObject({
      interruptible: true,
      pricing: { model: "spot", price: { amount: "1.75", currency: "USD" }, per: "hour", scope: "gpu" },
    });
    expect(priceOf(spot).usdPerGpuHour).toBe(1.75);
    expect(priceOf(spot).expectedUsdPerGpuHour).toBe(1.79375);
  });

  it("reads stock status and free GPUs into availability, and keeps unknown GPUs unknown", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
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

  describeUpstreamFaults(fake, {
    call: (timeoutMs) => adapter(timeoutMs).fetchOffers(fetchContext()),
    drift: { renamed: "price field", message: /data\.gpuTypes\.0\.securePrice/ },
  });

  it("reports a query RunPod rejects (a removed field) as drift", async () => {
    const answer = fetchAnsweredWithErrors([
      {
        message: 'Cannot query field "secureSpotPrice" on type "GpuType".',
        locations: [{ line: 5, column: 47 }],
        extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
      },
    ]);
    const error = await rejectionOf(answer, ProviderDriftError);
    expect(error.issues).toEqual(['query: Cannot query field "secureSpotPrice" on type "GpuType".']);
  });

  it("reports any other GraphQL error in a 200 answer as the upstream failing", async () => {
    const answer = fetchAnsweredWithErrors([
      { message: "Something went wrong", extensions: { code: "INTERNAL_SERVER_ERROR" } },
    ]);
    const error = await rejectionOf(answer, UpstreamError);
    expect(error.code).toBe("http-error");
    expect(error.message).toMatch(/Something went wrong/);
  });
});
