import canonicalize from "canonicalize";
import fc from "fast-check";
import { getAddress } from "viem";
import { describe, expect, it } from "vitest";
import type { Constraints } from "../constraints.ts";
import type { Offer } from "../offer.ts";
import type { Region } from "../region.ts";
import { GOLDEN_INPUT, OFFERS, TOKEN_PRICES } from "./__fixtures__/decision-inputs.ts";
import { type BuildDecisionLogInput, buildDecisionLog } from "./build.ts";
import { decisionLogRoot } from "./root-hash.ts";
import type { DecisionLog } from "./schema.ts";
import { serializeDecisionLog } from "./serialize.ts";
import { type VerifyResult, verifyDecision } from "./verify.ts";

const USER = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
const planner: BuildDecisionLogInput["agent"] = { kind: "planner", toolCalls: [] };

/** What the chain would hold for these bytes: the bytes themselves, their 0G root and their length. */
const store = async (bytes: Uint8Array) => ({ bytes, ...(await decisionLogRoot(bytes)) });
/** A (possibly tampered) log stored through the real serializer, so it passes schema and canonical checks. */
const storeLog = (log: DecisionLog) => store(serializeDecisionLog(log));
/** Any JSON value stored canonically without the schema, to reach the checks after the root. */
const storeRaw = (value: unknown) => store(new TextEncoder().encode(canonicalize(value)));

const verify = async (stored: { bytes: Uint8Array; root: string; length: number }): Promise<VerifyResult> =>
  verifyDecision(stored.bytes, stored.root, stored.length);

/** A deep copy of the golden log that tests may tamper with. */
const golden = (overrides: Partial<BuildDecisionLogInput> = {}): DecisionLog =>
  structuredClone(buildDecisionLog({ ...GOLDEN_INPUT, ...overrides }).log);

const failure = (result: VerifyResult) =>
  result.ok ? { ok: true } : { code: result.code, message: result.message };

