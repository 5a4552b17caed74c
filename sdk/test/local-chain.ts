import { unlink } from "node:fs/promises";
import { createServer } from "node:net";
import {
  type DecideFn,
  deployContracts,
  type LocalChain,
  localAccounts,
  privateKeyOf,
  type SeedResult,
  seedDemo,
  startAnvil,
} from "@necto/contracts/local";
import { keccak256, stringToHex } from "viem";
import { type Deployment, parseDeployment } from "../src/chain/deployment.ts";

/** A free TCP port on loopback, so parallel test files each get their own anvil. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

export interface SeededChain {
  chain: LocalChain;
  deployment: Deployment;
  seed: SeedResult;
  stop(): Promise<void>;
}

/** Stand-in decision logs: the chain stores only roots, so any distinct 32 bytes serve these tests. */
const fakeDecide: DecideFn = async (d) => {
  const bytes = JSON.stringify(d);
  return { root: keccak256(stringToHex(bytes)), length: bytes.length };
};

/** A fresh anvil with the contracts deployed and the demo market seeded, as `npm start` makes it. */
export async function seededChain(decide: DecideFn = fakeDecide): Promise<SeededChain> {
  const port = await freePort();
  const chain = await startAnvil(port);
  try {
    const { deployment, file } = await deployContracts(
      chain.url,
      {
        DEPLOYER_PRIVATE_KEY: privateKeyOf(0),
        NECTO_ROUTER_KEY: localAccounts.routerKey.address,
        NECTO_ARBITER: localAccounts.arbiter.address,
      },
      { chainId: 31337, file: `test-${port}.json` },
    );
    await unlink(file);
    const seed = await seedDemo(chain.url, deployment, decide);
    return {
      chain,
      deployment: parseDeployment({ ...deployment, tokens: { USDC: deployment.usdc, AKT: seed.akt } }),
      seed,
      stop: chain.stop,
    };
  } catch (err) {
    await chain.stop();
    throw err;
  }
}
