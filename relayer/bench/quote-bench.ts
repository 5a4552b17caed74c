/**
 * `npm run bench -w relayer`: POST /v1/quote latency (p50/p99) and throughput on loopback for a
 * 5,000-offer market with a warm cache (targets: p50 ≤ 5 ms, ≥ 2,000 requests/s on 2 cores).
 * The relayer runs in this process; autocannon runs in its own process (bench/load-client.ts) so the
 * load does not share the server's event loop, but it does share the 2 cores. Each run lasts a bounded
 * 10 s. `varied` computes every answer; `repeat` measures the answer cache.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchOffers, benchTokenPrices } from "@necto/sdk/bench-market";
import pino from "pino";
import { loadConfig } from "../src/config.ts";
import type { ProviderAdapter } from "../src/providers/adapter.ts";
import { startRelayer } from "../src/server.ts";

const OFFERS = 5_000;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = 16;

// The synthetic market, split over its providers so the market assembles it as it would live data.
const offers = benchOffers(OFFERS).map((offer) => ({ ...offer, fetchedAt: Date.now() }));
const byProvider = new Map<string, typeof offers>();
for (const offer of offers)
  byProvider.set(offer.providerId, [...(byProvider.get(offer.providerId) ?? []), offer]);
const adapters: ProviderAdapter[] = [...byProvider.entries()].map(([id, list]) => ({
  id,
  name: id,
  ttlMs: 3_600_000,
  fetchOffers: async () => list,
}));

let serviceMs: number[] = [];
const collect = (line: string) => {
  const match = /"route":"\/v1\/quote".*"ms":([\d.]+)/.exec(line);
  if (match) serviceMs.push(Number(match[1]));
};
const percentile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

const dataDir = mkdtempSync(join(tmpdir(), "necto-bench-"));
const relayer = await startRelayer(
  loadConfig({
    NECTO_OFFLINE: "1",
    NECTO_RELAYER_PORT: "0",
    NECTO_DATA_DIR: dataDir,
    NECTO_LOG_LEVEL: "silent",
  }),
  {
    adapters,
    snapshot: { takenAt: 0, offers: [] },
    // The request log line carries each request's time inside the server: collected as service times.
    logger: pino({ level: "info" }, { write: (line: string) => collect(line) }),
    rateLimit: false,
    // The oracles are offline here: the synthetic market's own token prices.
    tokenPrices: () => benchTokenPrices,
  },
);
await relayer.market.refresh({ force: true });

const warm = await fetch(`${relayer.url}/v1/quote`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ constraints: { maxUsdPerGpuHour: 2.5 } }),
});
const warmBody = (await warm.json()) as { market: { offers: number }; rankedCount: number };
console.log(
  `market: ${warmBody.market.offers} offers (warm cache); one quote ranked ${warmBody.rankedCount}`,
);

interface AutocannonResult {
  latency: { p50: number; p99: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
}

const load = (mode: "repeat" | "varied", connections: number): Promise<AutocannonResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      join(import.meta.dirname, "..", "..", "node_modules", ".bin", "tsx"),
      [
        join(import.meta.dirname, "load-client.ts"),
        relayer.url,
        mode,
        String(DURATION_S),
        String(connections),
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on("exit", (code) =>
      code === 0
        ? resolve(JSON.parse(out) as AutocannonResult)
        : reject(new Error(`the load client exited ${code}`)),
    );
  });

const labels = {
  varied: "a different budget per request: every answer computed",
  repeat: "the same request: answers from the answer cache",
} as const;
const runs: ["varied" | "repeat", number][] = [
  ["varied", CONNECTIONS],
  ["varied", 4],
  ["repeat", CONNECTIONS],
];
for (const [mode, connections] of runs) {
  serviceMs = [];
  const result = await load(mode, connections);
  console.log(
    `POST /v1/quote, ${labels[mode]}, ${connections} connections: p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  ` +
      `${Math.round(result.requests.average)} req/s  (${result.requests.total} requests in ${DURATION_S} s, non-2xx ${result.non2xx}, errors ${result.errors})\n` +
      `    time inside the server: p50 ${percentile(serviceMs, 0.5)} ms  p99 ${percentile(serviceMs, 0.99)} ms`,
  );
}

await relayer.stop();
rmSync(dataDir, { recursive: true, force: true });
