import { type Chain, defineChain } from "viem";
import { anvil, zeroGTestnet } from "viem/chains";

/** The local development chain that `npm start` runs (anvil, chain id 31337). */
export const localChain: Chain = anvil;

/**
 * 0G Galileo testnet. viem's `zeroGTestnet` is 16602 (Galileo V3); its `zeroGGalileoTestnet` still says
 * the retired 16601, so it is not used.
 */
export const galileoChain: Chain = zeroGTestnet;

/**
 * A chain known only by configuration (ADI testnet, or any EVM chain a deployment names): its id, RPC URL
 * and native currency come from the operator, not from this library.
 */
export function configuredChain(options: {
  id: number;
  name: string;
  rpcUrl: string;
  nativeSymbol?: string;
  explorerUrl?: string;
}): Chain {
  return defineChain({
    id: options.id,
    name: options.name,
    nativeCurrency: {
      name: options.nativeSymbol ?? "ETH",
      symbol: options.nativeSymbol ?? "ETH",
      decimals: 18,
    },
    rpcUrls: { default: { http: [options.rpcUrl] } },
    ...(options.explorerUrl
      ? { blockExplorers: { default: { name: options.name, url: options.explorerUrl } } }
      : {}),
  });
}

/** The built-in chain for an id, or undefined (then use `configuredChain`). */
export function knownChain(chainId: number): Chain | undefined {
  return [localChain, galileoChain].find((c) => c.id === chainId);
}
