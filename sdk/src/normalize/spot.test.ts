import { describe, expect, it } from "vitest";
import type { NormalizeResult, PricedOffer } from "../effective-price.ts";
import { RESTART_OVERHEAD_FRACTION } from "./interruption.ts";
import { normalizeSpot, SPOT_INTERRUPTION_PER_HOUR } from "./spot.ts";
import { context, offer } from "./test-offer.ts";

const priced = (result: NormalizeResult): PricedOffer => {
  if (!result.ok)
    throw new Error(`expected a price, got ${result.exclusion.code}: ${result.exclusion.message}`);
  return result.offer;
};

describe("normalizeSpot", () => {
  it("prices a RunPod spot GPU with the default interruption risk", () => {
    // secureSpotPrice 1.75; no risk published, so p = 0.05/h and rework 0.5: 1.75 × 1.025.
    expect(SPOT_INTERRUPTION_PER_HOUR).toBe(0.05);
    expect(RESTART_OVERHEAD_FRACTION).toBe("0.5");
    const spot = offer({
      providerId: "runpod",
      interruptible: true,
      pricing: { model: "spot", price: { amount: "1.75", currency: "USD" } },
    });
    const result = priced(normalizeSpot(spot, context()));
    expect(result.price.usdPerGpuHour).toBe(1.75);
    expect(result.price.expectedUsdPerGpuHour).toBe(1.79375);
  });

  it("prices an AWS p5 spot instance with the risk the adapter read from Spot Advisor", () => {
    const p5 = offer({
      providerId: "aws",
      gpuCount: 8,
      interruptible: true,
      pricing: {
        model: "spot",
        price: { amount: "23.67", currency: "USD" },
        scope: "instance",
        interruptionPerHour: 0.01,
      },
    });
    const result = priced(normalizeSpot(p5, context()));
    expect(result.price.usdPerGpuHour).toBe(2.95875);
    expect(result.price.expectedUsdPerGpuHour).toBe(2.97354375);
  });

  it("leaves the expected price equal to the plain one when interruption is impossible", () => {
    const safe = offer({
      pricing: { model: "spot", price: { amount: "0.1", currency: "USD" }, interruptionPerHour: 0 },
    });
    const result = priced(normalizeSpot(safe, context()));
    expect(result.price.expectedUsdPerGpuHour).toBe(result.price.usdPerGpuHour);
  });

  it.each([-0.1, 1.5, Number.NaN])("rejects an interruption probability of %s", (probability) => {
    const result = normalizeSpot(
      offer({ pricing: { model: "spot", interruptionPerHour: probability } }),
      context(),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.exclusion.code).toBe("invalid-price");
  });
});
