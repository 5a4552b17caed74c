import {
  type Content,
  type FunctionCall,
  FunctionCallingConfigMode,
  type FunctionDeclaration,
  GoogleGenAI,
  type Part,
} from "@google/genai";
import {
  type Constraints,
  ConstraintsError,
  GPU_MODEL_IDS,
  type GpuModelId,
  matches,
  type Offer,
  PRICING_MODELS,
  type PricedOffer,
  type PricingModel,
  parseConstraints,
  REGION_GROUPS,
} from "@necto/sdk";
import { withDeadline } from "../http/deadline.ts";
import type { AgentTools, ComparedOffer, ProviderComparison, RecordedToolCall } from "./agent-tools.ts";

/**
 * The Gemini routing agent: the model reads the buyer's request, states hard constraints and soft
 * preferences through `compare_providers`, may look at token prices, Necto listings and job costs, and
 * picks an offer with `select_offer`. The ranking is always the sdk's deterministic one (behind
 * `AgentTools`): the model only chooses among the offers of its last comparison, and any other choice is
 * answered with an error, recorded in `rejected`, and retried within `maxTurns`.
 */

export const DEFAULT_GEMINI_MODEL = "gemini-2.5-flash";
/** Pinned: the client's default changed between majors (v1beta up to 2.x, v1 from 3.x). */
export const GEMINI_API_VERSION = "v1beta";
const DEFAULT_MAX_TURNS = 6;
const MAX_COMPARE_LIMIT = 20;

export interface GeminiAgentEvent {
  kind: "tool" | "note";
  message: string;
}

export interface GeminiAgentOptions {
  apiKey: string;
  /** The API's origin (a local fake in tests); the client's default when absent. */
  baseUrl?: string;
  model?: string;
  /** The buyer's words. Never a wallet address: one that slips in is removed before it reaches the model. */
  request: string;
  /** Constraints the buyer set in a form: they always apply, whatever the model proposes. */
  structured?: Constraints;
  tools: AgentTools;
  onEvent?: (event: GeminiAgentEvent) => void;
  /** The most `generateContent` requests one run makes (default 6). */
  maxTurns?: number;
  /** For the whole run, tool calls included. */
  timeoutMs: number;
}

export interface GeminiAgentResult {
  /** The constraints of the last valid comparison (the buyer's structured ones when there was none). */
  constraints: Constraints;
  /** Soft preferences the model stated in that comparison. */
  preferences: string[];
  /** Null when the model never chose a ranked offer: the caller falls back to rank 1 and logs it. */
  choice: { offerKey: string; reason: string } | null;
  /** Every call the model made, refused ones included, with JSON args and results (decision log). */
  toolCalls: RecordedToolCall[];
  /** The model version the API reported, else the model asked for. */
  modelId: string;
  /** Offers the model chose that were not in its last ranking, and why. */
  rejected: { offerKey: string; reason: string }[];
}

/**
 * The run did not finish: `timeout` (the whole run took longer than `timeoutMs`) or `gemini-error` (the
 * API refused or failed a request). Carries the tool calls made so far, for the decision log.
 */
export class GeminiAgentError extends Error {
  override readonly name = "GeminiAgentError";

