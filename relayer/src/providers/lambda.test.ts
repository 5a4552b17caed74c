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
import { lambdaAdapter } from "./lambda.ts";

const fixture = readFixture(import.meta.url, "lambda.instance-types.json");
const fake = useFakeUpstream([
  {
    path: "/api/v1/instance-types",
    body: fixture,
    drift: renameField(fixture, "price_cents_per_hour", "price_usd_per_hour"),
  },
]);

const adapter = (timeoutMs = 500) =>
  lambdaAdapter({ baseUrl: fake().url, apiKey: "test-key", http: new HttpClient({ timeoutMs }) });

describe("lambdaAdapter", () => {
  it("is disabled, not failing, without an API key", () => {
    expect(lambdaAdapter().disabledReason).toMatch(/LAMBDA_API_KEY/);
    expect(lambdaAdapter({ apiKey: "k" }).disabledReason).toBeUndefined();
  });

  it("sends the operator's key and maps each instance type and region with capacity to an offer", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
    expect(fake().requests[0]?.headers.authorization).toBe("Bearer test-key");
    expect(offers.map((o) => o.offerId).sort()).toEqual([
      "gpu_1x_a10",
      "gpu_1x_gh200@us-west-1",
      "gpu_8x_h100_sxm5@europe-central-1",
      "gpu_8x_h100_sxm5@us-east-1",
    ]);
    const frankfurt = offers.find((o) => o.offerId === "gpu_8x_h100_sxm5@europe-central-1");
    expect(frankfurt).toMatchObject({
      gpuModel: "h100-sxm",
      gpuCount: 8,
      vramGb: 80,
      region: "DE",
      source: "live",
    });
    expect(frankfurt?.fetchedAt).toBe(NOW);
    // 2392 cents per 8-GPU instance-hour is 2.99 USD per GPU-hour.
    expect(priceOf(frankfurt).usdPerGpuHour).toBe(2.99);
  });

  it("keeps a sold-out type with availability none and skips CPU-only types", async () => {
    const offers = await adapter().fetchOffers(fetchContext());
    expect(offers.find((o) => o.offerId === "gpu_1x_a10")).toMatchObject({
      region: "unknown",
      availability: { level: "none" },
    });
    expect(offers.some((o) => o.offerId.startsWith("cpu_"))).toBe(false);
  });

  describeUpstreamFaults(fake, {
    call: (timeoutMs) => adapter(timeoutMs).fetchOffers(fetchContext()),
    drift: { renamed: "price field", message: /price_cents_per_hour/ },
  });
});
