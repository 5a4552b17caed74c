import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeUpstream, renameField, startFakeUpstream } from "../../test/fake-upstream.ts";
import { UpstreamError } from "../http/errors.ts";
import { HttpClient } from "../http/http-client.ts";
import { ProviderDriftError } from "../providers/adapter.ts";
import { pythSource } from "./pyth.ts";
import type { TokenConfig } from "./token-source.ts";

const fixture = JSON.parse(
  readFileSync(new URL("./__fixtures__/pyth.latest-price.json", import.meta.url), "utf8"),
);
// The upgraded Hermes lives under a path (`…/hermes`), so the fake serves it there too.
const PATH = "/hermes/v2/updates/price/latest";
const USDC_FEED = "0xeaa020c61cc479712813461ce153894a96a6c00b21ed0cfc2798d1f9a9e9c94a";
const RENDER_FEED = "0x3d4a2bd9535be6ce8059d75eadeba507b043257321aa544717c56fa19b49e35d";
const NOW = Date.UTC(2026, 11, 1);
const ctx = () => ({ signal: new AbortController().signal, now: NOW });

let fake: FakeUpstream;
beforeAll(async () => {
  fake = await startFakeUpstream([
    { path: PATH, body: fixture, drift: renameField(fixture, "publish_time", "publishTime") },
  ]);
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.setFault("ok");
  fake.requests.length = 0;
});

const source = (timeoutMs = 500, tokens?: readonly TokenConfig[], baseUrl = `${fake.url}/hermes`) =>
  pythSource({
    baseUrl,
    apiKey: "pyth-key",
    http: new HttpClient({ timeoutMs }),
    ...(tokens ? { tokens } : {}),
  });

/** Serves one parsed update with the given price fields, for the number-format cases. */
const withPrice = async (price: Record<string, unknown>, run: (url: string) => Promise<void>) => {
  const body = { parsed: [{ id: USDC_FEED.slice(2), price, ema_price: price, metadata: {} }] };
  const server = await startFakeUpstream([{ path: PATH, body }]);
  try {
    await run(`${server.url}/hermes`);
  } finally {
    await server.close();
  }
};

describe("pythSource", () => {
  it("is disabled, not failing, without an API key (Hermes needs one since 26 Aug 2026)", () => {
    expect(pythSource().disabledReason).toMatch(/PYTH_API_KEY/);
    expect(pythSource({ apiKey: "k" }).disabledReason).toBeUndefined();
    expect(pythSource({ apiKey: "k", tokens: [{ symbol: "NOS" }] }).disabledReason).toMatch(/feed id/);
  });

  it("asks Hermes for every known feed in one call with the key as a Bearer token", async () => {
    await source().fetchQuotes(ctx());
    expect(fake.requests).toHaveLength(1);
    const request = fake.requests[0];
    expect(request?.headers.authorization).toBe("Bearer pyth-key");
    const url = new URL(request?.url ?? "", fake.url);
    expect(url.pathname).toBe(PATH);
    expect(url.searchParams.getAll("ids[]")).toEqual([RENDER_FEED, USDC_FEED]);
    expect(url.searchParams.get("parsed")).toBe("true");
  });

  it("scales price and conf by 10^expo and stamps publish_time in ms", async () => {
    const quotes = await source().fetchQuotes(ctx());
    expect(quotes).toEqual([
      { symbol: "USDC", source: "pyth", usd: 0.99987654, confidence: 0.00081234, at: 1_796_083_195_000 },
      { symbol: "RENDER", source: "pyth", usd: 7.12345678, confidence: 0.00612345, at: 1_796_083_194_000 },
    ]);
  });

  it("matches feed ids whatever their case or 0x prefix", async () => {
    const tokens = [
      { symbol: "USDC", pythFeedId: USDC_FEED.toUpperCase().replace("0X", "0x") as `0x${string}` },
    ];
    const quotes = await source(500, tokens).fetchQuotes(ctx());
    expect(quotes.map((quote) => quote.symbol)).toEqual(["USDC"]);
  });

  it("reads a mantissa beyond 2^53 and extreme exponents without rounding twice", async () => {
    await withPrice(
      { price: "123456789012345678901234567", conf: "5", expo: -18, publish_time: 1_796_083_195 },
      async (url) => {
        const [quote] = await source(500, undefined, url).fetchQuotes(ctx());
        expect(quote?.usd).toBe(Number("123456789.012345678901234567"));
        expect(quote?.confidence).toBe(5e-18);
      },
    );
    await withPrice({ price: "7", conf: "0", expo: 400, publish_time: 1_796_083_195 }, async (url) => {
      const [quote] = await source(500, undefined, url).fetchQuotes(ctx());
      expect(quote?.usd).toBe(Number.POSITIVE_INFINITY); // the sdk drops it as invalid, never a wrong number
    });
  });

  it("reports a price sent as a number, not an integer string, as drift", async () => {
    await withPrice(
      { price: 99987654, conf: "81234", expo: -8, publish_time: 1_796_083_195 },
      async (url) => {
        const error = await source(500, undefined, url)
          .fetchQuotes(ctx())
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ProviderDriftError);
        expect((error as ProviderDriftError).message).toMatch(/parsed\.0\.price\.price/);
      },
    );
  });

  it.each([
    ["timeout", "timeout"],
    ["500", "http-error"],
    ["429", "rate-limited"],
    ["malformed", "malformed"],
  ] as const)("reports a %s as an upstream %s error", async (fault, code) => {
    fake.setFault(fault);
    const error = await source(200)
      .fetchQuotes(ctx())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).code).toBe(code);
  });

  it("reports a renamed publish_time as drift instead of producing a quote", async () => {
    fake.setFault("drift");
    const error = await source()
      .fetchQuotes(ctx())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderDriftError);
    expect((error as ProviderDriftError).message).toMatch(/publish_time/);
  });
});
