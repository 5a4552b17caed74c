import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { MemData } from "@0gfoundation/0g-ts-sdk";
import { concat, decodeBase64, encodeBase64, Interface, JsonRpcProvider, keccak256 } from "ethers";

/**
 * A local stand-in for a 0G indexer and one storage node (one server, one shard), speaking the JSON-RPC
 * the 0G TS SDK calls, so the SDK's real upload and download code runs against it:
 *
 * - indexer: `indexer_getShardedNodes` (this node, trusted), `indexer_getFileLocations`;
 * - node: `zgs_getStatus` (with the Flow contract's address), `zgs_getShardConfig`, `zgs_getFileInfo`,
 *   `zgs_getFileInfoByTxSeq`, `zgs_uploadSegmentsByTxSeq`, `zgs_uploadSegments`, `zgs_downloadSegmentByTxSeq`;
 * - the indexer's REST gateway: `GET /file?root=` (bytes, or 200 + `{"code":101,…}`);
 * - a POST to any other path answers HTTP 500, as a broken JSON-RPC endpoint would.
 *
 * Like a real node it learns of files from the chain: it reads the Flow contract's `Submit` events (the
 * MockZgFlow on anvil), derives each file's root from the submitted subtrees, and accepts segments only
 * for a submitted file. It finalizes a file once all its segments are in and their bytes hash to the
 * root. Segment Merkle proofs are not checked (the assembled file's root is).
 */
export type ZgNodeFault =
  /** Normal behaviour. */
  | "ok"
  /** The node never sees new submissions (its log sync is stuck): uploads wait for it forever. */
  | "no-sync";

export interface FakeZgFile {
  root: string;
  seq: number;
  /** First sector (256-byte chunk) of the file in the flow. */
  startEntryIndex: number;
  /** Bytes. */
  size: number;
  segments: Map<number, Uint8Array>;
  finalized: boolean;
  /** The file, once finalized. */
  bytes?: Uint8Array;
}

export interface FakeZgNode {
  /** `http://127.0.0.1:<port>`: the indexer URL and the storage node URL alike. */
  url: string;
  /** JSON-RPC methods in the order they were called. */
  calls: string[];
  /** Files by root (lower case). */
  files: Map<string, FakeZgFile>;
  setFault(fault: ZgNodeFault): void;
  close(): Promise<void>;
}

export interface FakeZgNodeOptions {
  evmRpcUrl: string;
  flowAddress: string;
  chainId: number;
}

const CHUNK = 256;
const SEGMENT_CHUNKS = 1024;
const SHARD = { numShard: 1, shardId: 0 };

const flow = new Interface([
  "event Submit(address indexed sender, bytes32 indexed identity, uint256 submissionIndex, uint256 startPos, uint256 length, (uint256 length, bytes tags, (bytes32 root, uint256 height)[] nodes) submission)",
]);

/** The file root from the submitted subtrees, largest first: folded from the right, as 0G's tree pairs them. */
const rootOfNodes = (nodes: readonly { root: string }[]): string => {
  let root = nodes.at(-1)?.root ?? "";
  for (let i = nodes.length - 2; i >= 0; i--) root = keccak256(concat([nodes[i]?.root ?? "", root]));
  return root.toLowerCase();
};

class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export const startFakeZgNode = async (options: FakeZgNodeOptions): Promise<FakeZgNode> => {
  const chain = new JsonRpcProvider(options.evmRpcUrl, options.chainId, { staticNetwork: true });
  const files = new Map<string, FakeZgFile>();
  const bySeq = new Map<number, FakeZgFile>();
  const calls: string[] = [];
  let fault: ZgNodeFault = "ok";
  let url = "";

  // Learns submitted files from the chain, as a node's log sync does.
  const sync = async () => {
    if (fault === "no-sync") return;
    const logs = await chain.getLogs({
      address: options.flowAddress,
      fromBlock: 0,
      topics: [flow.getEvent("Submit")?.topicHash ?? ""],
    });
    for (const log of logs) {
      const event = flow.parseLog(log);
      if (!event) continue;
      const seq = Number(event.args.submissionIndex);
      if (bySeq.has(seq)) continue;
      // By position: `length` on an ethers Result is the field count, not the field.
      const [length, , nodes] = event.args.submission as [bigint, string, { root: string }[]];
      const file: FakeZgFile = {
        root: rootOfNodes(nodes),
        seq,
        startEntryIndex: Number(event.args.startPos),
        size: Number(length),
        segments: new Map(),
        finalized: false,
      };
      bySeq.set(seq, file);
      if (!files.has(file.root)) files.set(file.root, file);
    }
  };

  const infoOf = (file: FakeZgFile | undefined) =>
    file === undefined
      ? null
      : {
          tx: {
            streamIds: [],
            data: "0x",
            dataMerkleRoot: file.root,
            merkleNodes: [],
            startEntryIndex: file.startEntryIndex,
            size: file.size,
            seq: file.seq,
          },
          finalized: file.finalized,
          isCached: false,
          uploadedSegNum: file.segments.size,
          pruned: false,
        };

  const segmentsOf = (file: FakeZgFile) => Math.ceil(Math.ceil(file.size / CHUNK) / SEGMENT_CHUNKS);

