import { getConnInfo } from "@hono/node-server/conninfo";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import { openAPIRouteHandler } from "hono-openapi";
import { rateLimiter } from "hono-rate-limiter";
import type { Logger } from "pino";
import type { RouteDeps } from "../agent/route-decision.ts";
import type { DecisionStore } from "../decisions/index.ts";
import { indexerGateway } from "../decisions/index.ts";
import type { Market } from "../market/market.ts";
import type { PriceHistory } from "../market/price-history.ts";
import type { TokenBoard } from "../market/token-board.ts";
import { apiError } from "./api-error.ts";
import { catalogRoutes } from "./routes/catalog.ts";
import { decisionRoutes } from "./routes/decisions.ts";
import { historyRoutes } from "./routes/history.ts";
import { offersRoutes } from "./routes/offers.ts";
import { quoteRoutes } from "./routes/quote.ts";
import { routeRoutes } from "./routes/route.ts";
import { statusRoutes } from "./routes/status.ts";

export interface ApiOptions {
  market: Market;
  history?: PriceHistory;
  tokens?: TokenBoard;
  /** Routing (`/v1/route`, `/v1/reroute`); absent, those routes are not served. */
  routing?: RouteDeps;
  /** Where decision logs are read from (`/v1/decisions/:root`, `/file?root=`). */
  decisions?: Pick<DecisionStore, "get">;
  logger: Logger;
  /** Origins allowed by CORS: the dapp's and the extension's (`chrome-extension://<id>`), or `*`. */
  corsOrigins: readonly string[] | "*";
  /** Requests per client per window; `false` turns limiting off (benchmarks). */
  rateLimit: { windowMs: number; limit: number } | false;
  /** Largest request body, bytes. Default 64 KiB. */
  maxBodyBytes?: number;
  startedAt?: number;
  now?: () => number;
}

/** The client a rate limit counts: the socket's address (forwarded headers are not trusted by default). */
const clientKey = (c: Parameters<Parameters<typeof rateLimiter>[0]["keyGenerator"]>[0]): string => {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown"; // app.request() in tests has no socket
  }
};

/** The relayer's HTTP API (Hono): routes, validation, CORS, rate limits, request logs and the OpenAPI document. */
export const createApi = (options: ApiOptions): Hono => {
  const now = options.now ?? Date.now;
  const app = new Hono();
  const log = options.logger;

  // One structured line per request. Never the body, the query or the client address: requests can
  // carry a buyer's identity, which Untracked mode must keep out of logs.
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    if (log.isLevelEnabled("info")) {
      log.info(
        {
          method: c.req.method,
          route: c.req.routePath,
          status: c.res.status,
          ms: Math.round((performance.now() - started) * 10) / 10,
        },
        "request",
      );
    }
  });
  app.use(
    cors({
      origin: options.corsOrigins === "*" ? "*" : [...options.corsOrigins],
      allowMethods: ["GET", "POST", "OPTIONS"],
      allowHeaders: ["content-type"],
      maxAge: 600,
    }),
  );
  if (options.rateLimit) {
    app.use(
      rateLimiter({
        windowMs: options.rateLimit.windowMs,
        limit: options.rateLimit.limit,
        standardHeaders: "draft-6",
        keyGenerator: clientKey,
        handler: (c) =>
          apiError(
            c,
            429,
            "rate-limited",
            "too many requests from this client; retry after the window resets",
          ),
      }),
    );
  }
  app.use(
    bodyLimit({
      maxSize: options.maxBodyBytes ?? 64 * 1024,
      onError: (c) =>
        apiError(
          c,
          413,
          "body-too-large",
          `request bodies are limited to ${options.maxBodyBytes ?? 65536} bytes`,
        ),
    }),
  );

  offersRoutes(app, options.market);
  quoteRoutes(app, options.market);
  if (options.history) historyRoutes(app, options.history, now);
  catalogRoutes(app);
  if (options.routing) routeRoutes(app, options.routing, log);
  if (options.decisions) {
    decisionRoutes(app, options.decisions, options.routing);
    app.route("/file", indexerGateway(options.decisions));
  }
  statusRoutes(app, {
    market: options.market,
    tokens: options.tokens,
    startedAt: options.startedAt ?? now(),
    now,
  });

  app.get(
    "/v1/openapi.json",
    openAPIRouteHandler(app, {
      documentation: {
        openapi: "3.1.0",
        info: {
          title: "Necto relayer",
          version: "1.0.0",
          description:
            "Market data from every connected GPU provider, normalized to USD per GPU-hour, with quotes under hard constraints. Offers from the bundled snapshot are labelled with its date.",
        },
      },
    }),
  );

  app.notFound((c) => apiError(c, 404, "not-found", `no route ${c.req.method} ${c.req.path}`));
  app.onError((error, c) => {
    if (error instanceof HTTPException && error.status < 500) {
      return apiError(c, error.status, "invalid-request", error.message || "the request is not valid");
    }
    log.error({ err: error, route: c.req.routePath }, "unhandled error");
    return apiError(c, 500, "internal", "internal error");
  });
  return app;
};
