import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  deployContracts,
  type LocalChain,
  localAccounts,
  privateKeyOf,
  type SeedResult,
  seedDemo,
  startAnvil,
} from "@necto/contracts/local";
import { ChainReader, findAddress, parseDeployment, verifyDecision } from "@necto/sdk";
import { createPublicClient, http } from "viem";
import { anvil } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { realDemoDecisions } from "./demo-decisions.ts";

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

let chain: LocalChain;
let seed: SeedResult;
let reader: ChainReader;
let dir: string;

beforeAll(async () => {
  const port = await freePort();
  chain = await startAnvil(port);
  dir = await mkdtemp(join(tmpdir(), "necto-logs-"));
  const { deployment, file } = await deployContracts(
    chain.url,
    { DEPLOYER_PRIVATE_KEY: privateKeyOf(0), NECTO_ROUTER_KEY: localAccounts.routerKey.address },
    { chainId: 31337, file: `test-${port}.json` },
  );
  await rm(file);
  const parsed = parseDeployment(deployment);
  seed = await seedDemo(chain.url, parsed, realDemoDecisions(chain.url, parsed, dir));
  reader = new ChainReader(createPublicClient({ chain: anvil, transport: http(chain.url) }), parsed);
}, 120_000);
afterAll(async () => {
  await chain?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("npm start's demo jobs", () => {
  it("are each bound to a stored decision log that verifies against the on-chain root and length", async () => {
    const jobs = await reader.jobs();
    expect(jobs).toHaveLength(seed.jobs.length);
    for (const job of jobs) {
      const bytes = new Uint8Array(await readFile(join(dir, `${job.jobId}.json`)));
      const result = await verifyDecision(bytes, job.jobId, job.logLength);
      expect(result, `job ${job.jobId}`).toMatchObject({ ok: true });
    }
  });

  it("keep the buyer's address out of the Untracked job's log and record it in Tracked ones", async () => {
    const jobs = await reader.jobs();
    const untracked = jobs.filter((j) => j.user === null);
    expect(untracked).toHaveLength(1);
    const untrackedBytes = new Uint8Array(await readFile(join(dir, `${untracked[0]?.jobId}.json`)));
    expect(findAddress(untrackedBytes, localAccounts.soloBuyer.address)).toBe(-1);
    const tracked = jobs.find((j) => j.user === localAccounts.teamAdmin.address);
    const trackedBytes = new Uint8Array(await readFile(join(dir, `${tracked?.jobId}.json`)));
    expect(findAddress(trackedBytes, localAccounts.teamAdmin.address)).toBeGreaterThanOrEqual(0);
  });

  it("fail verification when a stored log is tampered with", async () => {
    const [job] = await reader.jobs();
    const bytes = new Uint8Array(await readFile(join(dir, `${job?.jobId}.json`)));
    bytes[10] = bytes[10] === 0x61 ? 0x62 : 0x61;
    const result = await verifyDecision(bytes, job?.jobId ?? "0x", job?.logLength ?? 0);
    expect(result).toMatchObject({ ok: false, code: "root-mismatch" });
  });
});
