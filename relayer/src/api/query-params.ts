import * as v from "valibot";

// Query strings arrive as text: these parse them into numbers and lists with messages that name the field.

export const numberParam = (name: string, min: number, max = Number.POSITIVE_INFINITY) =>
  v.optional(
    v.pipe(
      v.string(`${name} must be given once`),
      v.trim(),
      v.minLength(1, `${name} must not be empty`),
      v.transform(Number),
      v.number(`${name} must be a number`),
      v.finite(`${name} must be a finite number`),
      v.minValue(min, `${name} must be ${min} or more`),
      v.maxValue(max, `${name} must be ${max} or less`),
    ),
  );

export const integerParam = (name: string, min: number, max: number) =>
  v.optional(
    v.pipe(
      v.string(`${name} must be given once`),
      v.regex(/^\d+$/, `${name} must be a whole number`),
      v.transform(Number),
      v.number(),
      v.minValue(min, `${name} must be ${min} or more`),
      v.maxValue(max, `${name} must be ${max} or less`),
    ),
  );

/** A comma-separated list: `gpu=h100-sxm,a100-80-sxm`. */
export const listParam = (name: string) =>
  v.optional(
    v.pipe(
      v.string(`${name} must be given once, as a comma-separated list`),
      v.transform((text) =>
        text
          .split(",")
          .map((item) => item.trim())
          .filter((item) => item !== ""),
      ),
      v.array(v.string()),
      v.minLength(1, `${name} must name at least one value`),
      v.maxLength(64, `${name} may name at most 64 values`),
    ),
  );
