/**
 * Exact rational arithmetic on bigints, so that a price is computed without rounding and converted to a
 * binary float exactly once, with one correctly rounded step. Same inputs, same bits, on every engine:
 * bigint arithmetic is exact and `Number(bigint)` rounds to nearest-even by the language spec.
 * The pricing steps use exact.ts, which keeps values in safe integers and comes here only when they
 * outgrow them; the tests use these functions as the reference.
 */

/** `num / den` in lowest terms, `den > 0`. */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  let x = a < 0n ? -a : a;
  // Both signs dropped: with a negative y the remainders, and so the divisor, could come out negative.
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
};

/** Builds `num / den` in lowest terms. `den` must not be 0. */
export const ratio = (num: bigint, den = 1n): Ratio => {
  if (den === 0n) throw new RangeError("ratio: zero denominator");
  const sign = den < 0n ? -1n : 1n;
  const divisor = gcd(num, den) || 1n;
  return { num: (sign * num) / divisor, den: (sign * den) / divisor };
};

export const ZERO: Ratio = { num: 0n, den: 1n };
export const ONE: Ratio = { num: 1n, den: 1n };

export const add = (a: Ratio, b: Ratio): Ratio => ratio(a.num * b.den + b.num * a.den, a.den * b.den);
export const sub = (a: Ratio, b: Ratio): Ratio => ratio(a.num * b.den - b.num * a.den, a.den * b.den);
export const mul = (a: Ratio, b: Ratio): Ratio => ratio(a.num * b.num, a.den * b.den);
/** `a / b`; `b` must not be 0. */
export const div = (a: Ratio, b: Ratio): Ratio => ratio(a.num * b.den, a.den * b.num);
export const sum = (values: readonly Ratio[]): Ratio => values.reduce(add, ZERO);
/** -1, 0 or 1 as `a` is below, equal to or above `b`. */
export const compare = (a: Ratio, b: Ratio): number => {
  const difference = a.num * b.den - b.num * a.den;
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
};
export const isInteger = (a: Ratio): boolean => a.den === 1n;
export const pow10 = (exponent: number): bigint => 10n ** BigInt(exponent);

// Longer inputs are not prices; the bound keeps a hostile string from costing seconds of bigint work.
const MAX_DECIMAL_CHARS = 80;
const MAX_EXPONENT = 400;
const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parses a decimal string exactly: `"0.000124"`, `"1234.5"`, `"-2"`, `".5"`, and exponent notation
 * (`"1e-3"`, `"2.5E+2"`), which is what `String(number)` writes for small and large numbers.
 * Returns `undefined` for anything else: empty text, `NaN`, `Infinity`, hex, thousands separators,
 * inner spaces, more than 80 characters or an exponent beyond ±400. Surrounding spaces are ignored.
 */
export const parseDecimal = (text: string): Ratio | undefined => {
  const trimmed = text.trim();
  if (trimmed.length > MAX_DECIMAL_CHARS) return undefined;
  const match = DECIMAL.exec(trimmed);
  if (!match) return undefined;
  const [, sign, whole = "", fraction = "", exponentText] = match;
  if (whole === "" && fraction === "") return undefined;
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > MAX_EXPONENT) return undefined;
  const digits = BigInt(`${whole}${fraction}` || "0") * (sign === "-" ? -1n : 1n);
  const scale = exponent - fraction.length;
  return scale >= 0 ? ratio(digits * pow10(scale)) : ratio(digits, pow10(-scale));
};

/**
 * The decimal a finite number prints as (`String(0.1)` is `"0.1"`), exactly. ECMAScript fixes that
 * shortest round-trip text, so every engine gets the same rational; `toNumber` maps it back to the
 * same number. Returns `undefined` for NaN and ±Infinity.
 */
export const ratioFromNumber = (value: number): Ratio | undefined =>
  Number.isFinite(value) ? parseDecimal(String(value)) : undefined;

const bitLength = (value: bigint): number => value.toString(2).length;

/**
 * The nearest binary64 to `a` (ties to even), via one integer division with a sticky bit: the quotient
 * keeps at least 55 significant bits, so `Number()` rounds it exactly once and correctly. Scaling by a
 * power of two afterwards is exact for every value a price can take (no subnormals).
 */
export const toNumber = (a: Ratio): number => {
  if (a.num === 0n) return 0;
  const negative = a.num < 0n;
  const num = negative ? -a.num : a.num;
  const shift = 55 + bitLength(a.den) - bitLength(num);
  const scaledNum = shift > 0 ? num << BigInt(shift) : num;
  const scaledDen = shift < 0 ? a.den << BigInt(-shift) : a.den;
  const quotient = scaledNum / scaledDen;
  const sticky = scaledNum % scaledDen === 0n ? 0n : 1n;
  let value = Number(quotient | sticky);
  // Powers of two up to 2^1000 are exact doubles; larger shifts go in steps (values far from any price).
  for (let left = shift; left > 0; left -= 1000) value /= Number(1n << BigInt(Math.min(left, 1000)));
  for (let left = -shift; left > 0; left -= 1000) value *= Number(1n << BigInt(Math.min(left, 1000)));
  return negative ? -value : value;
};
