import type { OracleQuote } from "@necto/sdk";

/**
 * One token price oracle (CoinGecko, Pyth, Chainlink): reads the current USD price of the tokens it is
 * configured for and returns them as `OracleQuote`s with the time the source observed them. A source never
 * judges its quotes (staleness, pegs, agreement): the sdk's `tokenPriceBook` does that over all sources.
 */
export interface TokenPriceSource {
  /** `OracleQuote.source` of every quote it returns, lower-case (`coingecko`, `pyth`, `chainlink`). */
  readonly id: string;
  /** Set when the source cannot run as configured (no key, no RPC URL): reported as disabled, not failing. */
  readonly disabledReason?: string;
  /** Reads the configured tokens' prices. Rejects (never resolves with made-up prices) when it cannot. */
  fetchQuotes(ctx: QuoteContext): Promise<OracleQuote[]>;
}

export interface QuoteContext {
  /** Aborted when the token price service gives up on this source (per-source deadline). */
  signal: AbortSignal;
  /** Unix ms of the refresh. */
  now: number;
}

/** A `0x`-prefixed hex string: a Pyth feed id (32 bytes) or a contract address (20 bytes). */
export type Hex = `0x${string}`;

/** Where each oracle finds one token. A source skips a token it has no id for. */
export interface TokenConfig {
  /** Upper-case symbol, as `Offer.pricing.price.currency` names it. */
  symbol: string;
  /** CoinGecko coin id (`/api/v3/simple/price?ids=`). */
  coingeckoId?: string;
  /** Pyth price feed id, 32 bytes hex. */
  pythFeedId?: Hex;
  /** Chainlink AggregatorV3 address of the token/USD feed on the chain the Chainlink source reads. */
  chainlinkFeed?: Hex;
}

/**
 * The tokens Necto's offers are denominated in (Akash AKT and ACT, Nosana NOS, io.net IO, Render RENDER,
 * and USDC), with the ids research/providers.md §3 confirmed:
 * - CoinGecko: akash-network, nosana, usd-coin, render-token confirmed; IO's id is uncertain (`io-net` or
 *   `io`), so it is the configurable default `io-net`. ACT has no known CoinGecko listing.
 * - Pyth: USDC/USD and RENDER/USD are known; AKT/USD exists (Akash's oracle reads it) but its id was not
 *   found, NOS has none, IO's id was not found: configure them when known.
 * - Chainlink: only USDC/USD on Ethereum (8 decimals, 86,400 s heartbeat).
 * ACT is listed with no source: the sdk checks ACT quotes against its 1 USD peg (`DEFAULT_PEGS`) but never
 * invents one, so ACT-priced offers stay unpriced until a source for ACT is configured.
 */
export const NECTO_TOKENS: readonly TokenConfig[] = [
  { symbol: "AKT", coingeckoId: "akash-network" },
  { symbol: "ACT" },
  { symbol: "NOS", coingeckoId: "nosana" },
  { symbol: "IO", coingeckoId: "io-net" },
  {
    symbol: "RENDER",
    coingeckoId: "render-token",
    pythFeedId: "0x3d4a2bd9535be6ce8059d75eadeba507b043257321aa544717c56fa19b49e35d",
  },
  {
    symbol: "USDC",
    coingeckoId: "usd-coin",
    pythFeedId: "0xeaa020c61cc479712813461ce153894a96a6c00b21ed0cfc2798d1f9a9e9c94a",
    chainlinkFeed: "0x8fFfFfd4AfB6115b954Bd326cbe7B4BA576818f6",
  },
];

/**
 * `NECTO_TOKENS` with operator overrides merged per symbol (`{IO: {coingeckoId: "io"}, AKT: {pythFeedId}}`);
 * an override for a symbol not listed adds that token. An override set to `undefined` removes that id.
 */
export const tokenConfig = (
  overrides: Readonly<Record<string, Partial<Omit<TokenConfig, "symbol">>>> = {},
  base: readonly TokenConfig[] = NECTO_TOKENS,
): TokenConfig[] => {
  const bySymbol = new Map(base.map((token) => [token.symbol, { ...token }]));
  for (const [raw, override] of Object.entries(overrides)) {
    const symbol = raw.trim().toUpperCase();
    const merged: TokenConfig = { ...bySymbol.get(symbol), ...override, symbol };
    for (const key of Object.keys(merged) as (keyof TokenConfig)[]) {
      if (merged[key] === undefined) delete merged[key];
    }
    bySymbol.set(symbol, merged);
  }
  return [...bySymbol.values()];
};
