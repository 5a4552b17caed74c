/**
 * The load generator of the quote benchmark, run in its own process: autocannon against POST /v1/quote
 * for a bounded time. `repeat` sends one body (answers come from the answer cache after the first);
 * `varied` sends a different budget on every request, so every answer is computed.
 * Prints autocannon's result as JSON on stdout.
 */
import autocannon from "autocannon";

const [url, mode, seconds, connections] = process.argv.slice(2);
if (!url || (mode !== "repeat" && mode !== "varied")) {
  console.error("usage: load-client.ts <url> repeat|varied <seconds> <connections>");
  process.exit(2);
}

const body = (budget: number) =>
  JSON.stringify({
    constraints: {
      maxUsdPerGpuHour: budget,
      regions: ["group:eu", "US"],
      gpuModels: ["h100-sxm", "a100-80-sxm", "l40s"],
    },
    limit: 20,
    excludedLimit: 20,
  });

let counter = 0;
const result = await autocannon({
  url: `${url}/v1/quote`,
  duration: Number(seconds ?? 10),
  connections: Number(connections ?? 16),
  requests: [
    {
      method: "POST",
      headers: { "content-type": "application/json" },
      setupRequest: (request: Record<string, unknown>) => {
        // Budgets 1.000 to 4.999 USD/GPU-h: 4,000 distinct requests before one repeats.
        const budget = mode === "repeat" ? 2.5 : 1 + (counter++ % 4_000) / 1_000;
        return { ...request, body: body(budget) };
      },
    },
  ],
});
process.stdout.write(JSON.stringify(result));
