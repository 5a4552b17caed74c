import { type Address, encodeAbiParameters, type Hex, keccak256, stringToHex } from "viem";

/**
 * The EIP-712 attestations `ComputeRouter` verifies (`createJob`, `recordExternalJob`): the domain, the
 * types in the contract's field order, and the helpers that make a term's fields. The relayer signs with
 * these; anyone can check a signature with viem's `verifyTypedData` and the same definitions.
 */
export const attestationDomain = (chainId: number, computeRouter: Address) =>
  ({ name: "Necto ComputeRouter", version: "1", chainId, verifyingContract: computeRouter }) as const;

export const ATTESTATION_TYPES = {
  Attestation: [
    { name: "root", type: "bytes32" },
    { name: "logLength", type: "uint32" },
    { name: "listingId", type: "uint32" },
    { name: "gpus", type: "uint16" },
    { name: "hoursBooked", type: "uint24" },
    { name: "maxUnitPrice", type: "uint96" },
    { name: "client", type: "bytes20" },
    { name: "tracked", type: "bool" },
    { name: "team", type: "uint64" },
    { name: "expiry", type: "uint64" },
  ],
} as const;

export const EXTERNAL_ATTESTATION_TYPES = {
  ExternalAttestation: [
    { name: "root", type: "bytes32" },
    { name: "logLength", type: "uint32" },
    { name: "providerId", type: "bytes32" },
    { name: "offerHash", type: "bytes32" },
    { name: "gpus", type: "uint16" },
    { name: "hoursBooked", type: "uint24" },
    { name: "usdPerGpuHour", type: "uint96" },
    { name: "client", type: "bytes20" },
    { name: "tracked", type: "bool" },
    { name: "team", type: "uint64" },
    { name: "expiry", type: "uint64" },
  ],
} as const;

/** `Job.Terms`: an escrowed job on a Necto listing. */
export interface JobTerms {
  root: Hex;
  logLength: number;
  listingId: number;
  gpus: number;
  hoursBooked: number;
  /** Listing token units per GPU-hour: the most the buyer pays (the decided price). */
  maxUnitPrice: bigint;
  /** Tracked: the buyer's address. Untracked: `untrackedClient(address, salt)`. */
  client: Hex;
  tracked: boolean;
  /** Team id, 0n for none. */
  team: bigint;
  /** Unix seconds. */
  expiry: bigint;
}

/** `Job.ExternalTerms`: a decision routed to a provider outside the chain (recorded, no escrow). */
export interface ExternalJobTerms {
  root: Hex;
  logLength: number;
  /** `providerIdBytes32("akash")`. */
  providerId: Hex;
  /** `keccak256` of the offer id. */
  offerHash: Hex;
  gpus: number;
  hoursBooked: number;
  /** Effective USD per GPU-hour with 6 decimals. */
  usdPerGpuHour: bigint;
  client: Hex;
  tracked: boolean;
  team: bigint;
  expiry: bigint;
}

/** The Untracked client commitment: bytes20(keccak256(abi.encode(client, salt))). The buyer computes it. */
export const untrackedClient = (client: Address, salt: Hex): Hex =>
  keccak256(encodeAbiParameters([{ type: "address" }, { type: "bytes32" }], [client, salt])).slice(
    0,
    42,
  ) as Hex;

/** A provider id as the contract's short-string bytes32 (at most 31 bytes, left-aligned). */
export const providerIdBytes32 = (providerId: string): Hex => {
  const hex = stringToHex(providerId);
  if ((hex.length - 2) / 2 > 31) throw new Error(`provider id ${providerId} is longer than 31 bytes`);
  return `0x${hex.slice(2).padEnd(64, "0")}` as Hex;
};

/** The offer id as the contract records it. */
export const offerHashOf = (offerId: string): Hex => keccak256(stringToHex(offerId));
