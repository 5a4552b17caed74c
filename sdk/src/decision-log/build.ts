import { isAddress } from "viem";
import type { Constraints } from "../constraints.ts";
import { offerKey, type TokenPrice } from "../effective-price.ts";
import type { Offer } from "../offer.ts";
import { compareCodeUnits, type Ranking, rankOffers } from "../rank.ts";
import { type LogContext, normalizeContextOf } from "./context.ts";
import { ChoiceError, InvalidUserError } from "./errors.ts";
import { assertNoIdentity } from "./identity.ts";
import { DECISION_LOG_VERSION, type DecisionLog } from "./schema.ts";
import { serializeDecisionLog } from "./serialize.ts";

/** Everything one routing decision is made from. */
export interface BuildDecisionLogInput {
  mode: "tracked" | "untracked";
  /**
   * Tracked: the buyer's address (required; any valid spelling, stored lower case).
   * Untracked: optional and NEVER stored; when given, the finished bytes are checked to hold no form of
   * it (free text such as `request.text` or tool-call JSON could otherwise leak it).
   */
  user?: string;
  /** Tracked only: the `TeamRegistry` team id the job is billed to. */
  team?: string | bigint;
  /** Unix ms; defaults to `ctx.now` (the sdk never reads the clock). */
  createdAt?: number;
  request: DecisionLog["request"];
  constraints: Constraints;
  ctx: LogContext;
  /** Every accepted token price the normalizer may use (a symbol missing here prices as unknown). */
  tokenPrices: readonly TokenPrice[];
  /** The raw offers considered. Fields outside `Offer` (e.g. a `price` from earlier pricing) are left out. */
  offers: readonly Offer[];
  agent: DecisionLog["agent"];
  /** The agent's pick; defaults to rank 1. Must be a ranked offer, and rank 1 for the planner. */
  choice?: { offerKey: string; reason: string };
}

/** A built decision: the log, the full ranking it summarizes, and its canonical bytes (for the 0G root). */
export interface BuiltDecisionLog {
  log: DecisionLog;
  ranking: Ranking;
  bytes: Uint8Array;
}

// Only the fields of Offer go into the log: the schema is strict, and a field the replay cannot see must
// not reach the bytes. structuredClone so later changes to the caller's objects cannot alter the log.
const toCandidate = (offer: Offer): Offer =>
  structuredClone({
    providerId: offer.providerId,
    offerId: offer.offerId,
    gpuModel: offer.gpuModel,
    gpuName: offer.gpuName,
    gpuCount: offer.gpuCount,
    vramGb: offer.vramGb,
    region: offer.region,
    location: offer.location,
    pricing: offer.pricing,
    availability: offer.availability,
    interruptible: offer.interruptible,
    reliability: offer.reliability,
    latencyMs: offer.latencyMs,
    rating: offer.rating,
    fetchedAt: offer.fetchedAt,
    source: offer.source,
    sourceUrl: offer.sourceUrl,
    listing: offer.listing,
  });

const toQuote = (price: TokenPrice): TokenPrice => ({
  symbol: price.symbol,
  usd: price.usd,
  sources: [...price.sources],
  at: price.at,
});

const PLANNER_REASON = "rank 1: the best-ranked offer that meets every constraint";

const chooseFrom = (ranking: Ranking, input: BuildDecisionLogInput): DecisionLog["choice"] => {
  const { ranked } = ranking;
  const pick = input.choice;
  if (pick === undefined) {
    const first = ranked[0];
    if (first === undefined) return null;
    return {
      offerKey: offerKey(first),
      rank: 1,
      usdPerGpuHour: first.price.usdPerGpuHour,
      reason: PLANNER_REASON,
    };
  }
  const chosen = ranked.find((offer) => offerKey(offer) === pick.offerKey);
  if (chosen === undefined) {
    throw new ChoiceError(
      "choice-not-ranked",
      `the chosen offer ${pick.offerKey} is not among the ranked offers`,
    );
  }
  if (input.agent.kind === "planner" && chosen.rank !== 1) {
    throw new ChoiceError("planner-not-first", `the planner must choose rank 1, not rank ${chosen.rank}`);
  }
  return {
    offerKey: pick.offerKey,
    rank: chosen.rank,
    usdPerGpuHour: chosen.price.usdPerGpuHour,
    reason: pick.reason,
  };
};

/**
 * Ranks `offers` under `constraints` (`rankOffers`) and records the decision as a version-1 log:
 * candidates sorted by offer key, token prices sorted by symbol, exclusions, ranking and choice. The log
 * is validated and serialized here, so a returned log always verifies (`verifyDecision`).
 *
 * @throws InvalidUserError when `user` is not a valid address (a mixed-case one must be EIP-55 correct).
 * @throws ChoiceError `choice-not-ranked` when `choice` names no ranked offer, `planner-not-first` when
 *   the planner's pick is not rank 1.
 * @throws IdentityLeakError when an Untracked log's bytes contain the given `user` in any spelling.
 * @throws ConstraintsError, DuplicateOfferKeyError from `rankOffers`.
 * @throws DecisionLogSchemaError when the log would be invalid (a Tracked log without `user`, an Untracked
 *   one with `team`, a non-finite number in an offer, ...).
 */
export const buildDecisionLog = (input: BuildDecisionLogInput): BuiltDecisionLog => {
  const { user, mode } = input;
  if (user !== undefined && !isAddress(user)) {
    throw new InvalidUserError(`user ${JSON.stringify(user)} is not a valid address`);
  }

  const candidates = input.offers.map(toCandidate).sort((a, b) => compareCodeUnits(offerKey(a), offerKey(b)));
  const oracleQuotes = input.tokenPrices.map(toQuote).sort((a, b) => compareCodeUnits(a.symbol, b.symbol));
  const context: LogContext =
    input.ctx.staleAfterMs === undefined
      ? { now: input.ctx.now }
      : { now: input.ctx.now, staleAfterMs: input.ctx.staleAfterMs };
  const ranking = rankOffers(candidates, input.constraints, normalizeContextOf(context, oracleQuotes));

  const common = {
    version: DECISION_LOG_VERSION,
    createdAt: input.createdAt ?? input.ctx.now,
    request: input.request,
    constraints: input.constraints,
    context,
    oracleQuotes,
    candidates,
    exclusions: ranking.excluded,
    ranking: ranking.ranked.map((offer) => ({
      offerKey: offerKey(offer),
      rank: offer.rank,
      usdPerGpuHour: offer.price.usdPerGpuHour,
    })),
    choice: chooseFrom(ranking, input),
    agent: input.agent,
  } as const;
  const team = typeof input.team === "bigint" ? input.team.toString() : input.team;
  // The cast is checked on the next line: serializeDecisionLog validates against DecisionLogSchema and
  // turns a missing Tracked `user` or an Untracked `team` into a DecisionLogSchemaError that says so.
  const log = (
    mode === "tracked"
      ? { ...common, mode, user: user?.toLowerCase(), team }
      : // `team` goes in so that the schema refuses it; `user` never does.
        { ...common, mode, team }
  ) as DecisionLog;

  const bytes = serializeDecisionLog(log);
  if (mode === "untracked" && user !== undefined) assertNoIdentity(bytes, user);
  return { log, ranking, bytes };
};
