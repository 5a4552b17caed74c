import { mnemonicToAccount } from "viem/accounts";

/**
 * Anvil's well-known development mnemonic: public, holds funds only on the local chain. Never use it
 * anywhere else. Each role of the demo gets its own account so the local system behaves like a real one.
 */
export const ANVIL_MNEMONIC = "test test test test test test test test test test test junk";

export const anvilAccount = (index: number) => mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: index });

export const localAccounts = {
  deployer: anvilAccount(0),
  /** Signs routing attestations (the relayer's router key on the local chain). */
  routerKey: anvilAccount(1),
  arbiter: anvilAccount(2),
  providers: [anvilAccount(3), anvilAccount(4), anvilAccount(5)],
  teamAdmin: anvilAccount(6),
  teamViewer: anvilAccount(7),
  teamUser: anvilAccount(8),
  soloBuyer: anvilAccount(9),
} as const;

/** Private key of an anvil account as hex (forge script and the relayer take raw keys). */
export const privateKeyOf = (index: number): `0x${string}` => {
  const key = anvilAccount(index).getHdKey().privateKey;
  if (!key) throw new Error(`no private key for anvil account ${index}`);
  return `0x${Buffer.from(key).toString("hex")}`;
};
