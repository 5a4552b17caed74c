import { IdentityLeakError, InvalidUserError } from "./errors.ts";

const ADDRESS = /^(?:0x)?([0-9a-fA-F]{40})$/;

const lowerAscii = (byte: number): number => (byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte);

/**
 * Where the 40 hex digits of `address` first occur in `bytes`, ignoring ASCII case, or -1. That one
 * search covers every spelling a JSON text can carry: lower case, EIP-55 checksummed, upper case, with or
 * without `0x`. (Canonical JSON never escapes hex digits or letters, so no `\u` spelling can hide one.)
 * It cannot see encodings other than hex text (base64, a byte list): keep those out of logs.
 *
 * @param address `0x` + 40 hex digits or the 40 digits alone, any case.
 * @throws InvalidUserError when `address` is not 40 hex digits.
 */
export const findAddress = (bytes: Uint8Array, address: string): number => {
  const digits = ADDRESS.exec(address)?.[1];
  if (digits === undefined) throw new InvalidUserError(`not an address: ${JSON.stringify(address)}`);
  const needle = Array.from(digits.toLowerCase(), (char) => char.charCodeAt(0));
  const last = bytes.length - needle.length;
  outer: for (let start = 0; start <= last; start++) {
    for (let i = 0; i < needle.length; i++) {
      if (lowerAscii(bytes[start + i] ?? 0) !== needle[i]) continue outer;
    }
    return start;
  }
  return -1;
};

/**
 * Checks that an Untracked decision log's bytes hold no form of the user's address (see `findAddress`).
 * `buildDecisionLog` runs it whenever it is told the user of an Untracked log; `verifyDecision` runs it
 * when the verifier says who the user is.
 *
 * @throws IdentityLeakError with the byte offset of the first hit.
 * @throws InvalidUserError when `address` is not 40 hex digits.
 */
export const assertNoIdentity = (bytes: Uint8Array, address: string): void => {
  const offset = findAddress(bytes, address);
  if (offset >= 0) throw new IdentityLeakError(offset);
};
