/**
 * The relayer's process entry (`npm start -w relayer`, or started by the root `npm start`): configuration
 * from the environment, then the service until SIGINT/SIGTERM, which stop it gracefully.
 */
import { ConfigError, loadConfig } from "./config.ts";
import { startRelayer } from "./server.ts";

const main = async () => {
  const relayer = await startRelayer(loadConfig());
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await relayer.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
};

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
