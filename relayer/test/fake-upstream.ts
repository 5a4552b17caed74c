import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for a provider or oracle API: serves recorded responses in the provider's documented
 * shape, and on demand the faults real APIs produce (no answer, 500, 429, a body that is not JSON, a renamed
 * field), so the adapters' real HTTP clients and parsers run unchanged against it.
 */
export type Fault = "ok" | "timeout" | "500" | "429" | "malformed" | "drift";

export interface FakeRoute {
  method?: "GET" | "POST";
  /** Path without the query string. */
  path: string;
  /** The recorded response: a JSON value, or a string sent as is (JSONP, CSV). */
  body: unknown;
  /** The same response after a schema change (a field renamed); required to serve the `drift` fault. */
  drift?: unknown;
  contentType?: string;
}

export interface RecordedRequest {
  method: string;
  /** Path with query string. */
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface FakeUpstream {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Serves `fault` from now on, for every route or only `path`. */
  setFault(fault: Fault, path?: string): void;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export const startFakeUpstream = async (routes: readonly FakeRoute[]): Promise<FakeUpstream> => {
  const faults = new Map<string, Fault>();
  let faultForAll: Fault = "ok";
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString("utf8");
    });
    req.on("end", () => {
      const url = req.url ?? "/";
      const path = url.split("?")[0] ?? "/";
      requests.push({ method: req.method ?? "GET", url, headers: req.headers, body });
      const route = routes.find((r) => r.path === path && (r.method ?? "GET") === req.method);
      if (!route) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: `no route ${req.method} ${path}` }));
        return;
      }
      const fault = faults.get(path) ?? faultForAll;
      switch (fault) {
        case "timeout":
          return; // Never answers; the client's timeout must fire.
        case "500":
          res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: "internal server error" }));
          return;
        case "429":
          res.writeHead(429, { "content-type": "text/plain", "retry-after": "1" });
          res.end("API requests too frequent");
          return;
        case "malformed":
          res.writeHead(200, { "content-type": "application/json" });
          res.end('{"data": [{"id": "truncated');
          return;
        default: {
          const payload = fault === "drift" ? route.drift : route.body;
          if (fault === "drift" && route.drift === undefined)
            throw new Error(`route ${path} has no drift body`);
          const text = typeof payload === "string" ? payload : JSON.stringify(payload);
          res.writeHead(200, { "content-type": route.contentType ?? "application/json" });
          res.end(text);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setFault(fault, path) {
      if (path === undefined) {
        faults.clear();
        faultForAll = fault;
      } else faults.set(path, fault);
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** A deep copy of `value` with the first `from` key renamed `to` at every depth: the typical schema drift. */
export const renameField = (value: unknown, from: string, to: string): unknown => {
  if (Array.isArray(value)) return value.map((item) => renameField(item, from, to));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key === from ? to : key, renameField(item, from, to)]),
    );
  }
  return value;
};
