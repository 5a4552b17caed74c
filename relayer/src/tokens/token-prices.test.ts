import { normalizeOffer, type Offer, type OracleQuote } from "@necto/sdk";
import { describe, expect, it } from "vitest";
import { NOW, readFixture, useFakeUpstream } from "../../test/upstream-test-kit.ts";
import { HttpClient } from "../http/http-client.ts";
import { coinGeckoSource } from "./coingecko.ts";
import { pythSource } from "./pyth.ts";
import { TokenPriceService } from "./token-prices.ts";
import type { TokenPriceSource } from "./token-source.ts";

const COINGECKO_PATH = "/api/v3/simple/price";
const PYTH_PATH = "/hermes/v2/updates/price/latest";
// NOW is 5 s after the Pyth fixture's publish_time, under a minute after CoinGecko's last_updated_at.
const fake = useFakeUpstream([
  { path: COINGECKO_PATH, body: readFixture(import.meta.url, "coingecko.simple-price.json") },
  { path: PYTH_PATH, body: readFixture(import.meta.url, "pyth.latest-price.json") },
]);

// Client timeouts far above the service's deadline, so that the deadline is what is tested.
const coingecko = () => coinGeckoSource({ baseUrl: fake().url, http: new HttpClient({ timeoutMs: 10_000 }) });
const pyth = () =>
  pythSource({
    baseUrl: `${fake().url}/hermes`,
    apiKey: "pyth-key",
    http: new HttpClient({ timeoutMs: 10_000 }),
  });

/** A third oracle (Jupiter, the Akash oracle) stand-in: fixed quotes, or a hang that ignores its signal. */
const stub = (id: string, quotes: () => Omit<OracleQuote, "source">[] | "hang"): TokenPriceSource => ({
  id,
  fetchQuotes: async () => {
    const answer = quotes();
    if (answer === "hang") return new Promise<never>(() => {});
    return answer.map((quote) => ({ ...quote, source: id }));
  },
});

const service = (sources: TokenPriceSource[], clock = () => NOW) =>
  new TokenPriceService({ sources, sourceTimeoutMs: 300, clock });

const timed = async <T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> => {
  const t0 = performance.now();
  const value = await run();
  return { value, ms: performance.now() - t0 };
};

