import { readFileSync } from "node:fs";
import {
  type Constraints,
  isJsonValue,
  type NormalizeContext,
  type Offer,
  offerKey,
  type RankedOffer,
  rankOffers,
} from "@necto/sdk";
import { afterEach, describe, expect, it } from "vitest";
import {
  type FakeGemini,
  type GeminiConversation,
  type GeminiRequest,
  startFakeGemini,
} from "../../test/fake-gemini.ts";
import { testOffer } from "../../test/test-offer.ts";
import { AGENT_TOOL_NAMES, type AgentTools, type ComparedOffer } from "./agent-tools.ts";
import {
  DEFAULT_GEMINI_MODEL,
  GeminiAgentError,
  type GeminiAgentEvent,
  type GeminiAgentOptions,
  runGeminiAgent,
} from "./gemini-agent.ts";

// A small fixed market

const NOW = Date.UTC(2026, 11, 1);
const API_KEY = "test-gemini-key";
const BUYER = "0x8ba1f109551bD432803012645Ac136ddd64DBA72";

const offer = (providerId: string, offerId: string, usd: string, extra: Partial<Offer> = {}): Offer =>
  testOffer(providerId, offerId, usd, { fetchedAt: NOW, ...extra });

const MARKET: Offer[] = [
  offer("vast", "1", "1.80", { region: "DE", reliability: 0.97 }),
  offer("vast", "2", "2.40", { gpuModel: "a100-80-sxm", gpuName: "A100 SXM 80GB" }),
  offer("runpod", "a", "2.99", { region: "FR", reliability: 0.99 }),
  offer("runpod", "b", "0.69", { gpuModel: "rtx-4090", gpuName: "RTX 4090", vramGb: 24 }),
  offer("runpod", "c", "1.10", { availability: { level: "none" } }),
  offer("nosana", "n1", "0.000124", {
    gpuModel: "rtx-4090",
    gpuName: "NVIDIA RTX 4090",
    vramGb: 24,
    region: "NL",
    pricing: {
      model: "token",
      price: { amount: "0.000124", currency: "NOS" },
      per: "second",
      scope: "instance",
    },
  }),
  offer("necto", "31337-4", "2.10", { region: "DE", reliability: 0.95, source: "chain" }),
];

const CTX: NormalizeContext = {
  now: NOW,
  tokenPrices: { NOS: { symbol: "NOS", usd: 0.65, sources: ["coingecko", "pyth"], at: NOW } },
};

const compared = (o: RankedOffer, withRank: boolean): ComparedOffer => ({
  offerKey: offerKey(o),
  providerId: o.providerId,
  gpuModel: o.gpuModel,
  gpuCount: o.gpuCount,
  region: o.region,
  pricingModel: o.pricing.model,
  usdPerGpuHour: o.price.usdPerGpuHour,
  ...(o.reliability === undefined ? {} : { reliability: o.reliability }),
  source: o.source,
  ...(withRank ? { rank: o.rank } : {}),
});

/** `AgentTools` over MARKET with the sdk's ranking; `compareCalls` keeps what the agent asked. */
const marketTools = (overrides: Partial<AgentTools> = {}) => {
  const compareCalls: { constraints: Constraints; limit?: number }[] = [];
  const tools: AgentTools = {
    compareProviders: async (args) => {
      compareCalls.push(args);
      const { ranked, excluded } = rankOffers(MARKET, args.constraints, CTX);
      const excludedByCode: Record<string, number> = {};
      for (const e of excluded) excludedByCode[e.code] = (excludedByCode[e.code] ?? 0) + 1;
      return {
        ranked: ranked.slice(0, args.limit ?? 5).map((o) => compared(o, true)),
        rankedCount: ranked.length,
        excludedCount: excluded.length,
        excludedByCode,
      };
    },
    tokenPrices: async () => ({ prices: { NOS: 0.65 }, unpriced: [] }),
    nectoListings: async () =>
      rankOffers(
        MARKET.filter((o) => o.source === "chain"),
        {},
        CTX,
      ).ranked.map((o) => compared(o, false)),
    estimateJobCost: async ({ offerKey: key, gpus, hours }) => {
      const found = rankOffers(MARKET, {}, CTX).ranked.find((o) => offerKey(o) === key);
      if (found === undefined) throw new Error(`no ranked offer ${key}`);
      const usdPerGpuHour = found.price.usdPerGpuHour;
      return { offerKey: key, gpus, hours, usdPerGpuHour, usdTotal: usdPerGpuHour * gpus * hours };
    },
    ...overrides,
  };
  return { tools, compareCalls };
};

