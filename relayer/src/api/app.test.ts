import { type Offer, rankOffers } from "@necto/sdk";
import fc from "fast-check";
import pino from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import { testOffer } from "../../test/test-offer.ts";
import { Market } from "../market/market.ts";
import { PriceHistory } from "../market/price-history.ts";
import type { ProviderAdapter } from "../providers/adapter.ts";
import { createApi } from "./app.ts";

const NOW = Date.UTC(2026, 11, 1);
const SNAPSHOT_AT = Date.UTC(2026, 10, 9);

const offer = (providerId: string, offerId: string, usd: string, extra: Partial<Offer> = {}): Offer =>
  testOffer(providerId, offerId, usd, { fetchedAt: NOW, ...extra });

const liveOffers = [
  offer("vast", "1", "1.80", { region: "DE" }),
  offer("vast", "2", "2.40", { region: "US", gpuModel: "a100-80-sxm", gpuName: "A100 SXM 80GB" }),
  offer("runpod", "a", "2.99", { region: "FR" }),
  offer("runpod", "b", "0.69", { gpuModel: "rtx-4090", gpuName: "RTX 4090", vramGb: 24 }),
  offer("runpod", "c", "1.10", { availability: { level: "none" } }),
];
const snapshotOffers = [
  offer("lambda", "snap", "2.99", {
    source: "snapshot",
    fetchedAt: SNAPSHOT_AT,
    gpuCount: 8,
    pricing: {
      model: "fixed",
      price: { amount: "2392", currency: "USD_CENTS" },
      per: "hour",
      scope: "instance",
    },
  }),
];

const adapter = (id: string, offers: Offer[]): ProviderAdapter => ({
  id,
  name: id,
  ttlMs: 60_000,
  fetchOffers: async () => offers,
});

const build = async (rateLimit: { windowMs: number; limit: number } | false = false) => {
  const market = new Market({
    adapters: [
      adapter(
        "vast",
        liveOffers.filter((o) => o.providerId === "vast"),
      ),
      adapter(
        "runpod",
        liveOffers.filter((o) => o.providerId === "runpod"),
      ),
      { ...adapter("lambda", []), disabledReason: "no Lambda API key" },
    ],
    snapshot: { takenAt: SNAPSHOT_AT, offers: snapshotOffers },
    now: () => NOW,
  });
  await market.refresh();
  const history = new PriceHistory(":memory:");
  history.record([
    {
      at: NOW - 2 * 86_400_000,
      gpuModel: "h100-sxm",
      providerId: "vast",
      source: "live",
      minUsdPerGpuHour: 1.9,
      medianUsdPerGpuHour: 2.2,
      offers: 4,
    },
    {
      at: NOW - 20 * 86_400_000,
      gpuModel: "h100-sxm",
      providerId: "vast",
      source: "live",
      minUsdPerGpuHour: 2.5,
      medianUsdPerGpuHour: 2.7,
      offers: 4,
    },
  ]);
  const app = createApi({
    market,
    history,
    logger: pino({ level: "silent" }),
    corsOrigins: ["http://localhost:5173"],
    rateLimit,
    maxBodyBytes: 4096,
    now: () => NOW,
  });
  return { app, market };
};

let app: Awaited<ReturnType<typeof build>>["app"];
beforeAll(async () => {
  ({ app } = await build());
});

