import { readFileSync } from "node:fs";
import { normalizeOffer } from "@necto/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeUpstream, renameField, startFakeUpstream } from "../../test/fake-upstream.ts";
import { UpstreamError } from "../http/errors.ts";
import { HttpClient } from "../http/http-client.ts";
import { ProviderDriftError } from "./adapter.ts";
import { lambdaAdapter } from "./lambda.ts";

const fixture = JSON.parse(
  readFileSync(new URL("./__fixtures__/lambda.instance-types.json", import.meta.url), "utf8"),
);
const NOW = Date.UTC(2026, 11, 1);
const ctx = () => ({ signal: new AbortController().signal, now: NOW });

let fake: FakeUpstream;
beforeAll(async () => {
  fake = await startFakeUpstream([
    {
      path: "/api/v1/instance-types",
      body: fixture,
      drift: renameField(fixture, "price_cents_per_hour", "price_usd_per_hour"),
    },
  ]);
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.setFault("ok");
  fake.requests.length = 0;
});

const adapter = (timeoutMs = 500) =>
  lambdaAdapter({ baseUrl: fake.url, apiKey: "test-key", http: new HttpClient({ timeoutMs }) });

describe("lambdaAdapter", () => {
  it("is disabled, not failing, without an API key", () => {
    expect(lambdaAdapter().disabledReason).toMatch(/LAMBDA_API_KEY/);
    expect(lambdaAdapter({ apiKey: "k" }).disabledReason).toBeUndefined();
  });

  it("sends the operator's key and maps each instance type and region with capacity to an offer", async () => {
    const offers = await adapter().fetchOffers(ctx());
    expect(fake.requests[0]?.headers.authorization).toBe("Bearer test-key");
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
    if (!frankfurt) throw new Error("no Frankfurt offer");
    const priced = normalizeOffer(frankfurt, { now: NOW, tokenPrices: {} });
    expect(priced.ok && priced.offer.price.usdPerGpuHour).toBe(2.99);
  });

  it("keeps a sold-out type with availability none and skips CPU-only types", async () => {
    const offers = await adapter().fetchOffers(ctx());
    expect(offers.find((o) => o.offerId === "gpu_1x_a10")).toMatchObject({
      region: "unknown",
      availability: { level: "none" },
    });
    expect(offers.some((o) => o.offerId.startsWith("cpu_"))).toBe(false);
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
    expect((error as ProviderDriftError).message).toMatch(/price_cents_per_hour/);
  });
});
