import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { Logger } from "pino";
import {
  type DecisionStore,
  DecisionStoreError,
  errorCodeOf,
  type Hex,
  normalizeRoot,
  rootOf,
} from "./decision-store.ts";
import type { LocalDecisionStore } from "./local-store.ts";

export interface RetryPolicy {
  /** Delay before the first retry, ms. Default 5 s. */
  baseMs: number;
  /** Longest delay between attempts, ms. Default 10 min. */
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 5_000, maxMs: 600_000 };

/**
 * How long to wait after the `attempts`-th failed upload: exponential (`baseMs` × 2^(attempts−1), at most
 * `maxMs`), then jittered into its upper half so that many decisions failing together do not retry in
 * step. `random` is in [0, 1).
 */
export const retryDelayMs = (attempts: number, policy: RetryPolicy, random: () => number): number => {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
};

/** Where one decision's upload stands. */
export interface DecisionUploadStatus {
  root: Hex;
  length: number;
  /** Unix ms the decision was stored locally. */
  createdAt: number;
  /** `pending` until the remote store holds it (always pending when no remote store is configured). */
  state: "pending" | "uploaded";
  /** Failed upload attempts so far. */
  attempts: number;
  /** Pending: unix ms of the next attempt. */
  nextAttemptAt: number | null;
  /** The last failure, if any (kept after a later success, for the record). */
  lastError: { code: string; message: string } | null;
  uploadedAt: number | null;
  /** The storage-fee transaction, when the upload made one. */
  txHash: string | null;
}

export interface DecisionOutboxOptions {
  /** The SQLite file (created with its folder), or `:memory:`. */
  database: string;
  /** Every decision is written here first; the API answers only after that. */
  local: LocalDecisionStore;
  /** The 0G network, when configured: the worker uploads every stored decision to it. */
  remote?: DecisionStore;
  logger: Logger;
  /** How often the worker looks for due uploads, ms (it is also woken by every store). Default 5 s. */
  pollMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Deadline for one upload attempt, ms: a remote that never answers must not stall the worker. Default 5 min. */
  attemptTimeoutMs?: number;
  now?: () => number;
  random?: () => number;
}

interface OutboxRow {
  root: Hex;
  bytes: Buffer;
  length: number;
  created_at: number;
  attempts: number;
  next_attempt_at: number;
  last_error_code: string | null;
  last_error_message: string | null;
  uploaded_at: number | null;
  tx_hash: string | null;
}

const BATCH = 16;
const MAX_ERROR_MESSAGE = 500;

/**
 * The durable path of a decision log from the API to 0G. `store` writes the log to the local
 * content-addressed store (fsynced) and records it in an SQLite outbox (committed with synchronous=FULL)
 * before it resolves, so a decision is answered only once it is on disk. A worker then uploads each
 * pending decision to the remote store, retrying failures with capped exponential backoff and jitter;
 * the outbox outlives the process, so a restart picks up what a crash or kill interrupted.
 *
 * Rows hold the root, the log's bytes and the upload's bookkeeping, nothing else: no user, no request.
 * Logs carry the root and an error code only.
 */
export class DecisionOutbox {
  private readonly db: Database.Database;
  private readonly local: LocalDecisionStore;
  private readonly remote: DecisionStore | undefined;
  private readonly log: Logger;
  private readonly pollMs: number;
  private readonly retry: RetryPolicy;
  private readonly attemptTimeoutMs: number;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly statements: {
    insert: Database.Statement;
    due: Database.Statement;
    byRoot: Database.Statement;
    uploaded: Database.Statement;
    failed: Database.Statement;
    counts: Database.Statement;
  };

  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopping: AbortController | undefined;