const post = (path: string, body: unknown) =>
  app.request(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

describe("GET /v1/offers", () => {
  it("returns the filtered offers cheapest first, each with its effective price, and labels snapshot data", async () => {
    const response = await app.request("/v1/offers?gpu=h100-sxm,a100-80-sxm&maxPrice=3");
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(
      body.offers.map((o: { providerId: string; offerId: string }) => `${o.providerId}:${o.offerId}`),
    ).toEqual(["vast:1", "vast:2", "lambda:snap", "runpod:a"]);
    expect(body.offers[2].price.usdPerGpuHour).toBe(2.99);
    expect(body.offers[2].source).toBe("snapshot");
    expect(body.total).toBe(4);
    expect(body.market.snapshot).toEqual({
      takenAt: SNAPSHOT_AT,
      takenAtIso: "2026-11-09T00:00:00.000Z",
      providers: ["lambda"],
    });
  });

  it("filters by region group and provider, and pages", async () => {
    const eu = await (await app.request("/v1/offers?region=group:eu")).json();
    expect(eu.offers.map((o: { offerId: string }) => o.offerId)).toEqual(["1", "a"]);
    const onlyRunpod = await (await app.request("/v1/offers?provider=runpod")).json();
    expect(new Set(onlyRunpod.offers.map((o: { providerId: string }) => o.providerId))).toEqual(
      new Set(["runpod"]),
    );
    const page = await (await app.request("/v1/offers?limit=2&offset=1")).json();
    expect(page.offers.map((o: { rank: number }) => o.rank)).toEqual([2, 3]);
  });

  it.each([
    ["/v1/offers?maxPrice=abc", /maxPrice must be a number/],
    ["/v1/offers?maxPrice=-1", /maxPrice must be 0 or more/],
    ["/v1/offers?limit=0", /limit must be 1 or more/],
    ["/v1/offers?gpu=h100", /not a known GPU model id/],
    ["/v1/offers?region=SA,atlantis", /not a region/],
    ["/v1/offers?colour=red", /unknown query parameter "colour"/],
    ["/v1/offers?minReliability=2", /minReliability must be 1 or less/],
  ])("answers %s with a 400 that says what is wrong", async (path, message) => {
    const response = await app.request(path);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.message + body.error.issues.join(" ")).toMatch(message);
  });
});

describe("POST /v1/quote", () => {
  it("ranks exactly as the sdk's rankOffers, with every exclusion's reason and counts by code", async () => {
    const constraints = { maxUsdPerGpuHour: 2.5, regions: ["US", "group:eu"] };
    const response = await post("/v1/quote", { constraints, excludedLimit: 100 });
    expect(response.status).toBe(200);
    const body = await response.json();
    const expected = rankOffers([...liveOffers, ...snapshotOffers], constraints as never, {
      now: NOW,
      tokenPrices: {},
    });
    expect(body.ranked).toEqual(JSON.parse(JSON.stringify(expected.ranked)));
    expect(body.excluded).toEqual(expected.excluded);
    expect(body.rankedCount).toBe(expected.ranked.length);
    expect(body.excludedByCode).toEqual({ "over-budget": 2, availability: 1 });
  });

  it("cuts the lists to the asked lengths but keeps full counts", async () => {
    const body = await (await post("/v1/quote", { limit: 1, excludedLimit: 0 })).json();
    expect(body.ranked).toHaveLength(1);
    expect(body.ranked[0].offerId).toBe("b");
    expect(body.rankedCount).toBe(5);
    expect(body.excluded).toEqual([]);
    expect(body.excludedCount).toBe(1);
  });

  it.each([
    [{ constraints: { maxUsdPerGpuHour: "cheap" } }, /maxUsdPerGpuHour must be a number/],
    [{ constraints: { gpuModels: [] } }, /gpuModels must not be empty/],
    [{ constraints: { colour: "red" } }, /unknown field "colour"/],
    [{ limit: 10_000 }, /limit/],
    [{ extra: 1 }, /unknown field "extra"/],
    [[1, 2], /must be a JSON object/],
  ])("refuses %j with a 400 naming the problem", async (body, message) => {
    const response = await post("/v1/quote", body);
    expect(response.status).toBe(400);
    const answer = await response.json();
    expect([answer.error.message, ...(answer.error.issues ?? [])].join(" ")).toMatch(message);
  });

  it("refuses malformed JSON with a 400 and a body over the limit with a 413", async () => {
    expect((await post("/v1/quote", "{bad")).status).toBe(400);
    const big = await post("/v1/quote", { constraints: { excludeProviders: Array(2000).fill("x") } });
    expect(big.status).toBe(413);
    expect((await big.json()).error.code).toBe("body-too-large");
  });
});

