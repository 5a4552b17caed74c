import type { OracleQuote } from "@necto/sdk";
import {
  BaseError,
  ContractFunctionZeroDataError,
  createPublicClient,
  HttpRequestError,
  http,
  parseAbi,
  TimeoutError,
} from "viem";
import { UpstreamError } from "../http/errors.ts";
import { scaleInteger } from "./scaled-integer.ts";
import {
  type Hex,
  NECTO_TOKENS,
  type QuoteContext,
  type TokenConfig,
  type TokenPriceSource,
} from "./token-source.ts";

const ID = "chainlink";

/**
 * USDC/USD on Ethereum updates at least every 86,400 s (0.25% deviation otherwise, research §3.3), so an
 * answer up to a day old is current. The sdk judges staleness; this is the age to allow it, plus 10%.
 */
export const CHAINLINK_MAX_AGE_MS = 86_400_000 * 1.1;

export const aggregatorV3Abi = parseAbi([
  "function decimals() view returns (uint8)",
  "function latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)",
]);

/** A feed answered, but with a round that must not be used, or did not answer like a feed. */
export class ChainlinkFeedError extends Error {
  override readonly name = "ChainlinkFeedError";
  constructor(
    /** `invalid-round`: answer ≤ 0, unfinished or incomplete round; `no-feed`: no aggregator at the address;
     *  `rpc-error`: the node refused the call. */
    readonly code: "invalid-round" | "no-feed" | "rpc-error",
    message: string,
  ) {
    super(message);
  }
}

export interface ChainlinkSourceOptions {
  /** JSON-RPC URL of the chain the feeds are on (Ethereum mainnet for the defaults). Disabled without it. */
  rpcUrl?: string;
  /** The tokens to quote; those without a `chainlinkFeed` are skipped. Default `NECTO_TOKENS`. */
  tokens?: readonly TokenConfig[];
  /** Per-request timeout, ms. Default 10 s. */
  timeoutMs?: number;
}

/**
 * Chainlink AggregatorV3 feeds read with `eth_call` (`latestRoundData()` and `decimals()`), one batched
 * JSON-RPC request per refresh. Refuses a round whose answer is ≤ 0, that was never updated, or whose
 * answer comes from an earlier round (`answeredInRound < roundId`). With several feeds, one failing feed
 * costs only its own quote; the source fails when none answers.
 */
export const chainlinkSource = (options: ChainlinkSourceOptions = {}): TokenPriceSource => {
  const feeds = (options.tokens ?? NECTO_TOKENS).flatMap((token) =>
    token.chainlinkFeed === undefined ? [] : [{ symbol: token.symbol, address: token.chainlinkFeed }],
  );
  const { rpcUrl } = options;
  const disabledReason =
    rpcUrl === undefined || rpcUrl === ""
      ? "no Ethereum RPC URL (CHAINLINK_RPC_URL)"
      : feeds.length === 0
        ? "no token has a Chainlink feed"
        : undefined;
  return {
    id: ID,
    ...(disabledReason === undefined ? {} : { disabledReason }),
    async fetchQuotes(ctx: QuoteContext): Promise<OracleQuote[]> {
      if (rpcUrl === undefined) throw new ChainlinkFeedError("rpc-error", "no RPC URL configured");
      // A client per refresh: the transport is where viem takes the abort signal.
      const client = createPublicClient({
        transport: http(rpcUrl, {
          batch: true,
          retryCount: 0,
          timeout: options.timeoutMs ?? 10_000,
          fetchOptions: { signal: ctx.signal },
        }),
      });
      const readFeed = async (symbol: string, address: Hex): Promise<OracleQuote> => {
        const [decimals, round] = await Promise.all([
          client.readContract({ address, abi: aggregatorV3Abi, functionName: "decimals" }),
          client.readContract({ address, abi: aggregatorV3Abi, functionName: "latestRoundData" }),
        ]);
        const [roundId, answer, , updatedAt, answeredInRound] = round;
        const feed = `${symbol}/USD feed ${address}`;
        if (answer <= 0n) throw new ChainlinkFeedError("invalid-round", `${feed} answered ${answer}`);
        if (updatedAt === 0n) {
          throw new ChainlinkFeedError("invalid-round", `${feed} round ${roundId} is not complete`);
        }
        if (answeredInRound < roundId) {
          throw new ChainlinkFeedError(
            "invalid-round",
            `${feed} answer is from round ${answeredInRound}, older than round ${roundId}`,
          );
        }
        return { symbol, source: ID, usd: scaleInteger(answer, -decimals), at: Number(updatedAt) * 1000 };
      };
      const results = await Promise.allSettled(feeds.map((feed) => readFeed(feed.symbol, feed.address)));
      const quotes = results.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
      const errors = results.flatMap((result) =>
        result.status === "rejected" ? [classify(result.reason, rpcUrl, ctx.signal)] : [],
      );
      const [first] = errors;
      if (quotes.length === 0 && first !== undefined) {
        if (errors.length > 1) first.message = errors.map((error) => error.message).join("; ");
        throw first;
      }
      return quotes;
    },
  };
};

/** viem's errors as the relayer's failure codes; the RPC URL may hold a key, so only its host is named. */
const classify = (error: unknown, rpcUrl: string, signal: AbortSignal): Error => {
  if (error instanceof ChainlinkFeedError) return error;
  const host = hostOf(rpcUrl);
  if (signal.aborted) return new UpstreamError("aborted", `the call to ${host} was cancelled`);
  if (!(error instanceof BaseError)) {
    return new ChainlinkFeedError("rpc-error", `${host}: ${(error as Error)?.message ?? String(error)}`);
  }
  if (error.walk((e) => e instanceof TimeoutError)) {
    return new UpstreamError("timeout", `${host} did not answer in time`);
  }
  const request = error.walk((e) => e instanceof HttpRequestError) as HttpRequestError | null;
  if (request !== null) {
    if (request.status === undefined) return new UpstreamError("network", `${host} could not be reached`);
    return request.status === 429
      ? new UpstreamError("rate-limited", `${host} answered 429 Too Many Requests`, 429)
      : new UpstreamError("http-error", `${host} answered ${request.status}`, request.status);
  }
  if (error.walk((e) => e instanceof ContractFunctionZeroDataError)) {
    return new ChainlinkFeedError("no-feed", `${error.shortMessage} (no aggregator at that address?)`);
  }
  return new ChainlinkFeedError("rpc-error", `${host}: ${error.shortMessage}`);
};

const hostOf = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return "the RPC node";
  }
};
