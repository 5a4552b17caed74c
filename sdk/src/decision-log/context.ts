import type { NormalizeContext, TokenPrice } from "../effective-price.ts";

/** The normalizer's context as a decision log records it; token prices are logged as `oracleQuotes`. */
export interface LogContext {
  /** Unix ms treated as "now". */
  now: number;
  /** Offers older than this (ms) are labelled stale; absent means the normalizer's default. */
  staleAfterMs?: number;
}

/**
 * The `NormalizeContext` a log's decision was made with. `buildDecisionLog` and `verifyDecision` both
 * build it here, so the replay sees exactly what the decision saw. The token table has no prototype: a
 * symbol such as `constructor` must read as "unknown", never as an inherited function.
 */
export const normalizeContextOf = (context: LogContext, quotes: readonly TokenPrice[]): NormalizeContext => {
  const tokenPrices: Record<string, TokenPrice | undefined> = Object.create(null);
  for (const quote of quotes) tokenPrices[quote.symbol] = quote;
  return context.staleAfterMs === undefined
    ? { now: context.now, tokenPrices }
    : { now: context.now, tokenPrices, staleAfterMs: context.staleAfterMs };
};
