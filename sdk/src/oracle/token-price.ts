import type { TokenPrice } from "../effective-price.ts";

/** One token price as one oracle source reported it. */
export interface OracleQuote {
  /** Token symbol (`AKT`, `NOS`, `USDC`); compared upper-case. */
  symbol: string;
  /** Source id (`coingecko`, `pyth`, `jupiter`, `chainlink`, `akash-oracle`); compared lower-case. */
  source: string;
  /** USD per one whole token. */
  usd: number;
  /** Unix ms when the source observed the price (Pyth `publish_time`, CoinGecko `last_updated_at`). */
  at: number;
  /** Absolute confidence interval in USD, when the source gives one (Pyth `conf`). */
  confidence?: number;
}

/**
 * How quotes are filtered and combined (research §3.5). Every field is optional; `{}` is the default
 * policy. Ratios are fractions (0.02 = 2%).
 */
export interface OraclePolicy {
  /** Distinct surviving sources needed for a price. Default 2. */
  minSources?: number;
  /** Per-symbol overrides of `minSources` (upper-case symbol). */
  minSourcesBySymbol?: Readonly<Record<string, number>>;
  /** Maximum quote age per source id (lower-case), ms. Merged over `DEFAULT_MAX_AGE_MS`. */
  maxAgeMs?: Readonly<Record<string, number>>;
  /** Maximum quote age for sources not in `maxAgeMs`, ms. Default 300_000 (5 min). */
  defaultMaxAgeMs?: number;
  /** How far in the future a quote's `at` may be (clock skew), ms. Default 30_000. */
  maxClockSkewMs?: number;
  /** Drop a quote whose `confidence / usd` exceeds this. Default 0.02. */
  maxConfidenceRatio?: number;
  /** Outlier bound = max(madMultiplier × 1.4826 × MAD, minOutlierBandRatio × median). Default 3. */
  madMultiplier?: number;
  /** See `madMultiplier`. Default 0.015. */
  minOutlierBandRatio?: number;
  /** Two surviving quotes are accepted (their mean) only if they differ by at most this ratio of the
   *  lower one. Default 0.02. */
  maxPairSpreadRatio?: number;
  /** Stablecoin pegs, USD per token by upper-case symbol. Default `DEFAULT_PEGS`. Replaces, not merges. */
  pegs?: Readonly<Record<string, number>>;
  /** Drop a stablecoin quote further than this ratio from its peg. Default 0.02. */
  maxPegDeviationRatio?: number;
  /** With a previous price younger than `circuitBreakerWindowMs`, a move beyond this ratio needs
   *  `circuitBreakerMinSources` agreeing sources. Default 0.15. */
  circuitBreakerRatio?: number;
  /** Default 300_000 (5 min). */
  circuitBreakerWindowMs?: number;
  /** Default 3. */
  circuitBreakerMinSources?: number;
}

/** Why a single quote was left out. */
export type QuoteDropReason =
  | "symbol-mismatch"
  | "invalid"
  | "future"
  | "stale"
  | "low-confidence"
  | "off-peg"
  | "duplicate-source"
  | "outlier";

export interface DroppedQuote {
  source: string;
  reason: QuoteDropReason;
  /** A sentence for the decision log: "pyth quote is 95 s old (max 60 s)". */
  detail: string;
}

/** Why no price could be accepted for a token (fail closed: its offers are `unpriced`). */
export type TokenPriceFailureCode =
  | "no-quotes"
  | "no-quorum"
  | "off-peg"
  | "disagreement"
  | "circuit-breaker";

export type TokenPriceResult =
  | {
      ok: true;
      price: TokenPrice;
      /** The accepted price, USD (equals `price.usd`). */
      median: number;
      /** Median absolute deviation of the quotes the outlier bound was computed from, USD. */
      mad: number;
      dropped: DroppedQuote[];
    }
  | {
      ok: false;
      symbol: string;
      reason: { code: TokenPriceFailureCode; message: string };
      dropped: DroppedQuote[];
    };

export type TokenPriceFailure = Extract<TokenPriceResult, { ok: false }>;

