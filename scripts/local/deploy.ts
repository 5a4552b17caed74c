import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface Deployment {
  chainId: number;
  startBlock: number;
  mockUsdc: boolean;
  usdc: `0x${string}`;
  providerRegistry: `0x${string}`;
  teamRegistry: `0x${string}`;
  computeRouter: `0x${string}`;
  routerKey: `0x${string}`;
  arbiter: `0x${string}`;
  admin: `0x${string}`;
}

export const contractsDir = join(import.meta.dirname, "..", "..", "contracts");

/** Runs script/Deploy.s.sol against `rpcUrl` and returns the deployment file it wrote. */
export async function deployContracts(
  rpcUrl: string,
  env: Record<string, string>,
  chainId: number,
): Promise<Deployment> {
  const forge = join(contractsDir, "..", "node_modules", ".bin", "forge");
  try {
    await run(forge, ["script", "script/Deploy.s.sol", "--rpc-url", rpcUrl, "--broadcast", "--slow"], {
      cwd: contractsDir,
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    throw new Error(`forge script failed:\n${e.stderr ?? ""}\n${(e.stdout ?? "").slice(-4000)}`);
  }
  const file = join(contractsDir, "deployments", `${chainId}.json`);
  return JSON.parse(await readFile(file, "utf8")) as Deployment;
}
