import {
  type DecideFn,
  freePort,
  type LocalChain,
  type SeedResult,
  startSeededChain,
} from "@necto/contracts/local";
import { type Deployment, parseDeployment } from "../src/chain/deployment.ts";

export { freePort };

export interface SeededChain {
  chain: LocalChain;
  deployment: Deployment;
  seed: SeedResult;
  stop(): Promise<void>;
}

/** A fresh anvil with the contracts deployed and the demo market seeded, its deployment parsed by the sdk. */
export async function seededChain(decide?: DecideFn): Promise<SeededChain> {
  const seeded = await startSeededChain(decide);
  return { ...seeded, deployment: parseDeployment(seeded.deployment) };
}
