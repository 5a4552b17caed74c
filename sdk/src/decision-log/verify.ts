import { formatPair } from "../constraints.ts";
import { type Exclusion, offerKey } from "../effective-price.ts";
import { rankOffers } from "../rank.ts";
import { normalizeContextOf } from "./context.ts";
import { DecisionLogEncodingError, DecisionLogSchemaError } from "./errors.ts";
import { findAddress } from "./identity.ts";
import { decisionLogRoot } from "./root-hash.ts";
import type { DecisionLog } from "./schema.ts";
import { parseDecisionLog, serializeDecisionLog } from "./serialize.ts";

/** Why a decision failed verification, in the order the checks run. */
export type VerifyFailureCode =
  /** The byte count differs from the one recorded with the job. */
  | "length-mismatch"
  /** The 0G root of the bytes differs from the expected one (or the expected one is malformed). */
  | "root-mismatch"
  /** The bytes are not UTF-8 JSON. */
  | "not-json"
  /** The JSON is not a valid decision log of a version this SDK reads. */
  | "schema"
  /** Valid, but not the canonical bytes of that log (key order, spacing, escapes, number spelling). */
  | "not-canonical"
  /** An Untracked log holds the user's address (checked only when the verifier names the user). */
  | "identity-in-untracked"
  /** Replaying the ranking threw (it should not: the log passed the schema). */
  | "replay-error"
  /** The replayed ranking differs from the logged one (keys, order or prices). */
  | "ranking-mismatch"
  /** The replayed exclusions differ from the logged ones (keys, codes or messages). */
  | "exclusions-mismatch"
  /** The choice is not a ranked offer, disagrees with its ranking entry, or a planner did not take rank 1. */
  | "choice-mismatch";

export type VerifyResult =
  | { ok: true; log: DecisionLog }
  | { ok: false; code: VerifyFailureCode; message: string };

export interface VerifyOptions {
  /**
   * The verifying user's address. When given and the log is Untracked, the bytes must not contain it in
   * any spelling (`identity-in-untracked`).
   */
  user?: string;
}

const fail = (code: VerifyFailureCode, message: string): VerifyResult => ({ ok: false, code, message });

type RankingEntry = DecisionLog["ranking"][number];

const describeEntry = (entry: RankingEntry | undefined, other: RankingEntry | undefined): string => {
  if (entry === undefined) return "nothing";
  const [price] = formatPair(entry.usdPerGpuHour, other?.usdPerGpuHour ?? entry.usdPerGpuHour);
  return `${entry.offerKey} at ${price} USD/GPU-h`;
};

const sameEntry = (a: RankingEntry | undefined, b: RankingEntry | undefined): boolean =>
  a !== undefined &&
  b !== undefined &&
  a.offerKey === b.offerKey &&
  a.rank === b.rank &&
  a.usdPerGpuHour === b.usdPerGpuHour;

const sameExclusion = (a: Exclusion | undefined, b: Exclusion | undefined): boolean =>
  a !== undefined &&
  b !== undefined &&
  a.offerKey === b.offerKey &&
  a.code === b.code &&
  a.message === b.message;

const describeExclusion = (e: Exclusion | undefined): string =>
  e === undefined ? "nothing" : `${e.offerKey} (${e.code}: ${e.message})`;

/** The first position where two lists differ, or -1. */
const firstDifference = <T>(
  a: readonly T[],
  b: readonly T[],
  same: (x: T | undefined, y: T | undefined) => boolean,
) => {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (!same(a[i], b[i])) return i;
  return -1;
};

const firstByteDifference = (a: Uint8Array, b: Uint8Array): number => {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return i;
  return -1;
};

