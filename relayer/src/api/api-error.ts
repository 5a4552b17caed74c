import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import * as v from "valibot";

/** Every error the API answers has this body: a stable code, a sentence, and for bad input each problem. */
export interface ApiErrorBody {
  error: { code: string; message: string; issues?: string[] };
}

export const apiError = (
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  issues?: string[],
) => c.json<ApiErrorBody>({ error: { code, message, ...(issues ? { issues } : {}) } }, status);

/** Standard Schema issues (what hono-openapi's validator reports) as "path: message" lines. */
export const issueLinesOf = (
  issues: readonly { message: string; path?: readonly (PropertyKey | { key: PropertyKey })[] }[],
): string[] =>
  issues.map((issue) => {
    const path = (issue.path ?? [])
      .map((part) => String(typeof part === "object" ? part.key : part))
      .join(".");
    return path ? `${path}: ${issue.message}` : issue.message;
  });

/** The validator hook: a 400 naming every problem instead of the library's default body. */
export const rejectInvalid = (
  result: { success: boolean; error?: unknown; target?: string },
  c: Context,
): Response | undefined => {
  if (result.success) return undefined;
  const issues = issueLinesOf((result.error ?? []) as Parameters<typeof issueLinesOf>[0]);
  return apiError(
    c,
    400,
    "invalid-request",
    `the request ${result.target ?? "input"} is not valid: ${issues[0] ?? ""}`,
    issues,
  );
};

/** The shape of error bodies, for the OpenAPI document. */
export const ApiErrorSchema = v.object({
  error: v.object({ code: v.string(), message: v.string(), issues: v.optional(v.array(v.string())) }),
});
