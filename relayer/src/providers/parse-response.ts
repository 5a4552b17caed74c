import { issueLines } from "@necto/sdk";
import * as v from "valibot";
import { ProviderDriftError } from "./adapter.ts";

/**
 * Checks a provider response against its documented shape. Schemas are loose objects (extra fields are
 * fine: providers add fields) with strict types on the fields we read; anything else is drift.
 */
export const parseResponse = <S extends v.GenericSchema>(
  providerId: string,
  schema: S,
  body: unknown,
): v.InferOutput<S> => {
  const result = v.safeParse(schema, body);
  if (result.success) return result.output;
  throw new ProviderDriftError(providerId, issueLines(result.issues));
};
