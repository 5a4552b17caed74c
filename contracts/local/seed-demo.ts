/**
 * Seeds the local chain with a small, realistic market: three providers with listings that cover every
 * pricing model, a team with all three roles, and jobs in every lifecycle state, each bound to a real
 * decision log that the caller builds and stores (`decide`).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type Abi,
  type Account,
  type Address,
  createPublicClient,
  createWalletClient,
  encodeAbiParameters,
  getAddress,
  type Hex,
  http,
  keccak256,
  parseUnits,
  stringToHex,
} from "viem";
import { anvil } from "viem/chains";
import { localAccounts } from "./accounts.ts";
import { rpc } from "./anvil.ts";
import { contractsDir, type Deployment } from "./deploy.ts";

/** ABI and bytecode from the forge build (this package does not depend on the sdk's generated ABIs). */
function artifact(name: string): { abi: Abi; bytecode: Hex } {
  const out = process.env.FOUNDRY_OUT ?? join(contractsDir, "out");
  const json = JSON.parse(readFileSync(join(out, `${name}.sol`, `${name}.json`), "utf8"));
  return { abi: json.abi as Abi, bytecode: json.bytecode.object as Hex };
}

/** What a demo job's routing decision was about; the caller turns it into a stored decision log. */
/**
 * USD prices of the demo chain's tokens, used wherever the local system prices them: its mock USDC at its
 * peg, its mock AKT at a fixed demo price (no oracle quotes a local mock token).
 */
export const DEMO_TOKEN_USD: Readonly<Record<string, number>> = { USDC: 1, AKT: 1.12 };

export interface DemoDecision {
  buyer: Address;
  tracked: boolean;
  listingId: number;
  gpus: number;
  hours: number;
  /** Unix ms (chain time). */
  now: number;
}

/** Builds and stores the decision log for a demo job, returning its 0G root and byte length. */
export type DecideFn = (decision: DemoDecision) => Promise<{ root: Hex; length: number }>;

const HOUR = 3600n;

export interface SeedResult {
  providers: number;
  listings: number;
  teams: number;
  jobs: { id: Hex; state: string }[];
  akt: Address;
}

