import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DEMO_TOKEN_USD, type DecideFn } from "@necto/contracts/local";
import {
  buildDecisionLog,
  ChainReader,
  type Deployment,
  decisionLogRoot,
  listingToOffer,
  type TokenPrice,
} from "@necto/sdk";
import { createPublicClient, http } from "viem";
import { anvil } from "viem/chains";

/**
 * Demo decisions made the real way: the candidates are the chain's own listings (read with the sdk's
 * ChainReader), the planner ranks them under the buyer's constraints, and the log's canonical bytes are
 * stored under their 0G root in the local content-addressed store, so every seeded job verifies.
 * Token prices are the local chain's: its mock USDC at its peg, its mock AKT at a fixed demo price.
 */
export function realDemoDecisions(rpcUrl: string, deployment: Deployment, dir: string): DecideFn {
  const reader = new ChainReader(createPublicClient({ chain: anvil, transport: http(rpcUrl) }), deployment);
  return async (decision) => {
    const tokenPrices: TokenPrice[] = [
      { symbol: "AKT", usd: DEMO_TOKEN_USD.AKT as number, sources: ["local-demo"], at: decision.now },
      { symbol: "USDC", usd: DEMO_TOKEN_USD.USDC as number, sources: ["local-peg"], at: decision.now },
    ];
    const [listings, providers] = await Promise.all([reader.listings(), reader.providers()]);
    const offers = listings.map((listing) =>
      listingToOffer(listing, {
        chainId: deployment.chainId,
        fetchedAt: decision.now,
        provider: providers.find((p) => p.address === listing.provider),
      }),
    );
    const target = offers.find((o) => o.listing?.listingId === String(decision.listingId));
    if (!target) throw new Error(`listing ${decision.listingId} not found on chain`);
    const constraints = { gpuModels: [target.gpuModel as never], minGpus: decision.gpus };
    const { bytes } = buildDecisionLog({
      mode: decision.tracked ? "tracked" : "untracked",
      ...(decision.tracked ? { user: decision.buyer } : {}),
      request: {
        text: `${decision.gpus}x ${target.gpuModel} for ${decision.hours} hours`,
        structured: constraints,
      },
      constraints,
      ctx: { now: decision.now },
      tokenPrices,
      offers,
      agent: { kind: "planner", toolCalls: [] },
    });
    const { root, length } = await decisionLogRoot(bytes);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `${root}.json`), bytes);
    return { root, length };
  };
}