/** Thrown by `requireTokenPrice` for callers that prefer an exception to a result. */
export class OracleQuorumError extends Error {
  override readonly name = "OracleQuorumError";
  readonly code: TokenPriceFailureCode;
  readonly symbol: string;
  readonly dropped: readonly DroppedQuote[];

  constructor(failure: TokenPriceFailure) {
    super(`${failure.symbol || "token"}: ${failure.reason.message}`);
    this.code = failure.reason.code;
    this.symbol = failure.symbol;
    this.dropped = failure.dropped;
  }
}

/** Thrown when an `OraclePolicy` field is not a usable number (a configuration error, not a market one). */
export class OraclePolicyError extends Error {
  override readonly name = "OraclePolicyError";
  readonly code = "invalid-policy";
}

/**
 * Maximum quote age by source (research §3.5 step 2): Pyth 60 s, Jupiter 120 s, CoinGecko 300 s
 * (`last_updated_at`), Chainlink USDC/USD on Ethereum: 86_400 s heartbeat + 10%.
 */
export const DEFAULT_MAX_AGE_MS: Readonly<Record<string, number>> = {
  pyth: 60_000,
  jupiter: 120_000,
  coingecko: 300_000,
  chainlink: 95_040_000,
};

/**
 * Stablecoins checked against a peg, USD per token. ACT is listed because the Akash Console treats it
 * as 1 USD [inferred, research §2.1]: if it floats instead, its quotes fail the check and ACT-priced
 * offers fail closed rather than being priced at a wrong 1:1.
 */
export const DEFAULT_PEGS: Readonly<Record<string, number>> = { USDC: 1, USDT: 1, DAI: 1, ACT: 1 };

/** The consistency constant that makes MAD estimate a normal distribution's standard deviation. */
const MAD_TO_SIGMA = 1.4826;

interface ResolvedPolicy {
  minSources: number;
  maxAgeMs: Readonly<Record<string, number>>;
  defaultMaxAgeMs: number;
  maxClockSkewMs: number;
  maxConfidenceRatio: number;
  madMultiplier: number;
  minOutlierBandRatio: number;
  maxPairSpreadRatio: number;
  peg: number | undefined;
  maxPegDeviationRatio: number;
  circuitBreakerRatio: number;
  circuitBreakerWindowMs: number;
  circuitBreakerMinSources: number;
}

const nonNegative = (name: string, value: number | undefined, fallback: number): number => {
  const resolved = value ?? fallback;
  if (!(Number.isFinite(resolved) && resolved >= 0)) {
    throw new OraclePolicyError(`${name} must be a non-negative number, got ${resolved}`);
  }
  return resolved;
};

const atLeastOne = (name: string, value: number | undefined, fallback: number): number => {
  const resolved = value ?? fallback;
  if (!(Number.isInteger(resolved) && resolved >= 1)) {
    throw new OraclePolicyError(`${name} must be an integer ≥ 1, got ${resolved}`);
  }
  return resolved;
};

const resolvePolicy = (policy: OraclePolicy, symbol: string): ResolvedPolicy => {
  const maxAgeMs = { ...DEFAULT_MAX_AGE_MS, ...policy.maxAgeMs };
  for (const [source, age] of Object.entries(maxAgeMs)) nonNegative(`maxAgeMs.${source}`, age, 0);
  const pegs = policy.pegs ?? DEFAULT_PEGS;
  const peg = Object.hasOwn(pegs, symbol) ? pegs[symbol] : undefined;
  if (peg !== undefined && !(Number.isFinite(peg) && peg > 0)) {
    throw new OraclePolicyError(`pegs.${symbol} must be a positive number, got ${peg}`);
  }
  const bySymbol = policy.minSourcesBySymbol;
  return {
    minSources: atLeastOne(
      "minSources",
      bySymbol !== undefined && Object.hasOwn(bySymbol, symbol) ? bySymbol[symbol] : policy.minSources,
      2,
    ),
    maxAgeMs,
    defaultMaxAgeMs: nonNegative("defaultMaxAgeMs", policy.defaultMaxAgeMs, 300_000),
    maxClockSkewMs: nonNegative("maxClockSkewMs", policy.maxClockSkewMs, 30_000),
    maxConfidenceRatio: nonNegative("maxConfidenceRatio", policy.maxConfidenceRatio, 0.02),
    madMultiplier: nonNegative("madMultiplier", policy.madMultiplier, 3),
    minOutlierBandRatio: nonNegative("minOutlierBandRatio", policy.minOutlierBandRatio, 0.015),
    maxPairSpreadRatio: nonNegative("maxPairSpreadRatio", policy.maxPairSpreadRatio, 0.02),
    peg,
    maxPegDeviationRatio: nonNegative("maxPegDeviationRatio", policy.maxPegDeviationRatio, 0.02),
    circuitBreakerRatio: nonNegative("circuitBreakerRatio", policy.circuitBreakerRatio, 0.15),
    circuitBreakerWindowMs: nonNegative("circuitBreakerWindowMs", policy.circuitBreakerWindowMs, 300_000),
    circuitBreakerMinSources: atLeastOne("circuitBreakerMinSources", policy.circuitBreakerMinSources, 3),
  };
};

