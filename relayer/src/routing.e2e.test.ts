import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { localAccounts, privateKeyOf, type SeededChain, startSeededChain } from "@necto/contracts/local";
import {
  ChainReader,
  computeRouterAbi,
  type JobTerms,
  parseDeployment,
  untrackedClient,
  verifyDecision,
} from "@necto/sdk";
import pino from "pino";
import { createPublicClient, createWalletClient, type Hex, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { anvil } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AttestationSigner } from "./attestation/attestation-signer.ts";
import { loadConfig } from "./config.ts";
import { type RunningRelayer, startRelayer } from "./server.ts";

const dataDir = mkdtempSync(join(tmpdir(), "necto-route-"));
const logLines: string[] = [];
let seeded: SeededChain;
let relayer: RunningRelayer;
let deployment: ReturnType<typeof parseDeployment>;

beforeAll(async () => {
  seeded = await startSeededChain();
  deployment = parseDeployment(seeded.deployment);
  const deploymentFile = join(dataDir, "deployment.json");
  writeFileSync(deploymentFile, JSON.stringify(seeded.deployment));
  relayer = await startRelayer(
    loadConfig({
      NECTO_OFFLINE: "1",
      NECTO_RELAYER_PORT: "0",
      NECTO_DATA_DIR: dataDir,
      NECTO_RPC_URL: seeded.chain.url,
      NECTO_DEPLOYMENT_FILE: deploymentFile,
    }),
    // Every log line the relayer writes, to check that no Untracked buyer appears in them.
    { logger: pino({ level: "debug" }, { write: (line: string) => logLines.push(line) }) },
  );
  await relayer.market.refresh();
}, 120_000);
afterAll(async () => {
  await relayer?.stop();
  await seeded?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const buyer = localAccounts.soloBuyer;
const buyerKey = privateKeyOf(9);
const publicClient = () => createPublicClient({ chain: anvil, transport: http(seeded.chain.url) });

interface DecisionAnswer {
  root: Hex;
  length: number;
  choice: { offerKey: string; providerId: string; usdPerGpuHour: number } | null;
  attestation?: { kind: string; terms: Record<string, string | number | boolean>; signature: Hex };
}

const route = async (body: unknown): Promise<DecisionAnswer> => {
  const response = await fetch(`${relayer.url}/v1/route`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { decision: DecisionAnswer; error?: unknown };
  if (response.status !== 200)
    throw new Error(`route answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer.decision;
};

/** Terms as JSON carries them (bigints as strings) back to the contract's types. */
const termsOf = (json: Record<string, string | number | boolean>): JobTerms => ({
  root: json.root as Hex,
  logLength: Number(json.logLength),
  listingId: Number(json.listingId),
  gpus: Number(json.gpus),
  hoursBooked: Number(json.hoursBooked),
  maxUnitPrice: BigInt(json.maxUnitPrice as string),
  client: json.client as Hex,
  tracked: json.tracked as boolean,
  team: BigInt(json.team as string),
  expiry: BigInt(json.expiry as string),
});

const createJob = (terms: JobTerms, signature: Hex, key: Hex = buyerKey) =>
  createWalletClient({
    account: privateKeyToAccount(key),
    chain: anvil,
    transport: http(seeded.chain.url),
  }).writeContract({
    address: deployment.computeRouter,
    abi: computeRouterAbi,
    functionName: "createJob",
    args: [terms, signature],
  });

const simulateCreateJob = (terms: JobTerms, signature: Hex) =>
  publicClient().simulateContract({
    account: buyer.address,
    address: deployment.computeRouter,
    abi: computeRouterAbi,
    functionName: "createJob",
    args: [terms, signature],
  });

const fetchLog = async (root: Hex) =>
  new Uint8Array(await (await fetch(`${relayer.url}/file?root=${root}`)).arrayBuffer());

describe("routing end to end (relayer + anvil + contracts)", () => {
  let trackedRoot: Hex;

  it("routes a Tracked request to a Necto listing, and the attestation creates the job on-chain; the log verifies", async () => {
    const decision = await route({
      text: "2x H100 SXM for 3 hours in Germany, only on Necto",
      mode: "tracked",
      user: buyer.address,
    });
    expect(decision.choice?.providerId).toBe("necto");
    expect(decision.attestation?.kind).toBe("createJob");
    const terms = termsOf(decision.attestation?.terms ?? {});
    expect(terms).toMatchObject({
      root: decision.root,
      logLength: decision.length,
      gpus: 2,
      hoursBooked: 3,
      tracked: true,
    });
    expect(terms.client.toLowerCase()).toBe(buyer.address.toLowerCase());

    // A forged attestation (signed by a key without ROUTER_KEY_ROLE) and an expired one are refused.
    const forger = new AttestationSigner({
      privateKey: buyerKey,
      chainId: 31337,
      computeRouter: deployment.computeRouter,
    });
    const forged = await forger.signJob(terms);
    await expect(
      simulateCreateJob({ ...forged.terms, expiry: terms.expiry }, forged.signature),
    ).rejects.toThrow(/InvalidAttestation/);
    const latest = await publicClient().getBlock();
    const stale = new AttestationSigner(
      { privateKey: privateKeyOf(1), chainId: 31337, computeRouter: deployment.computeRouter, ttlSeconds: 1 },
      () => latest.timestamp - 3_600n,
    );
    const expired = await stale.signJob(terms);
    await expect(simulateCreateJob(expired.terms, expired.signature)).rejects.toThrow(/AttestationExpired/);

    const hash = await createJob(terms, decision.attestation?.signature as Hex);
    expect((await publicClient().waitForTransactionReceipt({ hash })).status).toBe("success");
    const job = await new ChainReader(publicClient(), deployment).job(decision.root);
    expect(job).toMatchObject({ status: "funded", logLength: decision.length, gpus: 2, hoursBooked: 3 });
    expect(job?.user?.toLowerCase()).toBe(buyer.address.toLowerCase());

    const bytes = await fetchLog(decision.root);
    const verified = await verifyDecision(bytes, decision.root, decision.length);
    expect(verified.ok).toBe(true);
    const tampered = bytes.slice();
    tampered[100] = (tampered[100] as number) ^ 1;
    const refused = await verifyDecision(tampered, decision.root, decision.length);
    expect(refused.ok).toBe(false);
    trackedRoot = decision.root;
  });

  it("keeps an Untracked buyer out of the log, the relayer's logs and its state, and the job is created with the commitment", async () => {
    // A buyer the relayer has never seen: only the commitment reaches it.
    const anonymous = localAccounts.teamViewer;
    const salt = `0x${"5a".repeat(32)}` as Hex;
    const commitment = untrackedClient(anonymous.address, salt);
    const decision = await route({
      text: "1x H100 SXM for 2 hours in Germany, only on Necto",
      mode: "untracked",
      clientCommitment: commitment,
    });
    const terms = termsOf(decision.attestation?.terms ?? {});
    expect(terms).toMatchObject({ tracked: false, client: commitment });
    const hash = await createJob(terms, decision.attestation?.signature as Hex, privateKeyOf(7));
    expect((await publicClient().waitForTransactionReceipt({ hash })).status).toBe("success");
    const job = await new ChainReader(publicClient(), deployment).job(decision.root);
    expect(job).toMatchObject({ status: "funded", user: null, client: commitment });

    const bytes = await fetchLog(decision.root);
    expect(
      (await verifyDecision(bytes, decision.root, decision.length, { user: anonymous.address })).ok,
    ).toBe(true);
    const spellings = [anonymous.address.toLowerCase(), anonymous.address.slice(2).toLowerCase()];
    const haystacks = [
      new TextDecoder().decode(bytes),
      logLines.join("\n"),
      // The outbox database with its write-ahead log, where fresh rows live first.
      ...readdirSync(dataDir)
        .filter((file) => file.startsWith("decision-outbox.db"))
        .map((file) => readFileSync(join(dataDir, file)).toString("latin1")),
      ...readdirSync(join(dataDir, "decision-logs")).map((file) =>
        readFileSync(join(dataDir, "decision-logs", file), "utf8"),
      ),
    ];
    for (const haystack of haystacks) {
      for (const spelling of spellings) expect(haystack.toLowerCase()).not.toContain(spelling);
    }
  });

  it("attests a decision routed outside the chain, and recordExternalJob records it", async () => {
    const decision = await route({
      text: "an RTX 4090 for 5 hours on RunPod",
      mode: "tracked",
      user: buyer.address,
    });
    expect(decision.choice?.providerId).toBe("runpod");
    expect(decision.attestation?.kind).toBe("recordExternalJob");
    const json = decision.attestation?.terms ?? {};
    const terms = {
      root: json.root as Hex,
      logLength: Number(json.logLength),
      providerId: json.providerId as Hex,
      offerHash: json.offerHash as Hex,
      gpus: Number(json.gpus),
      hoursBooked: Number(json.hoursBooked),
      usdPerGpuHour: BigInt(json.usdPerGpuHour as string),
      client: json.client as Hex,
      tracked: json.tracked as boolean,
      team: BigInt(json.team as string),
      expiry: BigInt(json.expiry as string),
    };
    expect(terms.usdPerGpuHour).toBe(BigInt(Math.round((decision.choice?.usdPerGpuHour ?? 0) * 1e6)));
    const hash = await createWalletClient({
      account: privateKeyToAccount(buyerKey),
      chain: anvil,
      transport: http(seeded.chain.url),
    }).writeContract({
      address: deployment.computeRouter,
      abi: computeRouterAbi,
      functionName: "recordExternalJob",
      args: [terms, decision.attestation?.signature as Hex],
    });
    expect((await publicClient().waitForTransactionReceipt({ hash })).status).toBe("success");
    const job = await new ChainReader(publicClient(), deployment).job(decision.root);
    expect(job).toMatchObject({
      status: "recorded",
      logLength: decision.length,
      external: { providerId: "runpod" },
    });
    expect((await verifyDecision(await fetchLog(decision.root), decision.root, decision.length)).ok).toBe(
      true,
    );
  });

  it("streams the agent's activity as server-sent events and ends with the decision", async () => {
    const response = await fetch(`${relayer.url}/v1/route`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({
        text: "an H200 for a day under $5 in Finland",
        mode: "tracked",
        user: buyer.address,
      }),
    });
    expect(response.headers.get("content-type")).toMatch(/text\/event-stream/);
    const text = await response.text();
    expect(text).toMatch(/event: progress\ndata: .*Scanning necto/);
    expect(text).toMatch(/event: progress\ndata: .*Comparing providers/);
    const decision = JSON.parse(/event: decision\ndata: (.*)/.exec(text)?.[1] ?? "null") as DecisionAnswer;
    expect(decision.choice?.offerKey).toMatch(/^necto:31337-5$|:/);
    expect((await verifyDecision(await fetchLog(decision.root), decision.root, decision.length)).ok).toBe(
      true,
    );
  });

  it("serves a log by root, and answers a re-route of a job that is still the best with no move", async () => {
    const byRoot = await fetch(`${relayer.url}/v1/decisions/${trackedRoot}`);
    expect(byRoot.status).toBe(200);
    expect(
      (
        await verifyDecision(
          new Uint8Array(await byRoot.arrayBuffer()),
          trackedRoot,
          (
            await fetchLog(trackedRoot)
          ).length,
        )
      ).ok,
    ).toBe(true);
    expect((await fetch(`${relayer.url}/v1/decisions/0x${"00".repeat(32)}`)).status).toBe(404);
    expect((await fetch(`${relayer.url}/v1/decisions/nothex`)).status).toBe(400);
    const answer = await (
      await fetch(`${relayer.url}/v1/reroute`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          jobRoot: trackedRoot,
          gpus: 2,
          hoursRemaining: 2,
          mode: "tracked",
          user: buyer.address,
        }),
      })
    ).json();
    expect(answer.recommend).toBe(false);
    expect(answer.current.offerKey).toMatch(/^necto:/);
  });

  it("refuses malformed route requests with a 400 that says why", async () => {
    const post = (body: unknown) =>
      fetch(`${relayer.url}/v1/route`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const cases: [unknown, RegExp][] = [
      [{ text: "an H100", mode: "tracked" }, /needs the buyer's address/],
      [{ text: "an H100", mode: "untracked", user: buyer.address }, /must not carry a user/],
      [{ mode: "tracked", user: buyer.address }, /needs text, constraints, or both/],
      [{ text: "an H100", mode: "sideways" }, /mode must be/],
      [{ text: `an H100 for ${buyer.address}`, mode: "untracked" }, /must not contain an address/],
      [{ text: "an H100", mode: "tracked", user: "0x123" }, /user must be 0x and 40 hex digits/],
    ];
    for (const [body, message] of cases) {
      const response = await post(body);
      expect(response.status).toBe(400);
      expect(JSON.stringify(await response.json())).toMatch(message);
    }
  });
});
