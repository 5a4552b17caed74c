import type { ExclusionCode } from "../effective-price.ts";

/** The exclusion codes normalization itself can produce. */
export type NormalizeErrorCode = Extract<ExclusionCode, "invalid-price" | "unpriced" | "unknown-gpu">;

/**
 * Why an offer cannot be priced, as an exception. The normalizers return a `NormalizeFailure` instead
 * (an exclusion is the normal outcome for many offers, and an Error captures a stack trace each time),
 * so `normalizeOffer` never throws; the throwing helpers of units.ts and callers that build their own
 * pricing steps use this class.
 */
export class NormalizeError extends Error {
  override readonly name = "NormalizeError";

  constructor(
    readonly code: NormalizeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Why an offer cannot be priced, as a value: what the pricing steps return instead of throwing. A plain
 * object, because building an Error (and its stack trace) costs microseconds per excluded offer.
 */
export class NormalizeFailure {
  constructor(
    readonly code: NormalizeErrorCode,
    readonly message: string,
  ) {}
}

/** An `invalid-price` failure. */
export const invalidPriceFailure = (message: string): NormalizeFailure =>
  new NormalizeFailure("invalid-price", message);

/** Throws a returned failure as the `NormalizeError` the exported throwing helpers promise. */
export const throwIfFailure = <T>(result: T | NormalizeFailure): T => {
  if (result instanceof NormalizeFailure) throw new NormalizeError(result.code, result.message);
  return result;
};
