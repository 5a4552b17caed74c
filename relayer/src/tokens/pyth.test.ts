import { describe, expect, it } from "vitest";
import { renameField } from "../../test/fake-upstream.ts";
import {
  describeUpstreamFaults,
  fetchContext,
  readFixture,
  rejectionOf,
  useFakeUpstream,
  withFakeUpstream,
} from "../../test/upstream-test-kit.ts";
import { HttpClient } from "../http/http-client.ts";
import { ProviderDriftError } from "../providers/adapter.ts";
import { pythSource } from "./pyth.ts";
import type { TokenConfig } from "./token-source.ts";

const fixture = readFixture(import.meta.url, "pyth.latest-price.json");
// The upgraded Hermes lives under a path (`…/hermes`), so the fake serves it there too.
const PATH = "/hermes/v2/updates/price/latest";
const USDC_FEED = "0xeaa020c61cc479712813461ce153894a96a6c00b21ed0cfc2798d1f9a9e9c94a";
const RENDER_FEED = "0x3d4a2bd9535be6ce8059d75eadeba507b043257321aa544717c56fa19b49e35d";

const fake = useFakeUpstream([
  { path: PATH, body: fixture, drift: renameField(fixture, "publish_time", "publishTime") },
]);

const source = (timeoutMs = 500, tokens?: readonly TokenConfig[], baseUrl = `${fake().url}/hermes`) =>
  pythSource({
    baseUrl,
    apiKey: "pyth-key",
    http: new HttpClient({ timeoutMs }),
    ...(tokens ? { tokens } : {}),
  });

/** Quotes from a fake serving one parsed update with the given price fields, for the number-format cases. */
const quotesWithPrice = (price: Record<string, unknown>) => {
  const body = { parsed: [{ id: USDC_FEED.slice(2), price, ema_price: price, metadata: {} }] };
  return withFakeUpstream([{ path: PATH, body }], (url) =>
    source(500, undefined, `${url}/hermes`).fetchQuotes(fetchContext()),
  );
};

describe("pythSource", () => {
  it("is disabled, not failing, without an API key (Hermes needs one since 26 Aug 2026)", () => {
    expect(pythSource().disabledReason).toMatch(/PYTH_API_KEY/);
    expect(pythSource({ apiKey: "k" }).disabledReason).toBeUndefined();
    expect(pythSource({ apiKey: "k", tokens: [{ symbol: "NOS" }] }).disabledReason).toMatch(/feed id/);
  });

  it("asks Hermes for every known feed in one call with the key as a Bearer token", async () => {
    await source().fetchQuotes(fetchContext());
    expect(fake().requests).toHaveLength(1);
    const request = fake().requests[0];
    expect(request?.headers.authorization).toBe("Bearer pyth-key");
    const url = new URL(request?.url ?? "", fake().url);
    expect(url.pathname).toBe(PATH);
    expect(url.searchParams.getAll("ids[]")).toEqual([RENDER_FEED, USDC_FEED]);
    expect(url.searchParams.get("parsed")).toBe("true");
  });

  it("scales price and conf by 10^expo and stamps publish_time in ms", async () => {
    const quotes = await source().fetchQuotes(fetchContext());
    expect(quotes).toEqual([
      { symbol: "USDC", source: "pyth", usd: 0.99987654, confidence: 0.00081234, at: 1_796_083_195_000 },
      { symbol: "RENDER", source: "pyth", usd: 7.12345678, confidence: 0.00612345, at: 1_796_083_194_000 },
    ]);
  });

  it("matches feed ids whatever their case or 0x prefix", async () => {
    const tokens = [
      { symbol: "USDC", pythFeedId: USDC_FEED.toUpperCase().replace("0X", "0x") as `0x${string}` },
    ];
    const quotes = await source(500, tokens).fetchQuotes(fetchContext());
    expect(quotes.map((quote) => quote.symbol)).toEqual(["USDC"]);
  });

  it("reads a mantissa beyond 2^53 and extreme exponents without rounding twice", async () => {
    const [precise] = await quotesWithPrice({
      price: "123456789012345678901234567",
      conf: "5",
      expo: -18,
      publish_time: 1_796_083_195,
    });
    expect(precise?.usd).toBe(Number("123456789.012345678901234567"));
    expect(precise?.confidence).toBe(5e-18);
    const [huge] = await quotesWithPrice({ price: "7", conf: "0", expo: 400, publish_time: 1_796_083_195 });
    expect(huge?.usd).toBe(Number.POSITIVE_INFINITY); // the sdk drops it as invalid, never a wrong number
  });

  it("reports a price sent as a number, not an integer string, as drift", async () => {
    const quotes = quotesWithPrice({ price: 99987654, conf: "81234", expo: -8, publish_time: 1_796_083_195 });
    const error = await rejectionOf(quotes, ProviderDriftError);
    expect(error.message).toMatch(/parsed\.0\.price\.price/);
  });

  describeUpstreamFaults(fake, {
    call: (timeoutMs) => source(timeoutMs).fetchQuotes(fetchContext()),
    drift: { renamed: "publish_time", message: /publish_time/ },
  });
});
