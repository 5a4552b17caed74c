import { Indexer, MemData, type TransactionOptions, type Uploader } from "@0gfoundation/0g-ts-sdk";
import { JsonRpcProvider, type Signer, Wallet } from "ethers";
import {
  type DecisionStore,
  type DecisionStoreCallOptions,
  DecisionStoreError,
  type Hex,
  rootOf,
} from "./decision-store.ts";
import { fetchFromGateway } from "./gateway-client.ts";
import { withSdkConsoleMuted } from "./sdk-console.ts";

export interface ZgStoreOptions {
  /** The 0G indexer: JSON-RPC for the upload, and its REST gateway (`/file?root=`) for reads. */
  indexerUrl: string;
  /** EVM JSON-RPC of the 0G chain the Flow contract is on. */
  evmRpcUrl: string;
  /** That chain's id (16602 Galileo testnet, 16661 mainnet): fixed, so ethers never probes for it. */
  chainId: number;
  /** The operator's key: pays the storage fee and gas. Never logged. */
  privateKey: string;
  /** Deadline for one whole upload, ms (the SDK has none of its own). Default 180 s. */
  uploadTimeoutMs?: number;
  /** Deadline for one read, ms. Default 30 s. */
  downloadTimeoutMs?: number;
  /**
   * Wait until the storage nodes finalize the file. Default false: the upload counts once the fee
   * transaction is in and every segment is accepted; reads check the root anyway.
   */
  finalityRequired?: boolean;
  /** Replicas to upload to. Default 1. */
  expectedReplica?: number;
  fetch?: typeof fetch;
}

// The SDK builds its Uploader inside `upload` and never hands it out; keeping it lets a timed-out upload
// be stopped (its `waitForLogEntry` polls forever otherwise).
class TrackedIndexer extends Indexer {
  uploader: Uploader | null = null;

  override async newUploaderFromIndexerNodes(
    blockchainRpc: string,
    signer: Signer,
    expectedReplica: number,
    opts?: TransactionOptions,
  ): Promise<[Uploader | null, Error | null]> {
    const created = await super.newUploaderFromIndexerNodes(blockchainRpc, signer, expectedReplica, opts);
    this.uploader = created[0];
    if (this.abandoned) {
      this.abandon();
      return [null, new Error("the upload was abandoned")];
    }
    return created;
  }

  private abandoned = false;
  private released = false;

  /**
   * Ends the SDK's work left running after a timeout: with no nodes its wait loop falls through, and the
   * destroyed provider rejects whatever chain call is pending.
   * TODO [2027-06-01]: drop when the SDK's upload takes an AbortSignal or a timeout.
   */
  abandon(): void {
    this.abandoned = true;
    if (this.uploader !== null) this.uploader.nodes = [];
    this.release();
  }

  /** Destroys the SDK's own chain provider (it would keep retrying timers if the RPC went away). */
  release(): void {
    if (this.released || this.uploader === null) return;
    this.released = true;
    this.uploader.provider.destroy();
  }
}

/**
 * Decision logs on the 0G network through the official SDK (`@0gfoundation/0g-ts-sdk`):
 * `Indexer.upload(MemData)` signed with the operator's key (the SDK reads the Flow contract from the
 * selected node, prices the fee from the market, submits, then uploads the segments), bounded by a
 * deadline, with the SDK's console output muted. Reads go through the indexer's REST gateway and are
 * checked against the root. Uploads from one key should run one at a time (the outbox does): the SDK
 * takes the account's nonce per transaction.
 */
export class ZgDecisionStore implements DecisionStore {
  readonly kind = "0g";
  private readonly options: ZgStoreOptions;

  constructor(options: ZgStoreOptions) {
    this.options = options;
  }

  async put(bytes: Uint8Array, call: DecisionStoreCallOptions = {}): Promise<{ root: Hex; txHash?: string }> {
    const { root } = await rootOf(bytes);
    const { indexerUrl, evmRpcUrl, chainId } = this.options;
    const provider = new JsonRpcProvider(evmRpcUrl, chainId, { staticNetwork: true });
    const signer = new Wallet(this.options.privateKey, provider);
    const indexer = new TrackedIndexer(indexerUrl);
    const upload = withSdkConsoleMuted(() =>
      indexer.upload(
        new MemData(bytes),
        evmRpcUrl,
        signer,
        {
          finalityRequired: this.options.finalityRequired ?? false,
          expectedReplica: this.options.expectedReplica ?? 1,
          // A file the network already holds costs nothing: no transaction, no segments.
          skipIfFinalized: true,
          // 0 = the SDK prices it: Σ 2^height(node) × Market.pricePerSector().
          fee: 0n,
        },
        { Retries: 3, Interval: 1, MaxGasPrice: 0, TooManyDataRetries: 3 },
      ),
    );
    // The SDK may still fail after we stopped waiting; that failure is already reported as the timeout.
    upload.catch(() => undefined);

    let outcome: Awaited<typeof upload>;
    try {
      outcome = await settleWithin(upload, this.options.uploadTimeoutMs ?? 180_000, call.signal);
    } catch (error) {
      indexer.abandon();
      if (error instanceof DecisionStoreError) throw error;
      throw new DecisionStoreError("upload-failed", `0G upload failed: ${this.redact(error)}`, {
        cause: error,
      });
    } finally {
      indexer.release();
      provider.destroy();
    }

    const [result, failure] = outcome;
    if (failure !== null) {
      throw new DecisionStoreError("upload-failed", `0G upload failed: ${this.redact(failure)}`, {
        cause: failure,
      });
    }
    if (!("rootHash" in result)) {
      throw new DecisionStoreError("upload-failed", "0G split the decision into fragments");
    }
    if (result.rootHash.toLowerCase() !== root) {
      throw new DecisionStoreError("root-mismatch", `0G stored ${result.rootHash}, not ${root}`);
    }
    return result.txHash === "" ? { root } : { root, txHash: result.txHash };
  }

  // Error messages reach the outbox and the status API; RPC URLs can carry provider API keys.
  private redact(error: unknown): string {
    const message = error instanceof Error ? error.message : String(error);
    return message
      .replaceAll(this.options.evmRpcUrl, "<evm-rpc>")
      .replaceAll(this.options.indexerUrl, "<indexer>");
  }

  async get(root: Hex, call: DecisionStoreCallOptions = {}): Promise<Uint8Array | undefined> {
    return fetchFromGateway(this.options.indexerUrl, root, {
      timeoutMs: this.options.downloadTimeoutMs ?? 30_000,
      ...(call.signal ? { signal: call.signal } : {}),
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
    });
  }
}

/** `work`'s result, or a `timeout` / `aborted` DecisionStoreError, whichever comes first. */
const settleWithin = <T>(work: Promise<T>, timeoutMs: number, signal?: AbortSignal): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const stop = (error: DecisionStoreError) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      reject(error);
    };
    const onAbort = () => stop(new DecisionStoreError("aborted", "the 0G upload was aborted"));
    const timer = setTimeout(
      () => stop(new DecisionStoreError("timeout", `the 0G upload did not finish within ${timeoutMs} ms`)),
      timeoutMs,
    );
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
