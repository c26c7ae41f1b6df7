/**
 * A promise with its resolve and reject taken out, for code that settles it from callbacks
 * it hands on (the parse pools settle their model from worker messages). ES2024's
 * `Promise.withResolvers`, which Node 20 (the CLI's floor) does not have.
 */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: Error): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: Error) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}
