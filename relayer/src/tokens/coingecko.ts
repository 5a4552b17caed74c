import type { OracleQuote } from "@necto/sdk";
import * as v from "valibot";
import { HttpClient } from "../http/http-client.ts";
import type { AdapterOptions } from "../providers/adapter.ts";
import { parseResponse } from "../providers/parse-response.ts";
import { NECTO_TOKENS, type QuoteContext, type TokenConfig, type TokenPriceSource } from "./token-source.ts";

const ID = "coingecko";
const DEFAULT_BASE_URL = "https://api.coingecko.com";
const PATH = "/api/v3/simple/price";

// research/providers.md §3.1: {"<coin id>": {"usd": <number>, "last_updated_at": <unix s>}}; an unknown id is
// simply absent from the object.
const SimplePriceSchema = v.record(
  v.string(),
  v.object({
    usd: v.number(),
    last_updated_at: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
);

export interface CoinGeckoSourceOptions extends AdapterOptions {
  /** The tokens to quote; those without a `coingeckoId` are skipped. Default `NECTO_TOKENS`. */
  tokens?: readonly TokenConfig[];
}

/**
 * CoinGecko simple price (`GET /api/v3/simple/price`), all tokens in one call. The Demo key goes in
 * `x-cg-demo-api-key`; without one the public API still answers, rate-limited per IP. Older docs give the
 * Demo plan ~30 calls/min, so requests are spaced 2 s apart (research §3.1 says the current page allows 100).
 */
export const coinGeckoSource = (options: CoinGeckoSourceOptions = {}): TokenPriceSource => {
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  const http = options.http ?? new HttpClient({ minIntervalMs: 2_000 });
  const symbolsById = new Map<string, string[]>();
  for (const token of options.tokens ?? NECTO_TOKENS) {
    if (token.coingeckoId === undefined) continue;
    symbolsById.set(token.coingeckoId, [...(symbolsById.get(token.coingeckoId) ?? []), token.symbol]);
  }
  const ids = [...symbolsById.keys()];
  const url =
    `${baseUrl}${PATH}?ids=${ids.map(encodeURIComponent).join(",")}` +
    "&vs_currencies=usd&include_last_updated_at=true";
  return {
    id: ID,
    ...(ids.length === 0 ? { disabledReason: "no token has a CoinGecko id" } : {}),
    async fetchQuotes(ctx: QuoteContext): Promise<OracleQuote[]> {
      const body = await http.json(url, {
        headers: options.apiKey ? { "x-cg-demo-api-key": options.apiKey } : {},
        signal: ctx.signal,
      });
      const prices = parseResponse(ID, SimplePriceSchema, body);
      const quotes: OracleQuote[] = [];
      for (const [id, symbols] of symbolsById) {
        const price = Object.hasOwn(prices, id) ? prices[id] : undefined;
        if (price === undefined) continue;
        for (const symbol of symbols) {
          quotes.push({ symbol, source: ID, usd: price.usd, at: price.last_updated_at * 1000 });
        }
      }
      return quotes;
    },
  };
};
