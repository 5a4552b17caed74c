import { GPU_MODEL_IDS, gpuSpec } from "../src/catalog/gpus.ts";
import type { TokenPrice } from "../src/effective-price.ts";
import type { Offer, PricingModel } from "../src/offer.ts";

// A synthetic market shaped like the providers' real offers, for benchmarks (`@necto/sdk/bench-market`).

/** A small deterministic PRNG (mulberry32), so every run benchmarks the same market. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REGIONS = ["US", "DE", "FI", "FR", "NL", "CA", "JP", "SG", "BR", "IN", "GB", "SE", "PL", "RO", "IS"];
const MODELS: PricingModel[] = ["fixed", "fixed", "fixed", "spot", "auction", "token", "dynamic"];

export const BENCH_NOW = Date.UTC(2026, 10, 22, 12);
export const benchTokenPrices: Record<string, TokenPrice> = {
  AKT: { symbol: "AKT", usd: 1.12, sources: ["coingecko", "pyth"], at: BENCH_NOW - 30_000 },
  NOS: { symbol: "NOS", usd: 0.71, sources: ["coingecko", "pyth"], at: BENCH_NOW - 30_000 },
  USDC: { symbol: "USDC", usd: 1, sources: ["coingecko", "pyth", "chainlink"], at: BENCH_NOW - 30_000 },
};

/** `n` offers in every pricing model and unit, shaped like the providers' real ones. */
export function benchOffers(n: number, seed = 42): Offer[] {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  return Array.from({ length: n }, (_, i): Offer => {
    const gpuModel = pick(GPU_MODEL_IDS);
    const spec = gpuSpec(gpuModel);
    const gpuCount = pick([1, 1, 2, 4, 8]);
    const model = pick(MODELS);
    const usd = (0.2 + rand() * 4) * (model === "spot" ? 0.6 : 1);
    const pricing: Offer["pricing"] =
      model === "auction"
        ? {
            model,
            price: {
              amount: String(Math.round((usd / 600 / 1.12) * 1e6 * gpuCount)),
              currency: "AKT",
              decimals: 6,
            },
            per: "block",
            blockSeconds: 6,
            scope: "instance",
          }
        : model === "token"
          ? {
              model,
              price: { amount: (usd / 0.71 / 3600).toFixed(9), currency: "NOS" },
              per: "second",
              scope: "gpu",
              extras: [{ label: "network fee", percentOfBase: 10 }],
            }
          : model === "dynamic"
            ? {
                model,
                price: { amount: usd.toFixed(6), currency: "USDC" },
                per: "hour",
                scope: "gpu",
                dynamic: { slopeBps: 5000, utilizationBps: Math.floor(rand() * 10_000) },
              }
            : {
                model,
                price: { amount: (usd * gpuCount * 100).toFixed(2), currency: "USD_CENTS" },
                per: "hour",
                scope: "instance",
              };
    return {
      providerId: pick([
        "akash",
        "runpod",
        "lambda",
        "vast",
        "ionet",
        "nosana",
        "aws",
        "tensordock",
        "necto",
      ]),
      offerId: `o-${i}`,
      gpuModel,
      gpuName: spec.name,
      gpuCount,
      vramGb: spec.vramGb,
      region: pick(REGIONS),
      pricing,
      availability: { level: pick(["high", "high", "low", "none"] as const), gpus: Math.floor(rand() * 16) },
      interruptible: model === "spot" || model === "auction",
      reliability: Math.round(rand() * 1000) / 1000,
      latencyMs: Math.floor(rand() * 200),
      rating: Math.round(rand() * 50) / 10,
      fetchedAt: BENCH_NOW - Math.floor(rand() * 3_600_000),
      source: pick(["live", "snapshot", "chain"] as const),
    };
  });
}
