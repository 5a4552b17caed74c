/**
 * `npm start`: brings up the whole local system as far as it is built: anvil with the contracts deployed
 * and demo data seeded, writing contracts/deployments/31337.json for the other parts. Ctrl-C stops
 * everything it started; re-running starts from a fresh chain.
 */
import { writeFile } from "node:fs/promises";
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
const stateDir = join(import.meta.dirname, "..", ".necto");
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
  console.log(`ready in ${((performance.now() - t0) / 1000).toFixed(1)} s. Ctrl-C stops everything.`);
}

main().catch(async (err) => {
  console.error(`npm start failed: ${err instanceof Error ? err.message : err}`);
  await shutdown(1);
});
