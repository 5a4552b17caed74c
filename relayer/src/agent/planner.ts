import { type Constraints, parseConstraints } from "@necto/sdk";
import type { AgentTools, ComparedOffer, RecordedToolCall } from "./agent-tools.ts";
import { parseRequest } from "./request-parser.ts";

/** What an agent hands to the decision: the constraints it applied and, for the log, its tool calls. */
export interface AgentOutcome {
  constraints: Constraints;
  preferences: string[];
  /** The offer chosen and why; null when nothing passed. */
  choice: { offerKey: string; reason: string } | null;
  toolCalls: RecordedToolCall[];
  gpus: number;
  hours: number;
}

export type AgentEvent = { kind: "note" | "tool"; message: string };

const money = (usd: number) => `$${usd.toFixed(2)}`;

const EXCLUSION_WORDS: Record<string, string> = {
  "over-budget": "over budget",
  "gpu-model": "with another GPU",
  "min-gpus": "with too few GPUs",
  "min-vram": "with too little VRAM",
  region: "outside the region",
  "pricing-model": "in an excluded pricing model",
  provider: "from excluded providers",
  reliability: "below the reliability asked",
  availability: "without capacity",
  unpriced: "without a token price",
  "unknown-gpu": "with an unknown GPU",
  "invalid-price": "with an unusable price",
};

/**
 * The deterministic planner (no model): parses the request with the grammar, merges the structured
 * constraints (they win field by field), calls the same tools a model would, in a fixed order, and picks
 * rank 1 of the sdk's ranking. The same request over the same market always gives the same decision.
 */
export const runPlanner = async (input: {
  text?: string;
  structured?: Constraints;
  gpus?: number;
  hours?: number;
  tools: AgentTools;
  onEvent?: (event: AgentEvent) => void;
}): Promise<AgentOutcome> => {
  const emit = input.onEvent ?? (() => undefined);
  const toolCalls: RecordedToolCall[] = [];
  const call = async <T>(name: string, args: unknown, run: () => Promise<T>): Promise<T> => {
    const result = await run();
    toolCalls.push({ name, args: json(args), result: json(result) });
    return result;
  };

  const parsed = input.text ? parseRequest(input.text) : undefined;
  const constraints = parseConstraints({ ...(parsed?.constraints ?? {}), ...(input.structured ?? {}) });
  const gpus = input.gpus ?? parsed?.gpus ?? constraints.minGpus ?? 1;
  const hours = input.hours ?? parsed?.hours ?? 1;
  if (parsed && parsed.unrecognized.length > 0) {
    emit({ kind: "note", message: `Not understood: ${parsed.unrecognized.map((u) => `"${u}"`).join(", ")}` });
  }

  emit({ kind: "tool", message: "Checking token prices…" });
  const tokens = await call("token_prices", {}, () => input.tools.tokenPrices());
  if (tokens.unpriced.length > 0) {
    emit({
      kind: "note",
      message: `No price for ${tokens.unpriced.join(", ")}: offers in them are left out`,
    });
  }
  emit({ kind: "tool", message: "Comparing providers…" });
  const comparison = await call("compare_providers", { constraints, limit: 10 }, () =>
    input.tools.compareProviders({ constraints, limit: 10 }),
  );
  for (const [code, count] of Object.entries(comparison.excludedByCode)) {
    emit({
      kind: "note",
      message: `Excluded ${count} offer${count === 1 ? "" : "s"} ${EXCLUSION_WORDS[code] ?? code}`,
    });
  }
  emit({ kind: "tool", message: "Checking Necto listings…" });
  await call("necto_listings", {}, () => input.tools.nectoListings());

  const best: ComparedOffer | undefined = comparison.ranked[0];
  if (best === undefined) {
    emit({ kind: "note", message: "No offer meets every constraint" });
    return { constraints, preferences: parsed?.preferences ?? [], choice: null, toolCalls, gpus, hours };
  }
  const cost = await call("estimate_job_cost", { offerKey: best.offerKey, gpus, hours }, () =>
    input.tools.estimateJobCost({ offerKey: best.offerKey, gpus, hours }),
  );
  const reason =
    `rank 1 of ${comparison.rankedCount} offers meeting every constraint: ${money(best.usdPerGpuHour)}/GPU-h ` +
    `(${gpus} GPU × ${hours} h ≈ ${money(cost.usdTotal)})`;
  await call("select_offer", { offerKey: best.offerKey, reason }, async () => ({ accepted: true }));
  emit({ kind: "note", message: `Chose ${best.offerKey} at ${money(best.usdPerGpuHour)}/GPU-h` });
  return {
    constraints,
    preferences: parsed?.preferences ?? [],
    choice: { offerKey: best.offerKey, reason },
    toolCalls,
    gpus,
    hours,
  };
};

/** Tool arguments and results as plain JSON (the log refuses anything else). */
const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null));