  constructor(
    readonly code: "timeout" | "gemini-error",
    message: string,
    readonly toolCalls: RecordedToolCall[],
    readonly modelId: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

// Declarations

const constraintsJsonSchema = {
  type: "object",
  description:
    "Hard filters: only what the buyer requires. Leave a field out when the buyer did not say; " +
    "never use an empty list.",
  properties: {
    maxUsdPerGpuHour: {
      type: "number",
      minimum: 0,
      description: "Budget: highest effective price accepted, USD per GPU-hour.",
    },
    gpuModels: {
      type: "array",
      items: { type: "string", enum: [...GPU_MODEL_IDS] },
      minItems: 1,
      description: "Canonical GPU model ids accepted.",
    },
    minGpus: { type: "integer", minimum: 1, description: "GPUs needed in one instance." },
    minVramGb: { type: "number", minimum: 0, description: "VRAM per GPU, GB." },
    regions: {
      type: "array",
      items: {
        type: "string",
        description: `Upper-case ISO 3166-1 alpha-2 country code (DE, US) or a group: ${REGION_GROUPS.join(", ")}.`,
      },
      minItems: 1,
    },
    excludePricingModels: { type: "array", items: { type: "string", enum: [...PRICING_MODELS] } },
    excludeProviders: { type: "array", items: { type: "string" }, description: "Provider ids to leave out." },
    minReliability: { type: "number", minimum: 0, maximum: 1, description: "Uptime/reliability, 0..1." },
  },
  additionalProperties: false,
};

/** The five tools as the model sees them; names are `AGENT_TOOL_NAMES`. */
export const GEMINI_TOOL_DECLARATIONS: FunctionDeclaration[] = [
  {
    name: "compare_providers",
    description:
      "Ranks the GPU market under hard constraints, deterministically (effective USD per GPU-hour, then " +
      "latency, reliability, rating): the best offers and how many each constraint excluded. Call it again " +
      "whenever the constraints change; select_offer accepts only offers of the last ranking.",
    parametersJsonSchema: {
      type: "object",
      properties: {
        constraints: constraintsJsonSchema,
        limit: { type: "integer", minimum: 1, maximum: MAX_COMPARE_LIMIT, description: "Offers to list." },
        preferences: {
          type: "array",
          items: { type: "string" },
          description: "Soft preferences from the request that must not filter (e.g. 'prefers EU').",
        },
      },
      required: ["constraints"],
    },
  },
  {
    name: "token_prices",
    description: "Accepted token prices (USD per token) and the tokens that could not be priced.",
  },
  {
    name: "necto_listings",
    description: "Necto's own on-chain GPU listings with free GPUs now.",
  },
  {
    name: "estimate_job_cost",
    description: "The USD cost of running `gpus` GPUs for `hours` hours on one ranked offer.",
    parametersJsonSchema: {
      type: "object",
      properties: {
        offerKey: { type: "string" },
        gpus: { type: "integer", minimum: 1 },
        hours: { type: "number", exclusiveMinimum: 0 },
      },
      required: ["offerKey", "gpus", "hours"],
    },
  },
  {
    name: "select_offer",
    description:
      "Chooses the offer for the job: one offerKey from the last compare_providers ranking, with a short " +
      "reason that names the preferences it serves.",
    parametersJsonSchema: {
      type: "object",
      properties: { offerKey: { type: "string" }, reason: { type: "string" } },
      required: ["offerKey", "reason"],
    },
  },
];

const SYSTEM_INSTRUCTION = [
  "You route one GPU compute job for Necto, a GPU marketplace.",
  "1. Read the buyer's request. Put what the buyer requires into compare_providers' constraints (leave out " +
    "what they did not say) and what they merely prefer into its preferences.",
  "2. Call compare_providers. Its ranking is final: you cannot reorder it or add offers to it.",
  "3. If it helps explain the choice, call token_prices, necto_listings or estimate_job_cost.",
  "4. Call select_offer with the offerKey of one offer in the ranked list of your LAST compare_providers " +
    "call and a one-sentence reason. Any other offer is refused. Prefer rank 1 unless a stated " +
    "preference favours another ranked offer.",
  "Prices are USD per GPU-hour. Never invent offers, prices or constraints.",
].join("\n");

const NUDGE =
  "Answer with a function call: select_offer with one offer of the last compare_providers ranking " +
  "(call compare_providers first if there is none).";

// Why the buyer's wallet never reaches the model, even when typed into the request.
const ADDRESS = /0x[0-9a-fA-F]{40}/g;

const userPrompt = (request: string, structured: Constraints | undefined): string => {
  const text = request.replace(ADDRESS, "[address removed]").trim();
  const lines = [`The buyer's request:\n"""\n${text === "" ? "(no text)" : text}\n"""`];
  if (structured !== undefined) {
    lines.push(
      "The buyer also set these hard constraints in a form; they always apply and cannot be loosened: " +
        JSON.stringify(structured),
    );
  }
  return lines.join("\n\n");
};

// The run

interface RunState {
  constraints: Constraints;
  preferences: string[];
  /** The last valid comparison: the only offers select_offer accepts. */
  ranking: ProviderComparison | undefined;
  /** Every offer a tool result showed, to explain why a refused choice is not ranked. */
  seen: Map<string, ComparedOffer>;
  choice: { offerKey: string; reason: string } | null;
  toolCalls: RecordedToolCall[];
  rejected: { offerKey: string; reason: string }[];
  modelId: string;
}

type CallOutcome = { ok: true; args: unknown; result: unknown } | { ok: false; args: unknown; error: string };

/**
 * Runs the agent until the model selects an offer of its last ranking, or `maxTurns` requests were made
 * (then `choice` is null). On the last turn only `select_offer` may be called, once a ranking exists.
 * @throws GeminiAgentError `timeout` after `timeoutMs`; `gemini-error` when the API fails a request.
 */
export const runGeminiAgent = async (options: GeminiAgentOptions): Promise<GeminiAgentResult> => {
  const model = options.model ?? DEFAULT_GEMINI_MODEL;
  const state: RunState = {
    constraints: options.structured ?? {},
    preferences: [],
    ranking: undefined,
    seen: new Map(),
    choice: null,
    toolCalls: [],
    rejected: [],
    modelId: model,
  };
  try {
    // The deadline is the hard stop: a tool call that ignores the abort cannot hold the caller.
    return await withDeadline(
      options.timeoutMs,
      (signal) => converse(options, model, state, signal),
      () =>
        new GeminiAgentError(
          "timeout",
          `the Gemini agent did not finish within ${options.timeoutMs} ms`,
          [...state.toolCalls],
          state.modelId,
        ),
    );
  } catch (error) {
    if (error instanceof GeminiAgentError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new GeminiAgentError(
      "gemini-error",
      `Gemini agent failed: ${message}`,
      [...state.toolCalls],
      state.modelId,
      {
        cause: error,
      },
    );
  }
};

const converse = async (
  options: GeminiAgentOptions,
  model: string,
  state: RunState,
  signal: AbortSignal,
): Promise<GeminiAgentResult> => {
  const emit = (kind: GeminiAgentEvent["kind"], message: string): void => {
    try {
      options.onEvent?.({ kind, message });
    } catch {
      // A failing listener must not change the decision.
    }
  };
  const ai = new GoogleGenAI({
    apiKey: options.apiKey,
    apiVersion: GEMINI_API_VERSION,
    ...(options.baseUrl === undefined ? {} : { httpOptions: { baseUrl: options.baseUrl } }),
  });
  const contents: Content[] = [
    { role: "user", parts: [{ text: userPrompt(options.request, options.structured) }] },
  ];
  const maxTurns = options.maxTurns ?? DEFAULT_MAX_TURNS;

  for (let turn = 1; turn <= maxTurns && state.choice === null; turn++) {
    const lastTurn = turn === maxTurns && state.ranking !== undefined;
    const response = await ai.models.generateContent({
      model,
      contents,
      config: {
        abortSignal: signal,
        systemInstruction: SYSTEM_INSTRUCTION,
        tools: [{ functionDeclarations: GEMINI_TOOL_DECLARATIONS }],
        toolConfig: {
          functionCallingConfig: {
            mode: FunctionCallingConfigMode.ANY,
            ...(lastTurn ? { allowedFunctionNames: ["select_offer"] } : {}),
          },
        },
        // Fixtures and the loop expect one response per request, with no hidden follow-ups.
        automaticFunctionCalling: { disable: true },
        automaticContinuation: false,
      },
    });
    signal.throwIfAborted();
    state.modelId = response.modelVersion ?? model;
    const candidate = response.candidates?.[0];
    const content = candidate?.content;
    if (content?.parts === undefined || content.parts.length === 0) {
      emit("note", `the model returned no content (finishReason ${candidate?.finishReason ?? "none"})`);
      break;
    }
    // Verbatim, thought signatures included: Gemini 3 refuses a history whose signatures were dropped.
    contents.push(content);
    const calls = content.parts.flatMap((part) => (part.functionCall ? [part.functionCall] : []));
    if (calls.length === 0) {
      emit("note", "the model answered without calling a tool; asking it to select an offer");
      contents.push({ role: "user", parts: [{ text: NUDGE }] });
      continue;
    }
    const answers: Part[] = [];
    for (const call of calls) {
      const outcome = await execute(call, options, state, emit);
      signal.throwIfAborted();
      state.toolCalls.push({
        name: call.name || "(unnamed)",
        args: outcome.args,
        result: outcome.ok ? outcome.result : { error: outcome.error },
      });
      // A valid choice ends the run: calls after it in the same turn are moot.
      if (state.choice !== null) break;
      answers.push(functionResponse(call, outcome));
    }
    if (state.choice === null) contents.push({ role: "user", parts: answers });
  }
  if (state.choice === null) emit("note", "the model made no valid choice");

  return {
    constraints: state.constraints,
    preferences: state.preferences,
    choice: state.choice,
    toolCalls: state.toolCalls,
    modelId: state.modelId,
    rejected: state.rejected,
  };
};

// Built by hand: the client's helper writes `"id": ""` for a call without an id.
const functionResponse = (call: FunctionCall, outcome: CallOutcome): Part => ({
  functionResponse: {
    ...(call.id ? { id: call.id } : {}),
    name: call.name ?? "",
    response: outcome.ok ? { output: outcome.result } : { error: outcome.error },
  },
});

/** A JSON copy of `value`: what the decision log and the model can hold. */
const toJson = (value: unknown): unknown => (value === undefined ? null : JSON.parse(JSON.stringify(value)));

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const execute = async (
  call: FunctionCall,
  options: GeminiAgentOptions,
  state: RunState,
  emit: (kind: GeminiAgentEvent["kind"], message: string) => void,
): Promise<CallOutcome> => {
  const rawArgs = toJson(call.args ?? {});
  const args = isRecord(rawArgs) ? rawArgs : {};
  const refuse = (error: string): CallOutcome => {
    emit("note", `${call.name}: ${error}`);
    return { ok: false, args: rawArgs, error };
  };
  try {
    switch (call.name) {
      case "compare_providers":
        return await compareProviders(args, options, state, emit, refuse);
      case "token_prices": {
        const result = toJson(await options.tools.tokenPrices());
        emit("tool", "token_prices");
        return { ok: true, args: rawArgs, result };
      }
      case "necto_listings": {
        const listings = await options.tools.nectoListings();
        for (const offer of listings) state.seen.set(offer.offerKey, offer);
        emit("tool", `necto_listings: ${listings.length} listings`);
        return { ok: true, args: rawArgs, result: toJson(listings) };
      }
      case "estimate_job_cost": {
        const { offerKey, gpus, hours } = args;
        if (typeof offerKey !== "string" || offerKey === "") return refuse("offerKey must be an offer key");
        if (typeof gpus !== "number" || !Number.isInteger(gpus) || gpus < 1) {
          return refuse("gpus must be a whole number, 1 or more");
        }
        if (typeof hours !== "number" || !Number.isFinite(hours) || hours <= 0) {
          return refuse("hours must be a number above 0");
        }
        const result = toJson(await options.tools.estimateJobCost({ offerKey, gpus, hours }));
        emit("tool", `estimate_job_cost ${offerKey}: ${gpus} GPUs × ${hours} h`);
        return { ok: true, args: rawArgs, result };
      }
      case "select_offer":
        return selectOffer(args, rawArgs, state, emit, refuse);
      default:
        return refuse(`unknown tool ${JSON.stringify(call.name)}; the tools are ${toolNames()}`);
    }
  } catch (error) {
    return refuse(`the tool failed: ${error instanceof Error ? error.message : String(error)}`);
  }
};

const toolNames = (): string => GEMINI_TOOL_DECLARATIONS.map((d) => d.name).join(", ");

const compareProviders = async (
  args: Record<string, unknown>,
  options: GeminiAgentOptions,
  state: RunState,
  emit: (kind: GeminiAgentEvent["kind"], message: string) => void,
  refuse: (error: string) => CallOutcome,
): Promise<CallOutcome> => {
  if (args.constraints === undefined) return refuse("constraints is required ({} for none)");
  let proposed: Constraints;
  try {
    proposed = parseConstraints(args.constraints);
  } catch (error) {
    if (error instanceof ConstraintsError) return refuse(error.message);
    throw error;
  }
  // The model cannot know the clock: a time window comes only from the buyer's form.
  if (proposed.window !== undefined) return refuse("constraints.window cannot be set by the agent");
  const { limit, preferences } = args;
  if (
    limit !== undefined &&
    !(typeof limit === "number" && Number.isInteger(limit) && limit >= 1 && limit <= MAX_COMPARE_LIMIT)
  ) {
    return refuse(`limit must be a whole number from 1 to ${MAX_COMPARE_LIMIT}`);
  }
  if (
    preferences !== undefined &&
    !(Array.isArray(preferences) && preferences.every((p) => typeof p === "string"))
  ) {
    return refuse("preferences must be a list of strings");
  }
  const constraints: Constraints = { ...proposed, ...options.structured };
  const overridden = Object.keys(options.structured ?? {}).filter(
    (key) =>
      key in proposed &&
      JSON.stringify(proposed[key as keyof Constraints]) !==
        JSON.stringify(constraints[key as keyof Constraints]),
  );
  if (overridden.length > 0) emit("note", `the buyer's form overrides the model's ${overridden.join(", ")}`);

  const comparison = await options.tools.compareProviders({
    constraints,
    ...(limit === undefined ? {} : { limit }),
  });
  state.constraints = constraints;
  state.preferences = (preferences as string[] | undefined) ?? [];
  state.ranking = comparison;
  for (const offer of comparison.ranked) state.seen.set(offer.offerKey, offer);
  emit("tool", `compare_providers: ${comparison.rankedCount} ranked, ${comparison.excludedCount} excluded`);
  // Logged with the constraints the ranking actually used, so the call can be replayed.
  return {
    ok: true,
    args: toJson({ ...args, constraints }),
    result: toJson(comparison),
  };
};

const selectOffer = (
  args: Record<string, unknown>,
  rawArgs: unknown,
  state: RunState,
  emit: (kind: GeminiAgentEvent["kind"], message: string) => void,
  refuse: (error: string) => CallOutcome,
): CallOutcome => {
  const { offerKey, reason } = args;
  if (typeof offerKey !== "string" || offerKey === "") return refuse("offerKey must be an offer key");
  if (typeof reason !== "string" || reason.trim() === "") return refuse("reason must explain the choice");
  const ranked = state.ranking?.ranked.find((offer) => offer.offerKey === offerKey);
  if (ranked === undefined) {
    const why = whyNotRanked(offerKey, state);
    state.rejected.push({ offerKey, reason: why });
    return refuse(`offer ${offerKey} is not among the ranked offers: ${why}`);
  }
  state.choice = { offerKey, reason: reason.trim() };
  emit("tool", `select_offer: ${offerKey} (rank ${ranked.rank ?? "?"})`);
  return { ok: true, args: rawArgs, result: { accepted: true, offerKey, rank: ranked.rank ?? null } };
};

/**
 * Why `offerKey` is not in the last ranking, as far as the agent can tell. The tools return no
 * per-offer exclusions, so an offer a tool showed earlier is checked with the sdk's `matches` on the
 * fields a `ComparedOffer` carries (VRAM and availability are not among them, and pass here). Only the
 * message depends on this: the decision is membership of the ranking.
 */
const whyNotRanked = (offerKey: string, state: RunState): string => {
  if (state.ranking === undefined) return "compare_providers has not ranked the market yet";
  const seen = state.seen.get(offerKey);
  if (seen === undefined) return "no tool result showed this offer";
  const exclusion = matches(asPricedOffer(seen), state.constraints);
  if (exclusion !== undefined) return `${exclusion.code} (${exclusion.message})`;
  return `it is not in the last ranking of ${state.ranking.ranked.length} offers under the final constraints`;
};

const asPricedOffer = (offer: ComparedOffer): PricedOffer => {
  const prefix = `${offer.providerId}:`;
  const offerId = offer.offerKey.startsWith(prefix) ? offer.offerKey.slice(prefix.length) : offer.offerKey;
  const base: Offer = {
    providerId: offer.providerId,
    offerId,
    gpuModel: offer.gpuModel as GpuModelId,
    gpuName: offer.gpuModel,
    gpuCount: offer.gpuCount,
    vramGb: Number.POSITIVE_INFINITY,
    region: offer.region,
    pricing: {
      model: offer.pricingModel as PricingModel,
      price: { amount: String(offer.usdPerGpuHour), currency: "USD" },
      per: "hour",
      scope: "gpu",
    },
    availability: { level: "unknown" },
    interruptible: false,
    ...(offer.reliability === undefined ? {} : { reliability: offer.reliability }),
    fetchedAt: 0,
    source: offer.source as Offer["source"],
  };
  return { ...base, price: { usdPerGpuHour: offer.usdPerGpuHour, breakdown: [], ageMs: 0, stale: false } };
};