  const acceptSegments = async (file: FakeZgFile, segments: unknown) => {
    if (!Array.isArray(segments)) throw new RpcError(-32602, "Invalid params: segments");
    for (const segment of segments as { root: string; data: string; index: number; proof?: unknown }[]) {
      if (segment.root.toLowerCase() !== file.root) throw new RpcError(-32602, "Invalid params: root");
      if (!Number.isInteger(segment.index) || segment.index < 0 || segment.index >= segmentsOf(file)) {
        throw new RpcError(-32602, `Invalid params: segment index ${segment.index}`);
      }
      if (typeof segment.proof !== "object" || segment.proof === null) {
        throw new RpcError(-32602, "Invalid params: proof");
      }
      file.segments.set(segment.index, decodeBase64(segment.data));
    }
    if (file.finalized || file.segments.size < segmentsOf(file)) return null;
    const ordered = [...file.segments.entries()].sort(([a], [b]) => a - b).map(([, data]) => data);
    const bytes = new Uint8Array(Buffer.concat(ordered).subarray(0, file.size));
    const [tree] = await new MemData(bytes).merkleTree();
    if (tree?.rootHash()?.toLowerCase() !== file.root) {
      file.segments.clear();
      throw new RpcError(-32000, "segments do not hash to the submitted root");
    }
    file.bytes = bytes;
    file.finalized = true;
    return null;
  };

  const handlers: Record<string, (params: unknown[]) => Promise<unknown>> = {
    indexer_getShardedNodes: async () => ({
      trusted: [{ url, config: SHARD, latency: 1, since: 0 }],
      discovered: [],
    }),
    indexer_getFileLocations: async ([root]) => {
      await sync();
      const file = files.get(String(root).toLowerCase());
      return file?.finalized ? [{ url, config: SHARD, latency: 1, since: 0 }] : null;
    },
    zgs_getStatus: async () => ({
      connectedPeers: 1,
      logSyncHeight: await chain.getBlockNumber(),
      logSyncBlock: `0x${"00".repeat(32)}`,
      nextTxSeq: bySeq.size,
      networkIdentity: {
        chainId: options.chainId,
        flowAddress: options.flowAddress,
        p2pProtocolVersion: { major: 0, minor: 4, build: 0 },
      },
    }),
    zgs_getShardConfig: async () => SHARD,
    zgs_getFileInfo: async ([root]) => {
      await sync();
      return infoOf(files.get(String(root).toLowerCase()));
    },
    zgs_getFileInfoByTxSeq: async ([seq]) => {
      await sync();
      return infoOf(bySeq.get(Number(seq)));
    },
    zgs_uploadSegmentsByTxSeq: async ([segments, seq]) => {
      await sync();
      const file = bySeq.get(Number(seq));
      if (!file) throw new RpcError(-32000, `no submission with sequence ${String(seq)}`);
      return acceptSegments(file, segments);
    },
    zgs_uploadSegments: async ([segments]) => {
      await sync();
      const root = (segments as { root?: string }[] | undefined)?.[0]?.root?.toLowerCase() ?? "";
      const file = files.get(root);
      if (!file) throw new RpcError(-32000, `no submission with root ${root}`);
      return acceptSegments(file, segments);
    },
    zgs_downloadSegmentByTxSeq: async ([seq, startChunk, endChunk]) => {
      const file = bySeq.get(Number(seq));
      if (!file?.bytes) return null;
      const padded = new Uint8Array(Math.ceil(file.size / CHUNK) * CHUNK);
      padded.set(file.bytes);
      return encodeBase64(padded.subarray(Number(startChunk) * CHUNK, Number(endChunk) * CHUNK));
    },
  };

  const answerRpc = async (body: string, res: ServerResponse) => {
    const request = JSON.parse(body) as { id: unknown; method: string; params?: unknown[] };
    calls.push(request.method);
    const handler = handlers[request.method];
    let reply: object;
    try {
      if (!handler) throw new RpcError(-32601, `Method not found: ${request.method}`);
      reply = { result: (await handler(request.params ?? [])) ?? null };
    } catch (error) {
      const code = error instanceof RpcError ? error.code : -32603;
      reply = { error: { code, message: (error as Error).message } };
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ jsonrpc: "2.0", id: request.id, ...reply }));
  };

  const answerGateway = async (req: IncomingMessage, res: ServerResponse) => {
    const root = new URL(req.url ?? "/", url).searchParams.get("root")?.toLowerCase() ?? "";
    await sync();
    const file = files.get(root);
    const json = (body: object) => {
      res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(body));
    };
    if (!file) return json({ code: 101, message: "File not found", data: null });
    if (!file.bytes) return json({ code: 103, message: "File not finalized yet", data: null });
    res.writeHead(200, {
      "content-type": "text/plain; charset=utf-8",
      "content-disposition": `attachment; filename="${file.root}"`,
    });
    res.end(file.bytes);
  };

  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString("utf8");
    });
    req.on("end", () => {
      const work =
        req.method === "POST" && req.url === "/"
          ? answerRpc(body, res)
          : req.method === "POST"
            ? Promise.resolve(res.writeHead(500).end("internal error")) // a broken JSON-RPC endpoint
            : req.method === "GET" && (req.url ?? "").startsWith("/file?")
              ? answerGateway(req, res)
              : Promise.resolve(res.writeHead(404).end());
      work.catch((error: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    calls,
    files,
    setFault: (next) => {
      fault = next;
    },
    close: async () => {
      chain.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
