/**
 * Every question the page asks the worker tells its work ahead to hold off a moment
 * (load/back-off.ts): the page acts now, and its tasks should not wait for a core the
 * worker takes for work nobody is looking at yet. Wraps the service the worker exposes, so
 * no method can be forgotten.
 */

/** Calls that are not questions: a load (its end starts the work ahead), and the signal itself. */
const NOT_QUESTIONS: ReadonlySet<string> = new Set(['load', 'loadText', 'userActive']);

/** `service` with each method call (a question) preceded by `service.userActive()`. */
export function signallingQuestions<T extends { userActive(): void }>(service: T): T {
  return new Proxy(service, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof prop !== 'string' || typeof value !== 'function') return value;
      const method = value as (...a: unknown[]) => unknown;
      const question = !NOT_QUESTIONS.has(prop);
      // Called on the service itself, never on this wrapper: its calls to its own methods
      // (a load's) are no questions.
      return (...args: unknown[]): unknown => {
        if (question) target.userActive();
        return method.apply(target, args);
      };
    },
  });
}
