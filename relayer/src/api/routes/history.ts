import { isGpuModelId } from "@necto/sdk";
import type { Hono } from "hono";
import { describeRoute, resolver, validator } from "hono-openapi";
import * as v from "valibot";
import type { PriceHistory } from "../../market/price-history.ts";
import { ApiErrorSchema, rejectInvalid } from "../api-error.ts";

const HOUR = 3_600_000;
/** Bucket per window: about 56–60 points, enough for a sparkline. */
const BUCKET_MS: Record<string, number> = { "7": 3 * HOUR, "30": 12 * HOUR };

export const HistoryQuerySchema = v.strictObject(
  {
    gpu: v.pipe(
      v.string("gpu is required (a catalog id such as h100-sxm)"),
      v.check(
        isGpuModelId,
        (issue) => `${JSON.stringify(issue.input)} is not a catalog GPU id (see /v1/gpus)`,
      ),
    ),
    days: v.optional(v.picklist(["7", "30"], "days must be 7 or 30"), "7"),
    provider: v.optional(v.pipe(v.string(), v.nonEmpty("provider must not be empty"))),
  },
  (issue) => `unknown query parameter ${JSON.stringify(issue.input)}`,
);

const HistoryAnswerSchema = v.object({
  gpuModel: v.string(),
  days: v.number(),
  bucketMs: v.number(),
  series: v.array(
    v.object({
      providerId: v.string(),
      points: v.array(
        v.object({
          at: v.number(),
          minUsdPerGpuHour: v.number(),
          medianUsdPerGpuHour: v.number(),
          samples: v.number(),
        }),
      ),
    }),
  ),
});

/** `GET /v1/history`: a GPU model's price per provider over the last 7 or 30 days. */
export const historyRoutes = (app: Hono, history: PriceHistory, now: () => number): void => {
  app.get(
    "/v1/history",
    describeRoute({
      tags: ["market"],
      summary: "Price history per GPU model and provider",
      description:
        "Cheapest and median effective price (USD per GPU-hour) per provider, in 3-hour buckets over 7 days or 12-hour buckets over 30 days.",
      responses: {
        200: {
          description: "Series per provider",
          content: { "application/json": { schema: resolver(HistoryAnswerSchema) } },
        },
        400: {
          description: "Invalid query",
          content: { "application/json": { schema: resolver(ApiErrorSchema) } },
        },
      },
    }),
    validator("query", HistoryQuerySchema, rejectInvalid),
    (c) => {
      const query = c.req.valid("query");
      const days = Number(query.days);
      const bucketMs = BUCKET_MS[query.days] as number;
      const buckets = history.query({
        gpuModel: query.gpu,
        since: now() - days * 24 * HOUR,
        bucketMs,
        ...(query.provider ? { providerId: query.provider } : {}),
      });
      const series = new Map<
        string,
        { at: number; minUsdPerGpuHour: number; medianUsdPerGpuHour: number; samples: number }[]
      >();
      for (const { providerId, ...point } of buckets) {
        const points = series.get(providerId) ?? [];
        points.push(point);
        series.set(providerId, points);
      }
      return c.json({
        gpuModel: query.gpu,
        days,
        bucketMs,
        series: [...series.entries()]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([providerId, points]) => ({ providerId, points })),
      });
    },
  );
};
