import { join } from "node:path";
import type { Logger } from "pino";
import { LocalDecisionStore } from "./local-store.ts";
import { DecisionOutbox, type RetryPolicy } from "./outbox.ts";
import { ZgDecisionStore, type ZgStoreOptions } from "./zg-store.ts";

export interface DecisionStorageOptions {
  /** The relayer's state folder (NECTO_DATA_DIR): logs go to `decision-logs/`, the outbox to `decision-outbox.db`. */
  dataDir: string;
  /** The 0G network; absent, decisions stay in the local store (and wait in the outbox for 0G). */
  zg?: ZgStoreOptions;
  logger: Logger;
  pollMs?: number;
  retry?: Partial<RetryPolicy>;
}

/**
 * The relayer's decision storage, wired: the local store in `<dataDir>/decision-logs` (where `npm start`
 * seeds its demo logs), the 0G store when configured, and the outbox between them. Call
 * `outbox.start()` once the server is up and `outbox.close()` on shutdown; serve
 * `indexerGateway(outbox)` at `/file`.
 */
export const openDecisionStorage = (options: DecisionStorageOptions) => {
  const local = new LocalDecisionStore(join(options.dataDir, "decision-logs"));
  const remote = options.zg ? new ZgDecisionStore(options.zg) : undefined;
  const outbox = new DecisionOutbox({
    database: join(options.dataDir, "decision-outbox.db"),
    local,
    ...(remote ? { remote } : {}),
    logger: options.logger,
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
    ...(options.retry ? { retry: options.retry } : {}),
  });
  return { local, remote, outbox };
};
