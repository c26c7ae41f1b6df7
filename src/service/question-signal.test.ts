/**
 * The service's work ahead gives way to the page's questions (load/back-off.ts) through
 * the wrapper the worker exposes (question-signal.ts), on a clock the test moves.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { reportFromDsl, SAMPLE_DSL } from '../test-utils/model-dsl';
import { ManualClock } from '../test-utils/manual-clock';
import { BackOff } from './load/back-off';
import { DerivedData } from './derived/derived-data';
import { signallingQuestions } from './question-signal';
import { TraceService } from './trace-service';

const WINDOW = 150;
const MAX_HOLD = 400;

/**
 * A service whose work ahead runs on `clock`, as the worker exposes it (`s`), and the
 * service itself (`inner`: what tests read without asking a question).
 */
function service(clock: ManualClock): { s: TraceService; inner: TraceService } {
  const inner = new TraceService(undefined, undefined, undefined, new BackOff(clock, WINDOW, MAX_HOLD));
  return { s: signallingQuestions(inner), inner };
}

/** How many times the work ahead's first step (the call order) ran on a DerivedData. */
function topologySteps(): (d: DerivedData) => number {
  const spy = vi.spyOn(DerivedData.prototype, 'advanceTopology');
  return (d) => spy.mock.contexts.filter((c) => c === d).length;
}

afterEach(() => void vi.restoreAllMocks());

describe('signallingQuestions', () => {
  it('a question defers the pending step of work ahead by the window; the answer comes at once', async () => {
    const clock = new ManualClock();
    const steps = topologySteps();
    const { s, inner } = service(clock);
    const loaded = await s.loadText(reportFromDsl(SAMPLE_DSL), { name: 'a.txt' });
    expect(loaded.kind).toBe('loaded');
    const derived = inner.derived();
    const summary = s.summary();
    expect(summary?.calls).toBeGreaterThan(0);
    clock.runTasks();
    expect(steps(derived)).toBe(0);
    clock.advance(WINDOW - 1);
    expect(steps(derived)).toBe(0);
    clock.advance(1);
    expect(steps(derived)).toBeGreaterThan(0);
  });

  it('a load is no question: the work ahead starts at once after it', async () => {
    const clock = new ManualClock();
    const steps = topologySteps();
    const { s, inner } = service(clock);
    await s.loadText(reportFromDsl(SAMPLE_DSL), { name: 'a.txt' });
    clock.runTasks();
    expect(steps(inner.derived())).toBeGreaterThan(0);
  });

  it('the work ahead a question held stops with a new load', async () => {
    const clock = new ManualClock();
    const steps = topologySteps();
    const { s, inner } = service(clock);
    await s.loadText(reportFromDsl(SAMPLE_DSL), { name: 'a.txt' });
    const first = inner.derived();
    s.summary();
    clock.advance(50);
    await s.loadText(reportFromDsl(SAMPLE_DSL), { name: 'b.txt' });
    clock.advance(10 * MAX_HOLD);
    expect(steps(first)).toBe(0);
    expect(steps(inner.derived())).toBeGreaterThan(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('leaves what is not a method as it is', () => {
    const { s } = service(new ManualClock());
    expect(typeof s.summary).toBe('function');
    expect((s as unknown as Record<symbol, unknown>)[Symbol.iterator]).toBeUndefined();
  });
});
