// Only MemData: importing anything that reaches the Indexer pulls ethers into browser bundles
// (research: MemData alone tree-shakes to ~10 KB gzip, with Indexer ~149 KB gzip).
import { MemData } from "@0gfoundation/0g-ts-sdk";
import { RootHashError } from "./errors.ts";

/** A decision log's address on 0G Storage plus the length the root alone does not pin down. */
export interface DecisionLogRoot {
  /** The 0G Storage Merkle root, `0x` + 64 lower-case hex digits. */
  root: `0x${string}`;
  /** Byte length of the log. The root does not commit to trailing zero bytes, so jobs store both. */
  length: number;
}

/**
 * The 0G Storage Merkle root of `bytes`, computed offline with the 0G SDK (`MemData.merkleTree`), exactly
 * as an upload to 0G (or the local content-addressed store) would name them.
 *
 * @throws RootHashError `empty` for 0 bytes (0G has no root for them), `merkle-tree` if the SDK fails.
 */
export const decisionLogRoot = async (bytes: Uint8Array): Promise<DecisionLogRoot> => {
  if (bytes.length === 0) throw new RootHashError("empty", "0 bytes have no 0G root (0G cannot store them)");
  const [tree, error] = await new MemData(bytes).merkleTree();
  const root = tree?.rootHash();
  if (error !== null || !root) {
    throw new RootHashError("merkle-tree", `0G Merkle tree failed: ${error?.message ?? "no root"}`);
  }
  const lower = root.toLowerCase();
  if (!/^0x[0-9a-f]{64}$/.test(lower))
    throw new RootHashError("merkle-tree", `0G returned a bad root ${root}`);
  return { root: lower as `0x${string}`, length: bytes.length };
};
