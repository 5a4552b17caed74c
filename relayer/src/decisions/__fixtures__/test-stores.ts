// Stand-in remote stores and a log capture for the outbox tests (and the kill test's child process).
import { Writable } from "node:stream";
import pino, { type Logger } from "pino";
import { type DecisionStore, DecisionStoreError, type Hex, rootOf } from "../decision-store.ts";

/** An in-memory "0G" that records every upload and fails the first `failures` of them. */
export class RecordingRemote implements DecisionStore {
  readonly kind = "0g";
  /** Every `put` call's bytes, in order, including failed ones. */
  readonly calls: Uint8Array[] = [];
  readonly files = new Map<Hex, Uint8Array>();
  failures: number;
  /** Answer this root instead of the real one (a misbehaving store). */
  wrongRoot: Hex | undefined;

  constructor(options: { failures?: number } = {}) {
    this.failures = options.failures ?? 0;
  }

  async put(bytes: Uint8Array): Promise<{ root: Hex; txHash: string }> {
    this.calls.push(new Uint8Array(bytes));
    if (this.failures > 0) {
      this.failures--;
      throw new DecisionStoreError("unavailable", "the indexer answered 503");
    }
    const { root } = await rootOf(bytes);
    this.files.set(root, new Uint8Array(bytes));
    return { root: this.wrongRoot ?? root, txHash: `0x${String(this.calls.length).padStart(64, "0")}` };
  }

  async get(root: Hex): Promise<Uint8Array | undefined> {
    return this.files.get(root);
  }
}

/** A remote whose uploads never finish (a hung 0G node); `onPut` runs when one starts. */
export const hangingRemote = (onPut: () => void = () => undefined): DecisionStore => ({
  kind: "0g",
  put: () => {
    onPut();
    return new Promise<never>(() => undefined);
  },
  get: async () => undefined,
});

/** A pino logger whose lines are kept, to check what the outbox logs. */
export const capturedLogger = (): { logger: Logger; lines: string[] } => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString("utf8"));
      done();
    },
  });
  return { logger: pino({ level: "debug" }, stream), lines };
};
