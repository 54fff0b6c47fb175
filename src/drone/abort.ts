/**
 * The promise's outcome, or the signal's abort reason as soon as it aborts (at once when it has
 * already aborted). An aborted fetch errors its body, but not always in time: an abort that lands
 * as the headers arrive can be missed, and a dripping body then never ends. So every body read,
 * and every wait on a read shared with other callers, is raced with its signal as well.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
