/**
 * The walk that makes an itemized price add up: the parts, rounded one by one, summed left to right,
 * must equal the total rounded once. Kept on plain numbers, so that the general pricing steps and the
 * quick ones (quick-price.ts) share it.
 */

// Enough for any realistic number of parts: the walk needs about (parts)² ulps of the smallest step.
const MAX_NUDGE_STEPS = 4096;

const bits = new DataView(new ArrayBuffer(8));

/**
 * The adjacent double above (`up`) or below a finite non-zero `value`: its IEEE 754 bit pattern plus or
 * minus one, modulo 2^64, done on two 32-bit halves (no bigint).
 */
const stepUlp = (value: number, up: boolean): number => {
  bits.setFloat64(0, value);
  let high = bits.getUint32(0);
  let low = bits.getUint32(4);
  // For positive doubles the bit pattern grows with the value; for negative ones it shrinks.
  if (up === value > 0) {
    low = (low + 1) >>> 0;
    if (low === 0) high = (high + 1) >>> 0;
  } else {
    if (low === 0) high = (high - 1) >>> 0;
    low = (low - 1) >>> 0;
  }
  bits.setUint32(0, high);
  bits.setUint32(4, low);
  return bits.getFloat64(0);
};

/** `0 + values[0] + … + values[count - 1]`, in that order. */
export const sumLeftToRight = (values: ArrayLike<number>, count: number): number => {
  let total = 0;
  for (let i = 0; i < count; i++) total += values[i] as number;
  return total;
};

/**
 * Moves the rounded parts `values[0..count)` so that they sum, left to right, to `total` (the exact
 * total rounded once, so the nearest double to the true price and monotonic in every input), and
 * returns their sum. Walks one part, largest first, ulp by ulp until the sum equals the total to the
 * bit. The float sum is monotonic in each part and a part's ulp is at most the total's, so the walk
 * reaches the total unless a rounding tie skips it; then the part is put back and the next one is
 * tried. Parts move by a few ulps at most. If no part worked (not seen in property tests) the sum
 * stays as it is, and the caller uses it as the total, so the two always agree.
 */
export const walkToTotal = (values: Float64Array | number[], count: number, total: number): number => {
  // Parts that already sum to the total need no walk (its first step would stop at once).
  if (sumLeftToRight(values, count) === total) return total;
  // The positive parts, largest first (ties: first listed first), sorted by insertion: a handful at most.
  const byMagnitude: number[] = [];
  for (let index = 0; index < count; index++) {
    const value = values[index] as number;
    if (!(value > 0)) continue;
    let at = byMagnitude.length;
    while (at > 0) {
      const before = byMagnitude[at - 1] as number;
      // The order of (a, b) => b.value - a.value || a.index - b.index, the comparator it stands for.
      if (!((value - (values[before] as number) || before - index) > 0)) break;
      byMagnitude[at] = before;
      at -= 1;
    }
    byMagnitude[at] = index;
  }
  for (const index of byMagnitude) {
    // Every part walked before this one was put back, so this is still the part's rounded value.
    const value = values[index] as number;
    const up = sumLeftToRight(values, count) < total;
    for (let step = 0; step < MAX_NUDGE_STEPS; step += 1) {
      const current = sumLeftToRight(values, count);
      if (current === total || current < total !== up) break;
      values[index] = stepUlp(values[index] as number, up);
    }
    if (sumLeftToRight(values, count) === total) break;
    values[index] = value;
  }
  return sumLeftToRight(values, count);
};
