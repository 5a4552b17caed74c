/** Why a request to an upstream API failed, in words the health report and the logs can show. */
export type UpstreamFailureCode =
  | "timeout"
  | "rate-limited"
  | "http-error"
  | "malformed"
  | "network"
  | "aborted";

export class UpstreamError extends Error {
  override readonly name = "UpstreamError";
  constructor(
    readonly code: UpstreamFailureCode,
    message: string,
    /** HTTP status, when there was a response. */
    readonly status?: number,
    /** For `rate-limited`: how long the upstream asked us to wait (Retry-After), in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** The string `code` an error carries (UpstreamError, ProviderDriftError, store and feed errors), else "error". */
export const errorCodeOf = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code !== "" ? code : "error";
};
