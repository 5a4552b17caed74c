import type { Context, MiddlewareHandler } from "hono";

/** The JSON text of a request's answer, as the route made it: no need to read the response back. */
const answerTexts = new WeakMap<Request, string>();

/** Answers with `value` as JSON and offers the text to the answer cache. */
export const cacheableJson = (c: Context, value: unknown): Response => {
  const text = JSON.stringify(value);
  answerTexts.set(c.req.raw, text);
  return c.body(text, 200, { "content-type": "application/json" });
};

/**
 * Answers to identical requests over the same prepared market, kept as their JSON text: the extension's
 * overlay and the dapp ask the same few questions again and again, and a quote over a market that has
 * not changed is the same quote. The cache empties whenever the prepared market is rebuilt (new offers,
 * new token prices, or the periodic re-pricing that keeps ages true), so an answer is never staler than
 * the market itself. Only answers made by `cacheableJson` are kept (never errors); the key is the
 * method, the URL and the exact body.
 */
export const answerCache = (generation: () => object, maxEntries = 512): MiddlewareHandler => {
  let current: object | undefined;
  const entries = new Map<string, string>();
  return async (c, next) => {
    const now = generation();
    if (now !== current) {
      current = now;
      entries.clear();
    }
    const body = c.req.method === "POST" ? await c.req.text() : "";
    const key = `${c.req.method} ${c.req.url}\n${body}`;
    const hit = entries.get(key);
    if (hit !== undefined) {
      // Refresh its place in the LRU order.
      entries.delete(key);
      entries.set(key, hit);
      return c.body(hit, 200, { "content-type": "application/json", "x-necto-cache": "hit" });
    }
    await next();
    const text = answerTexts.get(c.req.raw);
    if (text === undefined || c.res.status !== 200 || current !== generation()) return;
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
    entries.set(key, text);
  };
};
