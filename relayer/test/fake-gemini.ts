import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { isDeepStrictEqual } from "node:util";

/**
 * A local stand-in for the Gemini API (`generateContent`, `streamGenerateContent`): replays a recorded
 * function-calling conversation, one response per request in order, and records what the client sent so a
 * test can check that it kept the history, echoed each model turn verbatim (thought signatures included)
 * and answered every function call. The real `@google/genai` client reaches it through
 * `httpOptions.baseUrl`.
 */

/** One recorded conversation: the model's responses (GenerateContentResponse JSON), served in order. */
export interface GeminiConversation {
  description?: string;
  responses: GeminiResponse[];
}

/** The parts of a GenerateContentResponse the fake reads; everything else is served as recorded. */
export interface GeminiResponse {
  candidates?: { content?: GeminiContent; finishReason?: string; index?: number }[];
  modelVersion?: string;
  [field: string]: unknown;
}

export interface GeminiContent {
  role?: string;
  parts?: GeminiPart[];
}

export interface GeminiPart {
  text?: string;
  thoughtSignature?: string;
  functionCall?: { id?: string; name?: string; args?: Record<string, unknown> };
  functionResponse?: { id?: string; name?: string; response?: Record<string, unknown> };
  [field: string]: unknown;
}

export interface GeminiRequest {
  /** Path with query string: `/v1beta/models/gemini-2.5-flash:generateContent`. */
  url: string;
  apiVersion: "v1" | "v1beta";
  model: string;
  method: "generateContent" | "streamGenerateContent";
  headers: IncomingMessage["headers"];
  /** The raw body, to search for what must never be sent. */
  rawBody: string;
  body: {
    contents?: GeminiContent[];
    toolConfig?: { functionCallingConfig?: { mode?: string; allowedFunctionNames?: string[] } };
    [field: string]: unknown;
  };
}

/** `hang` never answers (the client's timeout must fire); `500` answers as the API does when it fails. */
export type GeminiFault = "ok" | "hang" | "500";

export interface FakeGemini {
  /** `http://127.0.0.1:<port>`: the client's `httpOptions.baseUrl`. */
  url: string;
  requests: GeminiRequest[];
  setFault(fault: GeminiFault): void;
  /**
   * What the client got wrong in replaying the conversation, one line per problem (empty when all is
   * well): each request after the first must repeat the previous request's contents, then the model turn
   * it was served verbatim, then one user turn answering each of its function calls by name (and id)
   * in order, or a text turn when it called none.
   */
  conversationProblems(): string[];
  close(): Promise<void>;
}

const ROUTE = /^\/(v1|v1beta)\/models\/([^:/]+):(generateContent|streamGenerateContent)$/;

const apiError = (code: number, status: string, message: string): string =>
  JSON.stringify({ error: { code, message, status } });

export const startFakeGemini = async (conversation: GeminiConversation): Promise<FakeGemini> => {
  const requests: GeminiRequest[] = [];
  // The response served for each request (undefined when none was).
  const served: (GeminiResponse | undefined)[] = [];
  let next = 0;
  let fault: GeminiFault = "ok";

  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => {
      raw += chunk.toString("utf8");
    });
    req.on("end", () => {
      const url = req.url ?? "/";
      const route = ROUTE.exec(url.split("?")[0] ?? "/");
      if (req.method !== "POST" || route === null) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(apiError(404, "NOT_FOUND", `fake-gemini: no route ${req.method} ${url}`));
        return;
      }
      let body: GeminiRequest["body"];
      try {
        body = JSON.parse(raw) as GeminiRequest["body"];
      } catch {
        res.writeHead(400, { "content-type": "application/json" });
        res.end(apiError(400, "INVALID_ARGUMENT", "fake-gemini: the body is not JSON"));
        return;
      }
      requests.push({
        url,
        apiVersion: route[1] as GeminiRequest["apiVersion"],
        model: decodeURIComponent(route[2] as string),
        method: route[3] as GeminiRequest["method"],
        headers: req.headers,
        rawBody: raw,
        body,
      });
      if (fault === "hang") {
        served.push(undefined);
        return;
      }
      const response = fault === "ok" ? conversation.responses[next] : undefined;
      served.push(response);
      if (response === undefined) {
        const why = fault === "500" ? "internal error" : "no recorded response left";
        res.writeHead(500, { "content-type": "application/json" });
        res.end(apiError(500, "INTERNAL", `fake-gemini: ${why}`));
        return;
      }
      next++;
      if (route[3] === "streamGenerateContent") {
        // One SSE frame carrying the whole response (it has the finishReason), as the API frames chunks.
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.end(`data: ${JSON.stringify(response)}\r\n\r\n`);
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(response));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setFault(value) {
      fault = value;
    },
    conversationProblems: () => conversationProblems(requests, served),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

const conversationProblems = (
  requests: readonly GeminiRequest[],
  served: readonly (GeminiResponse | undefined)[],
): string[] => {
  const problems: string[] = [];
  for (let k = 1; k < requests.length; k++) {
    const before = requests[k - 1]?.body.contents ?? [];
    const contents = requests[k]?.body.contents ?? [];
    const modelTurn = served[k - 1]?.candidates?.[0]?.content;
    const at = `request ${k + 1}`;
    if (modelTurn === undefined) {
      problems.push(`${at} follows a request that was served no model turn`);
      continue;
    }
    if (contents.length !== before.length + 2) {
      problems.push(`${at} has ${contents.length} turns, expected ${before.length + 2}`);
      continue;
    }
    if (!isDeepStrictEqual(contents.slice(0, before.length), before)) {
      problems.push(`${at} does not repeat the earlier turns unchanged`);
    }
    if (!isDeepStrictEqual(contents[before.length], modelTurn)) {
      problems.push(
        `${at} does not echo the model turn verbatim: ${JSON.stringify(contents[before.length])}`,
      );
    }
    const reply = contents[before.length + 1];
    if (reply?.role !== "user") problems.push(`${at} does not end with a user turn`);
    const calls = (modelTurn.parts ?? []).flatMap((part) => (part.functionCall ? [part.functionCall] : []));
    const answers = (reply?.parts ?? []).flatMap((part) =>
      part.functionResponse ? [part.functionResponse] : [],
    );
    if (calls.length === 0) {
      if (!(reply?.parts ?? []).some((part) => typeof part.text === "string" && part.text.length > 0)) {
        problems.push(`${at} answers a turn without function calls with no text`);
      }
      continue;
    }
    if (answers.length !== calls.length) {
      problems.push(`${at} answers ${answers.length} of ${calls.length} function calls`);
      continue;
    }
    calls.forEach((call, i) => {
      const answer = answers[i];
      if (answer?.name !== call.name) {
        problems.push(`${at} answers call ${i + 1} (${call.name}) as ${answer?.name}`);
      }
      // An empty id where the call had none is a known client pitfall (createPartFromFunctionResponse).
      if (call.id !== answer?.id) {
        problems.push(`${at} answers call ${i + 1} with id ${answer?.id}, expected ${call.id}`);
      }
      if (answer?.response === undefined || typeof answer.response !== "object") {
        problems.push(`${at} answers call ${i + 1} without a response object`);
      }
    });
  }
  return problems;
};
