/** A decision log (object or bytes) does not satisfy `DecisionLogSchema`. `issues`: "path: message" lines. */
export class DecisionLogSchemaError extends Error {
  override readonly name = "DecisionLogSchemaError";
  readonly code = "schema";

  constructor(readonly issues: readonly string[]) {
    super(`invalid decision log: ${issues.join("; ")}`);
  }
}

/** The bytes are not UTF-8 JSON, or the value cannot be written as canonical JSON (a lone surrogate). */
export class DecisionLogEncodingError extends Error {
  override readonly name = "DecisionLogEncodingError";
  readonly code = "not-json";
}

/** 0G cannot store or hash 0 bytes, and the Merkle tree could not be built. */
export class RootHashError extends Error {
  override readonly name = "RootHashError";

  constructor(
    readonly code: "empty" | "merkle-tree",
    message: string,
  ) {
    super(message);
  }
}

/** An Untracked decision log's canonical bytes contain the user's address in some form. */
export class IdentityLeakError extends Error {
  override readonly name = "IdentityLeakError";
  readonly code = "identity-in-untracked";

  constructor(
    /** Byte offset of the first hit (of its 40 hex digits). */
    readonly offset: number,
  ) {
    super(`the user's address appears in the Untracked decision log at byte ${offset}`);
  }
}

/** The caller's pick is not a ranked offer, or a planner picked anything but rank 1. */
export class ChoiceError extends Error {
  override readonly name = "ChoiceError";

  constructor(
    readonly code: "choice-not-ranked" | "planner-not-first",
    message: string,
  ) {
    super(message);
  }
}

/** `buildDecisionLog` was given a user address that is not a valid address. */
export class InvalidUserError extends Error {
  override readonly name = "InvalidUserError";
  readonly code = "invalid-user";
}
