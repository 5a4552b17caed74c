import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decisionLogRoot } from "@necto/sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sampleDecision } from "./__fixtures__/sample-decisions.ts";
import { DecisionStoreError } from "./decision-store.ts";
import { LocalDecisionStore } from "./local-store.ts";

const rejection = async (work: Promise<unknown>): Promise<DecisionStoreError> => {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DecisionStoreError);
  return error as DecisionStoreError;
};

describe("LocalDecisionStore", () => {
  let dir: string;
  let store: LocalDecisionStore;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "necto-local-store-"));
    store = new LocalDecisionStore(join(dir, "decision-logs"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("stores a decision as <root>.json under its 0G root and reads it back", async () => {
    const { bytes } = sampleDecision("tracked");
    const { root } = await store.put(bytes);
    expect(root).toBe((await decisionLogRoot(bytes)).root);
    expect(new Uint8Array(await readFile(join(dir, "decision-logs", `${root}.json`)))).toEqual(bytes);
    expect(await store.get(root)).toEqual(bytes);
    expect(await store.get(root.toUpperCase().replace("0X", "0x") as `0x${string}`)).toEqual(bytes);
  });

  it("names files by the 0G SDK's root (research golden vectors)", async () => {
    const x = await store.put(new TextEncoder().encode("x"));
    expect(x.root).toBe("0xdab48f0662fbc2472a84373b8253974079314386f269f51684f897c2f8621194");
    const json = new TextEncoder().encode(JSON.stringify({ job: 1, decision: "route-to-provider-A" }));
    expect((await store.put(json)).root).toBe(
      "0x8aabdfb719d91d12cc91f9fcd778fa5b6c1f166904b33108bc53b80f3d8486f8",
    );
  });

  it("leaves no temp file behind and keeps identical bytes as they are", async () => {
    const { bytes } = sampleDecision("untracked");
    const first = await store.put(bytes);
    const again = await store.put(bytes);
    expect(again).toEqual(first);
    expect(await readdir(store.dir)).toEqual([`${first.root}.json`]);
  });

  it("serves files written the way `npm start` seeds its demo logs", async () => {
    const { bytes } = sampleDecision("tracked", 7);
    const { root } = await decisionLogRoot(bytes);
    await rm(store.dir, { recursive: true, force: true });
    await mkdir(store.dir, { recursive: true });
    await writeFile(join(store.dir, `${root}.json`), bytes);
    expect(await store.get(root)).toEqual(bytes);
  });

  it("refuses a file whose bytes no longer hash to its root, and put repairs it", async () => {
    const { bytes } = sampleDecision("tracked");
    const { root } = await store.put(bytes);
    const path = store.pathOf(root);
    const tampered = new Uint8Array(bytes);
    tampered[20] = (tampered[20] ?? 0) ^ 1;
    await writeFile(path, tampered);
    const error = await rejection(store.get(root));
    expect(error.code).toBe("root-mismatch");
    expect(error.message).toContain(root);

    await writeFile(path, new Uint8Array(0));
    expect((await rejection(store.get(root))).code).toBe("root-mismatch");

    await store.put(bytes);
    expect(await store.get(root)).toEqual(bytes);
  });

  it("misses a root it does not hold, and refuses a malformed root or 0 bytes", async () => {
    expect(await store.get(`0x${"ab".repeat(32)}`)).toBeUndefined();
    expect((await rejection(store.get("0x1234"))).code).toBe("bad-root");
    expect((await rejection(store.get(`0x${"zz".repeat(32)}`))).code).toBe("bad-root");
    expect((await rejection(store.put(new Uint8Array(0)))).code).toBe("empty");
  });
});
