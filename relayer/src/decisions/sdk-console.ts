import { AsyncLocalStorage } from "node:async_hooks";

/**
 * The 0G SDK writes its progress (node lists, options, every poll) with `console.*`. Work run through
 * `withSdkConsoleMuted` has those calls dropped, and only those: the mute follows the async context
 * (including the SDK's own timers and retries), so the rest of the process logs as before.
 */
const muted = new AsyncLocalStorage<true>();
const METHODS = ["log", "info", "warn", "error", "debug"] as const;
// A WeakSet, not a marker property: spies copy a function's properties and would pass for a wrapper.
const wrappers = new WeakSet<object>();

type ConsoleMethod = (...args: unknown[]) => void;

// Wraps each method once; re-wraps if something (a test spy) replaced it since.
const install = () => {
  const target = console as unknown as Record<(typeof METHODS)[number], ConsoleMethod>;
  for (const name of METHODS) {
    const current = target[name];
    if (wrappers.has(current)) continue;
    const wrapper: ConsoleMethod = (...args) => {
      if (muted.getStore() === undefined) current.apply(console, args);
    };
    wrappers.add(wrapper);
    target[name] = wrapper;
  }
};

export const withSdkConsoleMuted = <T>(run: () => Promise<T>): Promise<T> => {
  install();
  return muted.run(true, run);
};
