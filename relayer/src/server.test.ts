import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type SeededChain, startSeededChain } from "@necto/contracts/local";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "./config.ts";
import { startRelayer } from "./server.ts";

const dataDir = mkdtempSync(join(tmpdir(), "necto-relayer-"));
let seeded: SeededChain;
beforeAll(async () => {
  seeded = await startSeededChain();
}, 120_000);
afterAll(async () => {
  await seeded?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("startRelayer (offline, against a seeded local chain)", () => {
  it("serves the snapshot and the chain's listings over HTTP, keeps history across a restart, and stops cleanly", async () => {
    const deploymentFile = join(dataDir, "deployment.json");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(deploymentFile, JSON.stringify(seeded.deployment));
    const config = loadConfig({
      NECTO_OFFLINE: "1",
      NECTO_RELAYER_PORT: "0",
      NECTO_DATA_DIR: dataDir,
      NECTO_RPC_URL: seeded.chain.url,
      NECTO_DEPLOYMENT_FILE: deploymentFile,
      NECTO_LOG_LEVEL: "silent",
    });
    const relayer = await startRelayer(config, { logger: pino({ level: "silent" }) });
    // The chain adapter is the only live one offline; wait for its first fetch.
    await relayer.market.refresh();
    const offers = await (await fetch(`${relayer.url}/v1/offers?provider=necto&limit=100`)).json();
    // Offline listings (availability none) are never ranked; the rest are, priced in the demo tokens.
    expect(offers.total).toBeGreaterThan(0);
    expect(offers.offers.every((o: { source: string }) => o.source === "chain")).toBe(true);
    const tokens = await (await fetch(`${relayer.url}/v1/tokens`)).json();
    expect(tokens.fallback).toEqual(["AKT", "USDC"]);
    expect(tokens.sources.every((s: { status: string }) => s.status === "disabled")).toBe(true);
    const providers = await (await fetch(`${relayer.url}/v1/providers`)).json();
    const necto = providers.providers.find((p: { id: string }) => p.id === "necto");
    expect(necto.status).toBe("live");
    const vast = providers.providers.find((p: { id: string }) => p.id === "vast");
    expect(vast).toMatchObject({ status: "snapshot", disabledReason: "offline mode (NECTO_OFFLINE=1)" });
    const historyBefore = await (await fetch(`${relayer.url}/v1/history?gpu=h100-sxm&days=30`)).json();
    await relayer.stop();
    await expect(fetch(`${relayer.url}/healthz`)).rejects.toThrow();

    const again = await startRelayer(config, { logger: pino({ level: "silent" }) });
    const historyAfter = await (await fetch(`${again.url}/v1/history?gpu=h100-sxm&days=30`)).json();
    expect(historyAfter.series.map((s: { providerId: string }) => s.providerId)).toEqual(
      expect.arrayContaining(historyBefore.series.map((s: { providerId: string }) => s.providerId)),
    );
    expect(historyAfter.series.some((s: { providerId: string }) => s.providerId === "necto")).toBe(true);
    await again.stop();
  }, 60_000);

  it("refuses a bad configuration naming the variable", () => {
    expect(() => loadConfig({ NECTO_RELAYER_PORT: "http" })).toThrow(
      /NECTO_RELAYER_PORT must be a port number/,
    );
    expect(() => loadConfig({ NECTO_OFFLINE: "yes" })).toThrow(/NECTO_OFFLINE must be 0 or 1/);
  });
});
