import { UpstreamError } from "./errors.ts";

export interface HttpClientOptions {
  /** Per-request timeout, ms. Default 10 s. */
  timeoutMs?: number;
  /** Rate-limit compliance: the least time between two requests of this client, ms (Vast: 6 s). */
  minIntervalMs?: number;
  /** Largest body read, bytes; a bigger one is `malformed`. Default 16 MiB. */
  maxBodyBytes?: number;
  /** Sent with every request (an API key header). */
  headers?: Record<string, string>;
}

export interface RequestOptions {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  /** Serialized as JSON. */
  json?: unknown;
  signal?: AbortSignal;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new UpstreamError("aborted", "the request was cancelled"));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new UpstreamError("aborted", "the request was cancelled"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export const parseRetryAfter = (value: string | null, now: number): number | undefined => {
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
};

/**
 * One provider's HTTP client: the platform `fetch` with a timeout per request, requests spaced by the
 * provider's published rate limit (and held back after a 429 for as long as the provider asked), and every
 * failure turned into an `UpstreamError` with a code: timeout, rate-limited, http-error, malformed, network.
 */
export class HttpClient {
  readonly timeoutMs: number;
  private readonly minIntervalMs: number;
  private readonly maxBodyBytes: number;
  private readonly headers: Record<string, string>;
  /** Earliest time the next request may start (spacing and 429 back-off). */
  private nextSlot = 0;

  constructor(options: HttpClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.minIntervalMs = options.minIntervalMs ?? 0;
    this.maxBodyBytes = options.maxBodyBytes ?? 16 * 1024 * 1024;
    this.headers = options.headers ?? {};
  }

  /** GET or POST, and the body parsed as JSON. */
  async json(url: string, options: RequestOptions = {}): Promise<unknown> {
    const text = await this.text(url, options);
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new UpstreamError(
        "malformed",
        `${hostOf(url)} sent a body that is not JSON: ${(error as Error).message}`,
      );
    }
  }

  /** GET or POST, and the body as text (JSONP feeds, CSV). */
  async text(url: string, options: RequestOptions = {}): Promise<string> {
    await this.waitForSlot(options.signal);
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const headers: Record<string, string> = {
      accept: "application/json",
      ...this.headers,
      ...options.headers,
    };
    let body: string | undefined;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers["content-type"] = "application/json";
    }
    try {
      const response = await fetch(url, { method: options.method ?? "GET", headers, body, signal });
      if (response.status === 429) {
        const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), Date.now());
        this.nextSlot = Math.max(this.nextSlot, Date.now() + (retryAfterMs ?? 60_000));
        await response.body?.cancel();
        throw new UpstreamError(
          "rate-limited",
          `${hostOf(url)} answered 429 Too Many Requests`,
          429,
          retryAfterMs,
        );
      }
      if (!response.ok) {
        const excerpt = (await readCapped(response, 4096).catch(() => "")).slice(0, 200);
        throw new UpstreamError(
          "http-error",
          `${hostOf(url)} answered ${response.status}${excerpt ? `: ${excerpt}` : ""}`,
          response.status,
        );
      }
      const text = await readCapped(response, this.maxBodyBytes);
      return text;
    } catch (error) {
      throw this.classify(error, url, options.signal, timeout);
    }
  }

  private async waitForSlot(signal?: AbortSignal): Promise<void> {
    const now = Date.now();
    const start = Math.max(now, this.nextSlot);
    this.nextSlot = start + this.minIntervalMs;
    if (start > now) await sleep(start - now, signal);
  }

  private classify(
    error: unknown,
    url: string,
    caller: AbortSignal | undefined,
    timeout: AbortSignal,
  ): UpstreamError {
    if (error instanceof UpstreamError) return error;
    if (caller?.aborted) return new UpstreamError("aborted", `the request to ${hostOf(url)} was cancelled`);
    if (timeout.aborted) {
      return new UpstreamError("timeout", `${hostOf(url)} did not answer within ${this.timeoutMs} ms`);
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message ?? (error as Error).message;
    return new UpstreamError("network", `${hostOf(url)} could not be reached (${detail})`);
  }
}

const hostOf = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

/** Reads at most `limit` bytes; a longer body is refused rather than buffered without bound. */
const readCapped = async (response: Response, limit: number): Promise<string> => {
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel();
    throw new UpstreamError("malformed", `the body is ${declared} bytes, over the ${limit}-byte limit`);
  }
  if (!response.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limit) throw new UpstreamError("malformed", `the body is over the ${limit}-byte limit`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
};
