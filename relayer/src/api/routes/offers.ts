import { type Constraints, ConstraintsError, parseConstraints, rankPrepared } from "@necto/sdk";
import type { Hono } from "hono";
import { describeRoute, resolver, validator } from "hono-openapi";
import * as v from "valibot";
import type { Market } from "../../market/market.ts";
import { answerCache, cacheableJson } from "../answer-cache.ts";
import { ApiErrorSchema, apiError, rejectInvalid } from "../api-error.ts";
import { marketMeta } from "../market-answer.ts";
import { integerParam, listParam, numberParam } from "../query-params.ts";

export const OffersQuerySchema = v.strictObject(
  {
    gpu: listParam("gpu"),
    region: listParam("region"),
    provider: listParam("provider"),
    excludeProvider: listParam("excludeProvider"),
    excludePricing: listParam("excludePricing"),
    maxPrice: numberParam("maxPrice", 0),
    minGpus: numberParam("minGpus", 1),
    minVram: numberParam("minVram", 0),
    minReliability: numberParam("minReliability", 0, 1),
    limit: integerParam("limit", 1, 500),
    offset: integerParam("offset", 0, 1_000_000),
  },
  (issue) => `unknown query parameter ${JSON.stringify(issue.input)}`,
);

type OffersQuery = v.InferOutput<typeof OffersQuerySchema>;

/** The query as sdk constraints; `provider` (keep only these) becomes the exclusion of every other one. */
const constraintsOf = (query: OffersQuery, providers: readonly string[]): Constraints => {
  const wanted = query.provider;
  const excluded = [
    ...(query.excludeProvider ?? []),
    ...(wanted ? providers.filter((provider) => !wanted.includes(provider)) : []),
  ];
  const raw: Record<string, unknown> = {
    ...(query.gpu ? { gpuModels: query.gpu } : {}),
    ...(query.region ? { regions: query.region } : {}),
    ...(excluded.length > 0 ? { excludeProviders: excluded } : {}),
    ...(query.excludePricing ? { excludePricingModels: query.excludePricing } : {}),
    ...(query.maxPrice !== undefined ? { maxUsdPerGpuHour: query.maxPrice } : {}),
    ...(query.minGpus !== undefined ? { minGpus: query.minGpus } : {}),
    ...(query.minVram !== undefined ? { minVramGb: query.minVram } : {}),
    ...(query.minReliability !== undefined ? { minReliability: query.minReliability } : {}),
  };
  return parseConstraints(raw);
};

const OffersAnswerSchema = v.looseObject({
  market: v.looseObject({}),
  offers: v.array(v.looseObject({ rank: v.number(), providerId: v.string(), offerId: v.string() })),
  total: v.number(),
  offset: v.number(),
});

/** `GET /v1/offers`: the market's offers that pass the filters in the query, cheapest first. */
export const offersRoutes = (app: Hono, market: Market): void => {
  app.get(
    "/v1/offers",
    describeRoute({
      tags: ["market"],
      summary: "Offers, normalized and filtered",
      description:
        'Filters: gpu (catalog ids), region (ISO codes or group:*), provider, excludeProvider, excludePricing (fixed, spot, auction, token, dynamic), maxPrice (USD per GPU-hour), minGpus, minVram (GB), minReliability (0..1). Lists are comma-separated. Offers from the bundled snapshot carry source "snapshot" and the market names the snapshot\'s date.',
      responses: {
        200: {
          description: "Offers",
          content: { "application/json": { schema: resolver(OffersAnswerSchema) } },
        },
        400: {
          description: "Invalid query",
          content: { "application/json": { schema: resolver(ApiErrorSchema) } },
        },
      },
    }),
    answerCache(() => market.preparedMarket().market),
    validator("query", OffersQuerySchema, rejectInvalid),
    (c) => {
      const query = c.req.valid("query");
      market.revalidate();
      const { market: prepared, view } = market.preparedMarket();
      let constraints: Constraints;
      try {
        constraints = constraintsOf(query, [...new Set(view.offers.map((offer) => offer.providerId))]);
      } catch (error) {
        if (error instanceof ConstraintsError) {
          return apiError(c, 400, "invalid-query", error.message, [...error.issues]);
        }
        throw error;
      }
      const offset = query.offset ?? 0;
      const limit = query.limit ?? 50;
      const ranking = rankPrepared(prepared, constraints, { rankedLimit: offset + limit, excludedLimit: 0 });
      return cacheableJson(c, {
        market: marketMeta(view, prepared.ctx.now),
        offers: ranking.ranked.slice(offset),
        total: ranking.rankedCount,
        offset,
      });
    },
  );
};
