import * as v from "valibot";
import { ConstraintsSchema, objectMessage } from "../constraints.ts";
import { type ExclusionCode, offerKey } from "../effective-price.ts";
import { finite, OfferSchema, TokenPriceSchema, text } from "./offer-schema.ts";

/** The decision-log format version this SDK writes and reads. */
export const DECISION_LOG_VERSION = 1;

/** Every `ExclusionCode`, in `matches` rule order after the normalizer's three. */
export const EXCLUSION_CODES = [
  "unknown-gpu",
  "unpriced",
  "invalid-price",
  "over-budget",
  "gpu-model",
  "min-gpus",
  "min-vram",
  "region",
  "pricing-model",
  "provider",
  "reliability",
  "availability",
] as const satisfies readonly ExclusionCode[];
// Fails to compile when effective-price.ts gains a code this list lacks (logs could not hold it).
const everyCodeListed: [Exclude<ExclusionCode, (typeof EXCLUSION_CODES)[number]>] extends [never]
  ? true
  : false = true;
void everyCodeListed;

/** Plain JSON: what tool-call arguments and results may hold. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Tool-call JSON deeper than this is refused (it would only be hostile input, and recursion is bounded). */
export const MAX_JSON_DEPTH = 64;

const isPlainObject = (x: unknown): x is Record<string, unknown> => {
  if (typeof x !== "object" || x === null || Array.isArray(x)) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
};

/** True for null, booleans, finite numbers, strings, and arrays/plain objects of those, nested ≤ 64 deep. */
export const isJsonValue = (x: unknown, depth = 0): x is JsonValue => {
  if (x === null || typeof x === "boolean" || typeof x === "string") return true;
  if (typeof x === "number") return Number.isFinite(x);
  if (depth >= MAX_JSON_DEPTH) return false;
  if (Array.isArray(x)) return x.every((item) => isJsonValue(item, depth + 1));
  if (!isPlainObject(x)) return false;
  return Object.values(x).every((item) => isJsonValue(item, depth + 1));
};

const JsonValueSchema = (name: string) =>
  v.custom<JsonValue>(
    (input) => isJsonValue(input),
    `${name} must be plain JSON (finite numbers, no undefined in lists, at most ${MAX_JSON_DEPTH} deep)`,
  );

const nonEmptyText = (name: string) => v.pipe(text(name), v.minLength(1, `${name} must not be empty`));

const unixMs = (name: string) =>
  v.pipe(
    v.number(`${name} must be a number (unix ms)`),
    v.safeInteger(`${name} must be a whole number of unix ms`),
    v.minValue(0, `${name} must be 0 or more (unix ms)`),
  );

const rank = (name: string) =>
  v.pipe(
    v.number(`${name} must be a number`),
    v.safeInteger(`${name} must be a whole number`),
    v.minValue(1, `${name} must be 1 or more`),
  );

/** A user's address as logs store it: lower case, so one user has one spelling and one root. */
export const AddressSchema = v.pipe(
  v.string("user must be an address"),
  v.regex(/^0x[0-9a-f]{40}$/, "user must be a lower-case 0x address (40 hex digits)"),
);

const MAX_UINT64 = 2n ** 64n - 1n;

/** A `TeamRegistry` team id (uint64, from 1) as a decimal string: JSON numbers cannot hold all of uint64. */
export const TeamIdSchema = v.pipe(
  v.string("team must be a decimal string (a TeamRegistry team id)"),
  v.check(
    (input) => /^[1-9][0-9]{0,19}$/.test(input) && BigInt(input) <= MAX_UINT64,
    "team must be a team id: a decimal uint64 from 1, without leading zeros",
  ),
);

const ExclusionSchema = v.strictObject(
  {
    offerKey: nonEmptyText("offerKey"),
    code: v.picklist(EXCLUSION_CODES, `code must be one of ${EXCLUSION_CODES.join(", ")}`),
    message: text("message"),
  },
  objectMessage("exclusion"),
);

