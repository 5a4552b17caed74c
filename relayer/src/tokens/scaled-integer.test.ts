import { describe, expect, it } from "vitest";
import { scaleInteger } from "./scaled-integer.ts";

describe("scaleInteger", () => {
  it("rounds once where float arithmetic rounds twice", () => {
    // The literal is the nearest double to the decimal, which is what one rounding gives.
    expect(123456789 * 10 ** -8).not.toBe(1.23456789);
    expect(scaleInteger("123456789", -8)).toBe(1.23456789);
    expect(scaleInteger(99_987_654n, -8)).toBe(0.99987654);
  });

  it("keeps the leading digits of a mantissa past 2^53", () => {
    // 2^53 + 1 is not a double: Number() of it first gives ...992 after scaling.
    expect(scaleInteger("9007199254740993", -16)).toBe(Number("0.9007199254740993"));
    expect(Number("9007199254740993") * 10 ** -16).not.toBe(Number("0.9007199254740993"));
    expect(scaleInteger(1_234_567_890_123_456_789_012n, -18)).toBe(Number("1234.567890123456789012"));
  });

  it("handles signs, zero, leading zeros and positive exponents", () => {
    expect(scaleInteger("-5", -3)).toBe(-0.005);
    expect(scaleInteger("0", -8)).toBe(0);
    expect(scaleInteger("+007", 2)).toBe(700);
  });

  it("goes to Infinity or 0 beyond the double range, never to a wrong finite number", () => {
    expect(scaleInteger("7", 400)).toBe(Number.POSITIVE_INFINITY);
    expect(scaleInteger("7", -400)).toBe(0);
  });

  it("refuses what is not an integer", () => {
    expect(() => scaleInteger("1.5", -8)).toThrow(RangeError);
    expect(() => scaleInteger("0x10", 0)).toThrow(RangeError);
    expect(() => scaleInteger("1", 0.5)).toThrow(RangeError);
  });
});
