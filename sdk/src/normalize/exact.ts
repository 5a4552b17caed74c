/**
 * Exact rationals at the speed of doubles. A value is a `Fraction` `n / d` of two safe integers while it
 * fits, and a bigint `Ratio` (rational.ts) once it does not. Below 2^53 every integer is a double, so
 * products and sums of safe integers are exact when the result is still safe; each operation checks
 * that and moves to bigints otherwise. Both forms stand for the same rational, so `toNumberExact` returns
 * exactly the bits `toNumber` would: `n / d` of two exact doubles is one IEEE 754 division, correctly
 * rounded to nearest-even on every engine, like `toNumber`. Prices therefore keep the exact pipeline's
 * values bit for bit while almost never touching a bigint.
 */
import { add, compare, div, mul, parseDecimal, type Ratio, ratio, toNumber, ZERO } from "./rational.ts";

/** `n / d` with `n` and `d > 0` safe integers (not necessarily in lowest terms), and never `-0`. */
export interface Fraction {
  readonly n: number;
  readonly d: number;
}

/** A rational as a `Fraction` while it fits in safe integers, else as a bigint `Ratio`. */
export type Exact = Fraction | Ratio;

const MAX = Number.MAX_SAFE_INTEGER;

// Above 10^15 a power of ten is no longer a safe integer.
const POW10: readonly number[] = Array.from({ length: 16 }, (_, exponent) => 10 ** exponent);

/** Whether `x` is in the fast form. */
export const isFraction = (x: Exact): x is Fraction => "n" in x;

/**
 * An integer result is exact when it is a safe integer: if the true value were 2^53 or more in
 * magnitude, the rounded one would be too (rounding is monotonic and 2^53 is a double).
 */
const safe = (x: number): boolean => x <= MAX && x >= -MAX;

/** `n / d` for integers `n`, `d > 0`; `+ 0` turns a `-0` into `0`, as bigints have no negative zero. */
export const fraction = (n: number, d = 1): Fraction => ({ n: n + 0, d });

// GPU counts, block times and percentages are small integers: share their fractions, allocate none.
const SMALL_INTEGERS: readonly Fraction[] = Array.from({ length: 1025 }, (_, n) => fraction(n));

/** The integer `n` as a fraction (shared for 0..1024). */
const integer = (n: number): Fraction =>
  n >= 0 && n <= 1024 ? (SMALL_INTEGERS[n] as Fraction) : fraction(n);

export const ZERO_EXACT: Fraction = integer(0);
export const ONE_EXACT: Fraction = integer(1);

/** The bigint form, in lowest terms (what the exact functions of rational.ts return). */
export const toRatio = (x: Exact): Ratio => (isFraction(x) ? ratio(BigInt(x.n), BigInt(x.d)) : x);

/** `num / den` as a fraction when both fit, else as a reduced `Ratio`. `den` must not be 0. */
export const exactOf = (num: bigint, den = 1n): Exact => {
  const value = ratio(num, den);
  const n = Number(value.num);
  const d = Number(value.den);
  return safe(n) && d <= MAX ? fraction(n, d) : value;
};

/** `10^exponent` for an integer exponent ≥ 0. */
export const pow10Exact = (exponent: number): Exact =>
  exponent < POW10.length ? fraction(POW10[exponent] as number) : ratio(10n ** BigInt(exponent));

/** Greatest common divisor of two non-negative safe integers (`%` is exact on them). */
const gcd = (a: number, b: number): number => {
  let x = a;
  let y = b;
  while (y !== 0) {
    const rest = x % y;
    x = y;
    y = rest;
  }
  return x;
};

/** `a × b`, exactly. */
export const mulExact = (a: Exact, b: Exact): Exact => {
  if (isFraction(a) && isFraction(b)) {
    const n = a.n * b.n;
    const d = a.d * b.d;
    if (safe(n) && d <= MAX) return fraction(n, d);
    // Cancel across before giving up on doubles: a price times a unit often shares factors of ten.
    const g1 = gcd(Math.abs(a.n), b.d) || 1;
    const g2 = gcd(Math.abs(b.n), a.d) || 1;
    const reducedN = (a.n / g1) * (b.n / g2);
    const reducedD = (a.d / g2) * (b.d / g1);
    if (safe(reducedN) && reducedD <= MAX) return fraction(reducedN, reducedD);
  }
  return mul(toRatio(a), toRatio(b));
};

/**
 * `a × b / c`, `c > 0`: one fraction for the three factors of a unit conversion when the products stay
 * safe, else `divExact(mulExact(a, b), c)`.
 */
export const mulDivExact = (a: Exact, b: Exact, c: Exact): Exact => {
  if (isFraction(a) && isFraction(b) && isFraction(c) && c.n > 0) {
    const n = a.n * b.n * c.d;
    const d = a.d * b.d * c.n;
    // The factors are integers and c.d, c.n ≥ 1: a safe final product means the partial ones were safe
    // too (had one reached 2^53, the rounded final product would have as well), so all were exact.
    if (safe(n) && d <= MAX) return fraction(n, d);
  }
  return divExact(mulExact(a, b), c);
};

