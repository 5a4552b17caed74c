import { describe, expect, it } from "vitest";
import type { NormalizeResult, PricedOffer } from "../effective-price.ts";
import { AUCTION_INTERRUPTION_PER_HOUR, normalizeAuction } from "./auction.ts";
import { context, offer } from "./test-offer.ts";

const priced = (result: NormalizeResult): PricedOffer => {
  if (!result.ok)
    throw new Error(`expected a price, got ${result.exclusion.code}: ${result.exclusion.message}`);
  return result.offer;
};

// A MsgCreateBid for a deployment group with 2 GPUs: 1234.5 uakt per block (DecCoin, decimals allowed).
const akashBid = (amount: string, currency: string, gpuCount = 2) =>
  offer({
    providerId: "akash",
    gpuCount,
    interruptible: false,
    pricing: { model: "auction", price: { amount, currency, decimals: 6 }, per: "block", scope: "instance" },
  });

describe("normalizeAuction", () => {
  it("converts a per-block uakt bid to USD per GPU-hour", () => {
    // 1234.5 uakt × 600 blocks/h × 3.21 USD/AKT / 1e6 = 2.377647 USD/h for the deployment, / 2 GPUs.
    const result = priced(normalizeAuction(akashBid("1234.5", "AKT"), context({ AKT: 3.21 })));
    expect(result.price.usdPerGpuHour).toBe(1.1888235);
    expect(result.price.tokenPrice?.usd).toBe(3.21);
    expect(result.price.expectedUsdPerGpuHour).toBe(
      1.1888235 * 1 + 1.1888235 * AUCTION_INTERRUPTION_PER_HOUR * 0.5,
    );
  });

  it("converts a per-block uact bid with ACT at its oracle price", () => {
    // 500 uact × 600 / 1e6 = 0.3 USD/h when ACT holds its 1 USD peg.
    const result = priced(normalizeAuction(akashBid("500", "ACT", 1), context({ ACT: 1 })));
    expect(result.price.usdPerGpuHour).toBe(0.3);
  });

  it("converts a per-block IBC USDC bid through the USDC oracle price", () => {
    const result = priced(normalizeAuction(akashBid("416.67", "USDC", 1), context({ USDC: 1 })));
    expect(result.price.usdPerGpuHour).toBe(0.250002);
  });

  it("fails closed when AKT, ACT or USDC has no oracle price", () => {
    for (const currency of ["AKT", "ACT", "USDC"]) {
      const result = normalizeAuction(akashBid("500", currency), context());
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.exclusion.code).toBe("unpriced");
    }
  });

  it("uses the bid's own block time when given", () => {
    const bid = akashBid("1000", "AKT", 1);
    bid.pricing.blockSeconds = 5;
    expect(priced(normalizeAuction(bid, context({ AKT: 2 }))).price.usdPerGpuHour).toBe(1.44);
  });

  it("rejects a per-block price without a block time outside Akash", () => {
    const bid = { ...akashBid("1000", "AKT", 1), providerId: "other-chain" };
    const result = normalizeAuction(bid, context({ AKT: 2 }));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.exclusion.code).toBe("invalid-price");
      expect(result.exclusion.message).toMatch(/blockSeconds/);
    }
  });
});
