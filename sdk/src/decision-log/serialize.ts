import canonicalize from "canonicalize";
import * as v from "valibot";
import { issueLines } from "../constraints.ts";
import { DecisionLogEncodingError, DecisionLogSchemaError } from "./errors.ts";
import { type DecisionLog, DecisionLogSchema } from "./schema.ts";

const encoder = new TextEncoder();
// fatal: invalid UTF-8 is an error, not U+FFFD. ignoreBOM: a BOM stays in the text, so JSON.parse refuses
// it instead of the decoder silently dropping bytes that the root hash covers.
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

// Deeper than any log can legitimately be (tool-call JSON is capped at 64 levels by the schema).
const MAX_DEPTH = 100;

const isPlainObject = (x: unknown): x is Record<string, unknown> => {
  if (typeof x !== "object" || x === null || Array.isArray(x)) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
};

/**
 * A copy without `undefined` object fields, so `{ team: undefined }` and `{}` are the same log for the
 * schema and for the bytes. `undefined` inside a list is kept (the schema refuses it: canonical JSON
 * would silently write `null`). Keys go in with defineProperty so `"__proto__"` stays a plain key.
 */
const dropUndefined = (value: unknown, depth = 0): unknown => {
  if (depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item: unknown) => dropUndefined(item, depth + 1));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    Object.defineProperty(out, key, {
      value: dropUndefined(item, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
};

const validate = (value: unknown): DecisionLog => {
  const result = v.safeParse(DecisionLogSchema, value);
  if (!result.success) throw new DecisionLogSchemaError(issueLines(result.issues));
  return result.output;
};

/**
 * The canonical bytes of a decision log: UTF-8 of its RFC 8785 (JCS) canonical JSON, after dropping
 * `undefined` fields and validating against `DecisionLogSchema`. The same log always gives the same bytes,
 * hence the same 0G root, whatever the key order or platform.
 *
 * @throws DecisionLogSchemaError listing every problem.
 * @throws DecisionLogEncodingError for a string that is not well-formed UTF-16 (a lone surrogate).
 */
export const serializeDecisionLog = (log: DecisionLog): Uint8Array => {
  const valid = validate(dropUndefined(log));
  let json: string | undefined;
  try {
    json = canonicalize(valid);
  } catch (error) {
    throw new DecisionLogEncodingError(`cannot write canonical JSON: ${(error as Error).message}`);
  }
  if (json === undefined) throw new DecisionLogEncodingError("cannot write canonical JSON");
  return encoder.encode(json);
};

/**
 * Reads decision-log bytes: strict UTF-8, JSON, then `DecisionLogSchema`. It does not require the bytes to
 * be canonical; `verifyDecision` does (compare `serializeDecisionLog(parsed)` with the bytes).
 *
 * @throws DecisionLogEncodingError when the bytes are not UTF-8 JSON.
 * @throws DecisionLogSchemaError listing every problem.
 */
export const parseDecisionLog = (bytes: Uint8Array): DecisionLog => {
  let json: string;
  try {
    json = decoder.decode(bytes);
  } catch {
    throw new DecisionLogEncodingError("the decision log is not valid UTF-8");
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new DecisionLogEncodingError(`the decision log is not JSON: ${(error as Error).message}`);
  }
  return validate(value);
};
