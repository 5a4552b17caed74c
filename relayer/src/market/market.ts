import {
  type NormalizeContext,
  type Offer,
  offerKey,
  type PreparedMarket,
  prepareMarket,
  type TokenPrice,
} from "@necto/sdk";
import { withDeadline } from "../http/deadline.ts";
import { UpstreamError } from "../http/errors.ts";
import { type ProviderAdapter, ProviderDriftError } from "../providers/adapter.ts";
import { type BreakerState, CircuitBreaker, type CircuitBreakerOptions } from "./circuit-breaker.ts";

/** A bundled, dated set of offers served for a provider while no live data is at hand. */
export interface OfferSnapshot {
  /** Unix ms of the snapshot's date. */
  takenAt: number;
  offers: readonly Offer[];
}

export interface ProviderHealth {
  id: string;
  name: string;
  /**
   * - `live`: the last fetch succeeded and is within its TTL; `stale`: live data past its TTL (kept while
   *   a refresh runs or fails: stale-while-revalidate); `snapshot`: serving the bundled snapshot;
   * - `failing`: no data and the last fetch failed; `disabled`: not configured (no key); `pending`: not
   *   fetched yet.
   */
  status: "live" | "stale" | "snapshot" | "failing" | "disabled" | "pending";
  disabledReason?: string;
  /** Offers currently served for this provider. */
  offers: number;
  lastSuccessAt?: number;
  /** Duration of the last fetch, ms. */
  latencyMs?: number;
  lastErrorAt?: number;
  lastError?: { code: string; message: string };
  breaker: BreakerState;
  /** While the breaker is open: when the next fetch may go out (unix ms). */
  nextAttemptAt?: number;
  ttlMs: number;
}

export interface MarketView {
  /** Changes whenever the offers or the token prices change. */
  version: number;
  offers: readonly Offer[];
  /** Present when some providers are served from the snapshot: its date and those providers. */
  snapshot?: { takenAt: number; providers: string[] };
  tokenPrices: Readonly<Record<string, TokenPrice | undefined>>;
}

export interface MarketOptions {
  adapters: readonly ProviderAdapter[];
  snapshot?: OfferSnapshot;
  /** The current accepted token prices (fail closed: an absent symbol is unpriced). */
  tokenPrices?: () => Readonly<Record<string, TokenPrice | undefined>>;
  /** Longest wait for one provider's fetch, ms; it is then abandoned and counted as a timeout. Default 8 s. */
  fetchTimeoutMs?: number;
  breaker?: CircuitBreakerOptions;
  /** A prepared market is rebuilt at least this often so ages and staleness stay true. Default 60 s. */
  maxPreparedAgeMs?: number;
  /** Called after each successful fetch (the price history records it). */
  onFetched?: (providerId: string, offers: readonly Offer[], at: number) => void;
  /** Called after each failed fetch. */
  onFailed?: (providerId: string, error: { code: string; message: string }) => void;
  now?: () => number;
}

// One object, so a market without token prices keeps the same view between reads.
const NO_TOKEN_PRICES: Readonly<Record<string, TokenPrice | undefined>> = Object.freeze({});

interface LiveEntry {
  offers: readonly Offer[];
  fetchedAt: number;
}

/**
 * The market: every adapter fetched in parallel with its own deadline and circuit breaker, so one slow or
 * broken provider never delays or breaks the others. Each provider's offers are cached for its TTL and
 * served stale while a refresh runs (reads never wait for the network); a provider with no live data is
 * served from the bundled snapshot, labelled with its date. `prepared()` is the normalized, sorted market
 * the quote API walks.
 */
export class Market {
  private readonly adapters: readonly ProviderAdapter[];
  private readonly live = new Map<string, LiveEntry>();
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly health = new Map<string, ProviderHealth>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly snapshotByProvider = new Map<string, Offer[]>();
  private readonly now: () => number;
  private readonly fetchTimeoutMs: number;
  private readonly maxPreparedAgeMs: number;
  private version = 0;
  private view: MarketView | undefined;
  private prepared: { market: PreparedMarket; version: number; at: number } | undefined;
  private lastTokenPrices: Readonly<Record<string, TokenPrice | undefined>> | undefined;