/** Replays the ranking and checks the logged ranking, exclusions and choice against it. */
const replay = (log: DecisionLog): VerifyResult => {
  let replayed: { ranking: RankingEntry[]; exclusions: Exclusion[] };
  try {
    const ranking = rankOffers(
      log.candidates,
      log.constraints,
      normalizeContextOf(log.context, log.oracleQuotes),
    );
    replayed = {
      ranking: ranking.ranked.map((offer) => ({
        offerKey: offerKey(offer),
        rank: offer.rank,
        usdPerGpuHour: offer.price.usdPerGpuHour,
      })),
      exclusions: ranking.excluded,
    };
  } catch (error) {
    return fail("replay-error", `replaying the ranking failed: ${(error as Error).message}`);
  }

  const rankAt = firstDifference(log.ranking, replayed.ranking, sameEntry);
  if (rankAt >= 0) {
    const logged = log.ranking[rankAt];
    const again = replayed.ranking[rankAt];
    return fail(
      "ranking-mismatch",
      `rank ${rankAt + 1} is ${describeEntry(logged, again)} in the log ` +
        `but ${describeEntry(again, logged)} on replay`,
    );
  }
  const exclusionAt = firstDifference(log.exclusions, replayed.exclusions, sameExclusion);
  if (exclusionAt >= 0) {
    return fail(
      "exclusions-mismatch",
      `exclusion ${exclusionAt + 1} is ${describeExclusion(log.exclusions[exclusionAt])} in the log but ` +
        `${describeExclusion(replayed.exclusions[exclusionAt])} on replay`,
    );
  }

  const { choice } = log;
  if (choice === null) {
    return log.ranking.length === 0
      ? { ok: true, log }
      : fail("choice-mismatch", `no offer was chosen although ${log.ranking.length} passed the constraints`);
  }
  const entry = log.ranking.find((ranked) => ranked.offerKey === choice.offerKey);
  if (entry === undefined)
    return fail("choice-mismatch", `the chosen offer ${choice.offerKey} is not in the ranking`);
  if (entry.rank !== choice.rank || entry.usdPerGpuHour !== choice.usdPerGpuHour) {
    return fail(
      "choice-mismatch",
      `the choice says ${choice.offerKey} is rank ${choice.rank} at ${choice.usdPerGpuHour} USD/GPU-h, ` +
        `the ranking says rank ${entry.rank} at ${entry.usdPerGpuHour}`,
    );
  }
  if (log.agent.kind === "planner" && choice.rank !== 1) {
    return fail("choice-mismatch", `the planner must choose rank 1 but chose rank ${choice.rank}`);
  }
  return { ok: true, log };
};

/**
 * Verifies a routing decision from its stored bytes and the (root, length) recorded with the job. Checks,
 * stopping at the first failure:
 *
 * 1. length: `bytes.length === expectedLength` (the root ignores trailing zero bytes, the length does not);
 * 2. root: the 0G Merkle root of the bytes equals `expectedRoot` (any hex case);
 * 3. the bytes are UTF-8 JSON and a valid decision log (`DecisionLogSchema`);
 * 4. the bytes are canonical: serializing the parsed log gives the same bytes;
 * 5. with `options.user` and an Untracked log: the bytes hold no form of that address;
 * 6. replay: `rankOffers` over the logged candidates, constraints, context and oracle quotes reproduces the
 *    logged ranking (keys, order, prices) and exclusions (keys, codes, messages) exactly;
 * 7. the choice is a ranked offer with its ranking entry's rank and price (rank 1 for the planner), or null
 *    exactly when nothing passed.
 *
 * Never throws: every failure is a result with a `code` and a sentence.
 */
export const verifyDecision = async (
  bytes: Uint8Array,
  expectedRoot: string,
  expectedLength: number,
  options: VerifyOptions = {},
): Promise<VerifyResult> => {
  if (bytes.length !== expectedLength) {
    return fail("length-mismatch", `the log is ${bytes.length} bytes but the record says ${expectedLength}`);
  }
  if (!/^0x[0-9a-fA-F]{64}$/.test(expectedRoot)) {
    return fail(
      "root-mismatch",
      `the expected root ${JSON.stringify(expectedRoot)} is not 0x + 64 hex digits`,
    );
  }
  let root: string;
  try {
    root = (await decisionLogRoot(bytes)).root;
  } catch (error) {
    return fail("root-mismatch", `cannot compute the 0G root: ${(error as Error).message}`);
  }
  if (root !== expectedRoot.toLowerCase()) {
    return fail("root-mismatch", `the bytes hash to ${root}, not ${expectedRoot.toLowerCase()}`);
  }

  let log: DecisionLog;
  try {
    log = parseDecisionLog(bytes);
  } catch (error) {
    if (error instanceof DecisionLogEncodingError) return fail("not-json", error.message);
    if (error instanceof DecisionLogSchemaError) return fail("schema", error.message);
    return fail("schema", `cannot read the decision log: ${(error as Error).message}`);
  }

  let again: Uint8Array;
  try {
    again = serializeDecisionLog(log);
  } catch (error) {
    return fail("not-canonical", `the log cannot be re-serialized: ${(error as Error).message}`);
  }
  const canonicalAt = firstByteDifference(again, bytes);
  if (canonicalAt >= 0) {
    return fail(
      "not-canonical",
      `the bytes are not canonical JSON (RFC 8785): they differ at byte ${canonicalAt}`,
    );
  }

  if (log.mode === "untracked" && options.user !== undefined) {
    let offset: number;
    try {
      offset = findAddress(bytes, options.user);
    } catch (error) {
      return fail(
        "identity-in-untracked",
        `cannot check for the user's address: ${(error as Error).message}`,
      );
    }
    if (offset >= 0) {
      return fail("identity-in-untracked", `the Untracked log contains the user's address at byte ${offset}`);
    }
  }

  return replay(log);
};
