import type { TokenPrice, TokenPriceBook, TokenPriceFailure } from "@necto/sdk";
import type { TokenPriceService, TokenSourceHealth } from "../tokens/token-prices.ts";

/** What `/v1/tokens` shows and what the market prices offers with. */
export interface TokenBoardView {
  prices: Readonly<Record<string, TokenPrice | undefined>>;
  failures: readonly TokenPriceFailure[];
  sources: readonly TokenSourceHealth[];
  /** Symbols priced by the configured fallback (the local chain's demo tokens), not by oracles. */
  fallback: readonly string[];
}

/**
 * The oracle service's accepted prices, completed by a configured fallback only for symbols the oracles
 * could not price: on the local chain its mock tokens get the demo prices the seed uses, and wherever
 * the oracles price a symbol, their price wins. Without a fallback, unknown stays unknown (fail closed).
 */
export class TokenBoard {
  private lastBook: TokenPriceBook | undefined;
  private merged: Readonly<Record<string, TokenPrice | undefined>> = {};
  private fallbackUsed: string[] = [];

  constructor(
    private readonly service: TokenPriceService,
    private readonly fallback: Readonly<Record<string, number>> = {},
    private readonly now: () => number = Date.now,
  ) {}

  /** Stable identity until the book changes, so the market re-prices only then. */
  prices(): Readonly<Record<string, TokenPrice | undefined>> {
    const book = this.service.current();
    if (book !== this.lastBook) {
      this.lastBook = book;
      const merged: Record<string, TokenPrice | undefined> = { ...book.prices };
      const used: string[] = [];
      for (const [symbol, usd] of Object.entries(this.fallback)) {
        if (merged[symbol] !== undefined) continue;
        merged[symbol] = { symbol, usd, sources: ["local-demo"], at: this.now() };
        used.push(symbol);
      }
      this.merged = merged;
      this.fallbackUsed = used.sort();
    }
    return this.merged;
  }

  view(): TokenBoardView {
    const prices = this.prices();
    const book = this.service.current();
    return {
      prices,
      failures: book.failures.filter((failure) => !this.fallbackUsed.includes(failure.symbol)),
      sources: this.service.health(),
      fallback: this.fallbackUsed,
    };
  }

  refresh(): Promise<unknown> {
    return this.service.refresh();
  }
}
