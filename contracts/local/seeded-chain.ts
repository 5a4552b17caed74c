import { unlink } from "node:fs/promises";
import { createServer } from "node:net";
import { keccak256, stringToHex } from "viem";
import { localAccounts, privateKeyOf } from "./accounts.ts";
import { type LocalChain, startAnvil } from "./anvil.ts";
import { type Deployment, deployContracts } from "./deploy.ts";
import { type DecideFn, type SeedResult, seedDemo } from "./seed-demo.ts";

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
  /** The deployment with the demo tokens (`tokens.USDC`, `tokens.AKT`), as `npm start` writes it. */
  deployment: Deployment & { tokens: Record<string, `0x${string}`> };
  seed: SeedResult;
  stop(): Promise<void>;
}

/** Stand-in decision logs: the chain stores only roots, so any distinct 32 bytes serve tests. */
const placeholderDecide: DecideFn = async (d) => {
  const bytes = JSON.stringify(d);
  return { root: keccak256(stringToHex(bytes)), length: bytes.length };
};

/** A fresh anvil on a free port with the contracts deployed and the demo market seeded, as `npm start` makes it. */
export async function startSeededChain(decide: DecideFn = placeholderDecide): Promise<SeededChain> {
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
      deployment: { ...deployment, tokens: { USDC: deployment.usdc, AKT: seed.akt } },
      seed,
      stop: chain.stop,
    };
  } catch (err) {
    await chain.stop();
    throw err;
  }
}
