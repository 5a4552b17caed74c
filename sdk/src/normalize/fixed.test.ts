import { describe, expect, it } from "vitest";
import type { NormalizeResult, PricedOffer } from "../effective-price.ts";
import { normalizeFixed } from "./fixed.ts";
import { context, offer } from "./test-offer.ts";

const priced = (result: NormalizeResult): PricedOffer => {
  if (!result.ok)
    throw new Error(`expected a price, got ${result.exclusion.code}: ${result.exclusion.message}`);
  return result.offer;
};

const partsSum = (result: PricedOffer): number =>
  result.price.breakdown.reduce((total, part) => total + part.usdPerGpuHour, 0);

describe("normalizeFixed", () => {
  it("keeps a RunPod per-GPU dollar price as is", () => {
    // gpuTypes.securePrice 2.99 for "NVIDIA H100 80GB HBM3": USD per GPU-hour already.
    const result = priced(
      normalizeFixed(
        offer({ providerId: "runpod", pricing: { price: { amount: "2.99", currency: "USD" } } }),
        context(),
      ),
    );
    expect(result.price.usdPerGpuHour).toBe(2.99);
    expect(result.price.breakdown).toEqual([{ label: "base", usdPerGpuHour: 2.99 }]);
    expect(result.price.usdPerTflopHour).toBe(2.99 / 989.5);
    expect(result.price.expectedUsdPerGpuHour).toBeUndefined();
    expect(result.price.tokenPrice).toBeUndefined();
  });

  it("converts Lambda cents per instance-hour with 8 GPUs to dollars per GPU-hour", () => {
    // gpu_8x_h100_sxm5: price_cents_per_hour 2392, specs.gpus 8.
    const lambda = offer({
      providerId: "lambda",
      gpuCount: 8,
      pricing: { price: { amount: "2392", currency: "USD_CENTS" }, scope: "instance" },
    });
    expect(priced(normalizeFixed(lambda, context())).price.usdPerGpuHour).toBe(2.99);
  });

  it("divides Vast's dph_total per machine by its GPUs, storage already included", () => {
    // dph_total 0.6433 = gpuCostPerHour 0.62 + diskHour 0.0233, for 2 × RTX 4090: no extra on top.
    const vast = offer({
      providerId: "vast",
      gpuModel: "rtx-4090",
      gpuCount: 2,
      pricing: { price: { amount: "0.6433", currency: "USD" }, scope: "instance" },
    });
    const result = priced(normalizeFixed(vast, context()));
    expect(result.price.usdPerGpuHour).toBe(0.32165);
    expect(result.price.breakdown).toHaveLength(1);
  });

  it("converts AWS p4d and p5 per-instance hourly prices with 8 GPUs", () => {
    const p4d = offer({
      providerId: "aws",
      gpuModel: "a100-40-sxm",
      gpuCount: 8,
      pricing: { price: { amount: "21.957642", currency: "USD" }, scope: "instance" },
    });
    const p5 = offer({
      providerId: "aws",
      gpuCount: 8,
      pricing: { price: { amount: "55.04", currency: "USD" }, scope: "instance" },
    });
    expect(priced(normalizeFixed(p4d, context())).price.usdPerGpuHour).toBe(2.74470525);
    expect(priced(normalizeFixed(p5, context())).price.usdPerGpuHour).toBe(6.88);
  });

  it("adds TensorDock's vCPU, RAM and storage charges to the per-GPU price", () => {
    // 2 × H100 at 2.2/GPU-h, plus 8 vCPU × 0.003, 64 GB RAM × 0.002 and 100 GB × 0.00005 per hour.
    const tensordock = offer({
      providerId: "tensordock",
      gpuCount: 2,
      pricing: {
        price: { amount: "2.2", currency: "USD" },
        extras: [
          { label: "8 vCPU", money: { amount: "0.024", currency: "USD" }, scope: "instance" },
          { label: "64 GB RAM", money: { amount: "0.128", currency: "USD" }, scope: "instance" },
          { label: "100 GB storage", money: { amount: "0.005", currency: "USD" }, scope: "instance" },
        ],
      },
    });
    const result = priced(normalizeFixed(tensordock, context()));
    expect(result.price.breakdown).toEqual([
      { label: "base", usdPerGpuHour: 2.2 },
      { label: "8 vCPU", usdPerGpuHour: 0.012 },
      { label: "64 GB RAM", usdPerGpuHour: 0.064 },
      { label: "100 GB storage", usdPerGpuHour: 0.0025 },
    ]);
    expect(result.price.usdPerGpuHour).toBe(2.2785);
    expect(result.price.usdPerGpuHour).toBe(partsSum(result));
  });

  it("converts Shadeform and Hyperbolic cents", () => {
    // Shadeform hourly_price 219 cents per instance (1 GPU); Hyperbolic amount 149 cents per GPU-hour.
    const shadeform = offer({
      providerId: "shadeform",
      gpuModel: "h100-pcie",
      pricing: { price: { amount: "219", currency: "USD_CENTS" }, scope: "instance" },
    });
    const hyperbolic = offer({
      providerId: "hyperbolic",
      pricing: { price: { amount: "149", currency: "USD_CENTS" } },
    });
    expect(priced(normalizeFixed(shadeform, context())).price.usdPerGpuHour).toBe(2.19);
    expect(priced(normalizeFixed(hyperbolic, context())).price.usdPerGpuHour).toBe(1.49);
  });

  it("adds Nosana's 10% network fee to usd_reward_per_hour", () => {
    const nosana = offer({
      providerId: "nosana",
      gpuModel: "rtx-4090",
      pricing: {
        price: { amount: "0.2909", currency: "USD" },
        scope: "instance",
        extras: [{ label: "network fee", percentOfBase: 10 }],
      },
    });
    const result = priced(normalizeFixed(nosana, context()));
    expect(result.price.breakdown).toEqual([
      { label: "base", usdPerGpuHour: 0.2909 },
      { label: "network fee", usdPerGpuHour: 0.02909 },
    ]);
    expect(result.price.usdPerGpuHour).toBe(0.31999);
    expect(result.price.usdPerGpuHour).toBe(partsSum(result));
  });

  it("divides a multi-GPU Nosana market's node price by its GPUs before the fee", () => {
    const market = offer({
      providerId: "nosana",
      gpuCount: 8,
      pricing: {
        price: { amount: "18.20", currency: "USD" },
        scope: "instance",
        extras: [{ label: "network fee", percentOfBase: 10 }],
      },
    });
    const result = priced(normalizeFixed(market, context()));
    expect(result.price.breakdown.map((part) => part.usdPerGpuHour)).toEqual([2.275, 0.2275]);
  });

  it("itemizes io.net's fees on a USDC quote for a 24-hour container", () => {
    // caas/price for duration_hours 24, gpus_per_container 2: hardware 100.8 USDC, ionet_fee 2.016 USDC,
    // and the 2% currency_conversion_fee for paying in USDC.
    const ionet = offer({
      providerId: "ionet",
      gpuCount: 2,
      pricing: {
        price: { amount: "100.8", currency: "USDC" },
        per: "day",
        scope: "instance",
        extras: [
          { label: "ionet_fee", money: { amount: "2.016", currency: "USDC" } },
          { label: "currency_conversion_fee", percentOfBase: 2 },
        ],
      },
    });
    const result = priced(normalizeFixed(ionet, context({ USDC: 1 })));
    // The total is the exact price rounded once; the largest part absorbs the parts' float residue (ulps).
    expect(result.price.usdPerGpuHour).toBe(2.184);
    expect(result.price.usdPerGpuHour).toBe(partsSum(result));
    const parts = result.price.breakdown.map((part) => part.usdPerGpuHour);
    for (const [index, value] of [2.1, 0.042, 0.042].entries()) expect(parts[index]).toBeCloseTo(value, 14);
    expect(result.price.tokenPrice?.symbol).toBe("USDC");

    const belowPeg = priced(normalizeFixed(ionet, context({ USDC: 0.999 })));
    expect(belowPeg.price.usdPerGpuHour).toBe(2.181816);
  });

  it("excludes a USDC quote as unpriced when the oracle has no USDC price", () => {
    const ionet = offer({ pricing: { price: { amount: "0.31", currency: "USDC" } } });
    const result = normalizeFixed(ionet, context());
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.exclusion.code).toBe("unpriced");
      expect(result.exclusion.offerKey).toBe("test:offer-1");
      expect(result.exclusion.message).toMatch(/no accepted oracle price for USDC/);
    }
  });

  it("prices a monthly price over 30.437 days", () => {
    const monthly = offer({ pricing: { price: { amount: "730.488", currency: "USD" }, per: "month" } });
    expect(priced(normalizeFixed(monthly, context())).price.usdPerGpuHour).toBe(1);
  });
});
