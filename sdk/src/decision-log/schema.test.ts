import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { issueLines } from "../constraints.ts";
import { BUYER, GOLDEN_INPUT } from "./__fixtures__/decision-inputs.ts";
import { buildDecisionLog } from "./build.ts";
import { type DecisionLog, DecisionLogSchema, isJsonValue, MAX_JSON_DEPTH, TeamIdSchema } from "./schema.ts";

const tracked = (): DecisionLog => buildDecisionLog(GOLDEN_INPUT).log;
const untracked = (): DecisionLog =>
  buildDecisionLog({ ...GOLDEN_INPUT, mode: "untracked", user: undefined, team: undefined }).log;

/** The schema's problems with `input`, one "path: message" line each ([] when valid). */
const problems = (input: unknown): string[] => {
  const result = v.safeParse(DecisionLogSchema, input);
  return result.success ? [] : issueLines(result.issues);
};

/** A deep copy as plain JSON, so tests can break it freely. */
const copy = (log: DecisionLog): Record<string, unknown> => JSON.parse(JSON.stringify(log));

describe("DecisionLogSchema", () => {
  it("accepts a built Tracked log and a built Untracked log", () => {
    expect(problems(tracked())).toEqual([]);
    expect(problems(untracked())).toEqual([]);
  });

  it("requires the user's address in a Tracked log", () => {
    const { user: _, ...log } = copy(tracked());
    expect(problems(log)).toEqual(["user: a Tracked decision log must carry the user's address (user)"]);
  });

  it("stores Tracked addresses in lower case only", () => {
    expect(problems({ ...copy(tracked()), user: BUYER })).toEqual([
      "user: user must be a lower-case 0x address (40 hex digits)",
    ]);
  });

  it("refuses a user field in an Untracked log, whatever its value", () => {
    for (const user of [BUYER.toLowerCase(), "", null]) {
      expect(problems({ ...copy(untracked()), user })).toEqual([
        "user: an Untracked decision log must not carry a user address",
      ]);
    }
  });

  it("refuses a team in an Untracked log", () => {
    expect(problems({ ...copy(untracked()), team: "1" })).toEqual([
      "team: an Untracked decision log must not carry a team (teams are Tracked only)",
    ]);
  });

  it("names an unknown mode and an unknown version", () => {
    expect(problems({ ...copy(tracked()), mode: "anonymous" })).toEqual([
      'mode: mode must be "tracked" or "untracked"',
    ]);
    expect(problems({ ...copy(tracked()), version: 2 })).toEqual([
      "version: version must be 1 (the version this SDK reads)",
    ]);
    expect(problems(null)).toEqual(["a decision log must be a JSON object"]);
    expect(problems("{}")).toEqual(["a decision log must be a JSON object"]);
    expect(problems({})).toEqual(['mode: mode must be "tracked" or "untracked"']);
  });

  it("refuses unknown fields anywhere, so nothing unvalidated reaches the root", () => {
    expect(problems({ ...copy(tracked()), note: "hi" })).toEqual([
      'note: unknown field "note" in decision log',
    ]);
    const log = copy(tracked()) as { candidates: Record<string, unknown>[] };
    log.candidates[0] = { ...log.candidates[0], price: 1 };
    expect(problems(log)).toEqual(['candidates.0.price: unknown field "price" in offer']);
  });

  it("refuses non-finite numbers", () => {
    const log = copy(tracked()) as { ranking: { usdPerGpuHour: number }[] };
    if (log.ranking[0]) log.ranking[0].usdPerGpuHour = Number.POSITIVE_INFINITY;
    expect(problems(log)).toEqual(["ranking.0.usdPerGpuHour: usdPerGpuHour must be a finite number"]);
  });

  it("requires ranks 1..n in order", () => {
    const log = copy(tracked()) as { ranking: { rank: number }[] };
    if (log.ranking[1]) log.ranking[1].rank = 5;
    expect(problems(log)).toEqual(["ranking[1].rank is 5 but must be 2 (ranks run 1..n in order)"]);
  });

  it("requires the ranking and the exclusions to partition the candidates", () => {
    const dropped = copy(tracked()) as { exclusions: unknown[] };
    dropped.exclusions.pop();
    expect(problems(dropped)).toEqual(["candidate tensordock:4090d is neither ranked nor excluded"]);

    const invented = copy(tracked()) as { exclusions: unknown[] };
    invented.exclusions.push({
      offerKey: "ghost:1",
      code: "provider",
      message: "provider ghost is excluded",
    });
    expect(problems(invented)).toEqual(["exclusions: ghost:1 is not a candidate"]);

    const both = copy(tracked()) as { exclusions: unknown[]; ranking: { offerKey: string }[] };
    both.exclusions.push({ offerKey: both.ranking[0]?.offerKey, code: "provider", message: "x" });
    expect(problems(both)).toEqual(["vast:m-42 is both ranked and excluded"]);
  });

  it("refuses duplicate candidates and duplicate oracle quotes", () => {
    const log = copy(tracked()) as { candidates: unknown[]; oracleQuotes: unknown[] };
    log.candidates.push(log.candidates[0]);
    log.oracleQuotes.push(log.oracleQuotes[0]);
    expect(problems(log)).toEqual([
      "candidates: two offers share the key akash:dseq-1/1/1",
      "oracleQuotes: AKT is quoted twice",
    ]);
  });

  it("names an unknown exclusion code", () => {
    const log = copy(tracked()) as { exclusions: { code: string }[] };
    if (log.exclusions[0]) log.exclusions[0].code = "too-pricey";
    expect(problems(log)[0]).toMatch(/^exclusions\.0\.code: code must be one of unknown-gpu, unpriced, /);
  });

  it("requires an llm agent to name its model", () => {
    const log = copy(tracked()) as { agent: Record<string, unknown> };
    delete log.agent.modelId;
    expect(problems(log)).toEqual(["agent: an llm agent must name its modelId"]);
    log.agent.kind = "planner";
    expect(problems(log)).toEqual([]);
  });

  it("checks the constraints and the structured request with the constraints schema", () => {
    const log = copy(tracked()) as { constraints: Record<string, unknown>; request: Record<string, unknown> };
    log.constraints.maxUsdPerGpuHour = -3;
    log.request.structured = { minGpus: 0 };
    expect(problems(log)).toEqual([
      "request.structured.minGpus: minGpus must be 1 or more",
      "constraints.maxUsdPerGpuHour: maxUsdPerGpuHour must be 0 or more",
    ]);
  });

  it("refuses an offer whose GPU model is neither a catalog id nor unknown", () => {
    const log = copy(tracked()) as { candidates: { gpuModel: string }[] };
    if (log.candidates[0]) log.candidates[0].gpuModel = "H100";
    expect(problems(log)).toEqual([
      'candidates.0.gpuModel: gpuModel "H100" is neither a known model nor "unknown"',
    ]);
  });
});

describe("TeamIdSchema", () => {
  it("takes decimal uint64 ids from 1", () => {
    for (const id of ["1", "42", "18446744073709551615"]) expect(v.is(TeamIdSchema, id), id).toBe(true);
    for (const id of ["0", "01", "-1", "1.5", "18446744073709551616", "0x1", ""])
      expect(v.is(TeamIdSchema, id), id).toBe(false);
  });
});

describe("isJsonValue", () => {
  it("accepts plain JSON and refuses what JSON cannot hold", () => {
    expect(isJsonValue({ a: [1, "x", null, true, { b: -0.5 }] })).toBe(true);
    for (const bad of [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      undefined,
      [undefined],
      new Date(0),
      1n,
      () => 1,
    ]) {
      expect(isJsonValue(bad)).toBe(false);
    }
  });

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH}`, () => {
    const nest = (depth: number): unknown => (depth === 0 ? 1 : [nest(depth - 1)]);
    expect(isJsonValue(nest(MAX_JSON_DEPTH))).toBe(true);
    expect(isJsonValue(nest(MAX_JSON_DEPTH + 1))).toBe(false);
  });
});