  constructor(private readonly options: MarketOptions) {
    this.adapters = options.adapters;
    this.now = options.now ?? Date.now;
    this.fetchTimeoutMs = options.fetchTimeoutMs ?? 8_000;
    this.maxPreparedAgeMs = options.maxPreparedAgeMs ?? 60_000;
    for (const offer of options.snapshot?.offers ?? []) {
      const list = this.snapshotByProvider.get(offer.providerId) ?? [];
      list.push(offer);
      this.snapshotByProvider.set(offer.providerId, list);
    }
    for (const adapter of this.adapters) {
      if (this.breakers.has(adapter.id)) throw new Error(`two adapters share the provider id ${adapter.id}`);
      this.breakers.set(adapter.id, new CircuitBreaker(options.breaker));
      this.health.set(adapter.id, {
        id: adapter.id,
        name: adapter.name,
        status: adapter.disabledReason ? "disabled" : "pending",
        ...(adapter.disabledReason ? { disabledReason: adapter.disabledReason } : {}),
        offers: 0,
        breaker: "closed",
        ttlMs: adapter.ttlMs,
      });
    }
  }

  /**
   * Fetches every enabled provider whose data is past its TTL (all of them with `force`) and whose breaker
   * allows a request, in parallel. Resolves when each has answered or hit its deadline: never later than
   * `fetchTimeoutMs` after the call, whatever the providers do.
   */
  async refresh(options: { force?: boolean } = {}): Promise<void> {
    const now = this.now();
    const due = this.adapters.filter((adapter) => {
      if (adapter.disabledReason) return false;
      const breaker = this.breakers.get(adapter.id) as CircuitBreaker;
      if (!breaker.canAttempt(now)) return false;
      const entry = this.live.get(adapter.id);
      return options.force || entry === undefined || now - entry.fetchedAt >= adapter.ttlMs;
    });
    await Promise.all(due.map((adapter) => this.fetchOne(adapter)));
  }

  /** Stale-while-revalidate: starts a background refresh when something is due; never waits for it. */
  revalidate(): void {
    const now = this.now();
    const due = this.adapters.some((adapter) => {
      if (adapter.disabledReason || this.inFlight.has(adapter.id)) return false;
      if (!(this.breakers.get(adapter.id) as CircuitBreaker).canAttempt(now)) return false;
      const entry = this.live.get(adapter.id);
      return entry === undefined || now - entry.fetchedAt >= adapter.ttlMs;
    });
    if (due) void this.refresh();
  }

  /** The offers served now: live per provider where there is live data, else the snapshot's. */
  current(): MarketView {
    const tokenPrices = this.options.tokenPrices?.() ?? NO_TOKEN_PRICES;
    if (tokenPrices !== this.lastTokenPrices) {
      this.lastTokenPrices = tokenPrices;
      this.view = undefined;
    }
    if (this.view !== undefined) return this.view;
    const offers: Offer[] = [];
    const fromSnapshot: string[] = [];
    const providers = new Set([
      ...this.adapters.map((adapter) => adapter.id),
      ...this.snapshotByProvider.keys(),
    ]);
    for (const providerId of [...providers].sort()) {
      const entry = this.live.get(providerId);
      if (entry !== undefined) offers.push(...entry.offers);
      else {
        const snapshot = this.snapshotByProvider.get(providerId);
        if (snapshot !== undefined && snapshot.length > 0) {
          offers.push(...snapshot);
          fromSnapshot.push(providerId);
        }
      }
    }
    this.version++;
    this.view = {
      version: this.version,
      offers,
      tokenPrices,
      ...(fromSnapshot.length > 0 && this.options.snapshot
        ? { snapshot: { takenAt: this.options.snapshot.takenAt, providers: fromSnapshot } }
        : {}),
    };
    return this.view;
  }

