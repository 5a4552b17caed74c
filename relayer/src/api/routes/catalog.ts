import { GPUS } from "@necto/sdk";
import type { Hono } from "hono";
import { describeRoute } from "hono-openapi";

/** `GET /v1/gpus`: the GPU catalog every offer is resolved against. */
export const catalogRoutes = (app: Hono): void => {
  const body = JSON.stringify({ gpus: GPUS });
  app.get(
    "/v1/gpus",
    describeRoute({
      tags: ["catalog"],
      summary: "The GPU catalog",
      description: "Canonical GPU model ids with VRAM, dense FP16/BF16 TFLOPS and the source of each figure.",
      responses: { 200: { description: "The catalog" } },
    }),
    (c) => {
      c.header("cache-control", "public, max-age=3600");
      return c.body(body, 200, { "content-type": "application/json" });
    },
  );
};
