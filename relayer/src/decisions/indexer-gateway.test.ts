import { mkdtemp, rm, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { verifyDecision } from "@necto/sdk";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleDecision } from "./__fixtures__/sample-decisions.ts";
import { DecisionStoreError, type Hex } from "./decision-store.ts";
import { fetchFromGateway } from "./gateway-client.ts";
import { indexerGateway } from "./indexer-gateway.ts";
import { LocalDecisionStore } from "./local-store.ts";

const MISSING: Hex = `0x${"ab".repeat(32)}`;

let dir: string;
let store: LocalDecisionStore;
let app: Hono;
let stored: { bytes: Uint8Array; root: Hex };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "necto-gateway-"));
  store = new LocalDecisionStore(dir);
  // Mounted the way the relayer mounts it.
  app = new Hono().route("/file", indexerGateway(store));
  const { bytes } = sampleDecision("untracked");
  stored = { bytes, root: (await store.put(bytes)).root };
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("indexerGateway", () => {
  it("answers GET /file?root= with the bytes, as an attachment named by the root", async () => {
    const res = await app.request(`/file?root=${stored.root}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${stored.root}"`);
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(stored.bytes);
  });

  it("reads a root in any hex case", async () => {
    const upper = `0x${stored.root.slice(2).toUpperCase()}`;
    const res = await app.request(`/file?root=${upper}`);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(stored.bytes);
  });

  it("answers a miss as the 0G gateway does: HTTP 200 with business error 101", async () => {
    const res = await app.request(`/file?root=${MISSING}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.text()).toBe('{"code":101,"message":"File not found","data":null}');
  });

  it("refuses a missing or malformed root, and txSeq, with 400 and the gateway's validation body", async () => {
    for (const query of ["", "?root=", "?root=0x1234", `?root=${"ab".repeat(32)}`, "?txSeq=4"]) {
      const res = await app.request(`/file${query}`);
      expect(res.status, query).toBe(400);
      expect(await res.json()).toMatchObject({ code: 1, message: "Invalid parameter" });
    }
  });

  it("never serves a file that no longer hashes to its root", async () => {
    const { bytes } = sampleDecision("tracked", 3);
    const { root } = await store.put(bytes);
    await writeFile(store.pathOf(root), new TextEncoder().encode('{"edited":true}'));
    const res = await app.request(`/file?root=${root}`);
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ code: 2, message: "Internal server error" });
  });
});

describe("fetchFromGateway", () => {
  it("is the verifier's one read path: over HTTP, the relayer's gateway gives bytes that verify", async () => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((resolve) => server.once("listening", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const bytes = await fetchFromGateway(base, stored.root);
      expect(bytes).toEqual(stored.bytes);
      const verified = await verifyDecision(bytes ?? new Uint8Array(), stored.root, stored.bytes.length);
      expect(verified.ok).toBe(true);
      expect(await fetchFromGateway(`${base}/`, MISSING)).toBeUndefined();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  const answering =
    (status: number, body: string | Uint8Array, delayMs = 0): typeof fetch =>
    async (_url, init) => {
      await new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, delayMs);
        init?.signal?.addEventListener("abort", () => {
          clearTimeout(timer);
          reject(init.signal?.reason);
        });
      });
      return new Response(typeof body === "string" ? body : new Blob([new Uint8Array(body)]), { status });
    };

  const failure = async (fake: typeof fetch, options = {}): Promise<DecisionStoreError> => {
    const error = await fetchFromGateway("http://gateway", stored.root, { fetch: fake, ...options }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DecisionStoreError);
    return error as DecisionStoreError;
  };

  it("asks {base}/file?root= with the root in lower case", async () => {
    const urls: string[] = [];
    const recording: typeof fetch = async (url) => {
      urls.push(String(url));
      return new Response(new Blob([new Uint8Array(stored.bytes)]));
    };
    await fetchFromGateway("http://gateway/", stored.root.toUpperCase().replace("0X", "0x") as Hex, {
      fetch: recording,
    });
    expect(urls).toEqual([`http://gateway/file?root=${stored.root}`]);
  });

  it("treats an older gateway's 404 as a miss", async () => {
    const result = await fetchFromGateway("http://gateway", stored.root, {
      fetch: answering(404, '"File not found"'),
    });
    expect(result).toBeUndefined();
  });

  it("refuses bytes that are not the file, whatever the status says", async () => {
    const other = sampleDecision("tracked", 9).bytes;
    expect((await failure(answering(200, other))).code).toBe("root-mismatch");
    expect((await failure(answering(200, ""))).code).toBe("bad-response");
  });

  it("reports other gateway errors (pruned, not finalized) and HTTP errors as unavailable", async () => {
    const pruned = await failure(answering(200, '{"code":102,"message":"File already pruned","data":null}'));
    expect(pruned).toMatchObject({ code: "unavailable" });
    expect(pruned.message).toContain("102");
    expect((await failure(answering(502, "bad gateway"))).code).toBe("unavailable");
    const down: typeof fetch = () => Promise.reject(new TypeError("fetch failed"));
    expect((await failure(down)).code).toBe("unavailable");
  });

  it("gives up at its deadline, and on the caller's signal", async () => {
    expect((await failure(answering(200, stored.bytes, 5_000), { timeoutMs: 100 })).code).toBe("timeout");
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const aborted = await failure(answering(200, stored.bytes, 5_000), { signal: controller.signal });
    expect(aborted.code).toBe("aborted");
  });
});
