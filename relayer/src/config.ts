import * as v from "valibot";

/**
 * The relayer's configuration, from the environment. Every provider key is optional: a provider that
 * needs one and has none is reported as disabled. Invalid values stop the start with the variable named.
 */
const optionalText = v.optional(v.pipe(v.string(), v.trim(), v.minLength(1)));
const port = (name: string, fallback: string) =>
  v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, `${name} must be a port number`),
      v.transform(Number),
      v.number(),
      v.minValue(0, `${name} must be 0..65535`),
      v.maxValue(65_535, `${name} must be 0..65535`),
    ),
    fallback,
  );
const positiveInt = (name: string, fallback: string) =>
  v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, `${name} must be a whole number`),
      v.transform(Number),
      v.number(),
      v.minValue(1),
    ),
    fallback,
  );
const list = v.optional(
  v.pipe(
    v.string(),
    v.transform((text) =>
      text
        .split(",")
        .map((item) => item.trim())
        .filter((item) => item !== ""),
    ),
  ),
  "",
);

const EnvSchema = v.object({
  NECTO_RELAYER_HOST: v.optional(v.string(), "127.0.0.1"),
  NECTO_RELAYER_PORT: port("NECTO_RELAYER_PORT", "8787"),
  /** Where the price history database and other state live. */
  NECTO_DATA_DIR: v.optional(v.string(), ".necto"),
  /** JSON-RPC of the chain Necto's contracts are on, and the deployment file `npm start` writes. */
  NECTO_RPC_URL: optionalText,
  NECTO_DEPLOYMENT_FILE: optionalText,
  /** `1`: no live provider or oracle requests at all; the bundled snapshot only. */
  NECTO_OFFLINE: v.optional(v.picklist(["0", "1"], "NECTO_OFFLINE must be 0 or 1"), "0"),
  /** Provider ids to switch off (`runpod,vast`). */
  NECTO_PROVIDERS_DISABLED: list,
  /** Origins CORS allows, comma-separated, or `*`. */
  NECTO_CORS_ORIGINS: v.optional(v.string(), "*"),
  NECTO_RATE_LIMIT_PER_MINUTE: positiveInt("NECTO_RATE_LIMIT_PER_MINUTE", "600"),
  NECTO_LOG_LEVEL: v.optional(
    v.picklist(["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
    "info",
  ),
  /** Per-provider fetch deadline, ms. */
  NECTO_FETCH_TIMEOUT_MS: positiveInt("NECTO_FETCH_TIMEOUT_MS", "8000"),
  LAMBDA_API_KEY: optionalText,
  RUNPOD_API_KEY: optionalText,
  VAST_API_KEY: optionalText,
  IONET_API_KEY: optionalText,
  SHADEFORM_API_KEY: optionalText,
  TENSORDOCK_API_KEY: optionalText,
  HYPERBOLIC_API_KEY: optionalText,
  COINGECKO_API_KEY: optionalText,
  PYTH_API_KEY: optionalText,
  /** Ethereum JSON-RPC for Chainlink feeds. */
  CHAINLINK_RPC_URL: optionalText,
  /** The attestation key (must hold ROUTER_KEY_ROLE); on the local chain the deploy script's router key. */
  NECTO_ROUTER_PRIVATE_KEY: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^0x[0-9a-fA-F]{64}$/, "NECTO_ROUTER_PRIVATE_KEY must be 0x and 64 hex digits"),
    ),
  ),
  /** The routing agent's model; without a key the deterministic planner decides. */
  GEMINI_API_KEY: optionalText,
  GEMINI_BASE_URL: optionalText,
  GEMINI_MODEL: optionalText,
  /** 0G Storage for decision logs: all three, or the local store only. */
  NECTO_ZG_INDEXER_URL: optionalText,
  NECTO_ZG_RPC_URL: optionalText,
  NECTO_ZG_CHAIN_ID: positiveInt("NECTO_ZG_CHAIN_ID", "16602"),
  NECTO_ZG_PRIVATE_KEY: v.optional(
    v.pipe(v.string(), v.regex(/^0x[0-9a-fA-F]{64}$/, "NECTO_ZG_PRIVATE_KEY must be 0x and 64 hex digits")),
  ),
});

export type RelayerConfig = v.InferOutput<typeof EnvSchema>;

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export const loadConfig = (
  env: Readonly<Record<string, string | undefined>> = process.env,
): RelayerConfig => {
  const result = v.safeParse(EnvSchema, env);
  if (result.success) return result.output;
  const lines = result.issues.map((issue) => `${v.getDotPath(issue) ?? "environment"}: ${issue.message}`);
  throw new ConfigError(`invalid relayer configuration: ${lines.join("; ")}`);
};
