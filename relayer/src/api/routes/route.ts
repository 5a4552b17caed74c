import { ConstraintsSchema, objectMessage } from "@necto/sdk";
import type { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { describeRoute, resolver, validator } from "hono-openapi";
import type { Logger } from "pino";
import * as v from "valibot";
import type { AgentEvent } from "../../agent/planner.ts";
import {
  type RouteDecision,
  type RouteDeps,
  RouteRequestError,
  routeDecision,
} from "../../agent/route-decision.ts";
import { ApiErrorSchema, apiError, rejectInvalid } from "../api-error.ts";
import { BUYER_FIELDS, gpusField, requireJsonObject } from "../request-fields.ts";

export const RouteRequestSchema = v.strictObject(
  {
    text: v.optional(v.pipe(v.string(), v.maxLength(2_000, "text is limited to 2,000 characters"))),
    constraints: v.optional(ConstraintsSchema),
    gpus: v.optional(gpusField),
    hours: v.optional(
      v.pipe(
        v.number(),
        v.gtValue(0, "hours must be more than 0"),
        v.maxValue(8_760, "hours is at most a year"),
      ),
    ),
    ...BUYER_FIELDS,
  },
  objectMessage("the route request"),
);

/** Bigints (token units, expiry) as decimal strings: JSON has no bigint. */
export const decisionJson = (decision: RouteDecision): unknown =>
  JSON.parse(
    JSON.stringify(decision, (_key, value) => (typeof value === "bigint" ? value.toString() : value)),
  );

/**
 * `POST /v1/route`: a buyer's request in, a decision out: its 0G root and length, the choice and the
 * signed attestation. With `Accept: text/event-stream` it streams the agent's activity as server-sent
 * events (`progress`, then `decision` or `error`); otherwise it answers one JSON object with the events.
 */
export const routeRoutes = (app: Hono, deps: RouteDeps, logger: Logger): void => {
  app.post(
    "/v1/route",
    describeRoute({
      tags: ["routing"],
      summary: "Route a request to the best offer, with a verifiable decision",
      description:
        "The agent (Gemini when configured, else the deterministic planner) applies the constraints, the sdk ranks, the decision log is stored (0G or the local store) and the chosen offer's EIP-712 attestation is signed. Untracked requests carry no user or team: only the buyer's commitment.",
      responses: {
        200: { description: "The decision (JSON) or its event stream (text/event-stream)" },
        400: {
          description: "Invalid request",
          content: { "application/json": { schema: resolver(ApiErrorSchema) } },
        },
      },
    }),
    requireJsonObject("the route request"),
    validator("json", RouteRequestSchema, rejectInvalid),
    async (c) => {
      const request = c.req.valid("json");
      const fail = (error: unknown) => {
        if (error instanceof RouteRequestError)
          return { status: 400 as const, code: "invalid-request", message: error.message };
        const known = error as { name?: string; code?: string; message?: string };
        if (known?.name === "ConstraintsError")
          return { status: 400 as const, code: "invalid-constraints", message: known.message ?? "" };
        // The route never logs the request itself (it may carry a Tracked user): only the failure.
        logger.error({ err: error }, "routing failed");
        return { status: 500 as const, code: "internal", message: "the decision could not be made" };
      };
      if ((c.req.header("accept") ?? "").includes("text/event-stream")) {
        return streamSSE(c, async (stream) => {
          const send = (event: AgentEvent) =>
            void stream.writeSSE({ event: "progress", data: JSON.stringify(event) });
          try {
            const decision = await routeDecision(request, deps, send);
            await stream.writeSSE({ event: "decision", data: JSON.stringify(decisionJson(decision)) });
          } catch (error) {
            const failure = fail(error);
            await stream.writeSSE({
              event: "error",
              data: JSON.stringify({ code: failure.code, message: failure.message }),
            });
          }
        });
      }
      const events: AgentEvent[] = [];
      try {
        const decision = await routeDecision(request, deps, (event) => events.push(event));
        return c.json({ decision: decisionJson(decision), events });
      } catch (error) {
        const failure = fail(error);
        return apiError(c, failure.status, failure.code, failure.message);
      }
    },
  );
};
