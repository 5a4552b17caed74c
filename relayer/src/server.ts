import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type ServerType, serve } from "@hono/node-server";
import { DEMO_TOKEN_USD, privateKeyOf } from "@necto/contracts/local";
import { type Deployment, type Offer, parseDeployment, type TokenPrice } from "@necto/sdk";
import pino, { type Logger } from "pino";
import { createPublicClient, http } from "viem";
import { runGeminiAgent } from "./agent/gemini-agent.ts";
import { marketTools } from "./agent/market-tools.ts";
import type { ModelAgent, RouteDeps } from "./agent/route-decision.ts";
import { createApi } from "./api/app.ts";
import { AttestationSigner } from "./attestation/attestation-signer.ts";
import type { RelayerConfig } from "./config.ts";
import { openDecisionStorage } from "./decisions/index.ts";
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

  const storage = openDecisionStorage({
    dataDir: config.NECTO_DATA_DIR,
    logger,
    ...(config.NECTO_ZG_INDEXER_URL && config.NECTO_ZG_RPC_URL && config.NECTO_ZG_PRIVATE_KEY
      ? {
          zg: {
            indexerUrl: config.NECTO_ZG_INDEXER_URL,
            evmRpcUrl: config.NECTO_ZG_RPC_URL,
            chainId: config.NECTO_ZG_CHAIN_ID,
            privateKey: config.NECTO_ZG_PRIVATE_KEY,
          },
        }
      : {}),
  });
  const routing = routingDeps(config, market, storage.outbox, deployment);

  const app = createApi({
    market,
    history,
    tokens,
    routing,
    decisions: storage.outbox,
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
  storage.outbox.start();
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
      await storage.outbox.close();
      history.close();
      logger.info("relayer stopped");
    },
  };
};

/**
 * What routing needs: the agent's tools over the market, the outbox as the decision sink, the attestation
 * key (configured, or the local chain's router key from the deploy script) and Gemini when a key is set.
 */
const routingDeps = (
  config: RelayerConfig,
  market: Market,
  sink: RouteDeps["sink"],
  deployment: Deployment | undefined,
): RouteDeps => {
  const privateKey =
    config.NECTO_ROUTER_PRIVATE_KEY ?? (deployment?.chainId === LOCAL_CHAIN_ID ? privateKeyOf(1) : undefined);
  const signer =
    deployment && privateKey
      ? new AttestationSigner(
          {
            privateKey: privateKey as `0x${string}`,
            chainId: deployment.chainId,
            computeRouter: deployment.computeRouter,
          },
          chainClock(config.NECTO_RPC_URL as string),
        )
      : undefined;
  const tools = marketTools(market);
  const apiKey = config.GEMINI_API_KEY;
  const model: ModelAgent | undefined = apiKey
    ? async (input) => {
        const result = await runGeminiAgent({
          apiKey,
          ...(config.GEMINI_BASE_URL ? { baseUrl: config.GEMINI_BASE_URL } : {}),
          ...(config.GEMINI_MODEL ? { model: config.GEMINI_MODEL } : {}),
          request: input.text,
          ...(input.structured ? { structured: input.structured } : {}),
          tools: input.tools,
          onEvent: input.onEvent,
          timeoutMs: 30_000,
        });
        return { ...result, gpus: input.gpus ?? result.constraints.minGpus ?? 1, hours: input.hours ?? 1 };
      }
    : undefined;
  return {
    market,
    tools,
    sink,
    ...(signer ? { signer } : {}),
    ...(deployment ? { chainId: deployment.chainId } : {}),
    ...(model ? { model } : {}),
  };
};

/**
 * Unix seconds by the chain's latest block: `createJob` checks expiry against block time, which can run
 * ahead of the wall clock (a local chain whose time was moved forward). Falls back to the wall clock.
 */
const chainClock = (rpcUrl: string) => {
  const client = createPublicClient({ transport: http(rpcUrl, { timeout: 3_000, retryCount: 0 }) });
  return async (): Promise<bigint> => {
    const wall = BigInt(Math.floor(Date.now() / 1000));
    const block = await client.getBlock().catch(() => undefined);
    return block && block.timestamp > wall ? block.timestamp : wall;
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
