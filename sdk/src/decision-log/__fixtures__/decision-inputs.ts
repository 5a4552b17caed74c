// Fixed inputs for the decision-log tests and the golden log. Changing anything here changes the golden
// bytes and root: regenerate with NECTO_UPDATE_GOLDEN=1 (see golden.test.ts) and say why in the commit.
import type { Constraints } from "../../constraints.ts";
import type { TokenPrice } from "../../effective-price.ts";
import type { Offer } from "../../offer.ts";
import type { BuildDecisionLogInput } from "../build.ts";

/** Friday 2026-11-20 12:00 UTC. */
export const NOW = Date.UTC(2026, 10, 20, 12);
/** Monday 2026-11-23 09:00 UTC: hour 9 of the week. */
export const MONDAY_9AM = Date.UTC(2026, 10, 23, 9);

/** Anvil's first two well-known accounts: a buyer, and an on-chain provider. */
export const BUYER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
export const PROVIDER = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

/** Mon–Fri 08:00–18:00 UTC as an hour-of-week mask. */
export const OFFICE_HOURS_MASK = (() => {
  let mask = 0n;
  for (let day = 0; day < 5; day++) {
    for (let hour = 8; hour < 18; hour++) mask |= 1n << BigInt(day * 24 + hour);
  }
  return mask.toString();
})();

/** Office hours without Monday 12:00–13:00. */
export const LUNCH_BREAK_MASK = (BigInt(OFFICE_HOURS_MASK) & ~(1n << 12n)).toString();

const base = {
  gpuModel: "h100-sxm",
  gpuName: "H100 SXM 80GB",
  gpuCount: 1,
  vramGb: 80,
  region: "US",
  availability: { level: "high" },
  interruptible: false,
  fetchedAt: NOW - 5 * 60_000,
  source: "live",
} as const satisfies Partial<Offer>;

export const OFFERS: Offer[] = [
  {
    ...base,
    providerId: "akash",
    offerId: "dseq-1/1/1",
    region: "US",
    location: "us-west",
    pricing: {
      model: "auction",
      price: { amount: "2100", currency: "AKT", decimals: 6 },
      per: "block",
      scope: "instance",
    },
    interruptible: true,
  },
  {
    ...base,
    providerId: "vast",
    offerId: "m-42",
    gpuCount: 2,
    region: "DE",
    pricing: { model: "spot", price: { amount: "3.10", currency: "USD" }, per: "hour", scope: "instance" },
    interruptible: true,
    reliability: 0.97,
    latencyMs: 40,
  },
  {
    ...base,
    providerId: "runpod",
    offerId: "h100-secure",
    pricing: { model: "fixed", price: { amount: "2.69", currency: "USD" }, per: "hour", scope: "gpu" },
    reliability: 0.995,
    latencyMs: 25,
    rating: 4.7,
    sourceUrl: "https://www.runpod.io/pricing",
  },
  {
    ...base,
    providerId: "lambda",
    offerId: "gpu_8x_a100_80gb_sxm4",
    gpuModel: "a100-80-sxm",
    gpuName: "A100 SXM4 80GB",
    gpuCount: 8,
    pricing: { model: "fixed", price: { amount: "14.32", currency: "USD" }, per: "hour", scope: "instance" },
    source: "snapshot",
  },
  {
    ...base,
    providerId: "tensordock",
    offerId: "4090d",
    gpuModel: "unknown",
    gpuName: "RTX 4090 D",
    vramGb: 24,
    pricing: { model: "fixed", price: { amount: "0.35", currency: "USD" }, per: "hour", scope: "gpu" },
  },
  {
    ...base,
    providerId: "nosana",
    offerId: "market-h100",
    pricing: { model: "token", price: { amount: "0.0008", currency: "NOS" }, per: "second", scope: "gpu" },
  },
  {
    ...base,
    providerId: "necto",
    offerId: "31337-7",
    pricing: {
      model: "dynamic",
      price: { amount: "1800000", currency: "USDC", decimals: 6 },
      per: "hour",
      scope: "gpu",
      dynamic: { slopeBps: 5000, utilizationBps: 2500 },
    },
    availability: { level: "high", gpus: 4, hourOfWeekMask: OFFICE_HOURS_MASK },
    source: "chain",
    listing: { chainId: 31337, listingId: "7", provider: PROVIDER },
  },
  {
    ...base,
    providerId: "necto",
    offerId: "31337-8",
    pricing: { model: "fixed", price: { amount: "1.50", currency: "USD" }, per: "hour", scope: "gpu" },
    availability: { level: "high", gpus: 8, hourOfWeekMask: LUNCH_BREAK_MASK },
    source: "chain",
    listing: { chainId: 31337, listingId: "8", provider: PROVIDER },
  },
  {
    ...base,
    providerId: "shady",
    offerId: "x",
    pricing: { model: "fixed", price: { amount: "0.10", currency: "USD" }, per: "hour", scope: "gpu" },
  },
  {
    ...base,
    providerId: "ovh",
    offerId: "l40s-gra",
    gpuModel: "l40s",
    gpuName: "L40S",
    vramGb: 48,
    region: "FR",
    location: "Gravelines",
    pricing: { model: "fixed", price: { amount: "1.80", currency: "USD" }, per: "hour", scope: "gpu" },
  },
];

export const TOKEN_PRICES: TokenPrice[] = [
  { symbol: "USDC", usd: 1, sources: ["chainlink", "coingecko", "pyth"], at: NOW - 20_000 },
  { symbol: "AKT", usd: 1.45, sources: ["coingecko", "pyth"], at: NOW - 30_000 },
];

export const CONSTRAINTS: Constraints = {
  maxUsdPerGpuHour: 3,
  minVramGb: 40,
  regions: ["group:north-america", "group:eu"],
  excludeProviders: ["shady"],
  window: { startsAt: MONDAY_9AM, hours: 8 },
};

/** The golden decision: an LLM agent routing a Tracked buyer's request. */
export const GOLDEN_INPUT: BuildDecisionLogInput = {
  mode: "tracked",
  user: BUYER,
  team: "1",
  request: {
    text: "8 hours of an 80 GB-class GPU in the US or the EU, Monday from 09:00 UTC, under 3 USD/GPU-h",
    structured: CONSTRAINTS,
  },
  constraints: CONSTRAINTS,
  ctx: { now: NOW },
  tokenPrices: TOKEN_PRICES,
  offers: OFFERS,
  agent: {
    kind: "llm",
    modelId: "gemini-2.5-flash",
    toolCalls: [
      {
        name: "rank_offers",
        args: { maxUsdPerGpuHour: 3, minVramGb: 40, regions: ["group:north-america", "group:eu"] },
        result: { ranked: 6, excluded: 4 },
      },
    ],
  },
};
