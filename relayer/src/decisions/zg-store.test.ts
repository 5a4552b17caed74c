/**
 * The 0G store's upload runs the real 0G SDK (`Indexer.upload`, its Uploader, its ethers contract calls)
 * against a local chain and a local 0G node:
 * - anvil with MockZgFlow (contracts/src/mocks), compiled here into a private FOUNDRY_OUT: the SDK reads
 *   the market and its price, computes the fee and sends a real, signed `submit` transaction;
 * - test/fake-zg-node.ts as indexer and storage node: it learns the submission from the chain's `Submit`
 *   event, takes the SDK's segments and finalizes the file only if they hash to the root.
 * Not covered (no network here): the live Galileo indexer, real storage nodes' proof checks, finality.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Indexer, MemData } from "@0gfoundation/0g-ts-sdk";
import { contractsDir, freePort, type LocalChain, privateKeyOf, startAnvil } from "@necto/contracts/local";
import { decisionLogRoot, verifyDecision } from "@necto/sdk";
import { ContractFactory, JsonRpcProvider, Wallet } from "ethers";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type FakeZgNode, startFakeZgNode } from "../../test/fake-zg-node.ts";
import { sampleDecision } from "./__fixtures__/sample-decisions.ts";
import { DecisionStoreError, type Hex } from "./decision-store.ts";
import { LocalDecisionStore } from "./local-store.ts";
import { DecisionOutbox } from "./outbox.ts";
import { withSdkConsoleMuted } from "./sdk-console.ts";
import { ZgDecisionStore, type ZgStoreOptions } from "./zg-store.ts";

const run = promisify(execFile);
const CHAIN_ID = 31337;
const PRICE_PER_SECTOR = 1_000_000_000n;

let tmp: string;
let chain: LocalChain;
let provider: JsonRpcProvider;
let flowAddress: string;
let node: FakeZgNode;
const operator = new Wallet(privateKeyOf(4));

const compileMockFlow = async (out: string) => {
  const forge = join(contractsDir, "..", "node_modules", ".bin", "forge");
  await run(forge, ["build", "src/mocks/MockZgFlow.sol"], {
    cwd: contractsDir,
    env: { ...process.env, FOUNDRY_OUT: join(out, "out"), FOUNDRY_CACHE_PATH: join(out, "cache") },
  });
  const artifact = JSON.parse(await readFile(join(out, "out", "MockZgFlow.sol", "MockZgFlow.json"), "utf8"));
  return { abi: artifact.abi as object[], bytecode: artifact.bytecode.object as string };
};

const zgStore = (overrides: Partial<ZgStoreOptions> = {}) =>
  new ZgDecisionStore({
    indexerUrl: node.url,
    evmRpcUrl: chain.url,
    chainId: CHAIN_ID,
    privateKey: operator.privateKey,
    uploadTimeoutMs: 15_000,
    downloadTimeoutMs: 5_000,
    ...overrides,
  });

const failure = async (work: Promise<unknown>): Promise<DecisionStoreError> => {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DecisionStoreError);
  return error as DecisionStoreError;
};

/** The fee the SDK must pay: Σ 2^height over the submission's nodes, times the price per sector. */
const feeOf = async (bytes: Uint8Array) => {
  const [submission] = await new MemData(bytes).createSubmission("0x");
  const sectors = (submission?.data.nodes ?? []).reduce((sum, n) => sum + 2n ** BigInt(n.height), 0n);
  return sectors * PRICE_PER_SECTOR;
};

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "necto-zg-store-"));
  const [artifact, port] = await Promise.all([compileMockFlow(tmp), freePort()]);
  chain = await startAnvil(port, CHAIN_ID);
  provider = new JsonRpcProvider(chain.url, CHAIN_ID, { staticNetwork: true });
  const deployer = new Wallet(privateKeyOf(0), provider);
  const contract = await new ContractFactory(artifact.abi, artifact.bytecode, deployer).deploy();
  await contract.waitForDeployment();
  flowAddress = await contract.getAddress();
  node = await startFakeZgNode({ evmRpcUrl: chain.url, flowAddress, chainId: CHAIN_ID });
}, 120_000);

afterAll(async () => {
  await node?.close();
  provider?.destroy();
  await chain?.stop();
  await rm(tmp, { recursive: true, force: true });
});

