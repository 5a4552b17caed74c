import * as v from "valibot";

const Address = v.pipe(v.string(), v.regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x-prefixed 20-byte address"));

/** The deployment file that `contracts/script/Deploy.s.sol` writes (`contracts/deployments/<chainId>.json`). */
export const DeploymentSchema = v.object({
  chainId: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** The block before the first deployment transaction: readers scan events from here. */
  startBlock: v.pipe(v.number(), v.integer(), v.minValue(0)),
  mockUsdc: v.boolean(),
  usdc: Address,
  providerRegistry: Address,
  teamRegistry: Address,
  computeRouter: Address,
  routerKey: Address,
  arbiter: Address,
  admin: Address,
  /** Settlement tokens by symbol (USDC, and mock tokens on local chains). */
  tokens: v.optional(v.record(v.string(), Address)),
});

export type Deployment = {
  [K in keyof v.InferOutput<typeof DeploymentSchema>]: K extends
    | "usdc"
    | "providerRegistry"
    | "teamRegistry"
    | "computeRouter"
    | "routerKey"
    | "arbiter"
    | "admin"
    ? `0x${string}`
    : K extends "tokens"
      ? Record<string, `0x${string}`> | undefined
      : v.InferOutput<typeof DeploymentSchema>[K];
};

/** Validates a parsed deployment file; throws a `DeploymentError` naming the bad field. */
export function parseDeployment(json: unknown): Deployment {
  const result = v.safeParse(DeploymentSchema, json);
  if (!result.success) {
    const issue = result.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join(".") ?? "(root)";
    throw new DeploymentError(`deployment file: ${path} ${issue.message}`);
  }
  return result.output as Deployment;
}

export class DeploymentError extends Error {
  readonly code = "DEPLOYMENT_INVALID";
  override name = "DeploymentError";
}
