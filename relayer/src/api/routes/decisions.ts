import { objectMessage } from "@necto/sdk";
import type { Hono } from "hono";
import { describeRoute, resolver, validator } from "hono-openapi";
import * as v from "valibot";
import { reroute } from "../../agent/reroute.ts";
import { type RouteDeps, RouteRequestError } from "../../agent/route-decision.ts";
import { type DecisionStore, normalizeRoot } from "../../decisions/index.ts";
import { ApiErrorSchema, apiError, rejectInvalid } from "../api-error.ts";
import { BUYER_FIELDS, gpusField, hexField, requireJsonObject } from "../request-fields.ts";
import { decisionJson } from "./route.ts";

const RerouteRequestSchema = v.strictObject(
  {
    jobRoot: hexField("jobRoot", 32),
    gpus: gpusField,
    hoursRemaining: v.pipe(v.number(), v.gtValue(0, "hoursRemaining must be more than 0"), v.maxValue(8_760)),
    moveCostUsd: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0, "moveCostUsd must be 0 or more"))),
    threshold: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1, "threshold is a share, 0 to 1"))),
    ...BUYER_FIELDS,
  },
  objectMessage("the re-route request"),
);

/** `GET /v1/decisions/:root` (a decision log's bytes) and `POST /v1/reroute`. */
export const decisionRoutes = (
  app: Hono,
  decisions: Pick<DecisionStore, "get">,
  routing?: RouteDeps,
): void => {
  app.get(
    "/v1/decisions/:root",
    describeRoute({
      tags: ["routing"],
      summary: "A decision log's canonical bytes",
      description:
        "The exact bytes whose 0G root is the job id; the same bytes `GET /file?root=` serves in the 0G indexer's shape. Verify with the sdk's verifyDecision(bytes, root, length).",
      responses: {
        200: { description: "The log (RFC 8785 JSON)" },
        404: {
          description: "No log under this root",
          content: { "application/json": { schema: resolver(ApiErrorSchema) } },
        },
      },
    }),
    async (c) => {
      let root: `0x${string}`;
      try {
        root = normalizeRoot(c.req.param("root"));
      } catch {
        return apiError(c, 400, "invalid-root", "root must be 0x followed by 64 hex digits");
      }
      const bytes = await decisions.get(root);
      if (bytes === undefined)
        return apiError(c, 404, "not-found", `no decision log is stored under ${root}`);
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        "content-type": "application/json",
        "cache-control": "public, max-age=31536000, immutable",
      });
    },
  );

  if (!routing) return;
  app.post(
    "/v1/reroute",
    describeRoute({
      tags: ["routing"],
      summary: "Should a running job move?",
      description:
        "Ranks the job's constraints again over today's market. When another offer is cheaper by more than the threshold (default 10% of the remaining cost) after the cost of moving, it recommends it with a new logged and attested decision.",
      responses: {
        200: { description: "The recommendation" },
        400: {
          description: "Invalid request",
          content: { "application/json": { schema: resolver(ApiErrorSchema) } },
        },
      },
    }),
    requireJsonObject("the re-route request"),
    validator("json", RerouteRequestSchema, rejectInvalid),
    async (c) => {
      try {
        const answer = await reroute(c.req.valid("json"), { ...routing, decisions });
        return c.json({
          ...answer,
          ...(answer.decision ? { decision: decisionJson(answer.decision) } : {}),
        });
      } catch (error) {
        if (error instanceof RouteRequestError) return apiError(c, 400, "invalid-request", error.message);
        throw error;
      }
    },
  );
};
