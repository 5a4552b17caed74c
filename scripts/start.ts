/**
 * `npm start`: brings up the whole local system as far as it is built: anvil with the contracts deployed
 * and demo data seeded, writing contracts/deployments/31337.json for the other parts. Ctrl-C stops
 * everything it started; re-running starts from a fresh chain.
 */
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  deployContracts,
  type LocalChain,
  localAccounts,
  privateKeyOf,
  seedDemo,
  startAnvil,
} from "@necto/contracts/local";
import { parseDeployment } from "@necto/sdk";
import { realDemoDecisions } from "./demo-decisions.ts";

const CHAIN_ID = 31337;
const port = Number(process.env.NECTO_ANVIL_PORT ?? 8545);
const relayerPort = Number(process.env.NECTO_RELAYER_PORT ?? 8787);
const root = join(import.meta.dirname, "..");
const stateDir = join(root, ".necto");
const started: { name: string; stop: () => Promise<void> }[] = [];

async function shutdown(code: number) {
  for (const s of started.reverse()) {
    await s.stop().catch((err) => console.error(`stopping ${s.name}: ${err}`));
  }
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

async function main() {
  const t0 = performance.now();
  const chain: LocalChain = await startAnvil(port, CHAIN_ID);
  started.push({ name: "anvil", stop: chain.stop });
  console.log(`anvil        ${chain.url} (chain ${CHAIN_ID})`);

  const deployed = await deployContracts(
    chain.url,
    {
      DEPLOYER_PRIVATE_KEY: privateKeyOf(0),
      NECTO_ROUTER_KEY: localAccounts.routerKey.address,
      NECTO_ARBITER: localAccounts.arbiter.address,
    },
    { chainId: CHAIN_ID },
  );
  const deployment = parseDeployment(deployed.deployment);
  const seed = await seedDemo(
    chain.url,
    deployment,
    realDemoDecisions(chain.url, deployment, join(stateDir, "decision-logs")),
  );
  const file = deployed.file;
  await writeFile(
    file,
    `${JSON.stringify({ ...deployment, tokens: { USDC: deployment.usdc, AKT: seed.akt } }, null, 2)}\n`,
  );

  console.log(`contracts    ComputeRouter ${deployment.computeRouter}`);
  console.log(`             ProviderRegistry ${deployment.providerRegistry}`);
  console.log(`             TeamRegistry ${deployment.teamRegistry}`);
  console.log(`             USDC (mock, faucet) ${deployment.usdc}  AKT (mock) ${seed.akt}`);
  console.log(`deployment   ${file}`);
  console.log(
    `demo data    ${seed.providers} providers, ${seed.listings} listings, ${seed.teams} team, ${seed.jobs.length} jobs:`,
  );
  for (const job of seed.jobs) console.log(`             ${job.id}  ${job.state}`);

  const relayerUrl = await startRelayerProcess(chain.url, file);
  console.log(`relayer      ${relayerUrl}  (logs: .necto/relayer.log)`);
  console.log(`             curl ${relayerUrl}/v1/providers`);
  console.log(`             curl '${relayerUrl}/v1/offers?gpu=h100-sxm&maxPrice=3'`);
  console.log(`ready in ${((performance.now() - t0) / 1000).toFixed(1)} s. Ctrl-C stops everything.`);
}

/**
 * The relayer as its own process (nothing imports the relayer), against the local chain: live provider
 * data where keys and network exist, the bundled snapshot otherwise. Resolves once /healthz answers.
 */
async function startRelayerProcess(rpcUrl: string, deploymentFile: string): Promise<string> {
  await mkdir(stateDir, { recursive: true });
  const log = createWriteStream(join(stateDir, "relayer.log"), { flags: "a" });
  const child = spawn(join(root, "node_modules", ".bin", "tsx"), ["relayer/src/main.ts"], {
    cwd: root,
    env: {
      ...process.env,
      NECTO_RPC_URL: rpcUrl,
      NECTO_DEPLOYMENT_FILE: deploymentFile,
      NECTO_DATA_DIR: stateDir,
      NECTO_RELAYER_PORT: String(relayerPort),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  started.push({
    name: "relayer",
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  });
  const url = `http://127.0.0.1:${relayerPort}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the relayer exited with code ${child.exitCode}; see .necto/relayer.log`);
    const up = await fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) return url;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error("the relayer did not answer /healthz within 30 s; see .necto/relayer.log");
}

main().catch(async (err) => {
  console.error(`npm start failed: ${err instanceof Error ? err.message : err}`);
  await shutdown(1);
});
