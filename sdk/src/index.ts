// The public entry of @necto/sdk. Other packages import only from here.
export * from "./chain/abis.ts";
export * from "./chain/chains.ts";
export * from "./chain/deployment.ts";
export * from "./effective-price.ts";
export * from "./offer.ts";
export * from "./region.ts";