/** `toNumberExact(mulExact(a, b))`, without building the product when it fits. */
export const mulToNumberExact = (a: Exact, b: Exact): number => {
  if (isFraction(a) && isFraction(b)) {
    // `+ 0`: a negative times zero is -0 in doubles, and 0 as a rational.
    const n = a.n * b.n + 0;
    const d = a.d * b.d;
    if (safe(n) && d <= MAX) return n / d;
  }
  return toNumberExact(mulExact(a, b));
};

/** `a / b`; `b` must not be 0 (the bigint path throws a RangeError, as `div` does). */
export const divExact = (a: Exact, b: Exact): Exact => {
  if (isFraction(b) && b.n !== 0) {
    // Dividing by n/d is multiplying by d/n, with the sign moved to the numerator.
    return mulExact(a, b.n > 0 ? fraction(b.d, b.n) : fraction(-b.d, -b.n));
  }
  return div(toRatio(a), toRatio(b));
};

/** `a + b`, exactly. */
export const addExact = (a: Exact, b: Exact): Exact => {
  if (isFraction(a) && isFraction(b)) {
    if (a.d === b.d) {
      const n = a.n + b.n;
      if (safe(n)) return fraction(n, a.d);
    } else {
      const d = (a.d / gcd(a.d, b.d)) * b.d;
      if (d <= MAX) {
        const left = a.n * (d / a.d);
        const right = b.n * (d / b.d);
        const n = left + right;
        if (safe(left) && safe(right) && safe(n)) return fraction(n, d);
      }
    }
  }
  return add(toRatio(a), toRatio(b));
};

/** -1, 0 or 1 as `a` is below, equal to or above 0. */
export const signExact = (a: Exact): number => {
  if (isFraction(a)) return a.n > 0 ? 1 : a.n < 0 ? -1 : 0;
  return compare(a, ZERO);
};

/** Whether `a` is an integer. */
export const isIntegerExact = (a: Exact): boolean => (isFraction(a) ? a.n % a.d === 0 : a.den === 1n);

/** The integer an integral `a` equals (`isIntegerExact(a)` must hold). */
export const toBigIntExact = (a: Exact): bigint => (isFraction(a) ? BigInt(a.n / a.d) : a.num / a.den);

/** The nearest double to `a`, ties to even: the same bits as `toNumber(toRatio(a))`. */
export const toNumberExact = (a: Exact): number => (isFraction(a) ? a.n / a.d : toNumber(a));

// Longer text is not a price; parseDecimal refuses it too.
const MAX_DECIMAL_CHARS = 80;

/**
 * `parseDecimal` for the common spelling, plain digits with at most one dot (`"2.99"`, `"2392"`, `".5"`),
 * read straight into a fraction; every other spelling (sign, exponent, spaces, more than 15 decimals,
 * 2^53 or more as digits) goes through `parseDecimal`. Same accepted strings, same values.
 */
export const parseDecimalExact = (text: string): Exact | undefined => {
  const length = text.length;
  let n = 0;
  let scale = 0;
  let digits = 0;
  let dot = false;
  let plain = length > 0 && length <= MAX_DECIMAL_CHARS;
  for (let i = 0; plain && i < length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      // Once above 2^53 the running value stays there (rounding is monotonic), and the check below sees it.
      n = n * 10 + (code - 48);
      digits += 1;
      if (dot) scale += 1;
    } else if (code === 46 && !dot) {
      dot = true;
    } else {
      plain = false;
    }
  }
  if (plain && digits > 0 && n <= MAX) {
    // Trailing zeros of the fraction keep the denominator small: "1.000000" is 1/1.
    while (scale > 0 && n % 10 === 0) {
      n /= 10;
      scale -= 1;
    }
    if (scale < POW10.length) return fraction(n, POW10[scale] as number);
  }
  const value = parseDecimal(text);
  return value === undefined ? undefined : exactOf(value.num, value.den);
};

/**
 * `ratioFromNumber`: the decimal a finite number prints as, exactly (`0.1` is 1/10, not the binary
 * value of the double 0.1). Safe integers print as themselves; other numbers go through `String`.
 * Returns `undefined` for NaN, ±Infinity and anything that is not a number.
 */
export const exactFromNumber = (value: number): Exact | undefined => {
  if (Number.isSafeInteger(value)) return integer(value);
  return Number.isFinite(value) ? parseDecimalExact(String(value)) : undefined;
};

// Token prices, block times, percentages and probabilities repeat across offers; a price does not.
const MEMO_LIMIT = 1024;
const memo = new Map<number, Exact | undefined>();

/**
 * `exactFromNumber` remembered for the values that repeat from offer to offer (a number always prints
 * the same, so the memo can never be stale). Bounded: it starts over after 1024 distinct values.
 */
export const exactFromNumberCached = (value: number): Exact | undefined => {
  // Not a number (a bad adapter's "10"): no decimal, and nothing worth keeping in the memo.
  if (typeof value !== "number") return undefined;
  if (Number.isSafeInteger(value)) return integer(value);
  const known = memo.get(value);
  if (known !== undefined || memo.has(value)) return known;
  if (memo.size >= MEMO_LIMIT) memo.clear();
  const exact = exactFromNumber(value);
  memo.set(value, exact);
  return exact;
};
