import type { Deployment } from "@necto/sdk";
import type { RelayerConfig } from "../config.ts";
import type { ProviderAdapter } from "./adapter.ts";
import { akashAdapter } from "./akash.ts";
import { awsAdapter } from "./aws.ts";
import { hyperbolicAdapter } from "./hyperbolic.ts";
import { ionetAdapter } from "./ionet.ts";
import { lambdaAdapter } from "./lambda.ts";
import { nectoChainAdapter } from "./necto-chain.ts";
import { nosanaAdapter } from "./nosana.ts";
import { runpodAdapter } from "./runpod.ts";
import { shadeformAdapter } from "./shadeform.ts";
import { tensordockAdapter } from "./tensordock.ts";
import { vastAdapter } from "./vast.ts";

const disabled = (adapter: ProviderAdapter, reason: string): ProviderAdapter => ({
  ...adapter,
  disabledReason: reason,
});

/**
 * Every provider adapter, configured: keys from the configuration; providers switched off by
 * `NECTO_PROVIDERS_DISABLED` or, with `NECTO_OFFLINE=1`, every off-chain provider, reported as disabled.
 * Necto's own listings come from the chain when a deployment is given.
 */
export const providerAdapters = (
  config: RelayerConfig,
  chain?: { rpcUrl: string; deployment: Deployment },
): ProviderAdapter[] => {
  const external: ProviderAdapter[] = [
    akashAdapter(),
    awsAdapter(),
    hyperbolicAdapter({ apiKey: config.HYPERBOLIC_API_KEY }),
    ionetAdapter({ apiKey: config.IONET_API_KEY }),
    lambdaAdapter({ apiKey: config.LAMBDA_API_KEY }),
    nosanaAdapter(),
    runpodAdapter({ apiKey: config.RUNPOD_API_KEY }),
    shadeformAdapter({ apiKey: config.SHADEFORM_API_KEY }),
    tensordockAdapter({ apiKey: config.TENSORDOCK_API_KEY }),
    vastAdapter({ apiKey: config.VAST_API_KEY }),
  ];
  const adapters = [...external, ...(chain ? [nectoChainAdapter(chain)] : [])];
  return adapters.map((adapter) => {
    if (adapter.disabledReason) return adapter;
    if (config.NECTO_PROVIDERS_DISABLED.includes(adapter.id)) {
      return disabled(adapter, "switched off by NECTO_PROVIDERS_DISABLED");
    }
    if (config.NECTO_OFFLINE === "1" && adapter.id !== "necto")
      return disabled(adapter, "offline mode (NECTO_OFFLINE=1)");
    return adapter;
  });
};
