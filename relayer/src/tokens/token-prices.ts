import {
  type OraclePolicy,
  type OracleQuote,
  type TokenPrice,
  type TokenPriceBook,
  type TokenPriceFailure,
  tokenPriceBook,
} from "@necto/sdk";
import { withDeadline } from "../http/deadline.ts";
import { errorCodeOf } from "../http/errors.ts";
import { CHAINLINK_MAX_AGE_MS } from "./chainlink.ts";
import { NECTO_TOKENS, type TokenPriceSource } from "./token-source.ts";

/**
 * The relayer's oracle policy: the sdk defaults (2 agreeing sources, Pyth 60 s, CoinGecko 5 min, pegs, MAD
 * outliers, circuit breaker) with Chainlink allowed its feed heartbeat plus 10%.
 */
export const TOKEN_ORACLE_POLICY: OraclePolicy = { maxAgeMs: { chainlink: CHAINLINK_MAX_AGE_MS } };

/** How one oracle source is doing, for the health endpoint and the logs. */
export interface TokenSourceHealth {
  id: string;
  /** `unknown` until the first refresh; `disabled` when misconfigured (no key), never fetched. */
  status: "ok" | "failing" | "disabled" | "unknown";
  disabledReason?: string;
  /** Unix ms of the last refresh that asked this source. */
  lastAttemptAt?: number;
  /** Unix ms of the last refresh in which it answered. */
  lastSuccessAt?: number;
  /** The last failure; kept after a later success, so a flapping source shows. */
  lastError?: { code: string; message: string; at: number };
  /** How long the last attempt took, ms (up to the per-source deadline). */
  latencyMs?: number;
  /** Quotes it returned at its last success. */
  quotes?: number;
}

export interface TokenPriceServiceOptions {
  sources: readonly TokenPriceSource[];
  /** Default `TOKEN_ORACLE_POLICY`. */
  policy?: OraclePolicy;
  /** The most a refresh waits for one source, ms; a slower source counts as failed. Default 5 s. */
  sourceTimeoutMs?: number;
  /** Tokens reported as failed (`no-quotes`) when no source quotes them. Default the `NECTO_TOKENS` symbols. */
  symbols?: readonly string[];
  /** Unix ms. Default `Date.now`. */
  clock?: () => number;
}

class DeadlineError extends Error {
  override readonly name = "DeadlineError";
  readonly code = "timeout";
}

/**
 * The token prices offers are normalized with: asks every enabled source at once, each under its own
 * deadline (a slow or broken source costs only its own quotes), and combines the quotes with the sdk's
 * fail-closed `tokenPriceBook` (the last accepted prices feed its circuit breaker). A token without an
 * accepted price is absent from `prices`, so its offers are unpriced; never 0.
 */
export class TokenPriceService {
  private readonly sources: readonly TokenPriceSource[];
  private readonly policy: OraclePolicy;
  private readonly sourceTimeoutMs: number;
  private readonly symbols: readonly string[];
  private readonly clock: () => number;
  private readonly healthById = new Map<string, TokenSourceHealth>();
  /** Each token's last accepted price, for the circuit breaker; a later failure does not erase it. */
  private readonly accepted: Record<string, TokenPrice> = {};
  private book: TokenPriceBook = { prices: {}, failures: [], results: {} };
  private inFlight: Promise<TokenPriceBook> | undefined;

  constructor(options: TokenPriceServiceOptions) {
    this.sources = options.sources;
    this.policy = options.policy ?? TOKEN_ORACLE_POLICY;
    this.sourceTimeoutMs = options.sourceTimeoutMs ?? 5_000;
    this.symbols = (options.symbols ?? NECTO_TOKENS.map((token) => token.symbol)).map((symbol) =>
      symbol.trim().toUpperCase(),
    );
    this.clock = options.clock ?? Date.now;
    for (const source of this.sources) {
      // The quorum counts distinct source ids: two sources under one id would count as one, or hide each other.
      if (this.healthById.has(source.id)) throw new Error(`two token price sources are named ${source.id}`);
      this.healthById.set(
        source.id,
        source.disabledReason === undefined
          ? { id: source.id, status: "unknown" }
          : { id: source.id, status: "disabled", disabledReason: source.disabledReason },
      );
    }
  }

  /** The last book: every token unpriced before the first refresh. */
  current(): TokenPriceBook {
    return this.book;
  }

  /** Each source's health, in the order the sources were given. */
  health(): TokenSourceHealth[] {
    return this.sources.map((source) => ({
      ...(this.healthById.get(source.id) ?? { id: source.id, status: "unknown" }),
    }));
  }

  /**
   * Fetches every enabled source and replaces the book. Resolves within about `sourceTimeoutMs` whatever
   * the sources do; concurrent calls share one refresh. Throws only `OraclePolicyError` (bad policy).
   */
  refresh(signal?: AbortSignal): Promise<TokenPriceBook> {
    this.inFlight ??= this.run(signal).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async run(signal?: AbortSignal): Promise<TokenPriceBook> {
    const startedAt = this.clock();
    const enabled = this.sources.filter((source) => source.disabledReason === undefined);
    const settled = await Promise.allSettled(enabled.map((source) => this.ask(source, startedAt, signal)));
    const quotes: OracleQuote[] = [];
    const failing: string[] = [];
    settled.forEach((result, index) => {
      const source = enabled[index];
      if (source === undefined) return;
      if (result.status === "fulfilled") quotes.push(...result.value);
      else failing.push(`${source.id}: ${this.healthById.get(source.id)?.lastError?.code ?? "error"}`);
    });
    const book = tokenPriceBook(quotes, this.policy, this.clock(), this.accepted);
    const why = failing.length > 0 ? ` (failing: ${failing.join(", ")})` : "";
    for (const symbol of this.symbols) {
      if (Object.hasOwn(book.results, symbol)) continue;
      const failure: TokenPriceFailure = {
        ok: false,
        symbol,
        reason: {
          code: "no-quotes",
          message: `no source quoted ${symbol}${why}`,
        },
        dropped: [],
      };
      book.results[symbol] = failure;
      book.failures.push(failure);
    }
    book.failures.sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
    for (const [symbol, price] of Object.entries(book.prices)) if (price) this.accepted[symbol] = price;
    this.book = book;
    return book;
  }

  /** One source under its deadline; records its health either way. */
  private async ask(source: TokenPriceSource, now: number, outer?: AbortSignal): Promise<OracleQuote[]> {
    const t0 = performance.now();
    const health = this.healthById.get(source.id) ?? { id: source.id, status: "unknown" };
    this.healthById.set(source.id, health);
    health.lastAttemptAt = now;
    try {
      const quotes = await withDeadline(
        this.sourceTimeoutMs,
        (signal) => source.fetchQuotes({ signal, now }),
        () => new DeadlineError(`${source.id} did not answer within ${this.sourceTimeoutMs} ms`),
        outer,
      );
      health.status = "ok";
      health.lastSuccessAt = now;
      health.quotes = quotes.length;
      // Stamped here so that no source can speak under another's name and fake a quorum.
      return quotes.map((quote) => ({ ...quote, source: source.id }));
    } catch (error) {
      health.status = "failing";
      health.lastError = {
        code: errorCodeOf(error),
        message: error instanceof Error ? error.message : String(error),
        at: now,
      };
      throw error;
    } finally {
      health.latencyMs = Math.round(performance.now() - t0);
    }
  }
}
