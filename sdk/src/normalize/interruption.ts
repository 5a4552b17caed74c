import {
  addExact,
  type Exact,
  exactFromNumber,
  exactFromNumberCached,
  mulExact,
  ONE_EXACT,
  parseDecimalExact,
  toNumberExact,
} from "./exact.ts";
import { ratio } from "./rational.ts";

/**
 * Paid hours redone per interruption, as a fraction of one hour: 0.5. With hourly checkpoints an
 * interruption at a uniformly random moment loses half an hour of work on average; restart time
 * (boot, image pull) is left out because it varies more by image than by provider.
 */
export const RESTART_OVERHEAD_FRACTION = "0.5";

const REWORK: Exact = parseDecimalExact(RESTART_OVERHEAD_FRACTION) ?? ratio(1n, 2n);

/**
 * The expected cost of an interruptible offer, USD per GPU-hour of useful work:
 * `plain × (1 + interruptionPerHour × RESTART_OVERHEAD_FRACTION)`, computed exactly from the plain
 * price's decimal and rounded once, so `interruptionPerHour = 0` returns `plain` bit for bit.
 * Both inputs must be finite (the normalizers validate them first); otherwise returns NaN.
 */
export const expectedUsdPerGpuHour = (plainUsdPerGpuHour: number, interruptionPerHour: number): number => {
  // The plain price differs from offer to offer; the probability is usually one of a few defaults.
  const plain = exactFromNumber(plainUsdPerGpuHour);
  const probability = exactFromNumberCached(interruptionPerHour);
  if (plain === undefined || probability === undefined) return Number.NaN;
  return toNumberExact(mulExact(plain, addExact(ONE_EXACT, mulExact(probability, REWORK))));
};