// Conversations

interface RecordedConversation extends GeminiConversation {
  request: string;
}

const conversation = (name: string): RecordedConversation =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/gemini-${name}.json`, import.meta.url), "utf8"));

const fakes: FakeGemini[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

const start = async (recorded: GeminiConversation): Promise<FakeGemini> => {
  const fake = await startFakeGemini(recorded);
  fakes.push(fake);
  return fake;
};

const run = async (
  name: string,
  options: Partial<GeminiAgentOptions> = {},
  tools: AgentTools = marketTools().tools,
) => {
  const recorded = conversation(name);
  const fake = await start(recorded);
  const events: GeminiAgentEvent[] = [];
  const result = await runGeminiAgent({
    apiKey: API_KEY,
    baseUrl: fake.url,
    request: recorded.request,
    tools,
    timeoutMs: 5_000,
    onEvent: (event) => events.push(event),
    ...options,
  });
  return { result, fake, events };
};

/** The user turn the agent sent last in `request`: its function responses, by name. */
const lastResponses = (request: GeminiRequest | undefined) =>
  (request?.body.contents?.at(-1)?.parts ?? []).flatMap((part) =>
    part.functionResponse ? [part.functionResponse] : [],
  );

const everyRequestIsClean = (fake: FakeGemini): void => {
  for (const request of fake.requests) {
    expect(request.headers["x-goog-api-key"]).toBe(API_KEY);
    expect(request.url).toBe(`/v1beta/models/${DEFAULT_GEMINI_MODEL}:generateContent`);
    expect(request.rawBody).not.toMatch(/0x[0-9a-fA-F]{40}/);
  }
  expect(fake.conversationProblems()).toEqual([]);
};

describe("runGeminiAgent", () => {
  it("selects the ranked offer the model chose, logging every tool call and its result as JSON", async () => {
    const { result, fake } = await run("happy-path");

    expect(result.choice).toEqual({
      offerKey: "vast:1",
      reason: "Cheapest H100 in the EU at 1.80 USD/GPU-hour with 0.97 reliability; 10 hours cost 18 USD.",
    });
    expect(result.constraints).toEqual({
      gpuModels: ["h100-sxm"],
      regions: ["group:eu"],
      maxUsdPerGpuHour: 2.5,
    });
    expect(result.preferences).toEqual(["reliability matters"]);
    expect(result.rejected).toEqual([]);
    expect(result.modelId).toBe("gemini-2.5-flash");
    expect(result.toolCalls.map((call) => call.name)).toEqual([
      "compare_providers",
      "token_prices",
      "estimate_job_cost",
      "select_offer",
    ]);
    for (const call of result.toolCalls) {
      expect(isJsonValue(call.args)).toBe(true);
      expect(isJsonValue(call.result)).toBe(true);
    }
    const [compare, prices, cost, select] = result.toolCalls;
    expect(compare?.result).toEqual({
      ranked: [
        expect.objectContaining({ offerKey: "vast:1", usdPerGpuHour: 1.8, rank: 1 }),
        expect.objectContaining({ offerKey: "necto:31337-4", usdPerGpuHour: 2.1, rank: 2 }),
      ],
      rankedCount: 2,
      excludedCount: 5,
      excludedByCode: { "over-budget": 1, "gpu-model": 3, region: 1 },
    });
    expect(prices?.result).toEqual({ prices: { NOS: 0.65 }, unpriced: [] });
    expect(cost).toEqual({
      name: "estimate_job_cost",
      args: { offerKey: "vast:1", gpus: 1, hours: 10 },
      result: { offerKey: "vast:1", gpus: 1, hours: 10, usdPerGpuHour: 1.8, usdTotal: 18 },
    });
    expect(select?.result).toEqual({ accepted: true, offerKey: "vast:1", rank: 1 });

    expect(fake.requests).toHaveLength(3);
    everyRequestIsClean(fake);
    const declared = fake.requests[0]?.body.tools as { functionDeclarations: { name: string }[] }[];
    expect(declared[0]?.functionDeclarations.map((d) => d.name)).toEqual([...AGENT_TOOL_NAMES]);
    // The model turns go back with their thought signatures; both parallel calls are answered by id.
    const history = fake.requests[2]?.body.contents ?? [];
    expect(history[1]?.parts?.[0]?.thoughtSignature).toBe("c2lnLWNvbXBhcmUtcHJvdmlkZXJz");
    expect(history[3]?.parts?.[0]?.thoughtSignature).toBe("c2lnLXRva2VuLXByaWNlcw==");
    expect(lastResponses(fake.requests[2])).toEqual([
      {
        id: "call-prices",
        name: "token_prices",
        response: { output: { prices: { NOS: 0.65 }, unpriced: [] } },
      },
      {
        id: "call-cost",
        name: "estimate_job_cost",
        response: { output: { offerKey: "vast:1", gpus: 1, hours: 10, usdPerGpuHour: 1.8, usdTotal: 18 } },
      },
    ]);
    // A call without an id is answered without one (never `"id": ""`).
    expect(lastResponses(fake.requests[1])[0]).not.toHaveProperty("id");
  });

  it("removes a wallet address typed into the request before it reaches the model", async () => {
    const recorded = conversation("happy-path");
    const { result, fake } = await run("happy-path", {
      request: `${recorded.request} Bill my wallet ${BUYER}.`,
    });

    expect(result.choice?.offerKey).toBe("vast:1");
    const prompt = fake.requests[0]?.body.contents?.[0]?.parts?.[0]?.text ?? "";
    expect(prompt).toContain("Bill my wallet [address removed].");
    for (const request of fake.requests)
      expect(request.rawBody.toLowerCase()).not.toContain(BUYER.toLowerCase());
  });

  it("refuses an offer outside the last ranking, records why, and accepts the ranked one chosen next", async () => {
    const { result, fake, events } = await run("violating-offer");

    const why = "over-budget (2.99 USD/GPU-h is over the 2.50 budget)";
    expect(result.rejected).toEqual([{ offerKey: "runpod:a", reason: why }]);
    expect(result.choice?.offerKey).toBe("vast:1");
    expect(result.constraints).toEqual({
      gpuModels: ["h100-sxm"],
      regions: ["group:eu"],
      maxUsdPerGpuHour: 2.5,
    });
    // runpod:a was ranked under the first constraints only.
    expect(result.toolCalls[0]?.result).toMatchObject({
      ranked: [{ offerKey: "vast:1" }, { offerKey: "necto:31337-4" }, { offerKey: "runpod:a" }],
    });
    expect(result.toolCalls.map((call) => call.name)).toEqual([
      "compare_providers",
      "compare_providers",
      "select_offer",
      "select_offer",
    ]);
    expect(result.toolCalls[2]).toEqual({
      name: "select_offer",
      args: { offerKey: "runpod:a", reason: "It runs in France, as the buyer prefers." },
      result: { error: `offer runpod:a is not among the ranked offers: ${why}` },
    });
    expect(lastResponses(fake.requests[3])).toEqual([
      { name: "select_offer", response: { error: `offer runpod:a is not among the ranked offers: ${why}` } },
    ]);
    expect(events).toContainEqual({
      kind: "note",
      message: `select_offer: offer runpod:a is not among the ranked offers: ${why}`,
    });
    expect(fake.requests).toHaveLength(4);
    everyRequestIsClean(fake);
  });

  it("returns no choice when the model never selects a ranked offer, allowing only select_offer on the last turn", async () => {
    const { result, fake } = await run("no-valid-choice", { maxTurns: 5 });

    expect(result.choice).toBeNull();
    expect(result.rejected).toEqual([
      { offerKey: "necto:31337-4", reason: "over-budget (2.10 USD/GPU-h is over the 2.00 budget)" },
      { offerKey: "lambda:gpu_1x_h100_sxm5", reason: "no tool result showed this offer" },
    ]);
    expect(result.toolCalls.map((call) => call.name)).toEqual([
      "compare_providers",
      "necto_listings",
      "select_offer",
      "select_offer",
    ]);
    expect(fake.requests).toHaveLength(5);
    everyRequestIsClean(fake);
    const modes = fake.requests.map((r) => r.body.toolConfig?.functionCallingConfig);
    expect(modes.slice(0, 4)).toEqual(Array(4).fill({ mode: "ANY" }));
    expect(modes[4]).toEqual({ mode: "ANY", allowedFunctionNames: ["select_offer"] });
    // The text-only turn is answered with a request to choose.
    expect(fake.requests[4]?.body.contents?.at(-1)?.parts?.[0]?.text).toMatch(/select_offer/);
  });

  it("stops after maxTurns requests", async () => {
    const { result, fake } = await run("no-valid-choice", { maxTurns: 3 });

    expect(fake.requests).toHaveLength(3);
    expect(result.choice).toBeNull();
    expect(result.rejected.map((r) => r.offerKey)).toEqual(["necto:31337-4"]);
  });

  it("refuses invalid constraints with the reasons and ranks with the corrected ones", async () => {
    const { tools, compareCalls } = marketTools();
    const { result, fake } = await run("invalid-constraints", {}, tools);

    const refused = result.toolCalls[0];
    expect(refused?.args).toEqual({
      constraints: { gpuModels: ["H100"], maxUsdPerGpuHour: -2.5, regions: [] },
    });
    const error = (refused?.result as { error: string } | undefined)?.error ?? "";
    expect(error).toContain('gpuModels.0: "H100" is not a known GPU model id');
    expect(error).toContain("maxUsdPerGpuHour: maxUsdPerGpuHour must be 0 or more");
    expect(error).toContain("regions: regions must not be empty");
    expect(lastResponses(fake.requests[1])).toEqual([{ name: "compare_providers", response: { error } }]);
    // The invalid constraints never reached the ranking.
    expect(compareCalls).toEqual([{ constraints: { gpuModels: ["h100-sxm"], maxUsdPerGpuHour: 2.5 } }]);
    expect(result.constraints).toEqual({ gpuModels: ["h100-sxm"], maxUsdPerGpuHour: 2.5 });
    expect(result.choice?.offerKey).toBe("vast:1");
    expect(result.rejected).toEqual([]);
    everyRequestIsClean(fake);
  });

  it("keeps the buyer's structured constraints over the model's and tells the model them", async () => {
    const { tools, compareCalls } = marketTools();
    const structured: Constraints = { maxUsdPerGpuHour: 2, regions: ["DE"] };
    const { result, fake, events } = await run("happy-path", { structured }, tools);

    const applied = { gpuModels: ["h100-sxm"], regions: ["DE"], maxUsdPerGpuHour: 2 };
    expect(compareCalls).toEqual([{ constraints: applied, limit: 5 }]);
    expect(result.constraints).toEqual(applied);
    expect(result.toolCalls[0]?.args).toEqual({
      constraints: applied,
      preferences: ["reliability matters"],
      limit: 5,
    });
    expect(result.choice?.offerKey).toBe("vast:1");
    expect(events).toContainEqual({
      kind: "note",
      message: "the buyer's form overrides the model's maxUsdPerGpuHour, regions",
    });
    expect(fake.requests[0]?.body.contents?.[0]?.parts?.[0]?.text).toContain(JSON.stringify(structured));
  });

  it("refuses a time window, an unknown tool and a failing tool call, and carries on", async () => {
    const call = (name: string, args: Record<string, unknown>) => ({
      candidates: [
        { content: { role: "model", parts: [{ functionCall: { name, args } }] }, finishReason: "STOP" },
      ],
      modelVersion: "gemini-2.5-flash",
    });
    const fake = await start({
      responses: [
        call("compare_providers", { constraints: { window: { startsAt: NOW, hours: 4 } } }),
        call("rent_gpu", { offerKey: "vast:1" }),
        call("estimate_job_cost", { offerKey: "lambda:nope", gpus: 1, hours: 2 }),
        call("compare_providers", { constraints: {} }),
        call("select_offer", { offerKey: "runpod:b", reason: "Cheapest." }),
      ],
    });
    const result = await runGeminiAgent({
      apiKey: API_KEY,
      baseUrl: fake.url,
      request: "Any GPU.",
      tools: marketTools().tools,
      timeoutMs: 5_000,
    });

    expect(result.toolCalls.map((c) => c.result)).toEqual([
      { error: "constraints.window cannot be set by the agent" },
      { error: expect.stringMatching(/^unknown tool "rent_gpu"; the tools are compare_providers, /) },
      { error: "the tool failed: no ranked offer lambda:nope" },
      expect.objectContaining({ rankedCount: 6 }),
      { accepted: true, offerKey: "runpod:b", rank: 2 },
    ]);
    expect(result.choice?.offerKey).toBe("runpod:b");
    expect(fake.conversationProblems()).toEqual([]);
  });

  it("returns no choice when the model sends no content", async () => {
    const fake = await start({
      responses: [{ candidates: [{ finishReason: "SAFETY", index: 0 }], modelVersion: "gemini-2.5-flash" }],
    });
    const result = await runGeminiAgent({
      apiKey: API_KEY,
      baseUrl: fake.url,
      request: "An H100.",
      tools: marketTools().tools,
      timeoutMs: 5_000,
    });

    expect(result).toEqual({
      constraints: {},
      preferences: [],
      choice: null,
      toolCalls: [],
      modelId: "gemini-2.5-flash",
      rejected: [],
    });
    expect(fake.requests).toHaveLength(1);
  });

  it("times out when the API does not answer", async () => {
    const fake = await start(conversation("happy-path"));
    fake.setFault("hang");
    const started = Date.now();
    const failure = await runGeminiAgent({
      apiKey: API_KEY,
      baseUrl: fake.url,
      request: "An H100.",
      tools: marketTools().tools,
      timeoutMs: 300,
    }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(GeminiAgentError);
    expect(failure).toMatchObject({ code: "timeout", toolCalls: [], modelId: DEFAULT_GEMINI_MODEL });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("times out when a tool never returns, keeping the calls made so far", async () => {
    const { tools } = marketTools({ tokenPrices: () => new Promise(() => {}) });
    const fake = await start(conversation("happy-path"));
    const failure = await runGeminiAgent({
      apiKey: API_KEY,
      baseUrl: fake.url,
      request: "An H100.",
      tools,
      timeoutMs: 400,
    }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(GeminiAgentError);
    expect((failure as GeminiAgentError).code).toBe("timeout");
    expect((failure as GeminiAgentError).toolCalls.map((c) => c.name)).toEqual(["compare_providers"]);
    expect(fake.requests).toHaveLength(2);
  });

  it("fails with gemini-error when the API answers 500", async () => {
    const fake = await start(conversation("happy-path"));
    fake.setFault("500");
    const failure = await runGeminiAgent({
      apiKey: API_KEY,
      baseUrl: fake.url,
      request: "An H100.",
      tools: marketTools().tools,
      timeoutMs: 5_000,
    }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(GeminiAgentError);
    expect(failure).toMatchObject({ code: "gemini-error" });
    expect((failure as Error).message).toContain("internal error");
    expect(fake.requests).toHaveLength(1);
  });
});

describe("startFakeGemini", () => {
  it("serves the v1 and v1beta paths and answers a request past the recording with 500", async () => {
    const recorded = conversation("happy-path");
    const fake = await start({ responses: recorded.responses.slice(0, 1) });
    const post = (path: string) =>
      fetch(`${fake.url}${path}`, { method: "POST", body: JSON.stringify({ contents: [] }) });

    const v1 = await post("/v1/models/gemini-3-pro:generateContent");
    expect(v1.status).toBe(200);
    expect(await v1.json()).toEqual(recorded.responses[0]);
    expect((await post("/v1beta/models/gemini-2.5-flash:generateContent")).status).toBe(500);
    expect((await post("/v2/models/x:generateContent")).status).toBe(404);
    expect(fake.requests.map((r) => [r.apiVersion, r.model])).toEqual([
      ["v1", "gemini-3-pro"],
      ["v1beta", "gemini-2.5-flash"],
    ]);
  });

  it("reports a client that drops the thought signature or leaves a call unanswered", async () => {
    const recorded = conversation("happy-path");
    const fake = await start(recorded);
    const first = { role: "user", parts: [{ text: "An H100." }] };
    const modelTurn = structuredClone(recorded.responses[0]?.candidates?.[0]?.content);
    delete modelTurn?.parts?.[0]?.thoughtSignature;
    const send = (contents: unknown[]) =>
      fetch(`${fake.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
        method: "POST",
        body: JSON.stringify({ contents }),
      });
    await send([first]);
    await send([first, modelTurn, { role: "user", parts: [{ text: "no answer" }] }]);

    expect(fake.conversationProblems()).toEqual([
      expect.stringMatching(/^request 2 does not echo the model turn verbatim/),
      "request 2 answers 0 of 1 function calls",
    ]);
  });
});