describe("ZgDecisionStore (real 0G SDK, local chain and node)", () => {
  let uploaded: { bytes: Uint8Array; root: Hex; txHash: string };

  it("uploads a decision: the fee transaction on chain, the segments to the node, the root checked", async () => {
    const { bytes } = sampleDecision("tracked");
    const store = zgStore();
    const result = await store.put(bytes);
    expect(result.root).toBe((await decisionLogRoot(bytes)).root);
    expect(result.txHash).toMatch(/^0x[0-9a-f]{64}$/);

    // A real transaction, signed by the operator, paying exactly the fee the SDK priced from the market.
    const tx = await provider.getTransaction(result.txHash ?? "");
    const receipt = await provider.getTransactionReceipt(result.txHash ?? "");
    expect(receipt?.status).toBe(1);
    expect(tx?.from).toBe(operator.address);
    expect(tx?.to).toBe(flowAddress);
    expect(tx?.data.slice(0, 10)).toBe("0xbc8c11f8"); // submit(Submission), the current Flow ABI
    expect(tx?.value).toBe(await feeOf(bytes));

    // The node holds exactly these bytes, finalized, and was driven the way the SDK drives 0G.
    expect(node.files.get(result.root)).toMatchObject({ finalized: true, bytes });
    for (const method of [
      "indexer_getShardedNodes",
      "zgs_getStatus",
      "zgs_getFileInfo",
      "zgs_getShardConfig",
      "zgs_uploadSegmentsByTxSeq",
    ]) {
      expect(node.calls).toContain(method);
    }
    uploaded = { bytes, root: result.root, txHash: result.txHash ?? "" };
  });

  it("reads it back through the indexer's REST gateway, and the bytes verify", async () => {
    const bytes = await zgStore().get(uploaded.root);
    expect(bytes).toEqual(uploaded.bytes);
    expect((await verifyDecision(bytes ?? new Uint8Array(), uploaded.root, uploaded.bytes.length)).ok).toBe(
      true,
    );
    // The SDK's own download path agrees (the fake serves both).
    const [blob, error] = await withSdkConsoleMuted(() =>
      new Indexer(node.url).downloadToBlob(uploaded.root),
    );
    expect(error).toBeNull();
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(uploaded.bytes);
  });

  it("answers undefined for a root the network does not hold", async () => {
    expect(await zgStore().get(`0x${"ab".repeat(32)}`)).toBeUndefined();
  });

  it("stores a file the network already holds for free: no transaction, no segments", async () => {
    const nonce = await provider.getTransactionCount(operator.address);
    const segmentCalls = node.calls.filter((m) => m === "zgs_uploadSegmentsByTxSeq").length;
    const again = await zgStore().put(uploaded.bytes);
    expect(again).toEqual({ root: uploaded.root });
    expect(await provider.getTransactionCount(operator.address)).toBe(nonce);
    expect(node.calls.filter((m) => m === "zgs_uploadSegmentsByTxSeq")).toHaveLength(segmentCalls);
  });

  it("uploads a file of several segments", async () => {
    const bytes = new Uint8Array(300_000).map((_, i) => (i * 31 + 7) & 0xff);
    const { root } = await zgStore().put(bytes);
    expect(node.files.get(root)).toMatchObject({ finalized: true });
    expect(node.files.get(root)?.segments.size).toBe(2);
    expect(await zgStore().get(root)).toEqual(bytes);
  });

  it("keeps the SDK's console output out of the process's, and nothing else", async () => {
    const spy = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      await zgStore().put(sampleDecision("tracked", 11).bytes);
      console.log("the relayer's own line");
      expect(spy.mock.calls).toEqual([["the relayer's own line"]]);
    } finally {
      spy.mockRestore();
    }
  });

  it("reports an unreachable indexer as a failed upload", async () => {
    const down = zgStore({ indexerUrl: `http://127.0.0.1:${await freePort()}` });
    // The SDK's JSON-RPC client retries a refused connection 3 times, 1 s apart, then fails.
    const error = await failure(down.put(sampleDecision("tracked", 12).bytes));
    expect(error.code).toBe("upload-failed");
  });

  it("keeps the RPC URL (it may hold an API key) out of error messages", async () => {
    // A failing endpoint: ethers puts the request URL into its SERVER_ERROR message.
    const evmRpcUrl = `${node.url}/v2/SECRET-KEY`;
    const error = await failure(zgStore({ evmRpcUrl }).put(sampleDecision("tracked", 15).bytes));
    expect(error.code).toBe("upload-failed");
    expect(error.message).not.toContain("SECRET-KEY");
  });

  it("times out when the node never sees the submission, and stops the SDK's endless wait", async () => {
    node.setFault("no-sync");
    try {
      const started = Date.now();
      const error = await failure(
        zgStore({ uploadTimeoutMs: 3_000 }).put(sampleDecision("tracked", 13).bytes),
      );
      expect(error.code).toBe("timeout");
      expect(Date.now() - started).toBeLessThan(5_000);
      // The SDK polls every second while it waits; once abandoned it must stop.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const polls = node.calls.length;
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(node.calls.length).toBe(polls);
    } finally {
      node.setFault("ok");
    }
  });

  it("is the outbox's remote: a stored decision reaches 0G through the worker", async () => {
    const dir = join(tmp, "outbox");
    const outbox = new DecisionOutbox({
      database: join(dir, "decision-outbox.db"),
      local: new LocalDecisionStore(join(dir, "decision-logs")),
      remote: zgStore(),
      logger: pino({ level: "silent" }),
    });
    try {
      outbox.start();
      const { bytes } = sampleDecision("untracked", 14);
      const { root } = await outbox.store(bytes);
      const deadline = Date.now() + 15_000;
      while (outbox.status(root)?.state !== "uploaded") {
        if (Date.now() > deadline) throw new Error(`not uploaded: ${JSON.stringify(outbox.status(root))}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const txHash = outbox.status(root)?.txHash ?? "";
      expect((await provider.getTransactionReceipt(txHash))?.status).toBe(1);
      expect(node.files.get(root)?.bytes).toEqual(bytes);
    } finally {
      await outbox.close();
    }
  });
});
