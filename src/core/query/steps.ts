/**
 * A computation in steps: a generator that yields between parts of its work, where its
 * caller may pause it. The worker answers one question at a time, each to its end; a long
 * one written in steps lets the questions that came meanwhile be answered at its next
 * pause (service/load/event-loop.ts runInSlices), and `runSteps` runs it at once where
 * nothing waits (the CLI, tests, a comparison's two sides).
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs `steps` to its end without a pause. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
