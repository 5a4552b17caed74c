import { decisionLogRoot, RootHashError } from "@necto/sdk";

/** A 0G Storage root: `0x` + 64 lower-case hex digits. */
export type Hex = `0x${string}`;

/** Why a decision store refused or failed, in words the outbox, the logs and the API can show. */
export type DecisionStoreErrorCode =
  /** 0 bytes: 0G has no root for them and cannot store them. */
  | "empty"
  /** The root given is not `0x` + 64 hex digits. */
  | "bad-root"
  /** Bytes hash to a different root than the one they are stored or asked under (tampered, or a wrong answer). */
  | "root-mismatch"
  /** The store did not finish within its deadline. */
  | "timeout"
  /** The caller's signal stopped the operation. */
  | "aborted"
  /** The 0G SDK reported a failed upload (node selection, fee transaction, segments). */
  | "upload-failed"
  /** The remote store could not be reached or answered an error (pruned, not finalized, HTTP failure). */
  | "unavailable"
  /** The remote store answered something that is neither the file nor a known error. */
  | "bad-response"
  /** The local file system failed. */
  | "io";

export class DecisionStoreError extends Error {
  override readonly name = "DecisionStoreError";

  constructor(
    readonly code: DecisionStoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface DecisionStoreCallOptions {
  /** Stops the operation; the store rejects with `aborted` (or `timeout` for an `AbortSignal.timeout`). */
  signal?: AbortSignal;
}

/**
 * Where decision logs live, addressed by their 0G root (the sdk's `decisionLogRoot`): the 0G network in
 * production, a local content-addressed folder otherwise. Both verify the root of every byte they return.
 */
export interface DecisionStore {
  readonly kind: "local" | "0g";
  /**
   * Stores `bytes` under their root. Storing the same bytes again is harmless.
   * @returns the root, and for 0G the hash of the storage-fee transaction (absent when the network
   *   already had the file).
   * @throws DecisionStoreError
   */
  put(bytes: Uint8Array, options?: DecisionStoreCallOptions): Promise<{ root: Hex; txHash?: string }>;
  /**
   * The bytes stored under `root` (any hex case), checked to hash to it; `undefined` when there are none.
   * @throws DecisionStoreError `bad-root`, `root-mismatch`, and for remote stores `timeout`, `unavailable`, ...
   */
  get(root: Hex, options?: DecisionStoreCallOptions): Promise<Uint8Array | undefined>;
}

const ROOT_PATTERN = /^0x[0-9a-fA-F]{64}$/;

/** `root` in lower case, or a `bad-root` error. */
export const normalizeRoot = (root: string): Hex => {
  if (!ROOT_PATTERN.test(root)) {
    throw new DecisionStoreError("bad-root", `root ${JSON.stringify(root)} is not 0x + 64 hex digits`);
  }
  return root.toLowerCase() as Hex;
};

export { errorCodeOf } from "../http/errors.ts";

/**
 * The 0G root and length of `bytes` (the sdk's `decisionLogRoot`, the 0G SDK's own Merkle tree).
 * @throws DecisionStoreError `empty` for 0 bytes.
 */
export const rootOf = async (bytes: Uint8Array): Promise<{ root: Hex; length: number }> => {
  try {
    return await decisionLogRoot(bytes);
  } catch (error) {
    if (error instanceof RootHashError && error.code === "empty") {
      throw new DecisionStoreError("empty", error.message, { cause: error });
    }
    throw error;
  }
};
