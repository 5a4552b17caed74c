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
import { coinGeckoSource } from "./coingecko.ts";
import { tokenConfig } from "./token-source.ts";

const fixture = readFixture(import.meta.url, "coingecko.simple-price.json");
const PATH = "/api/v3/simple/price";
const fake = useFakeUpstream([{ path: PATH, body: fixture, drift: renameField(fixture, "usd", "price") }]);

const source = (
  options: { apiKey?: string; timeoutMs?: number; tokens?: ReturnType<typeof tokenConfig> } = {},
) =>
  coinGeckoSource({
    baseUrl: fake().url,
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
    await source({ apiKey: "cg-demo-key" }).fetchQuotes(fetchContext());
    expect(fake().requests).toHaveLength(1);
    const request = fake().requests[0];
    expect(request?.headers["x-cg-demo-api-key"]).toBe("cg-demo-key");
    const url = new URL(request?.url ?? "", fake().url);
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
    await source().fetchQuotes(fetchContext());
    expect(fake().requests[0]?.headers["x-cg-demo-api-key"]).toBeUndefined();
  });

  it("maps each returned coin to a USD quote stamped with last_updated_at in ms", async () => {
    const quotes = await source().fetchQuotes(fetchContext());
    expect(quotes).toEqual([
      { symbol: "AKT", source: "coingecko", usd: 1.27, at: 1_796_083_170_000 },
      { symbol: "NOS", source: "coingecko", usd: 0.5412, at: 1_796_083_141_000 },
      { symbol: "RENDER", source: "coingecko", usd: 7.12, at: 1_796_083_185_000 },
      { symbol: "USDC", source: "coingecko", usd: 0.999874, at: 1_796_083_176_000 },
    ]);
  });

  it("leaves out a token whose id CoinGecko does not know (io-net is absent from the answer)", async () => {
    const quotes = await source().fetchQuotes(fetchContext());
    expect(quotes.some((quote) => quote.symbol === "IO")).toBe(false);
  });

  it("uses a configured id instead of a default", async () => {
    await source({ tokens: tokenConfig({ IO: { coingeckoId: "io" } }) }).fetchQuotes(fetchContext());
    const ids = new URL(fake().requests[0]?.url ?? "", fake().url).searchParams.get("ids")?.split(",");
    expect(ids).toContain("io");
    expect(ids).not.toContain("io-net");
  });

  describeUpstreamFaults(fake, {
    call: (timeoutMs) => source({ timeoutMs }).fetchQuotes(fetchContext()),
    drift: { renamed: "usd field", message: /akash-network\.usd/ },
  });

  it("reports a price sent as a string as drift", async () => {
    const stringly = { "usd-coin": { usd: "1.0001", last_updated_at: 1_796_083_176 } };
    await withFakeUpstream([{ path: PATH, body: stringly }], (url) =>
      rejectionOf(coinGeckoSource({ baseUrl: url }).fetchQuotes(fetchContext()), ProviderDriftError),
    );
  });
});
