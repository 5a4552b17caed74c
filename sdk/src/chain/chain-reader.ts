import { type Address, erc20Abi, type Hex, hexToString, type PublicClient } from "viem";
import { computeRouterAbi, providerRegistryAbi, teamRegistryAbi } from "./abis.ts";
import type { Deployment } from "./deployment.ts";

/** Listing pricing models in `ProviderRegistry` order. */
export const LISTING_PRICING = ["fixed", "dynamic", "token"] as const;
/** Listing capacity states in `ProviderRegistry` order. */
export const LISTING_CAPACITY = ["available", "reserved", "offline"] as const;
/** Job statuses in `ComputeRouter` (`Job.Status`) order. */
export const JOB_STATUS = [
  "none",
  "funded",
  "started",
  "completed",
  "released",
  "refunded",
  "disputed",
  "resolved",
  "recorded",
  "cancelled",
] as const;
export type JobStatus = (typeof JOB_STATUS)[number];

export interface TokenInfo {
  address: Address;
  symbol: string;
  decimals: number;
}

/** A listing as the chain holds it, folded from its events, with the current quote for 1 GPU-hour. */
export interface ChainListing {
  listingId: number;
  provider: Address;
  /** Catalog id as the provider registered it (`h100-sxm`); the sdk catalog decides if it is known. */
  gpuModel: string;
  gpuCount: number;
  reservedGpus: number;
  vramGb: number;
  /** ISO 3166-1 alpha-2 country code. */
  region: string;
  /** 168-bit hour-of-week mask as a decimal string (bit i = hour i from Monday 00:00 UTC). */
  availabilityMask: string;
  pricingModel: (typeof LISTING_PRICING)[number];
  capacity: (typeof LISTING_CAPACITY)[number];
  token: TokenInfo;
  /** Token base units per GPU-hour (the floor for dynamic pricing). */
  price: bigint;
  slopeBps: number;
  /** `quote(listing, 1, 1)`: what one GPU-hour costs now, in token base units (dynamic includes demand). */
  unitPriceNow: bigint;
}

export interface ChainProvider {
  address: Address;
  payout: Address;
  metadataURI: string;
  stake: { staked: bigint; unbonding: bigint; unbondingAvailableAt: number };
  reputation: {
    completed: number;
    noShows: number;
    disputesLost: number;
    ratingCount: number;
    ratingSum: number;
    gpuHoursServed: bigint;
  };
}

export interface ChainJob {
  /** The decision log's 0G root hash. */
  jobId: Hex;
  status: JobStatus;
  /** The client's address for Tracked jobs; null for Untracked ones (only a commitment is on-chain). */
  user: Address | null;
  /** Tracked: the address; Untracked: bytes20(keccak256(client, salt)). */
  client: Hex;
  team: bigint;
  logLength: number;
  gpus: number;
  hoursBooked: number;
  hoursUsed: number;
  /** The current deadline of the job's state (start / end-by / challenge / arbitration), unix seconds. */
  deadline: number;
  /** Escrowed jobs. */
  listingId?: number;
  provider?: Address;
  escrow?: { token: Address; unitPrice: bigint; amount: bigint };
  /** Jobs routed outside the chain. */
  external?: { providerId: string; offerHash: Hex; usdPerGpuHour: bigint };
  createdAtBlock: bigint;
  createdTx: Hex;
}

export interface ChainTeam {
  teamId: bigint;
  name: string;
  creator: Address;
  /** Current members with their role bits (ADMIN=1, VIEWER=2, USER=4). */
  members: { account: Address; roles: number }[];
  /** Whitelisted provider keys (bytes32 address or short-string id); empty means every provider. */
  whitelist: Hex[];
}

// Byte-wise: viem's `trim` works on nibbles and would cut the "0" of "h200" (0x...30).
// biome-ignore lint/suspicious/noControlCharactersInRegex: short strings are NUL-padded on the right
const shortString = (hex: Hex) => hexToString(hex).replace(/\u0000+$/, "");

/**
 * Reads Necto's contracts with viem: state is folded from events (from the deployment's start block) and
 * completed with views where a view is the authority (quote, stake, reputation, job status).
 */
