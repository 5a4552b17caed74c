import { DecisionStoreError, type Hex, normalizeRoot, rootOf } from "./decision-store.ts";

/**
 * The 0G indexer gateway's "no such file" answer: HTTP 200 with this business error (code 101). The
 * other codes a download can answer: 102 pruned, 103 not finalized yet.
 * Source: 0g-storage-client indexer/gateway/errors.go and common/api (`BusinessError{code,message,data}`).
 */
export const GATEWAY_FILE_NOT_FOUND = { code: 101, message: "File not found", data: null } as const;

export interface GatewayFetchOptions {
  /** Whole-request deadline, ms. Default 30 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

const gatewayErrorOf = (bytes: Uint8Array): { code: number; message: string } | undefined => {
  try {
    const body = JSON.parse(new TextDecoder().decode(bytes)) as { code?: unknown; message?: unknown };
    return typeof body.code === "number" && typeof body.message === "string"
      ? { code: body.code, message: body.message }
      : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Reads a decision log through the 0G indexer's REST gateway, `GET {baseUrl}/file?root=0x…`, the way any
 * verifier does: `baseUrl` is the 0G indexer in production or the relayer (which serves the same shape
 * from its local store). The answer is trusted only if its bytes hash to `root`; the content type is not
 * looked at, because the gateway answers its errors with HTTP 200 and JSON.
 *
 * @returns the bytes, or `undefined` when the gateway says the file does not exist (code 101, or a 404
 *   from older gateways).
 * @throws DecisionStoreError `unavailable` (network failure, other gateway errors, HTTP errors),
 *   `root-mismatch` / `bad-response` (bytes that are not the file), `timeout`, `aborted`, `bad-root`.
 */
export const fetchFromGateway = async (
  baseUrl: string,
  root: Hex,
  options: GatewayFetchOptions = {},
): Promise<Uint8Array | undefined> => {
  const expected = normalizeRoot(root);
  const url = `${baseUrl.replace(/\/+$/, "")}/file?root=${expected}`;
  const deadline = AbortSignal.timeout(options.timeoutMs ?? 30_000);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;

  let status: number;
  let bytes: Uint8Array;
  try {
    const response = await (options.fetch ?? fetch)(url, { signal });
    status = response.status;
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    if (deadline.aborted) throw new DecisionStoreError("timeout", "the gateway timed out");
    if (options.signal?.aborted) throw new DecisionStoreError("aborted", "reading the decision was aborted");
    throw new DecisionStoreError("unavailable", `cannot reach the gateway: ${(error as Error).message}`, {
      cause: error,
    });
  }

  if (status === 200 && bytes.length > 0 && (await rootOf(bytes)).root === expected) return bytes;
  if (status === 404) return undefined;
  const gatewayError = gatewayErrorOf(bytes);
  if (gatewayError?.code === GATEWAY_FILE_NOT_FOUND.code) return undefined;
  if (gatewayError) {
    throw new DecisionStoreError(
      "unavailable",
      `the gateway answered ${gatewayError.code} (${gatewayError.message}) for ${expected}`,
    );
  }
  if (status !== 200) throw new DecisionStoreError("unavailable", `the gateway answered HTTP ${status}`);
  if (bytes.length === 0) throw new DecisionStoreError("bad-response", "the gateway answered no bytes");
  throw new DecisionStoreError(
    "root-mismatch",
    `the gateway's bytes for ${expected} hash to ${(await rootOf(bytes)).root}`,
  );
};
