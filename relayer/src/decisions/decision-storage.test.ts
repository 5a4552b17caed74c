import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import pino from "pino";
import { afterEach, beforeEach, expect, it } from "vitest";
import { sampleDecision } from "./__fixtures__/sample-decisions.ts";
import { openDecisionStorage } from "./decision-storage.ts";
import { indexerGateway } from "./indexer-gateway.ts";

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "necto-decision-storage-"));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

it("keeps logs where `npm start` seeds them, the outbox beside them, and 0G only when configured", async () => {
  const logger = pino({ level: "silent" });
  const { local, remote, outbox } = openDecisionStorage({ dataDir, logger });
  try {
    expect(remote).toBeUndefined();
    expect(local.dir).toBe(join(dataDir, "decision-logs"));
    const { root } = await outbox.store(sampleDecision("tracked").bytes);
    expect(existsSync(join(dataDir, "decision-logs", `${root}.json`))).toBe(true);
    expect(existsSync(join(dataDir, "decision-outbox.db"))).toBe(true);
    // The gateway serves straight from the outbox (local store first).
    const app = new Hono().route("/file", indexerGateway(outbox));
    const res = await app.request(`/file?root=${root}`);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(sampleDecision("tracked").bytes);
  } finally {
    await outbox.close();
  }

  const zg = {
    indexerUrl: "http://127.0.0.1:1",
    evmRpcUrl: "http://127.0.0.1:1",
    chainId: 16602,
    privateKey: `0x${"11".repeat(32)}`,
  };
  const withZg = openDecisionStorage({ dataDir, logger, zg });
  expect(withZg.remote?.kind).toBe("0g");
  await withZg.outbox.close();
});
