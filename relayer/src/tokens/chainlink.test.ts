import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { contractsDir, type LocalChain, privateKeyOf, startAnvil } from "@necto/contracts/local";
import { aggregateTokenPrice } from "@necto/sdk";
import { type Abi, createPublicClient, createWalletClient, type Hex, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { anvil } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeUpstream } from "../../test/fake-upstream.ts";
import { UpstreamError } from "../http/errors.ts";
import { ChainlinkFeedError, chainlinkSource } from "./chainlink.ts";
import { TOKEN_ORACLE_POLICY } from "./token-prices.ts";

/** An artifact's ABI and bytecode, or undefined when it is missing or has no bytecode (`forge lint` output). */
const artifactAt = (file: string): { abi: Abi; bytecode: Hex } | undefined => {
  if (!existsSync(file)) return undefined;
  const json = JSON.parse(readFileSync(file, "utf8"));
  const bytecode: unknown = json.bytecode?.object;
  return typeof bytecode === "string" && bytecode.length > 2
    ? { abi: json.abi as Abi, bytecode: bytecode as Hex }
    : undefined;
};

/**
 * MockPriceFeed's bytecode: `contracts/out` holds it once `forge build`/`forge test` ran (npm test runs the
 * contracts steps before any TypeScript tests); otherwise this one file is compiled into a private folder
 * (a few seconds), so the test neither waits for nor disturbs a full build.
 */
const mockPriceFeed = (): { abi: Abi; bytecode: Hex } => {
  const built = artifactAt(join(contractsDir, "out", "MockPriceFeed.sol", "MockPriceFeed.json"));
  if (built) return built;
  const scratch = mkdtempSync(join(tmpdir(), "necto-feed-"));
  try {
    execFileSync(
      join(contractsDir, "..", "node_modules", ".bin", "forge"),
      ["build", "src/mocks/MockPriceFeed.sol"],
      {
        cwd: contractsDir,
        env: {
          ...process.env,
          FOUNDRY_OUT: join(scratch, "out"),
          FOUNDRY_CACHE_PATH: join(scratch, "cache"),
        },
        stdio: "ignore",
      },
    );
    const fresh = artifactAt(join(scratch, "out", "MockPriceFeed.sol", "MockPriceFeed.json"));
    if (!fresh) throw new Error("forge build produced no MockPriceFeed bytecode");
    return fresh;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
};

/** A free loopback port, so parallel test files each get their own anvil. */
const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });

const NOW_S = 1_796_083_200;
const ctx = () => ({ signal: new AbortController().signal, now: NOW_S * 1000 });

let chain: LocalChain;
let deploy: (decimals: number, description: string) => Promise<Hex>;
let setRound: (
  feed: Hex,
  roundId: bigint,
  answer: bigint,
  updatedAt: bigint,
  answeredInRound: bigint,
) => Promise<void>;

beforeAll(async () => {
  const { abi, bytecode } = mockPriceFeed();
  chain = await startAnvil(await freePort());
  const account = privateKeyToAccount(privateKeyOf(0));
  const wallet = createWalletClient({ account, chain: anvil, transport: http(chain.url) });
  const reader = createPublicClient({ chain: anvil, transport: http(chain.url) });
  deploy = async (decimals, description) => {
    const hash = await wallet.deployContract({ abi, bytecode, args: [decimals, description] });
    const receipt = await reader.waitForTransactionReceipt({ hash });
    if (!receipt.contractAddress) throw new Error("MockPriceFeed was not deployed");
    return receipt.contractAddress;
  };
  setRound = async (feed, roundId, answer, updatedAt, answeredInRound) => {
    const hash = await wallet.writeContract({
      address: feed,
      abi,
      functionName: "setRound",
      args: [roundId, answer, updatedAt, answeredInRound],
    });
    await reader.waitForTransactionReceipt({ hash });
  };
}, 60_000);
afterAll(() => chain?.stop());

const read = (feeds: Record<string, Hex>, rpcUrl = chain.url, timeoutMs?: number) =>
  chainlinkSource({
    rpcUrl,
    tokens: Object.entries(feeds).map(([symbol, chainlinkFeed]) => ({ symbol, chainlinkFeed })),
    ...(timeoutMs ? { timeoutMs } : {}),
  }).fetchQuotes(ctx());

