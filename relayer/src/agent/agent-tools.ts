import type { Constraints, ExclusionCode } from "@necto/sdk";

/**
 * The tools a routing agent may call (the deterministic planner and the Gemini agent use the same ones).
 * Every call and its result go into the decision log's `agent.toolCalls`, so results are plain JSON.
 */
export interface AgentTools {
  /** Ranks the market under `constraints` (the sdk's deterministic ranking): the best offers and why the rest fell out. */
  compareProviders(args: { constraints: Constraints; limit?: number }): Promise<ProviderComparison>;
  /** Accepted token prices (USD per token) and the tokens that could not be priced. */
  tokenPrices(): Promise<{ prices: Record<string, number>; unpriced: string[] }>;
  /** Necto's own on-chain listings that have free GPUs now. */
  nectoListings(): Promise<ComparedOffer[]>;
  /** The cost of running `gpus` GPUs for `hours` hours on one ranked offer. */
  estimateJobCost(args: { offerKey: string; gpus: number; hours: number }): Promise<JobCostEstimate>;
}

/** One offer as the tools show it: enough to compare, nothing that identifies a buyer. */
export interface ComparedOffer {
  offerKey: string;
  providerId: string;
  gpuModel: string;
  gpuCount: number;
  region: string;
  pricingModel: string;
  usdPerGpuHour: number;
  /** Spot and auction offers: the price with interruption risk priced in. */
  expectedUsdPerGpuHour?: number;
  reliability?: number;
  source: string;
  /** 1-based place in the ranking the comparison made. */
  rank?: number;
}

export interface ProviderComparison {
  ranked: ComparedOffer[];
  rankedCount: number;
  excludedCount: number;
  excludedByCode: Partial<Record<ExclusionCode, number>>;
}

export interface JobCostEstimate {
  offerKey: string;
  gpus: number;
  hours: number;
  usdPerGpuHour: number;
  usdTotal: number;
}

/** The tool names as declared to a model. */
export const AGENT_TOOL_NAMES = [
  "compare_providers",
  "token_prices",
  "necto_listings",
  "estimate_job_cost",
  "select_offer",
] as const;
export type AgentToolName = (typeof AGENT_TOOL_NAMES)[number];

/** One tool call as the decision log records it. */
export interface RecordedToolCall {
  name: string;
  args: unknown;
  result: unknown;
}
