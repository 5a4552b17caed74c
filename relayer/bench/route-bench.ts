/**
 * `npm run bench:route -w relayer`: POST /v1/route latency with the deterministic planner, end to end
 * over loopback: request parsing, ranking, decision log (RFC 8785 bytes), 0G root hash, durable outbox
 * write (file fsync + SQLite commit), EIP-712 signature with the chain's clock. Target p50 ≤ 50 ms.
 * Runs on a seeded local chain, over the offline market (bundled snapshot + the chain's listings) and
 * over a 1,000-offer synthetic market. Requests are sequential, so the figures are latency, not load.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { localAccounts, startSeededChain } from "@necto/contracts/local";
import { parseDeployment } from "@necto/sdk";
import { benchOffers, benchTokenPrices } from "@necto/sdk/bench-market";
import pino from "pino";
import { loadConfig } from "../src/config.ts";
import type { ProviderAdapter } from "../src/providers/adapter.ts";
import { nectoChainAdapter } from "../src/providers/necto-chain.ts";
import { startRelayer } from "../src/server.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 200);

const seeded = await startSeededChain();
const percentile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] ?? Number.NaN;

const measure = async (label: string, overrides: { adapters?: ProviderAdapter[]; synthetic?: boolean }) => {
  const dataDir = mkdtempSync(join(tmpdir(), "necto-route-bench-"));
  const deploymentFile = join(dataDir, "deployment.json");
  writeFileSync(deploymentFile, JSON.stringify(seeded.deployment));
  const relayer = await startRelayer(
    loadConfig({
      NECTO_OFFLINE: "1",
      NECTO_RELAYER_PORT: "0",
      NECTO_DATA_DIR: dataDir,
      NECTO_RPC_URL: seeded.chain.url,
      NECTO_DEPLOYMENT_FILE: deploymentFile,
    }),
    {
      logger: pino({ level: "silent" }),
      rateLimit: false,
      ...(overrides.adapters ? { adapters: overrides.adapters, snapshot: { takenAt: 0, offers: [] } } : {}),
      ...(overrides.synthetic ? { tokenPrices: () => benchTokenPrices } : {}),
    },
  );
  await relayer.market.refresh({ force: true });
  const body = (i: number) =>
    JSON.stringify({
      text: `${1 + (i % 4)}x H100 for ${2 + (i % 5)} days under $${(2 + (i % 7) / 2).toFixed(2)}/GPU-hr in the EU, no spot`,
      mode: "tracked",
      user: localAccounts.soloBuyer.address,
    });
  const times: number[] = [];
  let logBytes = 0;
  for (let i = 0; i < RUNS + 10; i++) {
    const started = performance.now();
    const response = await fetch(`${relayer.url}/v1/route`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: body(i),
    });
    const answer = (await response.json()) as { decision: { length: number } };
    if (response.status !== 200) throw new Error(`route answered ${response.status}`);
    if (i >= 10) times.push(performance.now() - started); // the first 10 warm the JIT
    logBytes = answer.decision.length;
  }
  console.log(
    `POST /v1/route, ${label} (${relayer.market.current().offers.length} offers, log ${(logBytes / 1024).toFixed(0)} KB): ` +
      `p50 ${percentile(times, 0.5).toFixed(1)} ms  p99 ${percentile(times, 0.99).toFixed(1)} ms  (${RUNS} sequential requests)`,
  );
  await relayer.stop();
  rmSync(dataDir, { recursive: true, force: true });
};

await measure("offline market: snapshot + chain listings", {});
// The synthetic market's own "necto" offers give way to the chain's real listings.
const synthetic = benchOffers(1_000)
  .filter((offer) => offer.providerId !== "necto")
  .map((offer) => ({ ...offer, fetchedAt: Date.now() }));
const byProvider = new Map<string, typeof synthetic>();
for (const offer of synthetic)
  byProvider.set(offer.providerId, [...(byProvider.get(offer.providerId) ?? []), offer]);
await measure("1,000-offer synthetic market + chain listings", {
  adapters: [
    ...[...byProvider.entries()].map(([id, list]) => ({
      id,
      name: id,
      ttlMs: 3_600_000,
      fetchOffers: async () => list,
    })),
    nectoChainAdapter({ rpcUrl: seeded.chain.url, deployment: parseDeployment(seeded.deployment) }),
  ],
  synthetic: true,
});
await seeded.stop();
