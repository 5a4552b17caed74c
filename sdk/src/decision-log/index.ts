// The decision log: schema, canonical bytes, 0G root, building and verifying (deterministic replay).
export { type BuildDecisionLogInput, type BuiltDecisionLog, buildDecisionLog } from "./build.ts";
export { type LogContext, normalizeContextOf } from "./context.ts";
export {
  ChoiceError,
  DecisionLogEncodingError,
  DecisionLogSchemaError,
  IdentityLeakError,
  InvalidUserError,
  RootHashError,
} from "./errors.ts";
export { assertNoIdentity, findAddress } from "./identity.ts";
export { OfferSchema, TokenPriceSchema } from "./offer-schema.ts";
export { type DecisionLogRoot, decisionLogRoot } from "./root-hash.ts";
export {
  AddressSchema,
  DECISION_LOG_VERSION,
  type DecisionLog,
  DecisionLogSchema,
  EXCLUSION_CODES,
  isJsonValue,
  type JsonValue,
  MAX_JSON_DEPTH,
  TeamIdSchema,
  type TrackedDecisionLog,
  type UntrackedDecisionLog,
} from "./schema.ts";
export { parseDecisionLog, serializeDecisionLog } from "./serialize.ts";
export { type VerifyFailureCode, type VerifyOptions, type VerifyResult, verifyDecision } from "./verify.ts";
