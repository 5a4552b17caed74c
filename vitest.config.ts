import { defineConfig } from "vitest/config";

// Root-level tests: the scripts that `npm start` runs, end to end on a local chain.
export default defineConfig({
  test: { include: ["scripts/**/*.test.ts"], testTimeout: 60_000 },
});
