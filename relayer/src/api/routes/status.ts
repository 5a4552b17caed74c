import type { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import type { Market } from "../../market/market.ts";
import type { TokenBoard } from "../../market/token-board.ts";

/** `/v1/providers` (per-provider health), `/v1/tokens` (token prices and oracle health) and `/healthz`. */
export const statusRoutes = (
  app: Hono,
  deps: { market: Market; tokens?: TokenBoard; startedAt: number; now: () => number },
): void => {
  app.get(
    "/v1/providers",
    describeRoute({
      tags: ["status"],
      summary: "Provider health",
      description:
        "Per provider: status (live, stale, snapshot, failing, disabled, pending), offers served, last success, last error, fetch latency and circuit-breaker state.",
      responses: { 200: { description: "Health per provider" } },
    }),
    (c) => {
      const view = deps.market.current();
      return c.json({
        providers: deps.market.providerHealth(),
        snapshot: view.snapshot
          ? { ...view.snapshot, takenAtIso: new Date(view.snapshot.takenAt).toISOString() }
          : null,
      });
    },
  );

  app.get(
    "/v1/tokens",
    describeRoute({
      tags: ["status"],
      summary: "Token prices",
      description:
        "Accepted USD prices per token (median of CoinGecko, Pyth and Chainlink with outlier, staleness and peg checks), the tokens that could not be priced and why, and each oracle source's health.",
      responses: { 200: { description: "Token prices" } },
    }),
    (c) => {
      if (!deps.tokens) return c.json({ prices: {}, failures: [], sources: [], fallback: [] });
      return c.json(deps.tokens.view());
    },
  );

  app.get(
    "/healthz",
    describeRoute({
      tags: ["status"],
      summary: "Liveness",
      responses: { 200: { description: "The service is up" } },
    }),
    (c) => {
      const view = deps.market.current();
      return c.json({
        ok: true,
        uptimeMs: deps.now() - deps.startedAt,
        market: { version: view.version, offers: view.offers.length, snapshot: view.snapshot !== undefined },
      });
    },
  );
};