  constructor(options: DecisionOutboxOptions) {
    if (options.database !== ":memory:") mkdirSync(dirname(options.database), { recursive: true });
    this.db = new Database(options.database);
    this.db.pragma("journal_mode = WAL");
    // FULL: a committed row survives power loss, not only a crash of the process.
    this.db.pragma("synchronous = FULL");
    this.db.pragma("busy_timeout = 5000");
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS decision_outbox (
        root TEXT PRIMARY KEY,
        bytes BLOB NOT NULL,
        length INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error_code TEXT,
        last_error_message TEXT,
        uploaded_at INTEGER,
        tx_hash TEXT
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS decision_outbox_due
        ON decision_outbox (next_attempt_at) WHERE uploaded_at IS NULL;
    `);
    this.statements = {
      insert: this.db.prepare(
        `INSERT INTO decision_outbox (root, bytes, length, created_at, next_attempt_at)
         VALUES (?, ?, ?, ?, ?) ON CONFLICT (root) DO NOTHING`,
      ),
      due: this.db.prepare(
        `SELECT * FROM decision_outbox WHERE uploaded_at IS NULL AND next_attempt_at <= ?
         ORDER BY next_attempt_at, created_at LIMIT ${BATCH}`,
      ),
      byRoot: this.db.prepare("SELECT * FROM decision_outbox WHERE root = ?"),
      uploaded: this.db.prepare(
        "UPDATE decision_outbox SET uploaded_at = ?, tx_hash = ? WHERE root = ? AND uploaded_at IS NULL",
      ),
      failed: this.db.prepare(
        `UPDATE decision_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error_code = ?,
         last_error_message = ? WHERE root = ? AND uploaded_at IS NULL`,
      ),
      counts: this.db.prepare(
        `SELECT COUNT(*) FILTER (WHERE uploaded_at IS NULL) AS pending,
                COUNT(*) FILTER (WHERE uploaded_at IS NOT NULL) AS uploaded FROM decision_outbox`,
      ),
    };
    this.local = options.local;
    this.remote = options.remote;
    this.log = options.logger;
    this.pollMs = options.pollMs ?? 5_000;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 300_000;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  /**
   * Stores a decision log durably: the local file (fsynced) and the outbox row (committed). Resolves only
   * then; the upload to the remote store happens later, in the worker. Storing the same bytes again is
   * harmless and does not upload them twice.
   * @returns the 0G root and byte length a job records.
   * @throws DecisionStoreError `empty` for 0 bytes, `io` when the local write fails.
   */
  async store(bytes: Uint8Array): Promise<{ root: Hex; length: number }> {
    const { root, length } = await rootOf(bytes);
    await this.local.put(bytes);
    const at = this.now();
    this.statements.insert.run(root, Buffer.from(bytes), length, at, at);
    this.wake();
    return { root, length };
  }

  /**
   * The decision's bytes: from the local store, else (a decision stored by another relayer) from the
   * remote store; both check the root. `undefined` when neither has it.
   */
  async get(root: Hex, options: { signal?: AbortSignal } = {}): Promise<Uint8Array | undefined> {
    const key = normalizeRoot(root);
    const local = await this.local.get(key);
    if (local !== undefined || this.remote === undefined) return local;
    return this.remote.get(key, options);
  }

  /** Where the decision's upload stands, or `undefined` for a root this outbox never stored. */
  status(root: Hex): DecisionUploadStatus | undefined {
    const row = this.statements.byRoot.get(normalizeRoot(root)) as OutboxRow | undefined;
    if (row === undefined) return undefined;
    const uploaded = row.uploaded_at !== null;
    return {
      root: row.root,
      length: row.length,
      createdAt: row.created_at,
      state: uploaded ? "uploaded" : "pending",
      attempts: row.attempts,
      nextAttemptAt: uploaded ? null : row.next_attempt_at,
      lastError:
        row.last_error_code === null
          ? null
          : { code: row.last_error_code, message: row.last_error_message ?? "" },
      uploadedAt: row.uploaded_at,
      txHash: row.tx_hash,
    };
  }

  /** How many decisions wait for upload and how many are uploaded (for health reports). */
  counts(): { pending: number; uploaded: number } {
    return this.statements.counts.get() as { pending: number; uploaded: number };
  }

  /** Starts the upload worker: now (picking up what an earlier run left pending), every `pollMs`, and on every store. */
  start(): void {
    if (this.timer !== undefined) return;
    this.stopping = new AbortController();
    this.timer = setInterval(() => this.wake(), this.pollMs);
    this.timer.unref();
    this.wake();
  }

  /** Stops the worker; an upload in flight is abandoned and stays pending (not counted as a failure). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.stopping?.abort();
    await this.running;
  }

  /** Stops the worker and closes the database. */
  async close(): Promise<void> {
    await this.stop();
    if (this.db.open) this.db.close();
  }

  /**
   * One pass of the worker: uploads every decision due now, one at a time (uploads from one 0G key
   * must not race for its nonce). Resolves with how many were uploaded.
   */
  async processDue(): Promise<number> {
    if (this.remote === undefined) return 0;
    const signal = this.stopping?.signal ?? new AbortController().signal;
    let uploaded = 0;
    // Each decision gets one attempt per pass, even if its retry is due at once again.
    const tried = new Set<string>();
    for (;;) {
      const rows = (this.statements.due.all(this.now()) as OutboxRow[]).filter((row) => !tried.has(row.root));
      for (const row of rows) {
        if (signal.aborted) return uploaded;
        tried.add(row.root);
        if (await this.attempt(this.remote, row, signal)) uploaded++;
      }
      if (rows.length === 0) return uploaded;
    }
  }

  private wake(): void {
    if (this.remote === undefined || this.timer === undefined) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.processDue()
      .then(() => undefined)
      .catch((error: unknown) => this.log.error({ code: errorCodeOf(error) }, "decision outbox pass failed"))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async attempt(remote: DecisionStore, row: OutboxRow, stop: AbortSignal): Promise<boolean> {
    const deadline = AbortSignal.timeout(this.attemptTimeoutMs);
    const signal = AbortSignal.any([stop, deadline]);
    try {
      const result = await untilAborted(remote.put(new Uint8Array(row.bytes), { signal }), signal);
      if (result.root.toLowerCase() !== row.root) {
        throw new DecisionStoreError("root-mismatch", `the remote store named it ${result.root}`);
      }
      this.statements.uploaded.run(this.now(), result.txHash ?? null, row.root);
      this.log.info({ root: row.root }, "decision uploaded");
      return true;
    } catch (error) {
      if (stop.aborted) return false; // stopped by us: the row stays due for the next run
      const code = deadline.aborted ? "timeout" : errorCodeOf(error);
      const message = deadline.aborted
        ? `no answer within ${this.attemptTimeoutMs} ms`
        : String((error as Error)?.message ?? error).slice(0, MAX_ERROR_MESSAGE);
      const attempts = row.attempts + 1;
      const retryInMs = retryDelayMs(attempts, this.retry, this.random);
      this.statements.failed.run(this.now() + retryInMs, code, message, row.root);
      this.log.warn({ root: row.root, code, attempts, retryInMs }, "decision upload failed");
      return false;
    }
  }
}

/** `work`, or a rejection as soon as `signal` aborts (a store that ignores its signal cannot hold us). */
const untilAborted = <T>(work: Promise<T>, signal: AbortSignal): Promise<T> => {
  work.catch(() => undefined);
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
};
