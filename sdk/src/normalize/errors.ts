import type { ExclusionCode } from "../effective-price.ts";

/** The exclusion codes normalization itself can produce. */
export type NormalizeErrorCode = Extract<ExclusionCode, "invalid-price" | "unpriced" | "unknown-gpu">;

/**
 * Why an offer cannot be priced. The normalizers throw it internally and return it as an exclusion,
 * so `normalizeOffer` never throws; it is exported for callers that build their own pricing steps.
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

export const invalidPrice = (message: string): NormalizeError => new NormalizeError("invalid-price", message);
