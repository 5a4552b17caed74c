/**
 * Runs `run` under a deadline: at `ms` its signal is aborted and the returned promise rejects with
 * `timeoutError()`, whether or not `run` heeds the signal (a fetch or tool that ignores it cannot hold the
 * caller). The signal is also aborted once the race is settled, so stragglers stop.
 */
export const withDeadline = async <T>(
  ms: number,
  run: (signal: AbortSignal) => Promise<T>,
  timeoutError: () => Error,
  outer?: AbortSignal,
): Promise<T> => {
  const controller = new AbortController();
  const signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = timeoutError();
      reject(error);
      controller.abort(error);
    }, ms);
  });
  try {
    return await Promise.race([run(signal), expired]);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
};
