// Local-chain tooling shared by `npm start` and the tests of every part: anvil, deploy, demo seed.
export * from "./accounts.ts";
export * from "./anvil.ts";
export * from "./deploy.ts";
export * from "./seed-demo.ts";
export * from "./seeded-chain.ts";
