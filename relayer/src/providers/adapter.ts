import type { Offer } from "@necto/sdk";
import type { HttpClient } from "../http/http-client.ts";

/**
 * One provider's fetcher (SkyPilot's `fetch_<cloud>`, gpuhunt's provider): the real HTTP client against the
 * provider's documented endpoint, and a parser that turns its response into Necto `Offer`s or refuses it.
 * An adapter never guesses: a response that does not have the documented shape is `ProviderDriftError`.
 */
export interface ProviderAdapter {
  /** `Offer.providerId` of every offer it returns (`akash`, `runpod`, ...). */
  readonly id: string;
  /** Display name. */
  readonly name: string;
  /** Set when the adapter cannot run as configured (no API key): it is reported as disabled, not failing. */
  readonly disabledReason?: string;
  /** How long a successful fetch stays fresh in the market cache (research §5: 1–5 min live, hours for catalogs). */
  readonly ttlMs: number;
  /** Fetches and parses the provider's current offers. Offers carry `source: "live"` and `fetchedAt: ctx.now`. */
  fetchOffers(ctx: FetchContext): Promise<Offer[]>;
}

export interface FetchContext {
  /** Aborted when the market gives up on this fetch (per-adapter timeout). */
  signal: AbortSignal;
  /** Unix ms used as `fetchedAt`. */
  now: number;
}

/** Configuration shared by the HTTP adapters: where to call (a fake server in tests) and with which key. */
export interface AdapterOptions {
  /** Base URL of the provider API, without a trailing slash; defaults to the documented production host. */
  baseUrl?: string;
  /** The operator's API key, where the provider needs or accepts one. */
  apiKey?: string;
  /** The HTTP client (timeouts, rate-limit spacing); one per adapter. */
  http?: HttpClient;
}

/** The provider answered with a body that does not have the documented shape (a renamed field, a string price). */
export class ProviderDriftError extends Error {
  override readonly name = "ProviderDriftError";
  readonly code = "drift";
  constructor(
    readonly providerId: string,
    /** "path: problem" lines, as many as were found. */
    readonly issues: readonly string[],
  ) {
    super(`${providerId} response does not match its documented shape: ${issues.slice(0, 5).join("; ")}`);
  }
}
