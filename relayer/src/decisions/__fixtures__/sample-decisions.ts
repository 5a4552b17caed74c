// Real decision logs for the decisions tests, built by the sdk exactly as the API builds them.
import { buildDecisionLog, type Offer } from "@necto/sdk";

/** Friday 2026-11-20 12:00 UTC. */
export const NOW = Date.UTC(2026, 10, 20, 12);

/** A buyer (anvil's account 9): must appear nowhere for an Untracked decision. */
export const BUYER = "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720";

const offer = (providerId: string, offerId: string, usdPerHour: string): Offer => ({
  providerId,
  offerId,
  gpuModel: "h100-sxm",
  gpuName: "H100 SXM 80GB",
  gpuCount: 1,
  vramGb: 80,
  region: "US",
  availability: { level: "high" },
  interruptible: false,
  pricing: { model: "fixed", price: { amount: usdPerHour, currency: "USD" }, per: "hour", scope: "gpu" },
  fetchedAt: NOW - 60_000,
  source: "live",
});

const OFFERS = [offer("lambda", "gpu_1x_h100_sxm5", "2.99"), offer("runpod", "h100-secure", "2.69")];

/** The canonical bytes of a routing decision; `variant` changes the request text, so the root too. */
export const sampleDecision = (
  mode: "tracked" | "untracked",
  variant = 0,
): { bytes: Uint8Array; text: string } => {
  const constraints = { gpuModels: ["h100-sxm" as const], maxUsdPerGpuHour: 3 };
  const { bytes } = buildDecisionLog({
    mode,
    // Untracked: given only so that the sdk checks the bytes hold no form of it.
    user: BUYER,
    request: { text: `1x H100 for 4 hours (#${variant})`, structured: constraints },
    constraints,
    ctx: { now: NOW },
    tokenPrices: [],
    offers: OFFERS,
    agent: { kind: "planner", toolCalls: [] },
  });
  return { bytes, text: new TextDecoder().decode(bytes) };
};
