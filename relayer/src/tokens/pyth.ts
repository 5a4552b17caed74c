import type { OracleQuote } from "@necto/sdk";
import * as v from "valibot";
import { HttpClient } from "../http/http-client.ts";
import type { AdapterOptions } from "../providers/adapter.ts";
import { parseResponse } from "../providers/parse-response.ts";
import { scaleInteger } from "./scaled-integer.ts";
import { NECTO_TOKENS, type QuoteContext, type TokenConfig, type TokenPriceSource } from "./token-source.ts";

const ID = "pyth";
/** The Hermes endpoint since the Pyth Core upgrade of 26 Aug 2026 (research §3.2); it needs an API key. */
const DEFAULT_BASE_URL = "https://pyth.dourolabs.app/hermes";
const PATH = "/v2/updates/price/latest";

const IntegerString = v.pipe(v.string(), v.regex(/^-?\d+$/, "an integer string"));
const PriceSchema = v.object({
  price: IntegerString,
  conf: v.pipe(v.string(), v.regex(/^\d+$/, "a non-negative integer string")),
  expo: v.pipe(v.number(), v.safeInteger()),
  publish_time: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
// research §3.2: {binary: {...}, parsed: [{id, price: {price, conf, expo, publish_time}, ema_price, metadata}]};
// `id` is hex without 0x, price and conf are integer strings, value = price × 10^expo.
const LatestUpdatesSchema = v.object({
  parsed: v.array(v.object({ id: v.string(), price: PriceSchema })),
});

/** Feed ids compare without 0x and case: Hermes answers `eaa0…`, configuration may say `0xEAA0…`. */
const feedKey = (id: string): string => id.trim().toLowerCase().replace(/^0x/, "");

export interface PythSourceOptions extends AdapterOptions {
  /** The tokens to quote; those without a `pythFeedId` are skipped. Default `NECTO_TOKENS`. */
  tokens?: readonly TokenConfig[];
}

/**
 * Pyth Hermes latest price updates (`GET /v2/updates/price/latest?ids[]=…&parsed=true`, Bearer API key).
 * Every feed in one call. Quotes carry Pyth's confidence interval so the sdk can drop a wide one. Hermes
 * answers 404 for the whole request when one id is unknown, so configure only verified feed ids.
 */
export const pythSource = (options: PythSourceOptions = {}): TokenPriceSource => {
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  // The public Hermes allowed 30 requests per 10 s per IP before the upgrade; stay well under it.
  const http = options.http ?? new HttpClient({ minIntervalMs: 500 });
  const symbolsByFeed = new Map<string, string[]>();
  for (const token of options.tokens ?? NECTO_TOKENS) {
    if (token.pythFeedId === undefined) continue;
    const key = feedKey(token.pythFeedId);
    symbolsByFeed.set(key, [...(symbolsByFeed.get(key) ?? []), token.symbol]);
  }
  const ids = [...symbolsByFeed.keys()];
  const url = `${baseUrl}${PATH}?${ids.map((id) => `ids[]=0x${id}`).join("&")}&parsed=true`;
  const disabledReason = !options.apiKey
    ? "no Pyth API key (PYTH_API_KEY): Hermes needs one since 26 Aug 2026"
    : ids.length === 0
      ? "no token has a Pyth feed id"
      : undefined;
  return {
    id: ID,
    ...(disabledReason === undefined ? {} : { disabledReason }),
    async fetchQuotes(ctx: QuoteContext): Promise<OracleQuote[]> {
      const body = await http.json(url, {
        headers: { authorization: `Bearer ${options.apiKey ?? ""}` },
        signal: ctx.signal,
      });
      const { parsed } = parseResponse(ID, LatestUpdatesSchema, body);
      const quotes: OracleQuote[] = [];
      for (const update of parsed) {
        const symbols = symbolsByFeed.get(feedKey(update.id));
        if (symbols === undefined) continue; // a feed we did not ask for
        const { price, conf, expo, publish_time: publishTime } = update.price;
        for (const symbol of symbols) {
          quotes.push({
            symbol,
            source: ID,
            usd: scaleInteger(price, expo),
            at: publishTime * 1000,
            confidence: scaleInteger(conf, expo),
          });
        }
      }
      return quotes;
    },
  };
};
