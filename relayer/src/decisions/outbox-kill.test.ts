import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { decisionLogRoot } from "@necto/sdk";
import { afterEach, beforeEach, expect, it } from "vitest";
import { sampleDecision } from "./__fixtures__/sample-decisions.ts";
import { capturedLogger, RecordingRemote } from "./__fixtures__/test-stores.ts";
import { LocalDecisionStore } from "./local-store.ts";
import { DecisionOutbox } from "./outbox.ts";

const relayerDir = join(import.meta.dirname, "..", "..");

/** The nearest node_modules/.bin/tsx above the relayer (workspaces hoist it to the repo root). */
const tsxBin = (): string => {
  for (let dir = relayerDir; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", ".bin", "tsx");
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error("tsx not found in any node_modules/.bin");
  }
};

interface ChildEvent {
  event: string;
  root?: `0x${string}`;
  length?: number;
}

let dir: string;
let child: ChildProcess | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "necto-outbox-kill-"));
});
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await rm(dir, { recursive: true, force: true });
});

it("completes an upload after the relayer is killed between the local store and the 0G upload", async () => {
  const database = join(dir, "decision-outbox.db");
  const logs = join(dir, "decision-logs");
  const variant = 42;

  // 1. A relayer process stores a decision while 0G hangs, and is killed mid-upload.
  child = spawn(tsxBin(), [join(relayerDir, "test", "outbox-child.ts"), database, logs, String(variant)], {
    cwd: relayerDir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child?.once("exit", (_code, signal) => resolve(signal)),
  );
  const events: ChildEvent[] = [];
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child did not store in time: ${stderr}`)), 15_000);
    lines.on("line", (line) => {
      events.push(JSON.parse(line) as ChildEvent);
      const seen = new Set(events.map((e) => e.event));
      if (seen.has("stored") && seen.has("upload-started")) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => reject(new Error(`child exited early: ${stderr}`)));
  });
  child.kill("SIGKILL");
  expect(await exited).toBe("SIGKILL");

  const stored = events.find((e) => e.event === "stored");
  const expected = sampleDecision("untracked", variant).bytes;
  expect(stored).toMatchObject(await decisionLogRoot(expected));
  const root = stored?.root as `0x${string}`;

  // 2. A new relayer over the same database and folder, with 0G working again, finishes the job.
  const remote = new RecordingRemote();
  const outbox = new DecisionOutbox({
    database,
    local: new LocalDecisionStore(logs),
    remote,
    logger: capturedLogger().logger,
    pollMs: 50,
  });
  try {
    // The killed attempt never finished, so it was not counted: the decision is due at once.
    expect(outbox.status(root)).toMatchObject({ state: "pending", attempts: 0 });
    outbox.start();
    const deadline = Date.now() + 5_000;
    while (outbox.status(root)?.state !== "uploaded") {
      if (Date.now() > deadline) throw new Error("the upload did not complete after the restart");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await outbox.close();
  }

  // Exactly the stored bytes reached 0G, once, under the same root.
  expect(remote.calls).toEqual([expected]);
  expect((await decisionLogRoot(remote.calls[0] ?? new Uint8Array())).root).toBe(root);
  expect(new Uint8Array(await readFile(join(logs, `${root}.json`)))).toEqual(expected);
});
