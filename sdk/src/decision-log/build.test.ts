import { describe, expect, it } from "vitest";
import { ConstraintsError } from "../constraints.ts";
import { offerKey } from "../effective-price.ts";
import { DuplicateOfferKeyError } from "../rank.ts";
import { BUYER, GOLDEN_INPUT, NOW, OFFERS } from "./__fixtures__/decision-inputs.ts";
import { type BuildDecisionLogInput, buildDecisionLog } from "./build.ts";
import { ChoiceError, DecisionLogSchemaError, InvalidUserError } from "./errors.ts";
import { serializeDecisionLog } from "./serialize.ts";

const planner: BuildDecisionLogInput["agent"] = { kind: "planner", toolCalls: [] };
const input = (overrides: Partial<BuildDecisionLogInput> = {}): BuildDecisionLogInput => ({
  ...GOLDEN_INPUT,
  ...overrides,
});

const thrown = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
};

describe("buildDecisionLog", () => {
  it("records the ranking, the exclusions and rank 1 as the default choice", () => {
    const { log, ranking } = buildDecisionLog(input({ agent: planner }));
    expect(log.ranking).toEqual(
      ranking.ranked.map((offer) => ({
        offerKey: offerKey(offer),
        rank: offer.rank,
        usdPerGpuHour: offer.price.usdPerGpuHour,
      })),
    );
    expect(log.ranking.map((entry) => entry.offerKey)).toEqual([
      "vast:m-42",
      "lambda:gpu_8x_a100_80gb_sxm4",
      "ovh:l40s-gra",
      "akash:dseq-1/1/1",
      "necto:31337-7",
      "runpod:h100-secure",
    ]);
    expect(log.exclusions).toEqual(ranking.excluded);
    expect(log.exclusions.map((e) => [e.offerKey, e.code])).toEqual([
      ["necto:31337-8", "availability"],
      ["nosana:market-h100", "unpriced"],
      ["shady:x", "provider"],
      ["tensordock:4090d", "unknown-gpu"],
    ]);
    expect(log.choice).toEqual({
      offerKey: "vast:m-42",
      rank: 1,
      usdPerGpuHour: 1.55,
      reason: "rank 1: the best-ranked offer that meets every constraint",
    });
  });

  it("sorts candidates by key and quotes by symbol, so fetch order does not change the bytes", () => {
    const { log, bytes } = buildDecisionLog(input());
    expect(log.candidates.map(offerKey)).toEqual([...OFFERS.map(offerKey)].sort());
    expect(log.oracleQuotes.map((quote) => quote.symbol)).toEqual(["AKT", "USDC"]);
    const reversed = buildDecisionLog(
      input({ offers: [...OFFERS].reverse(), tokenPrices: [...GOLDEN_INPUT.tokenPrices].reverse() }),
    );
    expect(reversed.bytes).toEqual(bytes);
  });

  it("logs only the Offer fields of each candidate, copied", () => {
    const first = OFFERS[0];
    if (!first) throw new Error("fixture");
    const priced = { ...first, price: { usdPerGpuHour: 1 }, rank: 3 };
    const mutable = structuredClone(OFFERS.slice(1));
    const { log } = buildDecisionLog(input({ offers: [priced, ...mutable] }));
    expect(log.candidates.find((c) => offerKey(c) === offerKey(first))).toEqual(first);
    const before = JSON.stringify(log);
    for (const offer of mutable) offer.pricing.price.amount = "0.01";
    expect(JSON.stringify(log)).toBe(before);
  });

  it("dates the log at ctx.now unless told otherwise, and keeps the context", () => {
    expect(buildDecisionLog(input()).log).toMatchObject({ createdAt: NOW, context: { now: NOW } });
    const dated = buildDecisionLog(
      input({ createdAt: NOW + 5, ctx: { now: NOW, staleAfterMs: 3_600_000 } }),
    ).log;
    expect(dated).toMatchObject({ createdAt: NOW + 5, context: { now: NOW, staleAfterMs: 3_600_000 } });
  });

  it("returns the canonical bytes of the log", () => {
    const { log, bytes } = buildDecisionLog(input());
    expect(serializeDecisionLog(log)).toEqual(bytes);
  });

  describe("modes", () => {
    it("stores a Tracked user in lower case and a team id as a decimal string", () => {
      const { log } = buildDecisionLog(input({ team: 18446744073709551615n }));
      expect(log).toMatchObject({ mode: "tracked", user: BUYER.toLowerCase(), team: "18446744073709551615" });
    });

    it("refuses a user that is not an address, or has a wrong EIP-55 checksum", () => {
      expect(() => buildDecisionLog(input({ user: "alice.eth" }))).toThrow(InvalidUserError);
      const badChecksum = BUYER.replace("F", "f").replace("a", "A");
      expect(() => buildDecisionLog(input({ user: badChecksum }))).toThrow(InvalidUserError);
    });

    it("refuses a Tracked log without a user", () => {
      const error = thrown(() => buildDecisionLog(input({ user: undefined })));
      expect(error).toBeInstanceOf(DecisionLogSchemaError);
      expect((error as DecisionLogSchemaError).issues).toEqual([
        "user: a Tracked decision log must carry the user's address (user)",
      ]);
    });

    it("never stores the user of an Untracked log, and refuses a team there", () => {
      const { log } = buildDecisionLog(input({ mode: "untracked", team: undefined }));
      expect(log.mode).toBe("untracked");
      expect(Object.keys(log)).not.toContain("user");
      expect(() => buildDecisionLog(input({ mode: "untracked" }))).toThrow(
        "team: an Untracked decision log must not carry a team (teams are Tracked only)",
      );
    });
  });

  describe("choice", () => {
    it("keeps an llm's pick of a lower-ranked offer, with its reason", () => {
      const { log } = buildDecisionLog(
        input({ choice: { offerKey: "ovh:l40s-gra", reason: "the buyer prefers France" } }),
      );
      expect(log.choice).toEqual({
        offerKey: "ovh:l40s-gra",
        rank: 3,
        usdPerGpuHour: 1.8,
        reason: "the buyer prefers France",
      });
    });

    it("refuses a pick that is not ranked (excluded or unknown)", () => {
      for (const key of ["shady:x", "nowhere:1"]) {
        const error = thrown(() => buildDecisionLog(input({ choice: { offerKey: key, reason: "cheap" } })));
        expect(error).toBeInstanceOf(ChoiceError);
        expect(error).toMatchObject({ code: "choice-not-ranked" });
      }
    });

    it("refuses a planner pick other than rank 1", () => {
      const error = thrown(() =>
        buildDecisionLog(input({ agent: planner, choice: { offerKey: "ovh:l40s-gra", reason: "France" } })),
      );
      expect(error).toMatchObject({ code: "planner-not-first" });
      const first = buildDecisionLog(
        input({ agent: planner, choice: { offerKey: "vast:m-42", reason: "cheapest" } }),
      );
      expect(first.log.choice?.reason).toBe("cheapest");
    });

    it("chooses nothing when nothing passes", () => {
      const { log, ranking } = buildDecisionLog(input({ constraints: { maxUsdPerGpuHour: 0.01 } }));
      expect(ranking.ranked).toEqual([]);
      expect(log.ranking).toEqual([]);
      expect(log.choice).toBeNull();
      expect(log.exclusions).toHaveLength(OFFERS.length);
    });
  });

  it("passes on rankOffers' refusals", () => {
    expect(() => buildDecisionLog(input({ constraints: { minGpus: 0 } }))).toThrow(ConstraintsError);
    const first = OFFERS[0];
    if (!first) throw new Error("fixture");
    expect(() => buildDecisionLog(input({ offers: [first, { ...first }] }))).toThrow(DuplicateOfferKeyError);
  });

  it("refuses an offer the log cannot hold (a NaN field), naming it", () => {
    const first = OFFERS[0];
    if (!first) throw new Error("fixture");
    expect(() => buildDecisionLog(input({ offers: [{ ...first, latencyMs: Number.NaN }] }))).toThrow(
      "candidates.0.latencyMs: latencyMs must be a number",
    );
  });
});
