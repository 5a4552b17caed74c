import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDecisionLog, verifyDecision } from "@necto/sdk";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { type GeminiConversation, startFakeGemini } from "../../test/fake-gemini.ts";
import { testOffer } from "../../test/test-offer.ts";
import { loadConfig } from "../config.ts";
import type { ProviderAdapter } from "../providers/adapter.ts";
import { startRelayer } from "../server.ts";

const dataDir = mkdtempSync(join(tmpdir(), "necto-gemini-route-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const recorded = JSON.parse(
  readFileSync(new URL("./__fixtures__/gemini-happy-path.json", import.meta.url), "utf8"),
) as GeminiConversation & { request: string };

const now = Date.now();
const adapter = (id: string, offers: ReturnType<typeof testOffer>[]): ProviderAdapter => ({
  id,
  name: id,
  ttlMs: 3_600_000,
  fetchOffers: async () => offers,
});

describe("/v1/route with a Gemini key (fake Gemini server)", () => {
  it("lets the model decide through the relayer's own tools, and logs it as an llm decision that verifies", async () => {
    const gemini = await startFakeGemini(recorded);
    const relayer = await startRelayer(
      loadConfig({
        NECTO_OFFLINE: "1",
        NECTO_RELAYER_PORT: "0",
        NECTO_DATA_DIR: dataDir,
        GEMINI_API_KEY: "test-key",
        GEMINI_BASE_URL: gemini.url,
      }),
      {
        logger: pino({ level: "silent" }),
        snapshot: { takenAt: 0, offers: [] },
        adapters: [
          adapter("vast", [
            testOffer("vast", "1", "1.80", { region: "DE", reliability: 0.97, fetchedAt: now }),
            testOffer("vast", "2", "1.50", { region: "US", fetchedAt: now }),
          ]),
          adapter("runpod", [testOffer("runpod", "a", "2.20", { region: "FR", fetchedAt: now })]),
        ],
      },
    );
    try {
      await relayer.market.refresh();
      const response = await fetch(`${relayer.url}/v1/route`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text: recorded.request, mode: "untracked" }),
      });
      const answer = (await response.json()) as {
        decision: { root: `0x${string}`; length: number; choice: { offerKey: string } };
      };
      expect(response.status).toBe(200);
      expect(answer.decision.choice.offerKey).toBe("vast:1");
      const bytes = new Uint8Array(
        await (await fetch(`${relayer.url}/v1/decisions/${answer.decision.root}`)).arrayBuffer(),
      );
      expect((await verifyDecision(bytes, answer.decision.root, answer.decision.length)).ok).toBe(true);
      const log = parseDecisionLog(bytes);
      expect(log.agent.kind).toBe("llm");
      expect(log.agent.modelId).toMatch(/gemini/);
      expect(log.agent.toolCalls.map((call) => call.name)).toContain("compare_providers");
      expect(gemini.requests.every((request) => request.headers["x-goog-api-key"] === "test-key")).toBe(true);
      expect(gemini.conversationProblems()).toEqual([]);
    } finally {
      await relayer.stop();
      await gemini.close();
    }
  });
});
