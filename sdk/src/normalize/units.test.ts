import { describe, expect, it } from "vitest";
import { NormalizeError } from "./errors.ts";
import { ratio, toNumber } from "./rational.ts";
import { tokenPrice } from "./test-offer.ts";
import { gpusPerScope, parseMoney, unitsPerHour, usdPerUnit } from "./units.ts";

const thrown = (action: () => unknown): NormalizeError => {
  try {
    action();
  } catch (error) {
    if (error instanceof NormalizeError) return error;
    throw error;
  }
  throw new Error("expected a NormalizeError");
};

describe("unitsPerHour", () => {
  it.each([
    ["second", 3600],
    ["minute", 60],
    ["hour", 1],
    ["day", 1 / 24],
  ] as const)("counts %s units in an hour", (unit, count) => {
    expect(toNumber(unitsPerHour(unit))).toBe(count);
  });

  it("uses the Akash Console's 30.437-day month", () => {
    expect(unitsPerHour("month")).toEqual(ratio(1000n, 730_488n));
  });

  it("counts 600 six-second blocks and 720 five-second blocks in an hour", () => {
    expect(unitsPerHour("block", 6)).toEqual(ratio(600n));
    expect(unitsPerHour("block", 5)).toEqual(ratio(720n));
    expect(toNumber(unitsPerHour("block", 6.117))).toBe(3600 / 6.117);
  });

  it.each([undefined, 0, -6, Number.NaN, Number.POSITIVE_INFINITY])(
    "rejects a block time of %s",
    (seconds) => {
      expect(thrown(() => unitsPerHour("block", seconds)).code).toBe("invalid-price");
    },
  );

  it("rejects an unknown unit", () => {
    expect(thrown(() => unitsPerHour("week" as "hour")).message).toMatch(/unknown time unit "week"/);
  });
});

describe("gpusPerScope", () => {
  it("divides instance prices by the GPU count, fractional GPUs included", () => {
    expect(gpusPerScope("gpu", 8)).toEqual(ratio(1n));
    expect(gpusPerScope("instance", 8)).toEqual(ratio(8n));
    expect(gpusPerScope("instance", 0.25)).toEqual(ratio(1n, 4n));
  });

  it.each([0, -1, Number.NaN])("rejects %s GPUs per instance", (count) => {
    expect(thrown(() => gpusPerScope("instance", count)).code).toBe("invalid-price");
  });
});

describe("parseMoney", () => {
  it("scales micro-denominations by their decimals", () => {
    expect(parseMoney({ amount: "1234.5", currency: "akt", decimals: 6 }, "price")).toEqual({
      amount: ratio(2469n, 2_000_000n),
      currency: "AKT",
    });
  });

  it.each([
    [{ amount: "abc", currency: "USD" }, /"abc" is not a decimal number/],
    [{ amount: "-1", currency: "USD" }, /negative/],
    [{ amount: "0", currency: "USD" }, /zero price/],
    [{ amount: "1", currency: "USD", decimals: 1.5 }, /decimals 1.5/],
    [{ amount: "1", currency: " " }, /no currency/],
    [{ amount: 1 as unknown as string, currency: "USD" }, /decimal string/],
  ])("rejects %j", (money, message) => {
    const error = thrown(() => parseMoney(money, "price"));
    expect(error.code).toBe("invalid-price");
    expect(error.message).toMatch(message);
  });

  it("accepts a zero extra", () => {
    expect(parseMoney({ amount: "0", currency: "USD" }, "extra", true).amount).toEqual(ratio(0n));
  });
});

describe("usdPerUnit", () => {
  it("prices dollars and cents without an oracle", () => {
    expect(usdPerUnit("USD", {}).usd).toEqual(ratio(1n));
    expect(usdPerUnit("USD_CENTS", {}).usd).toEqual(ratio(1n, 100n));
  });

  it("prices tokens, stablecoins included, only through the oracle", () => {
    expect(usdPerUnit("AKT", { AKT: tokenPrice("AKT", 3.21) }).usd).toEqual(ratio(321n, 100n));
    expect(thrown(() => usdPerUnit("USDC", {})).code).toBe("unpriced");
    expect(thrown(() => usdPerUnit("ACT", {})).code).toBe("unpriced");
  });

  it("fails closed on a zero or missing token price", () => {
    expect(thrown(() => usdPerUnit("AKT", { AKT: tokenPrice("AKT", 0) })).code).toBe("unpriced");
    expect(thrown(() => usdPerUnit("AKT", { AKT: undefined })).code).toBe("unpriced");
    expect(thrown(() => usdPerUnit("TOSTRING", {})).code).toBe("unpriced");
  });

  it("points out a micro-denomination written as the currency", () => {
    expect(thrown(() => usdPerUnit("UAKT", { AKT: tokenPrice("AKT", 3) })).message).toMatch(/uakt = AKT, 6/);
  });
});
