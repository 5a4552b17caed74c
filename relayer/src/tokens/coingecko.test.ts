import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeUpstream, renameField, startFakeUpstream } from "../../test/fake-upstream.ts";
import { UpstreamError } from "../http/errors.ts";
import { HttpClient } from "../http/http-client.ts";
import { ProviderDriftError } from "../providers/adapter.ts";
import { coinGeckoSource } from "./coingecko.ts";
import { tokenConfig } from "./token-source.ts";

const fixture = JSON.parse(
  readFileSync(new URL("./__fixtures__/coingecko.simple-price.json", import.meta.url), "utf8"),
);
const PATH = "/api/v3/simple/price";
const NOW = Date.UTC(2026, 11, 1);
const ctx = () => ({ signal: new AbortController().signal, now: NOW });

let fake: FakeUpstream;
beforeAll(async () => {
  fake = await startFakeUpstream([
    { path: PATH, body: fixture, drift: renameField(fixture, "usd", "price") },
  ]);
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.setFault("ok");
  fake.requests.length = 0;
});

const source = (
  options: { apiKey?: string; timeoutMs?: number; tokens?: ReturnType<typeof tokenConfig> } = {},
) =>
  coinGeckoSource({
    baseUrl: fake.url,
    http: new HttpClient({ timeoutMs: options.timeoutMs ?? 500 }),
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    ...(options.tokens ? { tokens: options.tokens } : {}),
  });

describe("coinGeckoSource", () => {
  it("is enabled without a key (the public API is IP-limited, not closed)", () => {
    expect(coinGeckoSource().disabledReason).toBeUndefined();
    expect(coinGeckoSource({ tokens: [{ symbol: "ACT" }] }).disabledReason).toMatch(/CoinGecko id/);
  });

  it("asks for every token in one batched call and sends the Demo key", async () => {
    await source({ apiKey: "cg-demo-key" }).fetchQuotes(ctx());
    expect(fake.requests).toHaveLength(1);
    const request = fake.requests[0];
    expect(request?.headers["x-cg-demo-api-key"]).toBe("cg-demo-key");
    const url = new URL(request?.url ?? "", fake.url);
    expect(url.pathname).toBe(PATH);
    expect(url.searchParams.get("ids")?.split(",")).toEqual([
      "akash-network",
      "nosana",
      "io-net",
      "render-token",
      "usd-coin",
    ]);
    expect(url.searchParams.get("vs_currencies")).toBe("usd");
    expect(url.searchParams.get("include_last_updated_at")).toBe("true");
  });

  it("sends no key header when keyless", async () => {
    await source().fetchQuotes(ctx());
    expect(fake.requests[0]?.headers["x-cg-demo-api-key"]).toBeUndefined();
  });

  it("maps each returned coin to a USD quote stamped with last_updated_at in ms", async () => {
    const quotes = await source().fetchQuotes(ctx());
    expect(quotes).toEqual([
      { symbol: "AKT", source: "coingecko", usd: 1.27, at: 1_796_083_170_000 },
      { symbol: "NOS", source: "coingecko", usd: 0.5412, at: 1_796_083_141_000 },
      { symbol: "RENDER", source: "coingecko", usd: 7.12, at: 1_796_083_185_000 },
      { symbol: "USDC", source: "coingecko", usd: 0.999874, at: 1_796_083_176_000 },
    ]);
  });

  it("leaves out a token whose id CoinGecko does not know (io-net is absent from the answer)", async () => {
    const quotes = await source().fetchQuotes(ctx());
    expect(quotes.some((quote) => quote.symbol === "IO")).toBe(false);
  });

  it("uses a configured id instead of a default", async () => {
    await source({ tokens: tokenConfig({ IO: { coingeckoId: "io" } }) }).fetchQuotes(ctx());
    const ids = new URL(fake.requests[0]?.url ?? "", fake.url).searchParams.get("ids")?.split(",");
    expect(ids).toContain("io");
    expect(ids).not.toContain("io-net");
  });

  it.each([
    ["timeout", "timeout"],
    ["500", "http-error"],
    ["429", "rate-limited"],
    ["malformed", "malformed"],
  ] as const)("reports a %s as an upstream %s error", async (fault, code) => {
    fake.setFault(fault);
    const error = await source({ timeoutMs: 200 })
      .fetchQuotes(ctx())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).code).toBe(code);
  });

  it("reports a renamed usd field as drift instead of producing a price", async () => {
    fake.setFault("drift");
    const error = await source()
      .fetchQuotes(ctx())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderDriftError);
    expect((error as ProviderDriftError).message).toMatch(/akash-network\.usd/);
  });

  it("reports a price sent as a string as drift", async () => {
    const stringly = await startFakeUpstream([
      { path: PATH, body: { "usd-coin": { usd: "1.0001", last_updated_at: 1_796_083_176 } } },
    ]);
    try {
      const error = await coinGeckoSource({ baseUrl: stringly.url })
        .fetchQuotes(ctx())
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderDriftError);
    } finally {
      await stringly.close();
    }
  });
});
