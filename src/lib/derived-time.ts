/**
 * The bits of a frame's `derived` byte: how its start and end were had. Made by the core
 * (query/call-extent.ts: Start, End) and the flame chart's answer (service: NoReturn), read
 * by the flame chart's hover card in the page: one definition for both sides of the worker.
 */
export const DerivedTime = {
  /** The trace has no start for this call; `start` was laid out. */
  Start: 1,
  /** The trace has no duration for this call; `end` was inferred from its descendants. */
  End: 2,
  /** A function tracer call: the tracer records no return, so "end inferred" is not "never returned". */
  NoReturn: 4,
} as const;