describe("status, catalog, history and documentation", () => {
  it("reports provider health with the disabled provider and the snapshot", async () => {
    const body = await (await app.request("/v1/providers")).json();
    const byId = Object.fromEntries(body.providers.map((p: { id: string }) => [p.id, p]));
    expect(byId.vast).toMatchObject({ status: "live", offers: 2 });
    expect(byId.lambda).toMatchObject({ status: "snapshot", disabledReason: "no Lambda API key", offers: 1 });
    expect(body.snapshot.providers).toEqual(["lambda"]);
  });

  it("serves the GPU catalog and the 7-day history", async () => {
    const gpus = await (await app.request("/v1/gpus")).json();
    expect(gpus.gpus.some((gpu: { id: string }) => gpu.id === "h100-sxm")).toBe(true);
    const week = await (await app.request("/v1/history?gpu=h100-sxm&days=7")).json();
    expect(week.series).toEqual([
      {
        providerId: "vast",
        points: [{ at: NOW - 2 * 86_400_000, minUsdPerGpuHour: 1.9, medianUsdPerGpuHour: 2.2, samples: 1 }],
      },
    ]);
    const month = await (await app.request("/v1/history?gpu=h100-sxm&days=30")).json();
    expect(month.series[0].points).toHaveLength(2);
    expect((await app.request("/v1/history?gpu=h100&days=7")).status).toBe(400);
    expect((await app.request("/v1/history?gpu=h100-sxm&days=9")).status).toBe(400);
  });

  it("documents every route in the OpenAPI document generated from the route schemas", async () => {
    const spec = await (await app.request("/v1/openapi.json")).json();
    expect(spec.openapi).toBe("3.1.0");
    expect(Object.keys(spec.paths).sort()).toEqual(
      [
        "/healthz",
        "/v1/gpus",
        "/v1/history",
        "/v1/offers",
        "/v1/providers",
        "/v1/quote",
        "/v1/tokens",
      ].sort(),
    );
    expect(
      spec.paths["/v1/quote"].post.requestBody.content["application/json"].schema.properties.constraints
        .properties.maxUsdPerGpuHour,
    ).toEqual({ type: "number", minimum: 0 });
  });

  it("answers CORS preflights for the dapp's origin only, and unknown routes with a JSON 404", async () => {
    const preflight = await app.request("/v1/quote", {
      method: "OPTIONS",
      headers: { origin: "http://localhost:5173", "access-control-request-method": "POST" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    const other = await app.request("/v1/offers", { headers: { origin: "https://evil.example" } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    const missing = await app.request("/v2/nothing");
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe("not-found");
  });

  it("limits requests per client with a 429", async () => {
    const { app: limited } = await build({ windowMs: 60_000, limit: 3 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await limited.request("/healthz")).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});

describe("fuzzed requests", () => {
  it("never answer 5xx: random JSON bodies to /v1/quote", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.json(),
          fc.record({ constraints: fc.jsonValue(), limit: fc.jsonValue() }, { requiredKeys: [] }),
          fc.record({
            constraints: fc.dictionary(
              fc.constantFrom(
                "maxUsdPerGpuHour",
                "gpuModels",
                "regions",
                "minGpus",
                "window",
                "excludeProviders",
              ),
              fc.jsonValue(),
            ),
          }),
          fc.string(),
        ),
        async (text) => {
          const response = await post("/v1/quote", typeof text === "string" ? text : JSON.stringify(text));
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("never answer 5xx: random query strings to every GET route", async () => {
    const routes = ["/v1/offers", "/v1/history", "/v1/gpus", "/v1/providers", "/v1/tokens", "/healthz"];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.array(
          fc.tuple(
            fc.constantFrom(
              "gpu",
              "region",
              "maxPrice",
              "limit",
              "offset",
              "days",
              "provider",
              "minGpus",
              "x",
            ),
            fc.string(),
          ),
          { maxLength: 5 },
        ),
        async (route, pairs) => {
          const query = new URLSearchParams(pairs).toString();
          const response = await app.request(`${route}?${query}`);
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("answer cache", () => {
  it("answers a repeated quote from the cache, and recomputes after the market changes", async () => {
    let price = "1.00";
    const market = new Market({
      adapters: [{ id: "p", name: "p", ttlMs: 60_000, fetchOffers: async () => [offer("p", "1", price)] }],
      now: () => NOW,
    });
    await market.refresh();
    const cached = createApi({
      market,
      logger: pino({ level: "silent" }),
      corsOrigins: "*",
      rateLimit: false,
    });
    const ask = () =>
      cached.request("/v1/quote", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"limit":1}',
      });
    const first = await ask();
    expect(first.headers.get("x-necto-cache")).toBeNull();
    const firstBody = await first.json();
    const second = await ask();
    expect(second.headers.get("x-necto-cache")).toBe("hit");
    expect(await second.json()).toEqual(firstBody);
    price = "2.00";
    await market.refresh({ force: true });
    const third = await ask();
    expect(third.headers.get("x-necto-cache")).toBeNull();
    expect((await third.json()).ranked[0].price.usdPerGpuHour).toBe(2);
    // Errors are never cached.
    const bad = () =>
      cached.request("/v1/quote", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"limit":0}',
      });
    expect((await bad()).status).toBe(400);
    expect((await bad()).headers.get("x-necto-cache")).toBeNull();
  });
});
