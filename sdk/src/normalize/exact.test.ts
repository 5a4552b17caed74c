import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addExact,
  divExact,
  type Exact,
  exactFromNumber,
  exactFromNumberCached,
  exactOf,
  isFraction,
  isIntegerExact,
  mulDivExact,
  mulExact,
  mulToNumberExact,
  parseDecimalExact,
  signExact,
  toNumberExact,
  toRatio,
} from "./exact.ts";
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
  ZERO,
} from "./rational.ts";

// Magnitudes around the safe-integer limit matter most: they decide between doubles and bigints.
const integerArb = fc.oneof(
  fc.bigInt({ min: 0n, max: 1000n }),
  fc.bigInt({ min: 1n, max: 10n ** 12n }),
  fc.bigInt({ min: 2n ** 50n, max: 2n ** 55n }),
  fc.bigInt({ min: 1n, max: 10n ** 30n }),
);
const ratioArb: fc.Arbitrary<Ratio> = fc
  .tuple(
    integerArb,
    integerArb.map((den) => den + 1n),
    fc.boolean(),
  )
  .map(([num, den, negative]) => ratio(negative ? -num : num, den));
// The same rational in both forms: a fraction when it fits, a bigint ratio otherwise.
const exactArb: fc.Arbitrary<[Ratio, Exact]> = ratioArb.map((value) => [
  value,
  exactOf(value.num, value.den),
]);
const positive = (value: Ratio): boolean => compare(value, ZERO) > 0;

describe("exactOf", () => {
  it("keeps a rational that fits in safe integers as a fraction, and bigger ones as bigints", () => {
    expect(isFraction(exactOf(299n, 100n))).toBe(true);
    expect(isFraction(exactOf(2n ** 53n))).toBe(false);
    expect(toRatio(exactOf(2n ** 53n))).toEqual(ratio(2n ** 53n));
  });
});

describe("exact arithmetic", () => {
  it("agrees with the bigint rationals on products, sums and quotients", () => {
    fc.assert(
      fc.property(exactArb, exactArb, ([a, exactA], [b, exactB]) => {
        expect(toRatio(mulExact(exactA, exactB))).toEqual(mul(a, b));
        expect(toRatio(addExact(exactA, exactB))).toEqual(add(a, b));
        if (compare(b, ZERO) !== 0) expect(toRatio(divExact(exactA, exactB))).toEqual(div(a, b));
      }),
    );
  });

  it("converts a unit in one step exactly as in two", () => {
    fc.assert(
      fc.property(exactArb, exactArb, exactArb, ([a, exactA], [b, exactB], [c, exactC]) => {
        fc.pre(positive(c));
        expect(toRatio(mulDivExact(exactA, exactB, exactC))).toEqual(div(mul(a, b), c));
      }),
    );
  });

  it("rounds to the same double as the bigint path", () => {
    fc.assert(
      fc.property(exactArb, exactArb, ([a, exactA], [b, exactB]) => {
        expect(Object.is(toNumberExact(exactA), toNumber(a))).toBe(true);
        expect(Object.is(mulToNumberExact(exactA, exactB), toNumber(mul(a, b)))).toBe(true);
      }),
    );
  });

  it("tells signs and integers apart like the bigint rationals", () => {
    fc.assert(
      fc.property(exactArb, ([value, exact]) => {
        expect(signExact(exact)).toBe(compare(value, ZERO));
        expect(isIntegerExact(exact)).toBe(value.den === 1n);
      }),
    );
  });

  it("refuses to divide by zero, as div does", () => {
    expect(() => divExact(exactOf(1n), exactOf(0n))).toThrow(RangeError);
  });
});

const digitsArb = fc.stringMatching(/^\d{0,22}$/);
// Plain decimals (the fast path) and every other spelling parseDecimal knows or refuses.
const decimalTextArb = fc.oneof(
  fc
    .tuple(digitsArb, fc.option(digitsArb, { nil: undefined }))
    .map(([whole, fraction]) => (fraction === undefined ? whole : `${whole}.${fraction}`)),
  fc.constantFrom(
    "",
    ".",
    "5.",
    ".5",
    "-2",
    "+1.5",
    " 0.30 ",
    "1e-3",
    "2.5E+2",
    "1e401",
    "NaN",
    "0x10",
    "1,234",
    "1.2.3",
    "1".repeat(81),
    "9007199254740993",
    "0.0000000000000001",
  ),
);

describe("parseDecimalExact", () => {
  it("reads every string exactly as parseDecimal does", () => {
    fc.assert(
      fc.property(decimalTextArb, (text) => {
        const exact = parseDecimalExact(text);
        const reference = parseDecimal(text);
        expect(exact === undefined ? undefined : toRatio(exact)).toEqual(reference);
      }),
    );
  });

  it("reads a price with trailing zeros into a small fraction", () => {
    expect(parseDecimalExact("1.000000")).toEqual({ n: 1, d: 1 });
    expect(parseDecimalExact("00012.3400")).toEqual({ n: 1234, d: 100 });
  });
});

describe("exactFromNumber", () => {
  it("reads the decimal a number prints as, like ratioFromNumber, remembered or not", () => {
    const numberArb = fc.oneof(
      fc.double({ noNaN: false }),
      fc.integer(),
      fc.constantFrom(0, -0, 0.1, 1.12, 1e21, 2 ** 53, 1e-7, Number.NaN, Number.POSITIVE_INFINITY),
    );
    fc.assert(
      fc.property(numberArb, (value) => {
        const reference = ratioFromNumber(value);
        for (const exact of [
          exactFromNumber(value),
          exactFromNumberCached(value),
          exactFromNumberCached(value),
        ]) {
          expect(exact === undefined ? undefined : toRatio(exact)).toEqual(reference);
        }
      }),
    );
  });

  it("has no decimal for something that is not a number", () => {
    expect(exactFromNumberCached("10" as unknown as number)).toBeUndefined();
    expect(exactFromNumber("10" as unknown as number)).toBeUndefined();
  });

  it("never gives a negative zero", () => {
    const zero = exactFromNumber(-0) as Exact;
    expect(isFraction(zero) && Object.is(zero.n, 0)).toBe(true);
  });
});
