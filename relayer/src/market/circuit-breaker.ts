/**
 * One upstream's circuit breaker: after `failureThreshold` failures in a row it opens and no request is
 * made until a cool-down passes (doubling on each failed retry up to `maxCooldownMs`); a 429's Retry-After
 * holds it open at least that long. The first success closes it. Time is passed in, never read.
 */
export interface CircuitBreakerOptions {
  failureThreshold?: number;
  baseCooldownMs?: number;
  maxCooldownMs?: number;
}

export type BreakerState = "closed" | "open" | "half-open";

export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private readonly threshold: number;
  private readonly baseCooldownMs: number;
  private readonly maxCooldownMs: number;

  constructor(options: CircuitBreakerOptions = {}) {
    this.threshold = options.failureThreshold ?? 3;
    this.baseCooldownMs = options.baseCooldownMs ?? 30_000;
    this.maxCooldownMs = options.maxCooldownMs ?? 10 * 60_000;
  }

  /** Whether a request may go out now (closed, or open with its cool-down over: one trial). */
  canAttempt(now: number): boolean {
    return now >= this.openUntil;
  }

  state(now: number): BreakerState {
    if (this.failures < this.threshold && now >= this.openUntil) return "closed";
    return now >= this.openUntil ? "half-open" : "open";
  }

  /** Unix ms when the next request may go out (0 when it may now). */
  get nextAttemptAt(): number {
    return this.openUntil;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  recordSuccess(): void {
    this.failures = 0;
    this.openUntil = 0;
  }

  recordFailure(now: number, retryAfterMs?: number): void {
    this.failures++;
    let until = 0;
    if (this.failures >= this.threshold) {
      const doublings = Math.min(this.failures - this.threshold, 20);
      until = now + Math.min(this.baseCooldownMs * 2 ** doublings, this.maxCooldownMs);
    }
    if (retryAfterMs !== undefined) until = Math.max(until, now + retryAfterMs);
    this.openUntil = Math.max(this.openUntil, until);
  }
}
