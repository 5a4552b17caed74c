import { MemData } from "@0gfoundation/0g-ts-sdk";
import { describe, expect, it } from "vitest";
import { RootHashError } from "./errors.ts";
import { decisionLogRoot } from "./root-hash.ts";

/** The research's deterministic pattern: byte i is (31 i + 7) mod 256. */
const pattern = (length: number): Uint8Array => Uint8Array.from({ length }, (_, i) => (i * 31 + 7) & 0xff);
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const KIB = 1024;

// Golden roots. The first four were computed independently in research (0G SDKs 0.3.3 and 1.2.8 and a
// separate keccak implementation agreed); the rest were pinned from @0gfoundation/0g-ts-sdk 1.2.8. A
// change here means every stored decision log would get a new root: treat it as a breaking change.
const GOLDEN: readonly (readonly [string, () => Uint8Array, string])[] = [
  ['"x"', () => utf8("x"), "0xdab48f0662fbc2472a84373b8253974079314386f269f51684f897c2f8621194"],
  [
    '{"job":1,"decision":"route-to-provider-A"}',
    () => utf8(JSON.stringify({ job: 1, decision: "route-to-provider-A" })),
    "0x8aabdfb719d91d12cc91f9fcd778fa5b6c1f166904b33108bc53b80f3d8486f8",
  ],
  [
    "pattern(4 KiB)",
    () => pattern(4 * KIB),
    "0xc17c3c027b2ad5795f74bca0495d60ca5e0daaa64b38628b21cafd6efb43ddf5",
  ],
  [
    "pattern(1 MiB)",
    () => pattern(1024 * KIB),
    "0x07d6d2f56e47dbac4f6b7c87aa5b6027cb79d051d581660b64ff17342e36659c",
  ],
  [
    "one zero byte",
    () => new Uint8Array(1),
    "0xd397b3b043d87fcd6fad1291ff0bfd16401c274896d8c63a923727f077b8e0b5",
  ],
  [
    "pattern(256 B), one chunk",
    () => pattern(256),
    "0xedf1c56924fa652f2b5d33af272bc44a20c49c0b25cb7628363bf8a4cdafee8c",
  ],
  [
    "pattern(257 B), two chunks",
    () => pattern(257),
    "0x7ea7520214ca45edb7f0f74f219e68b1c07ccebd02bf44e83503e264733021c6",
  ],
  [
    "pattern(256 KiB), one segment",
    () => pattern(256 * KIB),
    "0xd91d4fbe931dad9d248e122f5110690dc8b062081085fa8c25ffbd5a121af8ba",
  ],
  [
    "pattern(256 KiB + 1), two segments",
    () => pattern(256 * KIB + 1),
    "0xb236481c8daf801365d17e798661a7b3a47de5d494a93400ad2cad0d0b322202",
  ],
];

describe("decisionLogRoot", () => {
  it.each(GOLDEN)("gives the pinned 0G root of %s", async (_, bytes, root) => {
    const input = bytes();
    expect(await decisionLogRoot(input)).toEqual({ root, length: input.length });
  });

  it("agrees with the 0G SDK's own MemData root", async () => {
    const bytes = utf8('{"a":1}');
    const [tree] = await new MemData(bytes).merkleTree();
    expect((await decisionLogRoot(bytes)).root).toBe(tree?.rootHash());
  });

  it("refuses 0 bytes: 0G has no root for them", async () => {
    await expect(decisionLogRoot(new Uint8Array())).rejects.toThrow(RootHashError);
    await expect(decisionLogRoot(new Uint8Array())).rejects.toMatchObject({ code: "empty" });
  });

  it("changes the root when any byte changes", async () => {
    const bytes = pattern(4 * KIB);
    const { root } = await decisionLogRoot(bytes);
    for (const index of [0, 255, 256, 4095]) {
      const tampered = bytes.slice();
      tampered[index] = (tampered[index] ?? 0) ^ 1;
      expect((await decisionLogRoot(tampered)).root, `byte ${index}`).not.toBe(root);
    }
  });

  it("gives the same root with trailing zero bytes, which is why the length travels with it", async () => {
    const log = utf8('{"a":1}');
    const padded = new Uint8Array(log.length + 3);
    padded.set(log);
    const [plain, withZeros] = [await decisionLogRoot(log), await decisionLogRoot(padded)];
    expect(withZeros.root).toBe(plain.root);
    expect(withZeros.length).toBe(plain.length + 3);
  });
});