/** The median of a non-empty list (mean of the middle two for an even count). Inside [min, max]. */
export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const upper = sorted[middle] ?? Number.NaN;
  // (a + b) / 2 of two positive doubles stays within [a, b]: rounding is monotonic, halving exact.
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? Number.NaN) + upper) / 2;
};

/** Median absolute deviation from `center`. */
export const medianAbsoluteDeviation = (values: readonly number[], center: number): number =>
  median(values.map((value) => Math.abs(value - center)));

interface Candidate {
  source: string;
  usd: number;
  at: number;
}

const seconds = (ms: number): string => `${Math.round(ms / 1000)} s`;

/** Per-quote checks (research §3.5 step 2): returns the reason to drop it, or undefined to keep it. */
const rejectQuote = (
  quote: OracleQuote,
  symbol: string,
  source: string,
  policy: ResolvedPolicy,
  now: number,
): Omit<DroppedQuote, "source"> | undefined => {
  if (typeof quote.symbol !== "string" || quote.symbol.trim().toUpperCase() !== symbol) {
    return { reason: "symbol-mismatch", detail: `${source} quote is for ${quote.symbol}, not ${symbol}` };
  }
  if (typeof quote.usd !== "number" || !Number.isFinite(quote.usd) || quote.usd <= 0) {
    return { reason: "invalid", detail: `${source} quote ${quote.usd} is not a positive price` };
  }
  if (typeof quote.at !== "number" || !Number.isFinite(quote.at)) {
    return { reason: "invalid", detail: `${source} quote has no valid time (${quote.at})` };
  }
  if (quote.at - now > policy.maxClockSkewMs) {
    return { reason: "future", detail: `${source} quote is ${seconds(quote.at - now)} in the future` };
  }
  const maxAgeMs = Object.hasOwn(policy.maxAgeMs, source)
    ? (policy.maxAgeMs[source] ?? 0)
    : policy.defaultMaxAgeMs;
  if (now - quote.at > maxAgeMs) {
    return {
      reason: "stale",
      detail: `${source} quote is ${seconds(now - quote.at)} old (max ${seconds(maxAgeMs)})`,
    };
  }
  if (quote.confidence !== undefined) {
    if (typeof quote.confidence !== "number" || !Number.isFinite(quote.confidence) || quote.confidence < 0) {
      return {
        reason: "invalid",
        detail: `${source} confidence ${quote.confidence} is not a non-negative number`,
      };
    }
    if (quote.confidence > policy.maxConfidenceRatio * quote.usd) {
      return {
        reason: "low-confidence",
        detail:
          `${source} confidence ±${quote.confidence} is over ` +
          `${policy.maxConfidenceRatio * 100}% of ${quote.usd}`,
      };
    }
  }
  if (
    policy.peg !== undefined &&
    Math.abs(quote.usd - policy.peg) > policy.maxPegDeviationRatio * policy.peg
  ) {
    return {
      reason: "off-peg",
      detail:
        `${source} quotes ${symbol} at ${quote.usd}, more than ` +
        `${policy.maxPegDeviationRatio * 100}% off its ${policy.peg} peg`,
    };
  }
  return undefined;
};

