import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decisionLogRoot } from "@necto/sdk";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BUYER, sampleDecision } from "./__fixtures__/sample-decisions.ts";
import { capturedLogger, hangingRemote, RecordingRemote } from "./__fixtures__/test-stores.ts";
import type { DecisionStore } from "./decision-store.ts";
import { LocalDecisionStore } from "./local-store.ts";
import { DecisionOutbox, type DecisionOutboxOptions, retryDelayMs } from "./outbox.ts";

const until = async (condition: () => boolean, timeoutMs = 5_000): Promise<void> => {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe("retryDelayMs", () => {
  const policy = { baseMs: 5_000, maxMs: 600_000 };

  it("doubles per failure, jittered into the upper half", () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, policy, () => 0))).toEqual([2_500, 5_000, 10_000, 20_000]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, policy, () => 0.999_999))).toEqual([
      5_000, 10_000, 20_000, 40_000,
    ]);
  });

  it("is capped at maxMs however many failures there were", () => {
    expect(retryDelayMs(8, policy, () => 0.999_999)).toBe(600_000);
    expect(retryDelayMs(200, policy, () => 0.999_999)).toBe(600_000);
    expect(retryDelayMs(200, policy, () => 0)).toBe(300_000);
  });
});

describe("DecisionOutbox", () => {
  let dir: string;
  let database: string;
  let logsDir: string;
  const open: DecisionOutbox[] = [];

  const outbox = (options: Partial<DecisionOutboxOptions> = {}) => {
    const created = new DecisionOutbox({
      database,
      local: new LocalDecisionStore(logsDir),
      logger: capturedLogger().logger,
      pollMs: 50,
      retry: { baseMs: 10, maxMs: 40 },
      ...options,
    });
    open.push(created);
    return created;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "necto-outbox-"));
    database = join(dir, "state", "decision-outbox.db");
    logsDir = join(dir, "decision-logs");
  });
  afterEach(async () => {
    for (const box of open.splice(0)) await box.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("has the log on disk and the row committed when store resolves", async () => {
    const box = outbox();
    const { bytes } = sampleDecision("tracked");
    const { root, length } = await box.store(bytes);
    expect({ root, length }).toEqual(await decisionLogRoot(bytes));
    expect(new Uint8Array(await readFile(join(logsDir, `${root}.json`)))).toEqual(bytes);

    // Another connection sees the row: it is committed, not only in this one's memory.
    const reader = new Database(database, { readonly: true });
    const row = reader.prepare("SELECT root, bytes, length, attempts FROM decision_outbox").get() as {
      root: string;
      bytes: Buffer;
      length: number;
      attempts: number;
    };
    reader.close();
    expect(row).toMatchObject({ root, length, attempts: 0 });
    expect(new Uint8Array(row.bytes)).toEqual(bytes);
    expect(box.status(root)).toMatchObject({ state: "pending", attempts: 0, lastError: null });
  });

  it("uploads a stored decision in the worker and records the transaction", async () => {
    const remote = new RecordingRemote();
    const { logger, lines } = capturedLogger();
    const box = outbox({ remote, logger });
    box.start();
    const { bytes } = sampleDecision("tracked");
    const { root } = await box.store(bytes);
    await until(() => box.status(root)?.state === "uploaded");
    expect(remote.calls).toEqual([bytes]);
    expect(box.status(root)).toMatchObject({
      state: "uploaded",
      attempts: 0,
      nextAttemptAt: null,
      txHash: `0x${"1".padStart(64, "0")}`,
    });
    expect(box.counts()).toEqual({ pending: 0, uploaded: 1 });
    expect(lines.map((line) => JSON.parse(line))).toContainEqual(
      expect.objectContaining({ msg: "decision uploaded", root }),
    );
  });

  it("retries failed uploads on an exponential, jittered schedule until they succeed", async () => {
    let now = 1_000_000;
    const remote = new RecordingRemote({ failures: 3 });
    const box = outbox({
      remote,
      now: () => now,
      random: () => 0.5,
      retry: { baseMs: 5_000, maxMs: 600_000 },
    });
    const { bytes } = sampleDecision("untracked");
    const { root } = await box.store(bytes);

    const expectedDelays = [3_750, 7_500, 15_000]; // 0.75 × 5 s, 10 s, 20 s
    for (const [i, delay] of expectedDelays.entries()) {
      expect(await box.processDue()).toBe(0);
      expect(box.status(root)).toMatchObject({
        state: "pending",
        attempts: i + 1,
        nextAttemptAt: now + delay,
        lastError: { code: "unavailable", message: "the indexer answered 503" },
      });
      // Not due yet: nothing is tried.
      now += delay - 1;
      await box.processDue();
      expect(remote.calls).toHaveLength(i + 1);
      now += 1;
    }
    expect(await box.processDue()).toBe(1);
    expect(remote.calls).toHaveLength(4);
    expect(box.status(root)).toMatchObject({ state: "uploaded", attempts: 3, uploadedAt: now });
  });

  it("retries by itself once started, on its timer", async () => {
    const remote = new RecordingRemote({ failures: 2 });
    const box = outbox({ remote });
    box.start();
    const { root } = await box.store(sampleDecision("tracked").bytes);
    await until(() => box.status(root)?.state === "uploaded");
    expect(remote.calls).toHaveLength(3);
    expect(box.status(root)?.attempts).toBe(2);
  });

  it("resumes pending uploads after a restart, and never repeats finished ones", async () => {
    const first = outbox({ remote: new RecordingRemote({ failures: 100 }) });
    first.start();
    const a = await first.store(sampleDecision("tracked", 1).bytes);
    const b = await first.store(sampleDecision("untracked", 2).bytes);
    await until(() => (first.status(b.root)?.attempts ?? 0) >= 1);
    await first.close();

    const remote = new RecordingRemote();
    const second = outbox({ remote, retry: { baseMs: 1, maxMs: 1 } });
    second.start();
    await until(() => second.counts().uploaded === 2);
    expect([...remote.files.keys()].sort()).toEqual([a.root, b.root].sort());
    await second.close();

    const again = new RecordingRemote();
    const third = outbox({ remote: again });
    third.start();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(again.calls).toEqual([]);
  });

  it("uploads the same decision once however often it is stored", async () => {
    const remote = new RecordingRemote();
    const box = outbox({ remote });
    box.start();
    const { bytes } = sampleDecision("tracked");
    const [one, two] = await Promise.all([box.store(bytes), box.store(bytes)]);
    expect(two).toEqual(one);
    await until(() => box.status(one.root)?.state === "uploaded");
    await box.store(bytes);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(remote.calls).toHaveLength(1);
  });

  it("counts an upload that outlives its deadline as a timeout", async () => {
    const box = outbox({ remote: hangingRemote(), attemptTimeoutMs: 100 });
    box.start();
    const { root } = await box.store(sampleDecision("tracked").bytes);
    await until(() => (box.status(root)?.attempts ?? 0) >= 1);
    expect(box.status(root)).toMatchObject({ state: "pending", lastError: { code: "timeout" } });
  });

  it("on stop, abandons the upload in flight without counting it as failed", async () => {
    let started = 0;
    const box = outbox({ remote: hangingRemote(() => started++) });
    box.start();
    const { root } = await box.store(sampleDecision("tracked").bytes);
    await until(() => started === 1);
    await box.stop();
    expect(box.status(root)).toMatchObject({ state: "pending", attempts: 0, lastError: null });
  });

  it("refuses a remote's answer that names another root", async () => {
    const remote = new RecordingRemote();
    remote.wrongRoot = `0x${"cd".repeat(32)}`;
    const box = outbox({ remote });
    const { root } = await box.store(sampleDecision("tracked").bytes);
    await box.processDue();
    expect(box.status(root)).toMatchObject({ state: "pending", lastError: { code: "root-mismatch" } });
  });

  it("keeps decisions pending when no remote store is configured", async () => {
    const box = outbox();
    box.start();
    const { root } = await box.store(sampleDecision("tracked").bytes);
    expect(await box.processDue()).toBe(0);
    expect(box.status(root)?.state).toBe("pending");
    expect(box.status(`0x${"ef".repeat(32)}`)).toBeUndefined();
  });

  it("reads decisions from the local store, then the remote one", async () => {
    const remote = new RecordingRemote();
    const elsewhere = sampleDecision("tracked", 5).bytes;
    const { root: remoteRoot } = await remote.put(elsewhere);
    const box = outbox({ remote });
    const { bytes } = sampleDecision("tracked", 6);
    const { root } = await box.store(bytes);
    expect(await box.get(root)).toEqual(bytes);
    expect(await box.get(remoteRoot)).toEqual(elsewhere);
    expect(await box.get(`0x${"ef".repeat(32)}`)).toBeUndefined();
  });

  it("Untracked: the user's address is in no row, file or log line, even after failures", async () => {
    const remote = new RecordingRemote({ failures: 1 });
    const { logger, lines } = capturedLogger();
    const box = outbox({ remote, logger });
    box.start();
    const { bytes, text } = sampleDecision("untracked");
    expect(JSON.parse(text)).toMatchObject({ mode: "untracked" });
    const { root } = await box.store(bytes);
    await until(() => box.status(root)?.state === "uploaded");
    const status = JSON.stringify(box.status(root));
    await box.close(); // checkpoints the WAL into the database file read below

    const address = BUYER.slice(2).toLowerCase();
    // The search below would find it: a Tracked log of the same request holds it.
    expect(sampleDecision("tracked").text).toContain(address);
    const everything = [
      ...lines,
      status,
      ...(await Promise.all(
        [
          ...(await readdir(join(dir, "state"))).map((name) => join(dir, "state", name)),
          ...(await readdir(logsDir)).map((name) => join(logsDir, name)),
        ].map(async (path) => (await readFile(path)).toString("latin1")),
      )),
    ].map((text) => text.toLowerCase());
    expect(lines.length).toBeGreaterThanOrEqual(2); // the failure and the upload were logged
    for (const text of everything) expect(text).not.toContain(address);

    const columns = new Database(database, { readonly: true })
      .prepare("SELECT name FROM pragma_table_info('decision_outbox')")
      .all()
      .map((row) => (row as { name: string }).name);
    expect(columns).toEqual([
      "root",
      "bytes",
      "length",
      "created_at",
      "attempts",
      "next_attempt_at",
      "last_error_code",
      "last_error_message",
      "uploaded_at",
      "tx_hash",
    ]);
  });

  it("logs the root and the error code of a failure, not its message", async () => {
    const { logger, lines } = capturedLogger();
    const box = outbox({ remote: new RecordingRemote({ failures: 1 }) satisfies DecisionStore, logger });
    const { root } = await box.store(sampleDecision("tracked").bytes);
    await box.processDue();
    const warning = lines
      .map((line) => JSON.parse(line))
      .find((entry) => entry.msg === "decision upload failed");
    expect(warning).toMatchObject({ root, code: "unavailable", attempts: 1 });
    expect(JSON.stringify(warning)).not.toContain("503");
  });
});