describe("TokenPriceService", () => {
  it("prices a token two agreeing sources quote, and fails the rest closed with reasons", async () => {
    const prices = service([coingecko(), pyth()]);
    const book = await prices.refresh();
    expect(Object.keys(book.prices).sort()).toEqual(["RENDER", "USDC"]);
    // Two sources within 2% of each other: their mean.
    expect(book.prices.RENDER).toEqual({
      symbol: "RENDER",
      usd: (7.12 + 7.12345678) / 2,
      sources: ["coingecko", "pyth"],
      at: 1_796_083_194_000,
    });
    expect(book.failures.map((failure) => [failure.symbol, failure.reason.code])).toEqual([
      ["ACT", "no-quotes"],
      ["AKT", "no-quorum"],
      ["IO", "no-quotes"],
      ["NOS", "no-quorum"],
    ]);
    expect(prices.current()).toBe(book);
    expect(prices.health()).toEqual([
      expect.objectContaining({ id: "coingecko", status: "ok", lastSuccessAt: NOW, quotes: 4 }),
      expect.objectContaining({ id: "pyth", status: "ok", lastSuccessAt: NOW, quotes: 2 }),
    ]);
    expect(prices.health()[0]?.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("still prices from the others within the deadline when one source hangs and quorum allows", async () => {
    fake().setFault("timeout", PYTH_PATH);
    const jupiter = stub("jupiter", () => [
      { symbol: "RENDER", usd: 7.13, at: NOW - 20_000 },
      { symbol: "USDC", usd: 1.0001, at: NOW - 20_000 },
    ]);
    const prices = service([coingecko(), pyth(), jupiter]);
    const { value: book, ms } = await timed(() => prices.refresh());
    expect(ms).toBeLessThan(1_500);
    expect(book.prices.RENDER?.sources).toEqual(["coingecko", "jupiter"]);
    expect(book.prices.USDC?.sources).toEqual(["coingecko", "jupiter"]);
    const pythHealth = prices.health()[1];
    expect(pythHealth).toMatchObject({ id: "pyth", status: "failing", lastError: { code: "timeout" } });
    expect(pythHealth?.lastError?.message).toMatch(/within 300 ms/);
    expect(pythHealth?.latencyMs).toBeGreaterThanOrEqual(250);
  });

  it("leaves tokens unpriced, with the reason, when the hanging source was needed for quorum", async () => {
    fake().setFault("timeout", PYTH_PATH);
    const { value: book, ms } = await timed(() => service([coingecko(), pyth()]).refresh());
    expect(ms).toBeLessThan(1_500);
    expect(book.prices).toEqual({});
    const render = book.failures.find((failure) => failure.symbol === "RENDER");
    expect(render?.reason).toEqual({ code: "no-quorum", message: "1 usable source(s), 2 needed" });
  });

  it("does not wait past the deadline for a source that ignores its abort signal", async () => {
    const prices = service([coingecko(), stub("stuck", () => "hang")]);
    const { ms } = await timed(() => prices.refresh());
    expect(ms).toBeLessThan(1_500);
    expect(prices.health()[1]).toMatchObject({ status: "failing", lastError: { code: "timeout" } });
  });

  it("drops a USDC quote off its peg and prices USDC from the sources on it", async () => {
    const broken = stub("jupiter", () => [{ symbol: "USDC", usd: 0.95, at: NOW - 20_000 }]);
    const book = await service([coingecko(), pyth(), broken]).refresh();
    expect(book.prices.USDC?.sources).toEqual(["coingecko", "pyth"]);
    const usdc = book.results.USDC;
    expect(usdc?.dropped).toEqual([expect.objectContaining({ source: "jupiter", reason: "off-peg" })]);
  });

  it("fails USDC as off-peg when dropping the wrong-peg quote costs the quorum", async () => {
    const broken = stub("jupiter", () => [{ symbol: "USDC", usd: 0.95, at: NOW - 20_000 }]);
    const book = await service([coingecko(), broken]).refresh();
    expect(book.prices.USDC).toBeUndefined();
    expect(book.results.USDC).toMatchObject({ ok: false, reason: { code: "off-peg" } });
  });

  it("with every source failing, prices nothing (never 0) and names each source's failure", async () => {
    fake().setFault("500");
    const prices = service([coingecko(), pyth()]);
    const book = await prices.refresh();
    expect(book.prices).toEqual({});
    expect(book.failures.map((failure) => failure.symbol)).toEqual([
      "ACT",
      "AKT",
      "IO",
      "NOS",
      "RENDER",
      "USDC",
    ]);
    expect(book.failures[0]?.reason).toEqual({
      code: "no-quotes",
      message: "no source quoted ACT (failing: coingecko: http-error, pyth: http-error)",
    });
    const nosOffer: Offer = {
      providerId: "nosana",
      offerId: "nos-4090",
      gpuModel: "rtx-4090",
      gpuName: "RTX 4090",
      gpuCount: 1,
      vramGb: 24,
      region: "US",
      availability: { level: "high" },
      interruptible: false,
      fetchedAt: NOW,
      source: "live",
      pricing: {
        model: "token",
        price: { amount: "0.000124", currency: "NOS" },
        per: "second",
        scope: "instance",
      },
    };
    const result = normalizeOffer(nosOffer, { now: NOW, tokenPrices: book.prices });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.exclusion.code).toBe("unpriced");
  });

  it("reports a source without its key as disabled and never asks it", async () => {
    const prices = service([coingecko(), pythSource({ baseUrl: `${fake().url}/hermes` })]);
    expect(prices.health()[1]).toMatchObject({
      id: "pyth",
      status: "disabled",
      disabledReason: expect.stringMatching(/key/),
    });
    await prices.refresh();
    expect(fake().requests.map((request) => request.url.split("?")[0])).toEqual([COINGECKO_PATH]);
    expect(prices.health()[1]?.status).toBe("disabled");
  });

  it("holds a sudden move until three sources agree (circuit breaker on the last accepted price)", async () => {
    let now = NOW;
    let renderUsd = 7;
    let thirdSource = false;
    const agreeing = (id: string) => stub(id, () => [{ symbol: "RENDER", usd: renderUsd, at: now - 5_000 }]);
    const third = stub("c", () =>
      thirdSource ? [{ symbol: "RENDER", usd: renderUsd, at: now - 5_000 }] : [],
    );
    const prices = service([agreeing("a"), agreeing("b"), third], () => now);
    expect((await prices.refresh()).prices.RENDER?.usd).toBe(7);
    now += 60_000;
    renderUsd = 9; // +29% a minute later
    expect((await prices.refresh()).results.RENDER).toMatchObject({
      ok: false,
      reason: { code: "circuit-breaker" },
    });
    now += 60_000;
    // Still compared with the last accepted 7, not with the refused 9.
    expect((await prices.refresh()).results.RENDER).toMatchObject({
      ok: false,
      reason: { code: "circuit-breaker" },
    });
    thirdSource = true;
    expect((await prices.refresh()).prices.RENDER?.usd).toBe(9);
  });

  it("counts quotes under the id of the source that returned them, so one source cannot fake a quorum", async () => {
    const impostor: TokenPriceSource = {
      id: "impostor",
      fetchQuotes: async () => [
        { symbol: "AKT", source: "pyth", usd: 1.27, at: NOW - 5_000 },
        { symbol: "AKT", source: "chainlink", usd: 1.27, at: NOW - 5_000 },
      ],
    };
    const book = await service([impostor]).refresh();
    expect(book.prices.AKT).toBeUndefined();
    expect(book.results.AKT).toMatchObject({ ok: false, reason: { code: "no-quorum" } });
    expect(() => service([coingecko(), coingecko()])).toThrow(/coingecko/);
  });

  it("shares one refresh between concurrent callers", async () => {
    const prices = service([coingecko(), pyth()]);
    const [first, second] = await Promise.all([prices.refresh(), prices.refresh()]);
    expect(second).toBe(first);
    expect(fake().requests).toHaveLength(2);
  });

  it("keeps a source's last error after it recovers, so a flapping source shows", async () => {
    let now = NOW;
    const prices = service([coingecko()], () => now);
    fake().setFault("500");
    await prices.refresh();
    expect(prices.health()[0]).toMatchObject({
      status: "failing",
      lastError: { code: "http-error", at: NOW },
    });
    expect(prices.health()[0]?.lastSuccessAt).toBeUndefined();
    fake().setFault("ok");
    now += 30_000;
    await prices.refresh();
    expect(prices.health()[0]).toMatchObject({
      status: "ok",
      lastSuccessAt: NOW + 30_000,
      lastAttemptAt: NOW + 30_000,
      lastError: { code: "http-error", at: NOW },
    });
  });
});