/**
 * Combines several sources' quotes for one token into one price, or refuses (research §3.5):
 *
 * 1. drop quotes that are for another symbol, non-finite or ≤ 0, more than `maxClockSkewMs` in the
 *    future, stale for their source (`maxAgeMs[source]`, else `defaultMaxAgeMs`), with Pyth-style
 *    `confidence / usd` over 2%, or (stablecoins) more than 2% off their peg; keep each source's newest;
 * 2. fewer than `minSources` (default 2) distinct sources left: fail closed (`no-quorum`, or `off-peg`
 *    when peg failures caused it);
 * 3. exactly 2: accept their mean only if they differ by ≤ 2% of the lower (`disagreement` otherwise);
 * 4. 3 or more: m = median, MAD = median |x − m|; drop |x − m| > max(3 × 1.4826 × MAD, 1.5% × m), then
 *    re-check the quorum (and rule 3 if two remain) and take the median of the rest;
 * 5. with `previous` younger than `circuitBreakerWindowMs`, a move over 15% needs 3 agreeing sources.
 *
 * Pure: `now` is the clock, input order does not change the price. The price lies within [min, max] of
 * the accepted quotes. With `minSources` 2 (default) or 3, removing a source never turns a refusal into
 * a price. Not with 1 (a lone quote is trusted, two that disagree are not), nor with 4 or more: the
 * median/MAD step breaks down at a 50% split, so 2-vs-2 clustered quotes all survive and price at the
 * midpoint while 3-vs-2 quotes lose the 2 as outliers and miss the quorum. A policy that refused split
 * evidence instead would break that monotonicity for every quorum ({1, 1} priced, {1, 1, 2, 2} not).
 * Throws only `OraclePolicyError`, for a malformed policy or a non-finite `now`.
 */
export const aggregateTokenPrice = (
  quotes: readonly OracleQuote[],
  policy: OraclePolicy,
  now: number,
  previous?: TokenPrice,
): TokenPriceResult => {
  const symbol = typeof quotes[0]?.symbol === "string" ? quotes[0].symbol.trim().toUpperCase() : "";
  const resolved = resolvePolicy(policy, symbol);
  const dropped: DroppedQuote[] = [];
  const fail = (code: TokenPriceFailureCode, message: string): TokenPriceResult => ({
    ok: false,
    symbol,
    reason: { code, message },
    dropped,
  });
  if (quotes.length === 0) return fail("no-quotes", "no quotes");
  if (!Number.isFinite(now)) throw new OraclePolicyError(`now must be a time, got ${now}`);

  const newest = new Map<string, Candidate>();
  for (const quote of quotes) {
    const source = typeof quote.source === "string" ? quote.source.trim().toLowerCase() : "";
    const rejection = rejectQuote(quote, symbol, source, resolved, now);
    if (rejection !== undefined) {
      dropped.push({ source, ...rejection });
      continue;
    }
    const kept = newest.get(source);
    if (kept !== undefined && kept.at >= quote.at) {
      dropped.push({ source, reason: "duplicate-source", detail: `${source} sent a newer quote` });
      continue;
    }
    if (kept !== undefined)
      dropped.push({ source, reason: "duplicate-source", detail: `${source} sent a newer quote` });
    newest.set(source, { source, usd: quote.usd, at: quote.at });
  }
  // Sorted so that the result never depends on input order.
  let accepted = [...newest.values()].sort((a, b) => a.usd - b.usd || (a.source < b.source ? -1 : 1));

  const quorumFailure = (): TokenPriceResult => {
    const offPeg = dropped.some((drop) => drop.reason === "off-peg");
    return fail(
      offPeg ? "off-peg" : "no-quorum",
      `${accepted.length} usable source(s), ${resolved.minSources} needed` +
        (offPeg ? `; ${symbol} quotes are off its peg` : ""),
    );
  };
  const pairFailure = (): TokenPriceResult | undefined => {
    const [low, high] = accepted;
    if (accepted.length !== 2 || low === undefined || high === undefined) return undefined;
    if (high.usd - low.usd <= resolved.maxPairSpreadRatio * low.usd) return undefined;
    return fail(
      "disagreement",
      `${low.source} (${low.usd}) and ${high.source} (${high.usd}) differ by more than ` +
        `${resolved.maxPairSpreadRatio * 100}%`,
    );
  };

  if (accepted.length < resolved.minSources) return quorumFailure();
  const first = median(accepted.map((quote) => quote.usd));
  const mad = medianAbsoluteDeviation(
    accepted.map((quote) => quote.usd),
    first,
  );
  if (accepted.length >= 3) {
    const bound = Math.max(resolved.madMultiplier * MAD_TO_SIGMA * mad, resolved.minOutlierBandRatio * first);
    const inliers: Candidate[] = [];
    for (const quote of accepted) {
      if (Math.abs(quote.usd - first) <= bound) inliers.push(quote);
      else
        dropped.push({
          source: quote.source,
          reason: "outlier",
          detail: `${quote.source} quote ${quote.usd} is an outlier around ${first}`,
        });
    }
    accepted = inliers;
    if (accepted.length < resolved.minSources) return quorumFailure();
  }
  const pair = pairFailure();
  if (pair !== undefined) return pair;

  const usd = median(accepted.map((quote) => quote.usd));
  if (
    previous !== undefined &&
    now - previous.at <= resolved.circuitBreakerWindowMs &&
    Math.abs(usd - previous.usd) > resolved.circuitBreakerRatio * previous.usd &&
    accepted.length < resolved.circuitBreakerMinSources
  ) {
    return fail(
      "circuit-breaker",
      `${usd} moved more than ${resolved.circuitBreakerRatio * 100}% from ${previous.usd} within ` +
        `${seconds(now - previous.at)}; ${resolved.circuitBreakerMinSources} agreeing sources needed, ` +
        `${accepted.length} found`,
    );
  }
  const sources = accepted.map((quote) => quote.source).sort();
  const at = Math.max(...accepted.map((quote) => quote.at));
  return { ok: true, price: { symbol, usd, sources, at }, median: usd, mad, dropped };
};

