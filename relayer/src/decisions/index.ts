// Decision logs: stored locally and on 0G behind one interface, uploaded through a durable outbox, and
// served in the 0G indexer gateway's shape.
export { type DecisionStorageOptions, openDecisionStorage } from "./decision-storage.ts";
export {
  type DecisionStore,
  type DecisionStoreCallOptions,
  DecisionStoreError,
  type DecisionStoreErrorCode,
  errorCodeOf,
  type Hex,
  normalizeRoot,
  rootOf,
} from "./decision-store.ts";
export { fetchFromGateway, GATEWAY_FILE_NOT_FOUND, type GatewayFetchOptions } from "./gateway-client.ts";
export { indexerGateway } from "./indexer-gateway.ts";
export { LocalDecisionStore } from "./local-store.ts";
export {
  DEFAULT_RETRY,
  DecisionOutbox,
  type DecisionOutboxOptions,
  type DecisionUploadStatus,
  type RetryPolicy,
  retryDelayMs,
} from "./outbox.ts";
export { ZgDecisionStore, type ZgStoreOptions } from "./zg-store.ts";