describe("chainlinkSource", () => {
  it("is disabled without an RPC URL and knows the Ethereum USDC/USD feed by default", () => {
    expect(chainlinkSource().disabledReason).toMatch(/RPC URL/);
    expect(chainlinkSource({ rpcUrl: "http://127.0.0.1:1" }).disabledReason).toBeUndefined();
    expect(
      chainlinkSource({ rpcUrl: "http://127.0.0.1:1", tokens: [{ symbol: "NOS" }] }).disabledReason,
    ).toMatch(/Chainlink feed/);
  });

  it("reads latestRoundData and decimals into a USD quote stamped with updatedAt", async () => {
    const feed = await deploy(8, "USDC / USD");
    await setRound(feed, 110n, 99_987_654n, BigInt(NOW_S - 3_600), 110n);
    expect(await read({ USDC: feed })).toEqual([
      { symbol: "USDC", source: "chainlink", usd: 0.99987654, at: (NOW_S - 3_600) * 1000 },
    ]);
  });

  it("scales an 18-decimal answer past 2^53 exactly", async () => {
    const feed = await deploy(18, "RENDER / USD");
    await setRound(feed, 7n, 7_123_456_789_012_345_678n, BigInt(NOW_S - 60), 7n);
    const [quote] = await read({ RENDER: feed });
    expect(quote?.usd).toBe(Number("7.123456789012345678"));
  });

  it.each([
    ["a zero answer", 0n, 5n, /answered 0/],
    ["a negative answer", -1n, 5n, /answered -1/],
    ["an answer carried over from an earlier round", 99_990_000n, 4n, /from round 4, older than round 5/],
  ])("refuses %s as an invalid round", async (_, answer, answeredInRound, message) => {
    const feed = await deploy(8, "USDC / USD");
    await setRound(feed, 5n, answer, BigInt(NOW_S - 60), answeredInRound);
    const error = await read({ USDC: feed }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChainlinkFeedError);
    expect((error as ChainlinkFeedError).code).toBe("invalid-round");
    expect((error as Error).message).toMatch(message);
  });

  it("refuses a round that was never updated", async () => {
    const feed = await deploy(8, "USDC / USD");
    const error = await read({ USDC: feed }).catch((e: unknown) => e);
    expect((error as ChainlinkFeedError).code).toBe("invalid-round");
  });

  it("keeps the good feeds' quotes when one feed is bad", async () => {
    const good = await deploy(8, "USDC / USD");
    await setRound(good, 2n, 100_010_000n, BigInt(NOW_S - 60), 2n);
    const bad = await deploy(8, "RENDER / USD");
    await setRound(bad, 2n, 0n, BigInt(NOW_S - 60), 2n);
    expect((await read({ USDC: good, RENDER: bad })).map((quote) => quote.symbol)).toEqual(["USDC"]);
  });

  it("reports an address without an aggregator as no-feed", async () => {
    const error = await read({ USDC: "0x00000000000000000000000000000000000000f1" }).catch((e: unknown) => e);
    expect((error as ChainlinkFeedError).code).toBe("no-feed");
  });

  it("passes an old answer through with its own time, and the exported policy judges it by the heartbeat", async () => {
    const feed = await deploy(8, "USDC / USD");
    const quote = async (ageS: number) => {
      await setRound(feed, 3n, 100_000_000n, BigInt(NOW_S - ageS), 3n);
      const [read_] = await read({ USDC: feed });
      if (!read_) throw new Error("no quote");
      return read_;
    };
    const other = { symbol: "USDC", source: "coingecko", usd: 1, at: NOW_S * 1000 };
    // 23 h is within the 86,400 s heartbeat; 27 h is past heartbeat + 10%.
    const fresh = aggregateTokenPrice([await quote(23 * 3_600), other], TOKEN_ORACLE_POLICY, NOW_S * 1000);
    expect(fresh.ok && fresh.price.sources).toEqual(["chainlink", "coingecko"]);
    const stale = aggregateTokenPrice([await quote(27 * 3_600), other], TOKEN_ORACLE_POLICY, NOW_S * 1000);
    expect(stale.ok).toBe(false);
    expect(stale.dropped).toEqual([expect.objectContaining({ source: "chainlink", reason: "stale" })]);
  });

  it("reports an unreachable node as a network error", async () => {
    const error = await read(
      { USDC: "0x8fFfFfd4AfB6115b954Bd326cbe7B4BA576818f6" },
      `http://127.0.0.1:${await freePort()}`,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).code).toBe("network");
  });

  it.each([
    ["timeout", "timeout"],
    ["429", "rate-limited"],
    ["500", "http-error"],
  ] as const)("reports a node that answers %s as %s", async (fault, code) => {
    const node = await startFakeUpstream([{ method: "POST", path: "/", body: {} }]);
    node.setFault(fault);
    try {
      const error = await read({ USDC: "0x8fFfFfd4AfB6115b954Bd326cbe7B4BA576818f6" }, node.url, 200).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UpstreamError);
      expect((error as UpstreamError).code).toBe(code);
    } finally {
      await node.close();
    }
  });

  it("never names the RPC URL (it may hold a key) in an error", async () => {
    const node = await startFakeUpstream([{ method: "POST", path: "/v3/secret-key", body: {} }]);
    node.setFault("500");
    try {
      const error = (await read(
        { USDC: "0x8fFfFfd4AfB6115b954Bd326cbe7B4BA576818f6" },
        `${node.url}/v3/secret-key`,
      ).catch((e: unknown) => e)) as Error;
      expect(error.message).not.toMatch(/secret-key/);
    } finally {
      await node.close();
    }
  });
});
