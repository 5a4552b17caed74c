import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GOLDEN_INPUT } from "./__fixtures__/decision-inputs.ts";
import { buildDecisionLog } from "./build.ts";
import { decisionLogRoot } from "./root-hash.ts";
import { verifyDecision } from "./verify.ts";

// The committed golden decision log (exact bytes) and the root and length a job would record for it.
// Any change to the canonical form, the schema, the ranking, the normalizer's prices or messages, or the
// 0G root algorithm shows up here. If the change is intended (it breaks every stored v1 log's replay
// or root, so it rarely is), regenerate with: NECTO_UPDATE_GOLDEN=1 npx vitest run src/decision-log/golden
const LOG_URL = new URL("./__fixtures__/decision-log.v1.json", import.meta.url);
const ROOT_URL = new URL("./__fixtures__/decision-log.v1.root.json", import.meta.url);

if (process.env.NECTO_UPDATE_GOLDEN === "1") {
  const { bytes } = buildDecisionLog(GOLDEN_INPUT);
  writeFileSync(LOG_URL, bytes);
  writeFileSync(ROOT_URL, `${JSON.stringify(await decisionLogRoot(bytes), null, 2)}\n`);
}

const committedBytes = new Uint8Array(readFileSync(LOG_URL));
const committedRoot = JSON.parse(readFileSync(ROOT_URL, "utf8")) as { root: string; length: number };

describe("the golden decision log", () => {
  it("has the committed 0G root and length", async () => {
    expect(await decisionLogRoot(committedBytes)).toEqual(committedRoot);
  });

  it("is rebuilt byte for byte from the fixed inputs", () => {
    const { bytes } = buildDecisionLog(GOLDEN_INPUT);
    expect(new TextDecoder().decode(bytes)).toBe(new TextDecoder().decode(committedBytes));
  });

  it("verifies against the committed root and length, replay included", async () => {
    const result = await verifyDecision(committedBytes, committedRoot.root, committedRoot.length);
    expect(result.ok ? "ok" : `${result.code}: ${result.message}`).toBe("ok");
  });
});