export async function seedDemo(rpcUrl: string, d: Deployment, decide: DecideFn): Promise<SeedResult> {
  const providerRegistryAbi = artifact("ProviderRegistry").abi;
  const computeRouterAbi = artifact("ComputeRouter").abi;
  const teamRegistryAbi = artifact("TeamRegistry").abi;
  const mockUsdcAbi = artifact("MockUSDC").abi;
  const mockToken = artifact("MockToken");
  const publicClient = createPublicClient({ chain: anvil, transport: http(rpcUrl) });
  const send = async (
    account: Account,
    address: Address,
    abi: Abi,
    functionName: string,
    args: unknown[],
  ) => {
    const wallet = createWalletClient({ account, chain: anvil, transport: http(rpcUrl) });
    const { request } = await publicClient.simulateContract({ account, address, abi, functionName, args });
    const hash = await wallet.writeContract(request);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${functionName} reverted (${hash})`);
    return receipt;
  };
  const deployToken = async () => {
    const wallet = createWalletClient({
      account: localAccounts.deployer,
      chain: anvil,
      transport: http(rpcUrl),
    });
    const hash = await wallet.deployContract({
      abi: mockToken.abi,
      bytecode: mockToken.bytecode,
      args: ["Mock Akash Token", "AKT"],
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (!receipt.contractAddress) throw new Error("MockToken deployment failed");
    return getAddress(receipt.contractAddress);
  };

  const { deployer, routerKey, providers, teamAdmin, teamViewer, teamUser, soloBuyer } = localAccounts;
  const reg = (account: Account, fn: string, args: unknown[]) =>
    send(account, d.providerRegistry, providerRegistryAbi, fn, args);
  const router = (account: Account, fn: string, args: unknown[]) =>
    send(account, d.computeRouter, computeRouterAbi, fn, args);

  // A token-denominated listing needs a second token; AKT stands in for it locally.
  const akt = await deployToken();
  await reg(deployer, "setTokenAllowed", [akt, true]);

  // Money: every buyer and provider gets USDC from the faucet (and AKT for the token listing).
  const buyers = [teamAdmin, teamViewer, teamUser, soloBuyer];
  for (const who of [...buyers, ...providers]) {
    await send(who, d.usdc, mockUsdcAbi, "faucet", [parseUnits("10000", 6)]);
    await send(who, d.usdc, mockUsdcAbi, "approve", [d.computeRouter, 2n ** 256n - 1n]);
  }
  await send(deployer, akt, mockToken.abi, "mint", [teamUser.address, parseUnits("5000", 18)]);
  await send(teamUser, akt, mockToken.abi, "approve", [d.computeRouter, 2n ** 256n - 1n]);

  // Providers and listings: Fixed, Dynamic and Token pricing across three countries.
  const profiles = [
    { name: "Frankfurt Compute Lab", site: "https://example.org/frankfurt" },
    { name: "Austin GPU Coop", site: "https://example.org/austin" },
    { name: "Helsinki Research Cluster", site: "https://example.org/helsinki" },
  ];
  for (const [i, p] of providers.entries()) {
    const uri = `data:application/json,${encodeURIComponent(JSON.stringify(profiles[i]))}`;
    await reg(p, "registerProvider", [p.address, uri]);
  }
  const always = (1n << 168n) - 1n;
  // Weekdays 06:00–22:00 UTC only: bit i = hour i of the week from Monday 00:00.
  let weekdays = 0n;
  for (let day = 0n; day < 5n; day++) for (let h = 6n; h < 22n; h++) weekdays |= 1n << (day * 24n + h);
  const listing = (gpuModel: string, gpuCount: number, vramGb: number, region: string, extra: object) => ({
    gpuModel: stringToHex(gpuModel, { size: 16 }),
    gpuCount,
    vramGb,
    region: stringToHex(region, { size: 2 }),
    availabilityMask: always,
    pricingModel: 0,
    token: d.usdc,
    price: 0n,
    slopeBps: 0,
    ...extra,
  });
  const listings = [
    [providers[0], listing("h100-sxm", 8, 80, "DE", { price: parseUnits("2.10", 6) })],
    [
      providers[0],
      listing("a100-80-sxm", 4, 80, "DE", { pricingModel: 1, price: parseUnits("1.20", 6), slopeBps: 5000 }),
    ],
    [
      providers[1],
      listing("rtx-4090", 16, 24, "US", { price: parseUnits("0.35", 6), availabilityMask: weekdays }),
    ],
    [
      providers[1],
      listing("l40s", 8, 48, "US", { pricingModel: 2, token: akt, price: parseUnits("0.9", 18) }),
    ],
    [
      providers[2],
      listing("h200", 8, 141, "FI", { pricingModel: 1, price: parseUnits("2.80", 6), slopeBps: 3000 }),
    ],
    [providers[2], listing("a6000", 4, 48, "FI", { price: parseUnits("0.45", 6) })],
  ] as const;
  for (const [p, params] of listings) await reg(p, "addListing", [params]);
  await reg(providers[2], "setCapacity", [6, 2]); // the A6000 box is offline for maintenance
  for (const p of [providers[0], providers[2]]) {
    await send(p, d.usdc, mockUsdcAbi, "approve", [d.providerRegistry, 2n ** 256n - 1n]);
  }
  await reg(providers[0], "stake", [parseUnits("5000", 6)]);
  await reg(providers[2], "stake", [parseUnits("1000", 6)]);

  // A team with every role; it only routes to the two staked providers.
  const teams = (account: Account, fn: string, args: unknown[]) =>
    send(account, d.teamRegistry, teamRegistryAbi, fn, args);
  await teams(teamAdmin, "createTeam", ["Demo Lab"]);
  await teams(teamAdmin, "setMemberRoles", [1n, teamViewer.address, 2]);
  await teams(teamAdmin, "setMemberRoles", [1n, teamUser.address, 4]);
  const providerKey = (a: Address) => `0x${a.slice(2).toLowerCase().padStart(64, "0")}` as Hex;
  await teams(teamAdmin, "setProviderWhitelisted", [1n, providerKey(providers[0].address), true]);
  await teams(teamAdmin, "setProviderWhitelisted", [1n, providerKey(providers[2].address), true]);

  // Jobs: each one bound to a decision log that the caller stores under its 0G root.
  const domain = {
    name: "Necto ComputeRouter",
    version: "1",
    chainId: d.chainId,
    verifyingContract: d.computeRouter,
  };
  const commitment = (client: Address, salt: Hex) =>
    keccak256(encodeAbiParameters([{ type: "address" }, { type: "bytes32" }], [client, salt])).slice(
      0,
      42,
    ) as Hex;
  const createJob = async (
    buyer: Account,
    opts: { listingId: number; gpus: number; hours: number; team?: bigint; untrackedSalt?: Hex },
  ) => {
    const now = (await publicClient.getBlock()).timestamp;
    const tracked = !opts.untrackedSalt;
    const { root, length } = await decide({
      buyer: buyer.address,
      tracked,
      listingId: opts.listingId,
      gpus: opts.gpus,
      hours: opts.hours,
      now: Number(now) * 1000,
    });
    const terms = {
      root,
      logLength: length,
      listingId: opts.listingId,
      gpus: opts.gpus,
      hoursBooked: opts.hours,
      maxUnitPrice: 2n ** 96n - 1n,
      client: tracked ? buyer.address : commitment(buyer.address, opts.untrackedSalt as Hex),
      tracked,
      team: opts.team ?? 0n,
      expiry: now + 600n,
    };
    const signature = await routerKey.signTypedData({
      domain,
      types: {
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
      },
      primaryType: "Attestation",
      message: terms,
    });
    await router(buyer, "createJob", [terms, signature]);
    return root;
  };
  const jobs: { id: Hex; state: string }[] = [];

  // A no-show first: it needs the clock moved past its start window, which must not expire the others.
  const noShow = await createJob(soloBuyer, { listingId: 3, gpus: 2, hours: 4 });
  await rpc(rpcUrl, "evm_increaseTime", [Number(2n * HOUR + 1n)]);
  await rpc(rpcUrl, "evm_mine");
  await router(soloBuyer, "refund", [noShow]);
  jobs.push({ id: noShow, state: "Refunded (provider no-show)" });

  const released = await createJob(teamAdmin, { listingId: 1, gpus: 4, hours: 24, team: 1n });
  await router(providers[0], "start", [released]);
  await router(providers[0], "complete", [released, 20]);
  await router(teamAdmin, "release", [released, `0x${"0".repeat(64)}`]);
  await router(teamAdmin, "rate", [released, `0x${"0".repeat(64)}`, 5]);
  jobs.push({ id: released, state: "Released and rated (team job)" });

  const started = await createJob(teamUser, { listingId: 5, gpus: 2, hours: 48, team: 1n });
  await router(providers[2], "start", [started]);
  jobs.push({ id: started, state: "Started (team job, dynamic price)" });

  const completed = await createJob(soloBuyer, { listingId: 2, gpus: 2, hours: 6 });
  await router(providers[0], "start", [completed]);
  await router(providers[0], "complete", [completed, 6]);
  jobs.push({ id: completed, state: "Completed (challenge window open)" });

  const disputed = await createJob(teamViewer, { listingId: 3, gpus: 1, hours: 2 });
  await router(providers[1], "start", [disputed]);
  await router(providers[1], "complete", [disputed, 2]);
  await router(teamViewer, "dispute", [disputed, `0x${"0".repeat(64)}`]);
  jobs.push({ id: disputed, state: "Disputed" });

  const salt = keccak256(stringToHex("demo untracked salt"));
  const untracked = await createJob(soloBuyer, { listingId: 1, gpus: 1, hours: 3, untrackedSalt: salt });
  jobs.push({ id: untracked, state: "Funded (Untracked)" });

  const tokenJob = await createJob(teamUser, { listingId: 4, gpus: 1, hours: 10 });
  jobs.push({ id: tokenJob, state: "Funded (AKT-denominated)" });

  return { providers: providers.length, listings: listings.length, teams: 1, jobs, akt };
}
