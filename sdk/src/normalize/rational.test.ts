import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  add,
  compare,
  div,
  mul,
  parseDecimal,
  type Ratio,
  ratio,
  ratioFromNumber,
  toNumber,
} from "./rational.ts";

describe("parseDecimal", () => {
  it.each([
    ["0.000124", 31n, 250_000n],
    ["1234.5", 2469n, 2n],
    ["2392", 2392n, 1n],
    [".5", 1n, 2n],
    ["5.", 5n, 1n],
    ["1e-3", 1n, 1000n],
    ["2.5E+2", 250n, 1n],
    ["-2", -2n, 1n],
    ["  0.30 ", 3n, 10n],
    ["0", 0n, 1n],
  ])("reads %j exactly", (text, num, den) => {
    expect(parseDecimal(text)).toEqual({ num, den });
  });

  it.each([
    "",
    ".",
    "abc",
    "NaN",
    "Infinity",
    "0x10",
    "1,234",
    "1 000",
    "1e",
    "e5",
    "--1",
    "1e401",
    "1".repeat(81),
  ])("rejects %j", (text) => {
    expect(parseDecimal(text)).toBeUndefined();
  });

  it("reads back what String(number) writes", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const parsed = ratioFromNumber(value);
        expect(parsed).toBeDefined();
        expect(Object.is(toNumber(parsed as Ratio), value === 0 ? 0 : value)).toBe(true);
      }),
    );
  });
});

describe("toNumber", () => {
  it("rounds to the nearest double, like parsing the exact decimal", () => {
    expect(toNumber(ratio(1n, 3n))).toBe(1 / 3);
    expect(toNumber(ratio(299n, 100n))).toBe(2.99);
    expect(toNumber(ratio(11_888_235n, 10_000_000n))).toBe(1.1888235);
    expect(toNumber(ratio(-7n, 2n))).toBe(-3.5);
  });

  it("matches the platform's correctly rounded decimal parser", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 30n }),
        fc.integer({ min: 0, max: 40 }),
        (digits, scale) => {
          const text = `${digits}e-${scale}`;
          expect(toNumber(parseDecimal(text) as Ratio)).toBe(Number(text));
        },
      ),
    );
  });

  it("is monotonic", () => {
    const positive = fc.tuple(
      fc.bigInt({ min: 1n, max: 10n ** 25n }),
      fc.bigInt({ min: 1n, max: 10n ** 25n }),
    );
    fc.assert(
      fc.property(positive, positive, ([an, ad], [bn, bd]) => {
        const a = ratio(an, ad);
        const b = ratio(bn, bd);
        if (compare(a, b) <= 0) expect(toNumber(a)).toBeLessThanOrEqual(toNumber(b));
      }),
    );
  });
});

describe("ratio arithmetic", () => {
  it("stays exact where floats do not", () => {
    const tenth = parseDecimal("0.1") as Ratio;
    const sum = add(add(tenth, tenth), tenth);
    expect(sum).toEqual({ num: 3n, den: 10n });
    expect(toNumber(sum)).toBe(0.3);
    expect(div(mul(ratio(2392n), ratio(1n, 100n)), ratio(8n))).toEqual({ num: 299n, den: 100n });
  });

  it("refuses a zero denominator", () => {
    expect(() => ratio(1n, 0n)).toThrow(RangeError);
  });
});
