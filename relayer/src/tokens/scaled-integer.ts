/**
 * `mantissa × 10^exponent` as the nearest double, for oracle fixed-point numbers (Pyth `price`/`expo`,
 * Chainlink `answer`/`decimals`). The exact digits are parsed once as `<digits>e<exponent>`, so the result is
 * rounded once: `123456789 * 10 ** -8` is 1.2345678900000001, `Number("123456789e-8")` is 1.23456789, and a
 * mantissa past 2^53 keeps its leading digits instead of going through an inexact Number first.
 * Throws RangeError for a mantissa that is not an integer or an exponent that is not a safe integer.
 * A result beyond the double range is ±Infinity (the sdk drops a non-finite quote as invalid).
 */
export const scaleInteger = (mantissa: string | bigint, exponent: number): number => {
  if (!Number.isSafeInteger(exponent)) throw new RangeError(`exponent ${exponent} is not an integer`);
  if (typeof mantissa === "string" && !/^[+-]?\d+$/.test(mantissa.trim())) {
    throw new RangeError(`${JSON.stringify(mantissa)} is not an integer`);
  }
  const value = BigInt(typeof mantissa === "string" ? mantissa.trim() : mantissa);
  const sign = value < 0n ? "-" : "";
  const digits = (value < 0n ? -value : value).toString();
  // Scientific notation keeps the string short whatever the exponent; V8 parses it correctly rounded.
  return Number(`${sign}${digits}e${exponent}`);
};