  /** The current offers normalized and sorted once (see `prepareMarket`), rebuilt when they change. */
  preparedMarket(): { market: PreparedMarket; view: MarketView } {
    const view = this.current();
    const now = this.now();
    if (
      this.prepared === undefined ||
      this.prepared.version !== view.version ||
      now - this.prepared.at >= this.maxPreparedAgeMs
    ) {
      const ctx: NormalizeContext = { now, tokenPrices: view.tokenPrices };
      this.prepared = { market: prepareMarket(view.offers, ctx), version: view.version, at: now };
    }
    return { market: this.prepared.market, view };
  }

  /** Every provider's health, sorted by id. */
  providerHealth(): ProviderHealth[] {
    const now = this.now();
    const view = this.current();
    const counts = new Map<string, number>();
    for (const offer of view.offers) counts.set(offer.providerId, (counts.get(offer.providerId) ?? 0) + 1);
    return this.adapters
      .map((adapter) => {
        const health = this.health.get(adapter.id) as ProviderHealth;
        const breaker = this.breakers.get(adapter.id) as CircuitBreaker;
        const entry = this.live.get(adapter.id);
        const status: ProviderHealth["status"] = adapter.disabledReason
          ? view.snapshot?.providers.includes(adapter.id)
            ? "snapshot"
            : "disabled"
          : entry !== undefined
            ? now - entry.fetchedAt < adapter.ttlMs
              ? "live"
              : "stale"
            : view.snapshot?.providers.includes(adapter.id)
              ? "snapshot"
              : health.lastError
                ? "failing"
                : "pending";
        const state = breaker.state(now);
        return {
          ...health,
          status,
          offers: counts.get(adapter.id) ?? 0,
          breaker: state,
          ...(state === "open" ? { nextAttemptAt: breaker.nextAttemptAt } : {}),
        };
      })
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  private fetchOne(adapter: ProviderAdapter): Promise<void> {
    const running = this.inFlight.get(adapter.id);
    if (running) return running;
    const task = this.runFetch(adapter).finally(() => this.inFlight.delete(adapter.id));
    this.inFlight.set(adapter.id, task);
    return task;
  }

  private async runFetch(adapter: ProviderAdapter): Promise<void> {
    const started = performance.now();
    const health = this.health.get(adapter.id) as ProviderHealth;
    const breaker = this.breakers.get(adapter.id) as CircuitBreaker;
    try {
      const offers = await withDeadline(
        this.fetchTimeoutMs,
        (signal) => adapter.fetchOffers({ signal, now: this.now() }),
        () => new UpstreamError("timeout", `${adapter.name} gave no answer within ${this.fetchTimeoutMs} ms`),
      );
      const checked = checkOffers(adapter.id, offers);
      const at = this.now();
      this.live.set(adapter.id, { offers: checked, fetchedAt: at });
      this.view = undefined;
      breaker.recordSuccess();
      health.lastSuccessAt = at;
      health.latencyMs = Math.round(performance.now() - started);
      this.options.onFetched?.(adapter.id, checked, at);
    } catch (error) {
      const failure = {
        code:
          error instanceof UpstreamError || error instanceof ProviderDriftError
            ? error.code
            : "adapter-error",
        message: error instanceof Error ? error.message : String(error),
      };
      const at = this.now();
      breaker.recordFailure(at, error instanceof UpstreamError ? error.retryAfterMs : undefined);
      health.lastErrorAt = at;
      health.lastError = failure;
      health.latencyMs = Math.round(performance.now() - started);
      this.options.onFailed?.(adapter.id, failure);
    }
  }
}

/** An adapter's offers must be its own and uniquely keyed; anything else is the adapter's drift. */
const checkOffers = (providerId: string, offers: readonly Offer[]): Offer[] => {
  if (!Array.isArray(offers))
    throw new ProviderDriftError(providerId, ["the adapter returned no list of offers"]);
  const seen = new Set<string>();
  for (const offer of offers) {
    if (offer.providerId !== providerId) {
      throw new ProviderDriftError(providerId, [
        `an offer carries the provider id ${String(offer.providerId)}`,
      ]);
    }
    const key = offerKey(offer);
    if (seen.has(key)) throw new ProviderDriftError(providerId, [`two offers share the key ${key}`]);
    seen.add(key);
  }
  return [...offers];
};
