// The public entry of @necto/sdk. Other packages import only from here.
export * from "./catalog/gpus.ts";
export * from "./catalog/resolve-gpu.ts";
export * from "./chain/abis.ts";
export * from "./chain/attestation.ts";
export * from "./chain/chain-reader.ts";
export * from "./chain/chains.ts";
export * from "./chain/deployment.ts";
export * from "./chain/listing-offer.ts";
export * from "./constraints.ts";
export * from "./decision-log/index.ts";
export * from "./effective-price.ts";
export * from "./normalize/index.ts";
export * from "./offer.ts";
export * from "./oracle/token-price.ts";
export * from "./prepared-market.ts";
export * from "./rank.ts";
export * from "./region.ts";
