import { readFileSync } from "node:fs";
import { type EffectivePrice, normalizeOffer, type Offer, type TokenPrice } from "@necto/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { UpstreamError } from "../src/http/errors.ts";
import type { FetchContext } from "../src/providers/adapter.ts";
import { ProviderDriftError } from "../src/providers/adapter.ts";
import { type FakeRoute, type FakeUpstream, startFakeUpstream } from "./fake-upstream.ts";

/**
 * What every adapter and oracle test does around the fake upstream: its recorded fixture, the fake's
 * lifecycle, the shared fault tests, and reading the offers it produces as the sdk prices them.
 */

/** The clock of every adapter test: offers are stamped with it and priced at it. */
export const NOW = Date.UTC(2026, 11, 1);

/** A fresh, never-aborted fetch at `NOW` (both `fetchOffers` and `fetchQuotes` take this shape). */
export const fetchContext = (): FetchContext => ({ signal: new AbortController().signal, now: NOW });

/** The text of `__fixtures__/<name>` beside the test whose `import.meta.url` is given (JSONP, CSV). */
export const readFixtureText = (importMetaUrl: string, name: string): string =>
  readFileSync(new URL(`./__fixtures__/${name}`, importMetaUrl), "utf8");

/** `__fixtures__/<name>` beside the test, parsed; untyped so tests can clone and edit one field. */
export const readFixture = (importMetaUrl: string, name: string) =>
  JSON.parse(readFixtureText(importMetaUrl, name));

/**
 * A fake upstream for the whole test file: started once, back to healthy with no recorded requests before
 * each test (so a fault or a request count never leaks into the next test), closed at the end. Returns a
 * getter because the server only exists once `beforeAll` has run.
 */
export const useFakeUpstream = (routes: readonly FakeRoute[]): (() => FakeUpstream) => {
  let fake: FakeUpstream | undefined;
  beforeAll(async () => {
    fake = await startFakeUpstream(routes);
  });
  afterAll(() => fake?.close());
  beforeEach(() => {
    if (!fake) return;
    fake.setFault("ok");
    fake.requests.length = 0;
  });
  return () => {
    if (!fake) throw new Error("the fake upstream is used outside a test");
    return fake;
  };
};

/** Runs `run` against a one-off fake serving `routes` (an edited fixture), and closes it whatever happens. */
export const withFakeUpstream = async <T>(
  routes: readonly FakeRoute[],
  run: (url: string) => Promise<T>,
): Promise<T> => {
  const fake = await startFakeUpstream(routes);
  try {
    return await run(fake.url);
  } finally {
    await fake.close();
  }
};

/** The error `promise` rejects with, asserted to be an `errorClass`; a promise that resolves fails the test. */
export const rejectionOf = async <E extends Error>(
  promise: Promise<unknown>,
  // biome-ignore lint/suspicious/noExplicitAny: any constructor signature, as toBeInstanceOf takes.
  errorClass: new (...args: any[]) => E,
): Promise<E> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(errorClass);
  return error as E;
};

/** Short enough that a fake that never answers costs little, long enough for a local answer. */
const FAULT_TIMEOUT_MS = 200;
/** For answers that do come (drift): no reason to race the timeout. */
const ANSWER_TIMEOUT_MS = 500;

export interface UpstreamFaultCase {
  /** One fetch through the real HTTP client, with this per-request timeout. */
  call(timeoutMs: number): Promise<unknown>;
  /** The fake's routes serve a `drift` body with this field renamed; the error must name its path. */
  drift?: { renamed: string; message: RegExp };
}

/**
 * The faults every upstream produces, each served by the fake on every route: no answer → `timeout`,
 * 500 → `http-error`, 429 → `rate-limited`, a body that is not JSON → `malformed`, and (when the routes
 * carry a drift body) a renamed field → `ProviderDriftError`, never a made-up price.
 */
export const describeUpstreamFaults = (
  fake: () => FakeUpstream,
  { call, drift }: UpstreamFaultCase,
): void => {
  describe("upstream faults", () => {
    it.each([
      ["timeout", "timeout"],
      ["500", "http-error"],
      ["429", "rate-limited"],
      ["malformed", "malformed"],
    ] as const)("reports a %s as an upstream %s error", async (fault, code) => {
      fake().setFault(fault);
      const error = await rejectionOf(call(FAULT_TIMEOUT_MS), UpstreamError);
      expect(error.code).toBe(code);
    });

    if (drift) {
      it(`reports a renamed ${drift.renamed} as drift instead of producing a price`, async () => {
        fake().setFault("drift");
        const error = await rejectionOf(call(ANSWER_TIMEOUT_MS), ProviderDriftError);
        expect(error.message).toMatch(drift.message);
      });
    }
  });
};

/** A token price two oracles agreed on 30 s before `NOW`, as the token price service hands it out. */
export const agreedTokenPrice = (symbol: string, usd: number): TokenPrice => ({
  symbol,
  usd,
  sources: ["coingecko", "pyth"],
  at: NOW - 30_000,
});

/** `offer` priced by the sdk at `NOW`; a missing offer or an exclusion fails the test with its reason. */
export const priceOf = (
  offer: Offer | undefined,
  tokenPrices: Record<string, TokenPrice> = {},
): EffectivePrice => {
  if (!offer) throw new Error("no such offer");
  const result = normalizeOffer(offer, { now: NOW, tokenPrices });
  if (!result.ok) throw new Error(`${result.exclusion.code}: ${result.exclusion.message}`);
  return result.offer.price;
};
