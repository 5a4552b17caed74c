import { Hono } from "hono";
import { type DecisionStore, DecisionStoreError, normalizeRoot } from "./decision-store.ts";
import { GATEWAY_FILE_NOT_FOUND } from "./gateway-client.ts";

/**
 * The 0G indexer REST gateway's download route, `GET /file?root=0x…`, served from a decision store, so a
 * verifier reads `{base}/file?root=` with `base` the relayer locally or the 0G indexer in production.
 * Mount it at `/file`: `app.route("/file", indexerGateway(store))`.
 *
 * Shape, as the gateway answers (0g-storage-client indexer/gateway):
 * - found: 200, the raw bytes, `Content-Disposition: attachment; filename="<root>"` (the gateway's
 *   content type is sniffed, text/plain for JSON; this one says application/octet-stream: clients must
 *   trust the root of the bytes, not the header);
 * - not found: 200 and `{"code":101,"message":"File not found","data":null}` (the gateway's business
 *   error: errors are 200 + JSON, never 404).
 *
 * Where it differs, on purpose:
 * - no or a malformed `root` (not 0x + 64 hex digits) answers 400 with the gateway's validation error
 *   body `{"code":1,"message":"Invalid parameter","data":"…"}`; the gateway answers 200 for a missing
 *   root and reads a malformed one leniently as some hash (then 101). Verifiers only ask for roots read
 *   from the chain, so they never meet the difference; a 400 makes a client bug obvious.
 * - `txSeq=` lookups are not supported (the local store has no sequence numbers): 400 as above.
 * - a stored file that no longer hashes to its root answers 500 with `{"code":2,"message":"Internal
 *   server error","data":"…"}` (the gateway uses HTTP 600 for internal errors).
 */
export const indexerGateway = (store: Pick<DecisionStore, "get">): Hono => {
  const app = new Hono();
  app.get("/", async (c) => {
    const invalid = (data: string) => c.json({ code: 1, message: "Invalid parameter", data }, 400);
    const given = c.req.query("root");
    if (given === undefined || given === "") {
      return invalid(
        c.req.query("txSeq") === undefined
          ? "Either 'root' or 'txSeq' must be provided"
          : "only 'root' is supported here, not 'txSeq'",
      );
    }
    let root: `0x${string}`;
    try {
      root = normalizeRoot(given);
    } catch {
      return invalid("root must be 0x followed by 64 hex digits");
    }

    let bytes: Uint8Array | undefined;
    try {
      bytes = await store.get(root);
    } catch (error) {
      const data = error instanceof DecisionStoreError ? error.message : "cannot read the file";
      return c.json({ code: 2, message: "Internal server error", data }, 500);
    }
    if (bytes === undefined) return c.json(GATEWAY_FILE_NOT_FOUND, 200);
    return c.body(new Uint8Array(bytes).buffer, 200, {
      "Content-Type": "application/octet-stream",
      "Content-Disposition": `attachment; filename="${root}"`,
    });
  });
  return app;
};