const RankingEntrySchema = v.strictObject(
  { offerKey: nonEmptyText("offerKey"), rank: rank("rank"), usdPerGpuHour: finite("usdPerGpuHour") },
  objectMessage("ranking entry"),
);

const ChoiceSchema = v.strictObject(
  {
    offerKey: nonEmptyText("offerKey"),
    rank: rank("rank"),
    usdPerGpuHour: finite("usdPerGpuHour"),
    reason: nonEmptyText("reason"),
  },
  objectMessage("choice"),
);

const ToolCallSchema = v.strictObject(
  { name: nonEmptyText("name"), args: JsonValueSchema("args"), result: JsonValueSchema("result") },
  objectMessage("tool call"),
);

const AgentSchema = v.pipe(
  v.strictObject(
    {
      kind: v.picklist(["planner", "llm"], "agent.kind must be planner or llm"),
      modelId: v.optional(nonEmptyText("modelId")),
      toolCalls: v.array(ToolCallSchema, "toolCalls must be a list"),
    },
    objectMessage("agent"),
  ),
  // Which model decided is part of the audit trail whenever a model decided.
  v.check(
    (agent) => agent.kind !== "llm" || agent.modelId !== undefined,
    "an llm agent must name its modelId",
  ),
);

const entries = {
  version: v.literal(
    DECISION_LOG_VERSION,
    `version must be ${DECISION_LOG_VERSION} (the version this SDK reads)`,
  ),
  /** Unix ms when the log was built. */
  createdAt: unixMs("createdAt"),
  /** What the buyer asked: free text and/or structured constraints, as received. */
  request: v.strictObject(
    { text: v.optional(text("request.text")), structured: v.optional(ConstraintsSchema) },
    objectMessage("request"),
  ),
  /** The constraints actually applied. */
  constraints: ConstraintsSchema,
  /** The normalizer's context (without token prices, which are `oracleQuotes`). */
  context: v.strictObject(
    {
      now: unixMs("context.now"),
      staleAfterMs: v.optional(
        v.pipe(finite("context.staleAfterMs"), v.minValue(0, "staleAfterMs must be 0 or more")),
      ),
    },
    objectMessage("context"),
  ),
  /** Every token price given to the normalizer, sorted by symbol. */
  oracleQuotes: v.array(TokenPriceSchema, "oracleQuotes must be a list"),
  /** Every offer considered, raw, sorted by offer key. */
  candidates: v.array(OfferSchema, "candidates must be a list"),
  /** Every candidate left out, with its reason, sorted by offer key. */
  exclusions: v.array(ExclusionSchema, "exclusions must be a list"),
  /** Every candidate that passed, best first. */
  ranking: v.array(RankingEntrySchema, "ranking must be a list"),
  /** The offer routed to, or null when nothing passed. */
  choice: v.nullable(ChoiceSchema),
  agent: AgentSchema,
};

const trackedMessage = (issue: v.BaseIssue<unknown>): string =>
  issue.expected === '"user"' && issue.path?.at(-1)?.origin === "key"
    ? "a Tracked decision log must carry the user's address (user)"
    : objectMessage("decision log")(issue);

const TrackedLogSchema = v.strictObject(
  {
    ...entries,
    mode: v.literal("tracked"),
    /** The buyer's address, lower case. */
    user: AddressSchema,
    /** The team the job is billed to, when any. */
    team: v.optional(TeamIdSchema),
  },
  trackedMessage,
);

const UntrackedLogSchema = v.strictObject(
  {
    ...entries,
    mode: v.literal("untracked"),
    // Present only so the message is specific; any value, even an empty string, is refused.
    user: v.optional(v.never("an Untracked decision log must not carry a user address")),
    team: v.optional(v.never("an Untracked decision log must not carry a team (teams are Tracked only)")),
  },
  objectMessage("decision log"),
);