export class ChainReader {
  readonly #client: PublicClient;
  readonly #d: Deployment;
  readonly #tokens = new Map<Address, Promise<TokenInfo>>();

  constructor(client: PublicClient, deployment: Deployment) {
    this.#client = client;
    this.#d = deployment;
  }

  /** Every listing with its current state and 1-GPU-hour quote, ordered by id. */
  async listings(): Promise<ChainListing[]> {
    const events = await this.#client.getContractEvents({
      address: this.#d.providerRegistry,
      abi: providerRegistryAbi,
      fromBlock: BigInt(this.#d.startBlock),
      strict: true,
    });
    const byId = new Map<number, Omit<ChainListing, "token" | "unitPriceNow"> & { tokenAddress: Address }>();
    for (const e of events) {
      if (e.eventName === "ListingAdded" || e.eventName === "ListingUpdated") {
        const a = e.args;
        const prev = byId.get(a.listingId);
        byId.set(a.listingId, {
          listingId: a.listingId,
          provider: a.provider,
          gpuModel: shortString(a.gpuModel),
          gpuCount: a.gpuCount,
          reservedGpus: prev?.reservedGpus ?? 0,
          vramGb: a.vramGb,
          region: shortString(a.region),
          availabilityMask: a.availabilityMask.toString(),
          pricingModel: LISTING_PRICING[a.pricingModel] ?? "fixed",
          capacity: prev?.capacity ?? "available",
          tokenAddress: a.token,
          price: a.price,
          slopeBps: a.slopeBps,
        });
      } else if (e.eventName === "CapacityChanged") {
        const l = byId.get(e.args.listingId);
        if (l) l.capacity = LISTING_CAPACITY[e.args.capacity] ?? "offline";
      } else if (e.eventName === "ReservationChanged") {
        const l = byId.get(e.args.listingId);
        if (l) l.reservedGpus = e.args.reservedGpus;
      }
    }
    return Promise.all(
      [...byId.values()]
        .sort((a, b) => a.listingId - b.listingId)
        .map(async ({ tokenAddress, ...l }) => ({
          ...l,
          token: await this.token(tokenAddress),
          unitPriceNow: (await this.quote(l.listingId, 1, 1)).unitPrice,
        })),
    );
  }

  /** The exact escrow for `gpus` × `hours` on a listing now (the contract's `quote`). */
  async quote(listingId: number, gpus: number, hours: number) {
    const [token, unitPrice, amount] = await this.#client.readContract({
      address: this.#d.providerRegistry,
      abi: providerRegistryAbi,
      functionName: "quote",
      args: [listingId, gpus, hours],
    });
    return { token, unitPrice, amount };
  }

  /** Every registered provider with payout, metadata, stake and reputation. */
  async providers(): Promise<ChainProvider[]> {
    const events = await this.#client.getContractEvents({
      address: this.#d.providerRegistry,
      abi: providerRegistryAbi,
      fromBlock: BigInt(this.#d.startBlock),
      strict: true,
    });
    const meta = new Map<Address, { payout: Address; metadataURI: string }>();
    for (const e of events) {
      if (e.eventName === "ProviderRegistered" || e.eventName === "ProviderUpdated") {
        meta.set(e.args.provider, { payout: e.args.payout, metadataURI: e.args.metadataURI });
      }
    }
    return Promise.all(
      [...meta.entries()].map(async ([address, m]) => {
        const [stake, reputation] = await Promise.all([
          this.#client.readContract({
            address: this.#d.providerRegistry,
            abi: providerRegistryAbi,
            functionName: "stakeOf",
            args: [address],
          }),
          this.#client.readContract({
            address: this.#d.providerRegistry,
            abi: providerRegistryAbi,
            functionName: "reputationOf",
            args: [address],
          }),
        ]);
        return { address, ...m, stake, reputation };
      }),
    );
  }

  /** Every job (escrowed and external), in creation order, with its current status from the contract. */
  async jobs(): Promise<ChainJob[]> {
    const events = await this.#client.getContractEvents({
      address: this.#d.computeRouter,
      abi: computeRouterAbi,
      fromBlock: BigInt(this.#d.startBlock),
      strict: true,
    });
    const jobs = new Map<Hex, ChainJob>();
    for (const e of events) {
      if (e.eventName === "JobCreated") {
        const a = e.args;
        jobs.set(a.jobId, {
          ...this.#jobBase(a.jobId, a.user, a.client, a.team, a.logLength, e.blockNumber, e.transactionHash),
          listingId: a.listingId,
          provider: a.provider,
        });
      } else if (e.eventName === "EscrowFunded") {
        const j = jobs.get(e.args.jobId);
        if (j) j.escrow = { token: e.args.token, unitPrice: e.args.unitPrice, amount: e.args.amount };
      } else if (e.eventName === "ExternalJobRecorded") {
        const a = e.args;
        jobs.set(a.jobId, {
          ...this.#jobBase(a.jobId, a.user, a.client, a.team, a.logLength, e.blockNumber, e.transactionHash),
          external: {
            providerId: shortString(a.providerId),
            offerHash: a.offerHash,
            usdPerGpuHour: a.usdPerGpuHour,
          },
        });
      }
    }
    return Promise.all([...jobs.values()].map((j) => this.#withRecord(j)));
  }

  /** One job by its id (the decision root), or undefined. */
  async job(jobId: Hex): Promise<ChainJob | undefined> {
    return (await this.jobs()).find((j) => j.jobId.toLowerCase() === jobId.toLowerCase());
  }

  /** Every team with its current members and whitelist. */
  async teams(): Promise<ChainTeam[]> {
    const events = await this.#client.getContractEvents({
      address: this.#d.teamRegistry,
      abi: teamRegistryAbi,
      fromBlock: BigInt(this.#d.startBlock),
      strict: true,
    });
    const teams = new Map<bigint, ChainTeam & { roles: Map<Address, number>; allowed: Set<Hex> }>();
    for (const e of events) {
      if (e.eventName === "TeamCreated") {
        teams.set(e.args.teamId, {
          teamId: e.args.teamId,
          name: e.args.name,
          creator: e.args.creator,
          members: [],
          whitelist: [],
          roles: new Map(),
          allowed: new Set(),
        });
      } else if (e.eventName === "MemberRolesSet") {
        teams.get(e.args.teamId)?.roles.set(e.args.account, e.args.roles);
      } else if (e.eventName === "ProviderWhitelisted") {
        const t = teams.get(e.args.teamId);
        if (e.args.allowed) t?.allowed.add(e.args.providerKey);
        else t?.allowed.delete(e.args.providerKey);
      }
    }
    return [...teams.values()].map(({ roles, allowed, ...t }) => ({
      ...t,
      members: [...roles.entries()].filter(([, r]) => r !== 0).map(([account, r]) => ({ account, roles: r })),
      whitelist: [...allowed],
    }));
  }

  /** Symbol and decimals of an ERC-20, read once per reader. */
  token(address: Address): Promise<TokenInfo> {
    let info = this.#tokens.get(address);
    if (!info) {
      const read = <F extends "symbol" | "decimals">(functionName: F) =>
        this.#client.readContract({ address, abi: erc20Abi, functionName });
      info = Promise.all([read("symbol"), read("decimals")]).then(([symbol, decimals]) => ({
        address,
        symbol,
        decimals,
      }));
      this.#tokens.set(address, info);
    }
    return info;
  }

  #jobBase(
    jobId: Hex,
    user: Address,
    client: Hex,
    team: bigint,
    logLength: number,
    block: bigint,
    tx: Hex,
  ): ChainJob {
    const untracked = /^0x0{40}$/.test(user);
    return {
      jobId,
      status: "none",
      user: untracked ? null : user,
      client,
      team,
      logLength,
      gpus: 0,
      hoursBooked: 0,
      hoursUsed: 0,
      deadline: 0,
      createdAtBlock: block,
      createdTx: tx,
    };
  }

  async #withRecord(job: ChainJob): Promise<ChainJob> {
    const r = await this.#client.readContract({
      address: this.#d.computeRouter,
      abi: computeRouterAbi,
      functionName: "getJob",
      args: [job.jobId],
    });
    return {
      ...job,
      status: JOB_STATUS[r.status] ?? "none",
      gpus: r.gpus,
      hoursBooked: r.hoursBooked,
      hoursUsed: r.hoursUsed,
      deadline: r.deadline,
    };
  }
}