describe("verifyDecision", () => {
  it("accepts a built log with its root and length, and returns the log", async () => {
    const { log, bytes } = buildDecisionLog(GOLDEN_INPUT);
    const { root, length } = await decisionLogRoot(bytes);
    const result = await verifyDecision(bytes, root, length);
    expect(result).toEqual({ ok: true, log: JSON.parse(JSON.stringify(log)) });
  });

  it("accepts the expected root in any hex case", async () => {
    const stored = await storeLog(golden());
    expect(
      (await verifyDecision(stored.bytes, stored.root.toUpperCase().replace("0X", "0x"), stored.length)).ok,
    ).toBe(true);
  });

  it("accepts Untracked, planner and nothing-passed decisions", async () => {
    for (const overrides of [
      { mode: "untracked", user: undefined, team: undefined },
      { agent: planner },
      { constraints: { maxUsdPerGpuHour: 0.01 } },
    ] as const) {
      expect(failure(await storeLog(golden(overrides)).then(verify))).toEqual({ ok: true });
    }
  });

  describe("length and root", () => {
    it("reports a truncated log as a length mismatch", async () => {
      const stored = await storeLog(golden());
      const result = await verifyDecision(stored.bytes.slice(0, -1), stored.root, stored.length);
      expect(failure(result)).toEqual({
        code: "length-mismatch",
        message: `the log is ${stored.length - 1} bytes but the record says ${stored.length}`,
      });
    });

    it("catches zero padding by length alone: the padded bytes have the very same root", async () => {
      const stored = await storeLog(golden());
      const padded = new Uint8Array(stored.length + 4);
      padded.set(stored.bytes);
      expect((await decisionLogRoot(padded)).root).toBe(stored.root);
      expect(failure(await verifyDecision(padded, stored.root, stored.length))).toMatchObject({
        code: "length-mismatch",
      });
      // Had the record carried the padded length, the root would match and parsing would refuse the zeros.
      expect(failure(await verifyDecision(padded, stored.root, padded.length))).toMatchObject({
        code: "not-json",
      });
    });

    it("reports any changed byte as a root mismatch", async () => {
      const stored = await storeLog(golden());
      for (const index of [0, 100, stored.length - 1]) {
        const tampered = stored.bytes.slice();
        tampered[index] = (tampered[index] ?? 0) ^ 0x01;
        const result = await verifyDecision(tampered, stored.root, stored.length);
        expect(failure(result), `byte ${index}`).toMatchObject({ code: "root-mismatch" });
      }
    });

    it("reports a malformed expected root as a root mismatch", async () => {
      const stored = await storeLog(golden());
      const result = await verifyDecision(stored.bytes, stored.root.slice(0, -2), stored.length);
      expect(failure(result)).toMatchObject({
        code: "root-mismatch",
        message: expect.stringMatching(/not 0x \+ 64 hex/),
      });
    });

    it("reports empty bytes as a root mismatch (0G has no root for them)", async () => {
      const result = await verifyDecision(new Uint8Array(), `0x${"0".repeat(64)}`, 0);
      expect(failure(result)).toMatchObject({ code: "root-mismatch" });
    });
  });

  describe("form", () => {
    it("reports bytes that are not JSON", async () => {
      expect(failure(await verify(await store(new TextEncoder().encode("not json"))))).toMatchObject({
        code: "not-json",
      });
    });

    it("reports an Untracked log carrying a user field as a schema error", async () => {
      const withUser = { ...golden({ mode: "untracked", user: undefined, team: undefined }), user: USER };
      expect(failure(await verify(await storeRaw(withUser)))).toEqual({
        code: "schema",
        message: "invalid decision log: user: an Untracked decision log must not carry a user address",
      });
    });

    it("reports a valid log in a non-canonical spelling", async () => {
      const pretty = new TextEncoder().encode(JSON.stringify(golden(), null, 2));
      expect(failure(await verify(await store(pretty)))).toMatchObject({
        code: "not-canonical",
        message: "the bytes are not canonical JSON (RFC 8785): they differ at byte 1",
      });
    });

    it("reports an Untracked log holding the verifying user's address, in any spelling", async () => {
      const request = { text: `please route for ${getAddress(USER)}` };
      const stored = await storeLog(golden({ mode: "untracked", user: undefined, team: undefined, request }));
      expect((await verify(stored)).ok).toBe(true);
      const result = await verifyDecision(stored.bytes, stored.root, stored.length, { user: USER });
      expect(failure(result)).toMatchObject({ code: "identity-in-untracked" });
    });

    it("does not flag a Tracked log for carrying its own user", async () => {
      const stored = await storeLog(golden());
      const result = await verifyDecision(stored.bytes, stored.root, stored.length, {
        user: GOLDEN_INPUT.user,
      });
      expect(result.ok).toBe(true);
    });
  });

  describe("replay", () => {
    it("reports a re-ordered ranking even with a correct root", async () => {
      const log = golden();
      const [first, second, ...rest] = log.ranking;
      if (!first || !second) throw new Error("fixture");
      log.ranking = [{ ...second, rank: 1 }, { ...first, rank: 2 }, ...rest];
      expect(failure(await storeLog(log).then(verify))).toEqual({
        code: "ranking-mismatch",
        message:
          "rank 1 is lambda:gpu_8x_a100_80gb_sxm4 at 1.79 USD/GPU-h in the log " +
          "but vast:m-42 at 1.55 USD/GPU-h on replay",
      });
    });

    it("reports a logged price the replay does not reproduce", async () => {
      const log = golden();
      const last = log.ranking.at(-1);
      if (!last) throw new Error("fixture");
      last.usdPerGpuHour = 2.7;
      expect(failure(await storeLog(log).then(verify))).toMatchObject({ code: "ranking-mismatch" });
    });

    it("reports a candidate whose raw price was edited after the decision", async () => {
      const log = golden();
      const runpod = log.candidates.find((offer) => offer.providerId === "runpod");
      if (!runpod) throw new Error("fixture");
      runpod.pricing.price.amount = "1.00";
      expect(failure(await storeLog(log).then(verify))).toMatchObject({
        code: "ranking-mismatch",
        message: expect.stringMatching(
          /^rank 1 is vast:m-42 at 1.55 USD\/GPU-h in the log but runpod:h100-secure/,
        ),
      });
    });

    it("reports an oracle quote edited after the decision", async () => {
      const log = golden();
      log.oracleQuotes = log.oracleQuotes.map((quote) =>
        quote.symbol === "AKT" ? { ...quote, usd: 0.5 } : quote,
      );
      expect(failure(await storeLog(log).then(verify))).toMatchObject({ code: "ranking-mismatch" });
    });

    it("reports an exclusion whose reason was rewritten", async () => {
      const log = golden();
      const shady = log.exclusions.find((e) => e.offerKey === "shady:x");
      if (!shady) throw new Error("fixture");
      shady.message = "provider shady is too slow";
      expect(failure(await storeLog(log).then(verify))).toEqual({
        code: "exclusions-mismatch",
        message:
          "exclusion 3 is shady:x (provider: provider shady is too slow) in the log but " +
          "shady:x (provider: provider shady is excluded) on replay",
      });
    });

    it("reports constraints loosened after the decision", async () => {
      const log = golden();
      log.constraints = { ...log.constraints, excludeProviders: [] };
      expect(failure(await storeLog(log).then(verify))).toMatchObject({ code: "ranking-mismatch" });
    });
  });

  describe("choice", () => {
    it("reports a choice that is not in the ranking", async () => {
      const log = golden();
      log.choice = { offerKey: "shady:x", rank: 1, usdPerGpuHour: 0.1, reason: "cheapest" };
      expect(failure(await storeLog(log).then(verify))).toEqual({
        code: "choice-mismatch",
        message: "the chosen offer shady:x is not in the ranking",
      });
    });

    it("reports a choice that misstates its rank or price", async () => {
      const log = golden();
      log.choice = { offerKey: "ovh:l40s-gra", rank: 1, usdPerGpuHour: 1.8, reason: "France" };
      expect(failure(await storeLog(log).then(verify))).toMatchObject({
        code: "choice-mismatch",
        message: "the choice says ovh:l40s-gra is rank 1 at 1.8 USD/GPU-h, the ranking says rank 3 at 1.8",
      });
    });

    it("accepts an llm's lower-ranked pick but not the planner's", async () => {
      const pick = { offerKey: "ovh:l40s-gra", reason: "France" };
      expect((await storeLog(golden({ choice: pick })).then(verify)).ok).toBe(true);
      const log = golden({ agent: planner });
      log.choice = { ...pick, rank: 3, usdPerGpuHour: 1.8 };
      expect(failure(await storeLog(log).then(verify))).toEqual({
        code: "choice-mismatch",
        message: "the planner must choose rank 1 but chose rank 3",
      });
    });

    it("reports a missing choice when offers passed, and a choice when none did", async () => {
      const log = golden();
      log.choice = null;
      expect(failure(await storeLog(log).then(verify))).toEqual({
        code: "choice-mismatch",
        message: "no offer was chosen although 6 passed the constraints",
      });
      const empty = golden({ constraints: { maxUsdPerGpuHour: 0.01 } });
      empty.choice = { offerKey: "vast:m-42", rank: 1, usdPerGpuHour: 1.55, reason: "cheapest" };
      expect(failure(await storeLog(empty).then(verify))).toMatchObject({ code: "choice-mismatch" });
    });
  });

  it("verifies every decision buildDecisionLog makes (property)", async () => {
    const offerArb: fc.Arbitrary<Offer> = fc
      .record({
        index: fc.nat({ max: OFFERS.length - 1 }),
        amount: fc.constantFrom("0.5", "1.25", "2", "3.10", "0"),
        reliability: fc.option(fc.constantFrom(0.9, 0.99), { nil: undefined }),
        latencyMs: fc.option(fc.constantFrom(20, 40), { nil: undefined }),
      })
      .map(({ index, amount, reliability, latencyMs }) => {
        const template = OFFERS[index] ?? OFFERS[0];
        if (!template) throw new Error("fixture");
        const offer: Offer = structuredClone(template);
        if (offer.pricing.model === "fixed" || offer.pricing.model === "spot")
          offer.pricing.price.amount = amount;
        return { ...offer, reliability, latencyMs };
      });
    const offersArb = fc
      .uniqueArray(fc.tuple(offerArb, fc.constantFrom("a", "b", "c", "d", "e", "f")), {
        maxLength: 8,
        selector: ([offer, id]) => `${offer.providerId}:${id}`,
      })
      .map((pairs) => pairs.map(([offer, id]) => ({ ...offer, offerId: id })));
    const constraintsArb: fc.Arbitrary<Constraints> = fc.record(
      {
        maxUsdPerGpuHour: fc.constantFrom(1, 2, 3),
        minReliability: fc.constantFrom(0.9, 0.95),
        regions: fc.constant<Region[]>(["group:eu", "US"]),
        window: fc.constant({ startsAt: Date.UTC(2026, 10, 23, 9), hours: 8 }),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        offersArb,
        constraintsArb,
        fc.constantFrom<BuildDecisionLogInput["mode"]>("tracked", "untracked"),
        async (offers, constraints, mode) => {
          const built = buildDecisionLog({
            ...GOLDEN_INPUT,
            mode,
            team: mode === "tracked" ? "7" : undefined,
            agent: planner,
            offers,
            constraints,
            tokenPrices: TOKEN_PRICES,
          });
          const result = await verify(await store(built.bytes));
          expect(failure(result)).toEqual({ ok: true });
        },
      ),
      { numRuns: 60 },
    );
  });
});