type LogShape = v.InferOutput<typeof TrackedLogSchema> | v.InferOutput<typeof UntrackedLogSchema>;

const firstDuplicate = (items: readonly string[]): string | undefined => {
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item)) return item;
    seen.add(item);
  }
  return undefined;
};

/**
 * The rules that span fields: keys are unique, ranks run 1..n, and the ranking and the exclusions
 * partition the candidates. Whether they are the RIGHT ranking and exclusions is `verifyDecision`'s replay.
 */
const crossFieldProblems = (log: LogShape): string[] => {
  const problems: string[] = [];
  const candidateKeys = log.candidates.map(offerKey);
  const candidateSet = new Set(candidateKeys);
  const rankedKeys = log.ranking.map((entry) => entry.offerKey);
  const excludedKeys = log.exclusions.map((exclusion) => exclusion.offerKey);

  const duplicateCandidate = firstDuplicate(candidateKeys);
  if (duplicateCandidate) problems.push(`candidates: two offers share the key ${duplicateCandidate}`);
  const duplicateSymbol = firstDuplicate(log.oracleQuotes.map((quote) => quote.symbol));
  if (duplicateSymbol) problems.push(`oracleQuotes: ${duplicateSymbol} is quoted twice`);

  log.ranking.forEach((entry, index) => {
    if (entry.rank !== index + 1) {
      problems.push(
        `ranking[${index}].rank is ${entry.rank} but must be ${index + 1} (ranks run 1..n in order)`,
      );
    }
  });
  const duplicateRanked = firstDuplicate(rankedKeys);
  if (duplicateRanked) problems.push(`ranking: ${duplicateRanked} is ranked twice`);
  const duplicateExcluded = firstDuplicate(excludedKeys);
  if (duplicateExcluded) problems.push(`exclusions: ${duplicateExcluded} is excluded twice`);

  const rankedSet = new Set(rankedKeys);
  const excludedSet = new Set(excludedKeys);
  for (const key of rankedSet) {
    if (!candidateSet.has(key)) problems.push(`ranking: ${key} is not a candidate`);
    if (excludedSet.has(key)) problems.push(`${key} is both ranked and excluded`);
  }
  for (const key of excludedSet)
    if (!candidateSet.has(key)) problems.push(`exclusions: ${key} is not a candidate`);
  for (const key of candidateSet) {
    if (!rankedSet.has(key) && !excludedSet.has(key))
      problems.push(`candidate ${key} is neither ranked nor excluded`);
  }
  return problems;
};

/**
 * The decision log, version 1: one routing decision with everything needed to replay it.
 *
 * Two modes, told apart by `mode`:
 * - `tracked`: `user` (lower-case address) is required; `team` (decimal team id) is allowed.
 * - `untracked`: `user` and `team` are refused, whatever their value. Free text (`request.text`,
 *   tool-call JSON) is the caller's to keep clean: check the bytes with `assertNoIdentity`.
 *
 * Every object is strict (an unknown field is an error, so nothing unvalidated reaches the root hash)
 * and every number finite (canonical JSON has no NaN or Infinity).
 */
export const DecisionLogSchema = v.pipe(
  v.variant("mode", [TrackedLogSchema, UntrackedLogSchema], (issue) =>
    issue.path?.at(-1)?.key === "mode"
      ? 'mode must be "tracked" or "untracked"'
      : "a decision log must be a JSON object",
  ),
  v.rawCheck<LogShape>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    for (const message of crossFieldProblems(dataset.value)) addIssue({ message });
  }),
);

/** A decision log as `DecisionLogSchema` accepts it. */
export type DecisionLog = v.InferOutput<typeof DecisionLogSchema>;
/** A Tracked decision log (carries `user`). */
export type TrackedDecisionLog = Extract<DecisionLog, { mode: "tracked" }>;
/** An Untracked decision log (no `user`, no `team`). */
export type UntrackedDecisionLog = Extract<DecisionLog, { mode: "untracked" }>;
