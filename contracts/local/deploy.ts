import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The file script/Deploy.s.sol writes (the sdk's `parseDeployment` validates it). */
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
  tokens?: Record<string, `0x${string}`>;
}

export const contractsDir = join(import.meta.dirname, "..");

/**
 * Runs script/Deploy.s.sol against `rpcUrl` and returns the deployment file it wrote: by default
 * `deployments/<chainId>.json`; `file` (a name inside deployments/) keeps test deployments apart.
 */
export async function deployContracts(
  rpcUrl: string,
  env: Record<string, string>,
  options: { chainId: number; file?: string },
): Promise<{ deployment: Deployment; file: string }> {
  const forge = join(contractsDir, "..", "node_modules", ".bin", "forge");
  const file = join(contractsDir, "deployments", options.file ?? `${options.chainId}.json`);
  try {
    await run(forge, ["script", "script/Deploy.s.sol", "--rpc-url", rpcUrl, "--broadcast"], {
      cwd: contractsDir,
      env: { ...process.env, ...env, NECTO_DEPLOYMENT_FILE: file },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    throw new Error(`forge script failed:\n${e.stderr ?? ""}\n${(e.stdout ?? "").slice(-4000)}`);
  }
  return { deployment: JSON.parse(await readFile(file, "utf8")) as Deployment, file };
}
