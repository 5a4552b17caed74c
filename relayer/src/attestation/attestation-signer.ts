import {
  ATTESTATION_TYPES,
  attestationDomain,
  EXTERNAL_ATTESTATION_TYPES,
  type ExternalJobTerms,
  type JobTerms,
} from "@necto/sdk";
import type { Address, Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

export interface SignedJobTerms {
  kind: "createJob";
  terms: JobTerms;
  signature: Hex;
}

export interface SignedExternalJobTerms {
  kind: "recordExternalJob";
  terms: ExternalJobTerms;
  signature: Hex;
}

/**
 * The relayer's proof of routing: EIP-712 signatures over a job's terms that `ComputeRouter` accepts only
 * from a key holding ROUTER_KEY_ROLE. Each attestation expires `ttlSeconds` after signing, so a decision
 * cannot be replayed into a job much later at a stale price.
 */
export class AttestationSigner {
  readonly address: Address;
  private readonly account: ReturnType<typeof privateKeyToAccount>;
  private readonly domain: ReturnType<typeof attestationDomain>;

  constructor(
    options: { privateKey: Hex; chainId: number; computeRouter: Address; ttlSeconds?: number },
    /** The chain's clock (the contract checks expiry against block time), unix seconds. */
    private readonly nowSeconds: () => bigint | Promise<bigint> = () => BigInt(Math.floor(Date.now() / 1000)),
  ) {
    this.account = privateKeyToAccount(options.privateKey);
    this.address = this.account.address;
    this.domain = attestationDomain(options.chainId, options.computeRouter);
    this.ttlSeconds = BigInt(options.ttlSeconds ?? 600);
  }

  private readonly ttlSeconds: bigint;

  async signJob(terms: Omit<JobTerms, "expiry">): Promise<SignedJobTerms> {
    const full: JobTerms = { ...terms, expiry: (await this.nowSeconds()) + this.ttlSeconds };
    const signature = await this.account.signTypedData({
      domain: this.domain,
      types: ATTESTATION_TYPES,
      primaryType: "Attestation",
      message: full,
    });
    return { kind: "createJob", terms: full, signature };
  }

  async signExternalJob(terms: Omit<ExternalJobTerms, "expiry">): Promise<SignedExternalJobTerms> {
    const full: ExternalJobTerms = { ...terms, expiry: (await this.nowSeconds()) + this.ttlSeconds };
    const signature = await this.account.signTypedData({
      domain: this.domain,
      types: EXTERNAL_ATTESTATION_TYPES,
      primaryType: "ExternalAttestation",
      message: full,
    });
    return { kind: "recordExternalJob", terms: full, signature };
  }
}
