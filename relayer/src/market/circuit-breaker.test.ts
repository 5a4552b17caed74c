import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "./circuit-breaker.ts";

describe("CircuitBreaker", () => {
  it("stays closed below the threshold and opens at it", () => {
    const breaker = new CircuitBreaker({ failureThreshold: 3, baseCooldownMs: 1_000 });
    breaker.recordFailure(0);
    breaker.recordFailure(0);
    expect(breaker.state(0)).toBe("closed");
    expect(breaker.canAttempt(0)).toBe(true);
    breaker.recordFailure(100);
    expect(breaker.state(100)).toBe("open");
    expect(breaker.canAttempt(1_099)).toBe(false);
    expect(breaker.canAttempt(1_100)).toBe(true);
    expect(breaker.state(1_100)).toBe("half-open");
  });

  it("doubles the cool-down on each failed trial, up to the cap, and closes on success", () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1, baseCooldownMs: 1_000, maxCooldownMs: 3_000 });
    breaker.recordFailure(0);
    expect(breaker.nextAttemptAt).toBe(1_000);
    breaker.recordFailure(1_000);
    expect(breaker.nextAttemptAt).toBe(3_000);
    breaker.recordFailure(3_000);
    expect(breaker.nextAttemptAt).toBe(6_000); // 4 s capped to 3 s
    breaker.recordSuccess();
    expect(breaker.state(6_000)).toBe("closed");
    expect(breaker.consecutiveFailures).toBe(0);
  });

  it("holds back for a 429's Retry-After even below the threshold", () => {
    const breaker = new CircuitBreaker({ failureThreshold: 5 });
    breaker.recordFailure(10_000, 60_000);
    expect(breaker.canAttempt(69_999)).toBe(false);
    expect(breaker.canAttempt(70_000)).toBe(true);
  });
});
