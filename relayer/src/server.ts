import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type ServerType, serve } from "@hono/node-server";
import { DEMO_TOKEN_USD } from "@necto/contracts/local";
import { type Deployment, type Offer, parseDeployment, type TokenPrice } from "@necto/sdk";
import pino, { type Logger } from "pino";
import { createApi } from "./api/app.ts";
import type { RelayerConfig } from "./config.ts";
import { Market } from "./market/market.ts";
import { PriceHistory, pricePointsOf } from "./market/price-history.ts";
import { loadSnapshot } from "./market/snapshot.ts";
import { TokenBoard } from "./market/token-board.ts";
import type { ProviderAdapter } from "./providers/adapter.ts";
import { providerAdapters } from "./providers/registry.ts";
import { chainlinkSource } from "./tokens/chainlink.ts";
import { coinGeckoSource } from "./tokens/coingecko.ts";
import { pythSource } from "./tokens/pyth.ts";
import { TokenPriceService } from "./tokens/token-prices.ts";

export interface RunningRelayer {
  url: string;
  market: Market;
  stop(): Promise<void>;
}

export interface RelayerOverrides {
  /** Replaces the configured adapters (tests, benchmarks). */
  adapters?: ProviderAdapter[];
  /** Replaces the bundled snapshot. */
  snapshot?: { takenAt: number; offers: Offer[] };
  logger?: Logger;
  /** Turns the per-client rate limit off (the load benchmark is one client). */
  rateLimit?: false;
  /** Replaces the oracles' token prices (the benchmark's market has its own). */
  tokenPrices?: () => Readonly<Record<string, TokenPrice | undefined>>;
}

const LOCAL_CHAIN_ID = 31337;

const readDeployment = (file: string): Deployment => parseDeployment(JSON.parse(readFileSync(file, "utf8")));

/**
 * Builds and starts the relayer: market (adapters, snapshot, token prices), price history, HTTP API.
 * Listens at once, serving the snapshot until the first fetches land; refreshes on timers; `stop()`
 * closes the server after in-flight requests (at most 5 s), the timers and the database.
 */
export const startRelayer = async (
  config: RelayerConfig,
  overrides: RelayerOverrides = {},
): Promise<RunningRelayer> => {
  const logger = overrides.logger ?? pino({ level: config.NECTO_LOG_LEVEL, base: { service: "relayer" } });
  const deployment =
    config.NECTO_DEPLOYMENT_FILE && config.NECTO_RPC_URL
      ? readDeployment(config.NECTO_DEPLOYMENT_FILE)
      : undefined;
  const chain = deployment && config.NECTO_RPC_URL ? { rpcUrl: config.NECTO_RPC_URL, deployment } : undefined;

  const offline = config.NECTO_OFFLINE === "1";
  const tokenService = new TokenPriceService({
    sources: [
      coinGeckoSource({ apiKey: config.COINGECKO_API_KEY }),
      pythSource({ apiKey: config.PYTH_API_KEY }),
      chainlinkSource({ rpcUrl: config.CHAINLINK_RPC_URL }),
    ].map((source) => (offline ? { ...source, disabledReason: "offline mode (NECTO_OFFLINE=1)" } : source)),
  });
  // The local chain's mock tokens have no oracle: they get the demo prices the seed uses.
  const tokens = new TokenBoard(tokenService, deployment?.chainId === LOCAL_CHAIN_ID ? DEMO_TOKEN_USD : {});

  const history = new PriceHistory(join(config.NECTO_DATA_DIR, "price-history.db"));
  const snapshot = overrides.snapshot ?? loadSnapshot();
  recordSnapshot(history, snapshot.offers, tokens);

  const market = new Market({
    adapters: overrides.adapters ?? providerAdapters(config, chain),
    snapshot,
    tokenPrices: overrides.tokenPrices ?? (() => tokens.prices()),
    fetchTimeoutMs: config.NECTO_FETCH_TIMEOUT_MS,
    onFetched: (providerId, offers, at) => {
      history.record(pricePointsOf(providerId, offers, { now: at, tokenPrices: tokens.prices() }, at));
      logger.info({ provider: providerId, offers: offers.length }, "provider fetched");
    },
    onFailed: (providerId, error) =>
      logger.warn({ provider: providerId, code: error.code, reason: error.message }, "provider fetch failed"),
  });

  const app = createApi({
    market,
    history,
    tokens,
    logger,
    corsOrigins:
      config.NECTO_CORS_ORIGINS === "*" ? "*" : config.NECTO_CORS_ORIGINS.split(",").map((o) => o.trim()),
    rateLimit:
      overrides.rateLimit === false ? false : { windowMs: 60_000, limit: config.NECTO_RATE_LIMIT_PER_MINUTE },
  });

  const server: ServerType = await new Promise((resolve) => {
    const s = serve(
      { fetch: app.fetch, port: config.NECTO_RELAYER_PORT, hostname: config.NECTO_RELAYER_HOST },
      () => resolve(s),
    );
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.NECTO_RELAYER_PORT;
  const url = `http://${config.NECTO_RELAYER_HOST}:${port}`;

  const refreshAll = () =>
    tokens
      .refresh()
      .catch((error: unknown) => logger.error({ err: error }, "token price refresh failed"))
      .then(() => market.refresh());
  void refreshAll();
  const marketTimer = setInterval(() => void market.refresh(), 15_000);
  const tokenTimer = setInterval(() => void tokens.refresh().catch(() => undefined), 60_000);
  marketTimer.unref();
  tokenTimer.unref();
  logger.info({ url, providers: market.providerHealth().length }, "relayer listening");

  return {
    url,
    market,
    async stop() {
      clearInterval(marketTimer);
      clearInterval(tokenTimer);
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        }, 5_000);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      });
      history.close();
      logger.info("relayer stopped");
    },
  };
};

/** The snapshot's prices enter the history once, at their own dates (INSERT OR IGNORE makes it idempotent). */
const recordSnapshot = (history: PriceHistory, offers: readonly Offer[], tokens: TokenBoard): void => {
  const groups = new Map<string, Offer[]>();
  for (const offer of offers) {
    const key = `${offer.providerId}\u0000${offer.fetchedAt}`;
    groups.set(key, [...(groups.get(key) ?? []), offer]);
  }
  for (const group of groups.values()) {
    const { providerId, fetchedAt } = group[0] as Offer;
    history.record(
      pricePointsOf(providerId, group, { now: fetchedAt, tokenPrices: tokens.prices() }, fetchedAt),
    );
  }
};