/** The accepted price, or throws `OracleQuorumError` with the failure's code. */
export const requireTokenPrice = (result: TokenPriceResult): TokenPrice => {
  if (!result.ok) throw new OracleQuorumError(result);
  return result.price;
};

/** Prices for many tokens at once, ready for `NormalizeContext.tokenPrices`. */
export interface TokenPriceBook {
  /** Accepted prices by upper-case symbol; a token that failed is absent (reads as undefined: unpriced). */
  prices: Record<string, TokenPrice | undefined>;
  /** The tokens that could not be priced, sorted by symbol. */
  failures: TokenPriceFailure[];
  /** Every token's full result (median, MAD, dropped quotes) for the decision log. */
  results: Record<string, TokenPriceResult>;
}

/**
 * Groups quotes by upper-case symbol and runs `aggregateTokenPrice` on each (with that symbol's
 * `previous` price for the circuit breaker, when given). Pure; throws only `OraclePolicyError`.
 */
export const tokenPriceBook = (
  quotes: readonly OracleQuote[],
  policy: OraclePolicy,
  now: number,
  previous?: Readonly<Record<string, TokenPrice | undefined>>,
): TokenPriceBook => {
  const bySymbol = new Map<string, OracleQuote[]>();
  for (const quote of quotes) {
    const symbol = typeof quote.symbol === "string" ? quote.symbol.trim().toUpperCase() : "";
    bySymbol.set(symbol, [...(bySymbol.get(symbol) ?? []), quote]);
  }
  const book: TokenPriceBook = { prices: {}, failures: [], results: {} };
  for (const symbol of [...bySymbol.keys()].sort()) {
    const last = previous !== undefined && Object.hasOwn(previous, symbol) ? previous[symbol] : undefined;
    const result = aggregateTokenPrice(bySymbol.get(symbol) ?? [], policy, now, last);
    book.results[symbol] = result;
    if (result.ok) book.prices[symbol] = result.price;
    else book.failures.push(result);
  }
  return book;
};
