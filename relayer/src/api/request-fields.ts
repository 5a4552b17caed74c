import type { MiddlewareHandler } from "hono";
import * as v from "valibot";
import { apiError } from "./api-error.ts";

/** A 0x-prefixed hex string of `bytes` bytes. */
export const hexField = (name: string, bytes: number) =>
  v.pipe(
    v.string(`${name} must be a string`),
    v.regex(new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`), `${name} must be 0x and ${bytes * 2} hex digits`),
  );

export const gpusField = v.pipe(
  v.number(),
  v.integer("gpus must be a whole number"),
  v.minValue(1),
  v.maxValue(4_096),
);

/** Who a routing request is for: Tracked (user, team) or Untracked (only the buyer's commitment). */
export const BUYER_FIELDS = {
  mode: v.picklist(["tracked", "untracked"], 'mode must be "tracked" or "untracked"'),
  user: v.optional(hexField("user", 20)),
  team: v.optional(v.pipe(v.string(), v.regex(/^[1-9]\d{0,18}$/, "team must be a decimal team id"))),
  clientCommitment: v.optional(hexField("clientCommitment", 20)),
};

/** valibot reads an array as an object with keys "0", "1": a JSON body that is a list is refused first. */
export const requireJsonObject =
  (what: string): MiddlewareHandler =>
  async (c, next) => {
    const body: unknown = await c.req.json().catch(() => undefined);
    if (Array.isArray(body))
      return apiError(c, 400, "invalid-request", `${what} must be a JSON object, not a list`);
    await next();
  };
