import { describe, expect, it } from "vitest";
import { GOLDEN_INPUT } from "./__fixtures__/decision-inputs.ts";
import { buildDecisionLog } from "./build.ts";
import { DecisionLogEncodingError, DecisionLogSchemaError } from "./errors.ts";
import type { DecisionLog } from "./schema.ts";
import { parseDecisionLog, serializeDecisionLog } from "./serialize.ts";

const built = () => buildDecisionLog(GOLDEN_INPUT);
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const utf8 = (value: string): Uint8Array => new TextEncoder().encode(value);

/** The same object with its keys in reverse order, all the way down. */
const reverseKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, item]) => [key, reverseKeys(item)]),
  );
};

describe("serializeDecisionLog", () => {
  it("writes RFC 8785 canonical JSON: sorted keys, no whitespace", () => {
    const json = text(built().bytes);
    expect(json.startsWith('{"agent":{"kind":"llm","modelId":"gemini-2.5-flash","toolCalls":[')).toBe(true);
    expect(json).not.toMatch(/\n|": |, "/);
  });

  it("gives the same bytes whatever the key order", () => {
    const { log, bytes } = built();
    expect(serializeDecisionLog(reverseKeys(log) as DecisionLog)).toEqual(bytes);
  });

  it("drops undefined fields, so an absent field and an undefined one are the same log", () => {
    const { log, bytes } = built();
    const withUndefined = {
      ...log,
      agent: { ...log.agent, modelId: log.agent.modelId },
      request: { ...log.request, text: undefined },
    };
    const without = { ...log, request: { structured: log.request.structured } };
    expect(serializeDecisionLog(withUndefined as DecisionLog)).toEqual(
      serializeDecisionLog(without as DecisionLog),
    );
    expect(text(serializeDecisionLog(withUndefined as DecisionLog))).not.toContain("undefined");
    expect(serializeDecisionLog(log)).toEqual(bytes);
  });

  it("writes numbers in their shortest round-trip form", () => {
    const json = text(built().bytes);
    expect(json).toContain('"usdPerGpuHour":1.55');
    expect(json).toContain('"maxUsdPerGpuHour":3,');
  });

  it("refuses non-finite numbers and undefined list items instead of writing null", () => {
    const { log } = built();
    const nan = { ...log, context: { now: Number.NaN } };
    expect(() => serializeDecisionLog(nan as DecisionLog)).toThrow(DecisionLogSchemaError);
    const hole = { ...log, oracleQuotes: [undefined, ...log.oracleQuotes] };
    expect(() => serializeDecisionLog(hole as unknown as DecisionLog)).toThrow(DecisionLogSchemaError);
  });

  it("refuses a lone surrogate, which has no UTF-8 form", () => {
    const { log } = built();
    const broken = { ...log, request: { text: "GPU \ud800 please" } };
    expect(() => serializeDecisionLog(broken as DecisionLog)).toThrow(DecisionLogEncodingError);
  });

  it("says what is wrong with an invalid log", () => {
    const { log } = built();
    expect(() => serializeDecisionLog({ ...log, createdAt: -1 })).toThrow(
      "invalid decision log: createdAt: createdAt must be 0 or more (unix ms)",
    );
  });
});

describe("parseDecisionLog", () => {
  it("reads back the log it wrote", () => {
    const { log, bytes } = built();
    const parsed = parseDecisionLog(bytes);
    expect(serializeDecisionLog(parsed)).toEqual(bytes);
    expect(JSON.parse(JSON.stringify(log))).toEqual(parsed);
  });

  it("reads a non-canonical spelling of a valid log (canonical form is verifyDecision's check)", () => {
    const { log } = built();
    expect(parseDecisionLog(utf8(JSON.stringify(log, null, 2)))).toEqual(parseDecisionLog(built().bytes));
  });

  it("refuses bytes that are not UTF-8, not JSON, or start with a BOM", () => {
    expect(() => parseDecisionLog(Uint8Array.from([0x7b, 0xff, 0x7d]))).toThrow("not valid UTF-8");
    expect(() => parseDecisionLog(utf8("{nope"))).toThrow(DecisionLogEncodingError);
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...built().bytes]);
    expect(() => parseDecisionLog(bom)).toThrow(DecisionLogEncodingError);
  });

  it("refuses valid JSON that is not a decision log", () => {
    expect(() => parseDecisionLog(utf8('{"version":1}'))).toThrow(DecisionLogSchemaError);
  });
});
