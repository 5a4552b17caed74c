import { DEFAULT_PEGS } from "@necto/sdk";
import { describe, expect, it } from "vitest";
import { NECTO_TOKENS, tokenConfig } from "./token-source.ts";

describe("tokenConfig", () => {
  it("defaults to Necto's tokens with the ids research confirmed, and no guessed ones", () => {
    const bySymbol = Object.fromEntries(tokenConfig().map((token) => [token.symbol, token]));
    expect(Object.keys(bySymbol)).toEqual(["AKT", "ACT", "NOS", "IO", "RENDER", "USDC"]);
    expect(bySymbol.AKT).toEqual({ symbol: "AKT", coingeckoId: "akash-network" });
    expect(bySymbol.NOS?.pythFeedId).toBeUndefined();
    // ACT is peg-checked by the sdk, but no source for it is known: it has no ids rather than made-up ones.
    expect(DEFAULT_PEGS.ACT).toBe(1);
    expect(bySymbol.ACT).toEqual({ symbol: "ACT" });
  });

  it("merges overrides per symbol, adds new tokens, and removes an id set to undefined", () => {
    const akt = `0x${"ab".repeat(32)}` as const; // a placeholder, not the real AKT/USD feed
    const tokens = tokenConfig({
      akt: { pythFeedId: akt },
      IO: { coingeckoId: "io" },
      USDC: { chainlinkFeed: undefined },
      JUP: { coingeckoId: "jupiter-exchange-solana" },
    });
    const bySymbol = Object.fromEntries(tokens.map((token) => [token.symbol, token]));
    expect(bySymbol.AKT).toEqual({ symbol: "AKT", coingeckoId: "akash-network", pythFeedId: akt });
    expect(bySymbol.IO?.coingeckoId).toBe("io");
    expect(bySymbol.USDC).not.toHaveProperty("chainlinkFeed");
    expect(bySymbol.USDC?.pythFeedId).toBeDefined();
    expect(bySymbol.JUP).toEqual({ symbol: "JUP", coingeckoId: "jupiter-exchange-solana" });
    expect(NECTO_TOKENS.find((token) => token.symbol === "USDC")?.chainlinkFeed).toBeDefined();
  });
});
