import { randomUUID } from "node:crypto";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { type DecisionStore, DecisionStoreError, type Hex, normalizeRoot, rootOf } from "./decision-store.ts";

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === "ENOENT";

const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/**
 * Decision logs as files named by their 0G root, `<dir>/<root>.json`: the layout `npm start` seeds its
 * demo logs in (scripts/demo-decisions.ts), so those are served too. Roots are the sdk's
 * `decisionLogRoot`, identical to what an upload to 0G is named, so a verifier cannot tell the two apart.
 */
export class LocalDecisionStore implements DecisionStore {
  readonly kind = "local";

  constructor(readonly dir: string) {}

  /** Where the file for `root` lives (whether or not it exists). */
  pathOf(root: Hex): string {
    return join(this.dir, `${normalizeRoot(root)}.json`);
  }

  /**
   * Writes `bytes` durably: a temp file, fsynced, renamed over `<root>.json`, then the folder fsynced, so
   * after this resolves the file survives a crash or power loss, and a reader never sees half a file.
   * Existing identical bytes are left alone; a different (damaged) file under the root is replaced.
   */
  async put(bytes: Uint8Array): Promise<{ root: Hex }> {
    const { root } = await rootOf(bytes);
    const path = this.pathOf(root);
    try {
      const existing = await readFile(path).catch((error: unknown) => {
        if (isMissing(error)) return undefined;
        throw error;
      });
      if (existing && sameBytes(existing, bytes)) return { root };

      await mkdir(this.dir, { recursive: true });
      const temp = join(this.dir, `.${root}.${process.pid}.${randomUUID()}.tmp`);
      try {
        const file = await open(temp, "wx");
        try {
          await file.writeFile(bytes);
          await file.sync();
        } finally {
          await file.close();
        }
        await rename(temp, path);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      // The rename is durable only once the folder's entry is on disk.
      const folder = await open(this.dir, "r");
      try {
        await folder.sync();
      } finally {
        await folder.close();
      }
      return { root };
    } catch (error) {
      throw new DecisionStoreError("io", `cannot write decision ${root}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  /**
   * The bytes under `root`, or `undefined` when there is no file.
   * @throws DecisionStoreError `root-mismatch` when the file's bytes hash to another root (edited or
   *   damaged on disk: never served), `bad-root`, `io`.
   */
  async get(root: Hex): Promise<Uint8Array | undefined> {
    const expected = normalizeRoot(root);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(this.pathOf(expected)));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw new DecisionStoreError("io", `cannot read decision ${expected}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const actual = bytes.length === 0 ? "nothing (an empty file)" : (await rootOf(bytes)).root;
    if (actual !== expected) {
      throw new DecisionStoreError(
        "root-mismatch",
        `the stored file for ${expected} hashes to ${actual}: it was changed on disk`,
      );
    }
    return bytes;
  }
}
