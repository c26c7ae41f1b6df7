/**
 * The bits of a frame's `derived` byte: how its start and end were had. Made by the core
 * (query/call-extent.ts: Start, End) and the flame chart's answer (service: NoReturn, AfterLoss), read
 * by the flame chart's hover card in the page: one definition for both sides of the worker.
 */
export const DerivedTime = {
  /** The trace has no start for this call; `start` was laid out. */
  Start: 1,
  /** The trace has no duration for this call; `end` was inferred from its descendants. */
  End: 2,
  /** A function tracer call: the tracer records no return, so "end inferred" is not "never returned". */
  NoReturn: 4,
  /**
   * The ring buffer lost events on its CPU while it was open (`CPU:N [LOST M EVENTS]`, the
   * model's CallFlag.AfterLoss): calls under it, and its return, may be missing, so its self
   * time and duration may hold time that was not its own.
   */
  AfterLoss: 8,
} as const;
