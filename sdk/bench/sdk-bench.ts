/**
 * Prints the sdk's performance figures: `npm run bench -w sdk`.
 * - normalize + filter + rank of 10,000 offers (target ≤ 10 ms on the 2-core machines);
 * - the 0G root hash of a 4 KB and a 1 MB decision log;
 * - the gzip size of the browser bundle for the verify path alone (target ≤ 40 KB).
 */

import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "vite";
import { decisionLogRoot } from "../src/decision-log/index.ts";
import { rankOffers } from "../src/rank.ts";
import { BENCH_NOW, benchOffers, benchTokenPrices } from "./offers.ts";

function timeIt(label: string, runs: number, fn: () => unknown) {
  for (let i = 0; i < Math.min(5, runs); i++) fn(); // warm the JIT
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  console.log(
    `${label.padEnd(44)} p50 ${at(0.5).toFixed(2)} ms  p90 ${at(0.9).toFixed(2)} ms  (${runs} runs)`,
  );
}

async function timeAsync(label: string, runs: number, fn: () => Promise<unknown>) {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(44)} p50 ${(samples[Math.floor(runs / 2)] ?? 0).toFixed(2)} ms  (${runs} runs)`,
  );
}

const offers = benchOffers(10_000);
const ctx = { now: BENCH_NOW, tokenPrices: benchTokenPrices };
const constraints = {
  maxUsdPerGpuHour: 2.5,
  minGpus: 1,
  regions: ["group:eu", "US"],
  excludePricingModels: ["spot" as const],
};
const result = rankOffers(offers, constraints, ctx);
console.log(
  `market: ${offers.length} offers -> ${result.ranked.length} ranked, ${result.excluded.length} excluded`,
);
timeIt("normalize + filter + rank, 10,000 offers", 50, () => rankOffers(offers, constraints, ctx));
timeIt("normalize + rank, 10,000 offers, no filter", 50, () => rankOffers(offers, {}, ctx));

const bytesOf = (size: number) => {
  const b = new Uint8Array(size);
  for (let i = 0; i < size; i++) b[i] = 32 + (i % 90);
  return b;
};
await timeAsync("0G root hash, 4 KB log", 200, () => decisionLogRoot(bytesOf(4096)));
await timeAsync("0G root hash, 1 MB log", 20, () => decisionLogRoot(bytesOf(1024 * 1024)));

// Measured with Vite, the bundler the dapp and the extension build with (its tree-shaking drops the parts of
// the 0G SDK that verification does not reach, such as the indexer and ethers).
const entry = fileURLToPath(new URL("./verify-entry.ts", import.meta.url));
const output = (await build({
  configFile: false,
  logLevel: "silent",
  build: {
    write: false,
    minify: true,
    target: "es2022",
    lib: { entry, formats: ["es"], fileName: "verify" },
    rollupOptions: { external: [/^node:/] },
  },
})) as { output: { type: string; code?: string; imports?: string[] }[] }[];
const chunks = output.flatMap((o) => o.output).filter((c) => c.type === "chunk");
const code = chunks.map((c) => c.code ?? "").join("\n");
const nodeImports = chunks
  .flatMap((c) => c.imports ?? [])
  .filter((i) => i.startsWith("node:") || ["fs", "path", "crypto"].includes(i));
console.log(
  `verify-path browser bundle: ${(code.length / 1024).toFixed(1)} KB min, ` +
    `${(gzipSync(code).length / 1024).toFixed(1)} KB gzip (target ≤ 40 KB), node built-ins imported: ${nodeImports.length ? nodeImports.join(", ") : "none"}`,
);
