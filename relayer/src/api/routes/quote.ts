import { ConstraintsError, ConstraintsSchema, objectMessage, rankPrepared } from "@necto/sdk";
import type { Hono } from "hono";
import { describeRoute, resolver, validator } from "hono-openapi";
import * as v from "valibot";
import type { Market } from "../../market/market.ts";
import { answerCache, cacheableJson } from "../answer-cache.ts";
import { ApiErrorSchema, apiError, rejectInvalid } from "../api-error.ts";
import { marketMeta, type QuoteAnswer } from "../market-answer.ts";
import { requireJsonObject } from "../request-fields.ts";

export const QuoteRequestSchema = v.strictObject(
  {
    constraints: v.optional(ConstraintsSchema, {}),
    /** Ranked offers returned (the best first). */
    limit: v.optional(
      v.pipe(v.number(), v.integer("limit must be a whole number"), v.minValue(1), v.maxValue(500)),
      20,
    ),
    /** Exclusions returned, in offer-key order; their counts by code are always complete. */
    excludedLimit: v.optional(
      v.pipe(
        v.number(),
        v.integer("excludedLimit must be a whole number"),
        v.minValue(0),
        v.maxValue(10_000),
      ),
      50,
    ),
  },
  objectMessage("the quote request"),
);

const QuoteAnswerSchema = v.looseObject({
  market: v.looseObject({
    version: v.number(),
    offers: v.number(),
    pricedAt: v.number(),
    snapshot: v.nullable(v.looseObject({})),
  }),
  ranked: v.array(v.looseObject({ rank: v.number(), providerId: v.string(), offerId: v.string() })),
  rankedCount: v.number(),
  excluded: v.array(v.object({ offerKey: v.string(), code: v.string(), message: v.string() })),
  excludedCount: v.number(),
  excludedByCode: v.record(v.string(), v.number()),
});

/** `POST /v1/quote`: constraints in; the ranked offers and every exclusion's reason out. */
export const quoteRoutes = (app: Hono, market: Market): void => {
  app.post(
    "/v1/quote",
    describeRoute({
      tags: ["market"],
      summary: "Rank the market under hard constraints",
      description:
        "Normalizes every offer to USD per GPU-hour, applies the constraints in a fixed order and ranks the rest by price, latency, uptime, rating and offer key. Every offer is either ranked or excluded with its reason.",
      responses: {
        200: {
          description: "The ranking",
          content: { "application/json": { schema: resolver(QuoteAnswerSchema) } },
        },
        400: {
          description: "Invalid request",
          content: { "application/json": { schema: resolver(ApiErrorSchema) } },
        },
      },
    }),
    answerCache(() => market.preparedMarket().market),
    requireJsonObject("the quote request"),
    validator("json", QuoteRequestSchema, rejectInvalid),
    (c) => {
      const body = c.req.valid("json");
      market.revalidate();
      const { market: prepared, view } = market.preparedMarket();
      try {
        const ranking = rankPrepared(prepared, body.constraints, {
          rankedLimit: body.limit,
          excludedLimit: body.excludedLimit,
        });
        const answer: QuoteAnswer = { market: marketMeta(view, prepared.ctx.now), ...ranking };
        return cacheableJson(c, answer);
      } catch (error) {
        if (error instanceof ConstraintsError) {
          return apiError(c, 400, error.code, error.message, [...error.issues]);
        }
        throw error;
      }
    },
  );
};
