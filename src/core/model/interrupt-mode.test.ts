/** Interrupt time kept apart (interrupt-mode.ts): the three modes on a hand-written trace and on the real ones. */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { funcId, modelFromDsl, modelFromReport } from '../../test-utils/model-dsl';
import { CallFlag } from './call-table';
import { loadBytes, traceBytes } from '../../test-utils/traces';
import { applyIrqMode, findInterruptFrames, interruptFigures, INTERRUPTS_ROOT, interruptView, isIrqMode } from './interrupt-mode';
import type { TraceModel } from './tables';
import { TIMER_IRQ_INSIDE_B } from '../../test-utils/timer-interrupt';
import { freshFacts } from '../../test-utils/fresh-facts';
import { filterMask } from '../query/filter';
import { computeFunctionStats } from '../query/function-stats';

/**
 * A timer interrupt inside b (irq_enter_rcu 1 µs, __sysvec_apic_timer_interrupt 5 µs):
 *   a 0..20 { b 1..12 { [irq 2..3, 3..8 { hrtimer 4..7 }] c 9..11 } }
 */
const DSL = TIMER_IRQ_INSIDE_B;

const US = 1000;

/** name → [start µs, duration µs, self µs, parent name, interrupt time inside µs], one row per call. */
function rows(m: TraceModel): Record<string, [number, number, number, string, number]> {
  const c = m.calls;
  const inside = interruptView(m).inside;
  const out: Record<string, [number, number, number, string, number]> = {};
  for (let i = 0; i < c.length; i++) {
    const p = c.parent[i];
    out[m.strings.get(c.func[i])] = [c.start[i] / US, c.duration[i] / US, c.self[i] / US, p < 0 ? '' : m.strings.get(c.func[p]), inside[i] / US];
  }
  return out;
}

/** Sum of the durations of each task's outermost calls. */
function taskTotals(m: TraceModel): Float64Array {
  const out = new Float64Array(m.tasks.length);
  const c = m.calls;
  for (let i = 0; i < c.length; i++) if (c.parent[i] < 0 && !Number.isNaN(c.duration[i])) out[c.task[i]] += c.duration[i];
  return out;
}

describe('applyIrqMode on a hand-written interrupt', () => {
  const model = modelFromDsl(DSL);

  it('in place: the model as built, with the interrupt time inside a and b', () => {
    expect(applyIrqMode(model, 'in-place')).toBe(model);
    expect(rows(model)).toEqual({
      a: [0, 20, 9, '', 6],
      b: [1, 11, 3, 'a', 6],
      irq_enter_rcu: [2, 1, 1, 'b', 0],
      __sysvec_apic_timer_interrupt: [3, 5, 2, 'b', 0],
      hrtimer_interrupt: [4, 3, 3, '__sysvec_apic_timer_interrupt', 0],
      c: [9, 2, 2, 'b', 0],
    });
    expect(interruptView(model)).toMatchObject({ mode: 'in-place', frames: 2, ns: 6 * US });
  });

  it('apart: the frames move to [interrupts]; a and b lose 6 µs, their self times stay', () => {
    const m = applyIrqMode(model, 'apart');
    expect(rows(m)).toEqual({
      a: [0, 14, 9, '', 6],
      b: [1, 5, 3, 'a', 6],
      // The task's time without its interrupt: c moves 6 µs earlier, still inside b.
      c: [3, 2, 2, 'b', 0],
      // After the task's last call (a ends at 14), the frames one after another.
      [INTERRUPTS_ROOT]: [14, 6, 0, '', 0],
      irq_enter_rcu: [14, 1, 1, INTERRUPTS_ROOT, 0],
      __sysvec_apic_timer_interrupt: [15, 5, 2, INTERRUPTS_ROOT, 0],
      hrtimer_interrupt: [16, 3, 3, '__sysvec_apic_timer_interrupt', 0],
    });
    expect(m.interrupts).toMatchObject({ mode: 'apart', frames: 2, ns: 6 * US });
    expect(Array.from(taskTotals(m))).toEqual([20 * US]);
    expect(m.tasks[0].calls).toBe(7);
    // The original is untouched (its string table too).
    expect(model.strings.find(INTERRUPTS_ROOT)).toBeUndefined();
    expect(model.calls.func[0]).toBe(funcId(model, 'a'));
    expect(model.calls.duration[0]).toBe(20 * US);
  });

  it('hidden: the frames are gone; a and b lose 6 µs, the task 6 µs', () => {
    const m = applyIrqMode(model, 'hidden');
    expect(rows(m)).toEqual({
      a: [0, 14, 9, '', 6],
      b: [1, 5, 3, 'a', 6],
      c: [3, 2, 2, 'b', 0],
    });
    expect(Array.from(taskTotals(m))).toEqual([14 * US]);
    expect(m.tasks[0].calls).toBe(3);
  });

  it('knows the mode names', () => {
    expect(['in-place', 'apart', 'hidden'].every(isIrqMode)).toBe(true);
    expect(isIrqMode('inplace')).toBe(false);
  });
});

describe('an interrupt that is a task root, and nested interrupt frames', () => {
  const model = modelFromDsl(`
t-1 0 0  | irq_enter_rcu 1
t-1 0 2  | irq_exit_rcu {
t-1 0 3  |   handle_softirqs 2
t-1 0 6  | } 4
t-1 0 10 | x 3
`);
  it('counts the outermost frames only, and keeps the task total in apart', () => {
    const f = findInterruptFrames(model);
    expect({ count: f.count, ns: f.ns }).toEqual({ count: 2, ns: 5 * US });
    expect(Array.from(f.inIrq)).toEqual([1, 1, 1, 0]);
    expect(Array.from(taskTotals(applyIrqMode(model, 'apart')))).toEqual([8 * US]);
    expect(Array.from(taskTotals(applyIrqMode(model, 'hidden')))).toEqual([3 * US]);
    // x now starts at 10 - 5 µs (both frames were before it).
    const hidden = applyIrqMode(model, 'hidden');
    expect(hidden.calls.start[0]).toBe(5 * US);
  });
});

describe('ksoftirqd: the softirqs its thread function runs are its own work', () => {
  // kernel/softirq.c run_ksoftirqd() { handle_softirqs(true); } (__do_softirq() before 6.8);
  // kernel/sched/cputime.c irqtime_account_irq leaves that time to the thread. A timer
  // interrupt taken inside it is still an interrupt, as is a softirq run elsewhere.
  const model = modelFromDsl(`
ksoftirqd/0-15 0 0  | smpboot_thread_fn {
ksoftirqd/0-15 0 1  |   run_ksoftirqd {
ksoftirqd/0-15 0 2  |     handle_softirqs {
ksoftirqd/0-15 0 3  |       net_rx_action 10
ksoftirqd/0-15 0 14 |       irq_enter_rcu 1
ksoftirqd/0-15 0 16 |       __sysvec_apic_timer_interrupt 2
ksoftirqd/0-15 0 20 |     } 19
ksoftirqd/0-15 0 22 |   } 22
ksoftirqd/0-15 0 30 | } 30
ksoftirqd/0-15 0 40 | run_ksoftirqd.cold {
ksoftirqd/0-15 0 41 |   __do_softirq 4
ksoftirqd/0-15 0 46 | } 6
curl-9 1 0  | __local_bh_enable_ip {
curl-9 1 1  |   do_softirq.part.0 {
curl-9 1 2  |     handle_softirqs 3
curl-9 1 6  |   } 5
curl-9 1 8  | } 8
`);
  it('counts the interrupt inside it and the softirq run elsewhere, not its own softirqs', () => {
    const f = findInterruptFrames(model);
    const names = [...f.outermost.keys()].filter((i) => f.outermost[i]).map((i) => model.strings.get(model.calls.func[i]));
    expect(names).toEqual(['irq_enter_rcu', '__sysvec_apic_timer_interrupt', 'do_softirq.part.0']);
    expect({ count: f.count, ns: f.ns }).toEqual({ count: 3, ns: 8 * US });
    // hidden: ksoftirqd keeps its softirq work, losing the 3 µs of timer interrupt only.
    expect(Array.from(taskTotals(applyIrqMode(model, 'hidden')))).toEqual([33 * US, 3 * US]);
  });
});

describe('a task that takes interrupts on two CPUs (it migrated inside a)', () => {
  // a is entered on CPU 1 and returns on CPU 3; 5 µs of interrupts on CPU 1, 2 µs on CPU 3.
  const model = modelFromDsl(`
t-1 1 0  | a {
t-1 1 1  |   irq_enter_rcu 1
t-1 1 2  |   __sysvec_apic_timer_interrupt 4
t-1 3 10 |   irq_enter_rcu 2
t-1 3 20 | } 20
`);
  const apart = applyIrqMode(model, 'apart');
  const rootRows = (m: TraceModel): number[] => Array.from(m.calls.func.subarray(0, m.calls.length).keys()).filter((i) => m.strings.get(m.calls.func[i]) === INTERRUPTS_ROOT);

  it('apart: one [interrupts] root per CPU, each with that CPU\'s frames and time, one after the other', () => {
    const c = apart.calls;
    const roots = rootRows(apart);
    expect(roots.map((r) => [c.cpu[r], c.start[r] / US, c.duration[r] / US, c.self[r]])).toEqual([
      [1, 13, 5, 0],
      [3, 18, 2, 0],
    ]);
    for (let i = 0; i < c.length; i++) {
      if (roots.includes(i) || c.parent[i] < 0) continue;
      if (roots.includes(c.parent[i])) expect(c.cpu[c.parent[i]], apart.strings.get(c.func[i])).toBe(c.cpu[i]);
    }
    expect(Array.from(taskTotals(apart))).toEqual([20 * US]);
    expect(apart.tasks[0].calls).toBe(6);
  });

  it('a CPU filter keeps that CPU\'s frames under their root, with that CPU\'s interrupt time only', () => {
    const facts = freshFacts(apart);
    const mask = filterMask(facts, { cpus: [3] });
    const stats = computeFunctionStats(apart.calls, apart.strings, (i) => mask[i] === 1);
    const row = Array.from(stats.func).indexOf(apart.strings.find(INTERRUPTS_ROOT)!);
    expect([stats.calls[row], stats.total[row]]).toEqual([1, 2 * US]);
    // Every kept frame hangs under a kept root.
    for (let i = 0; i < apart.calls.length; i++) if (mask[i] && apart.calls.parent[i] >= 0) expect(mask[apart.calls.parent[i]]).toBe(1);
  });
});

describe("tracefs's interrupt arrows", () => {
  /**
   * An old kernel's timer interrupt (smp_apic_timer_interrupt: no name of the list) between
   * the arrows, inside b; then an arrow that never closes, ended by the shallower exit.
   */
  const TEXT = `# tracer: function_graph
#
#     TIME        CPU  DURATION                  FUNCTION CALLS
#      |          |     |   |                     |   |   |   |
  100.000000 |   1)               |  a() {
  100.000001 |   1)               |    b() {
  100.000002 |   1)   ==========> |
  100.000002 |   1)               |      smp_apic_timer_interrupt() {
  100.000003 |   1)   2.000 us    |        hrtimer_interrupt();
  100.000007 |   1)   5.000 us    |      }
  100.000007 |   1)   <========== |
  100.000009 |   1)   2.000 us    |      c();
  100.000012 |   1) + 11.000 us   |    }
  100.000013 |   1)   ==========> |
  100.000013 |   1)   1.000 us    |    d();
  100.000020 |   1) + 20.000 us   |  }
  100.000030 |   1)   3.000 us    |  e();
`;
  const model = modelFromReport(TEXT);
  const byName = (m: TraceModel, name: string) => {
    for (let i = 0; i < m.calls.length; i++) if (m.strings.get(m.calls.func[i]) === name) return i;
    throw new Error(`no ${name}`);
  };

  it('flags the calls entered between the arrows, and no call after a shallower line', () => {
    const flagged = (name: string) => (model.calls.flags[byName(model, name)] & CallFlag.IrqArrow) !== 0;
    expect(['smp_apic_timer_interrupt', 'hrtimer_interrupt', 'd'].map(flagged)).toEqual([true, true, true]);
    expect(['a', 'b', 'c', 'e'].map(flagged)).toEqual([false, false, false, false]);
  });

  it('takes them as interrupt frames: b and a lose 5 µs apart and hidden', () => {
    const f = findInterruptFrames(model);
    expect({ count: f.count, ns: f.ns }).toEqual({ count: 2, ns: 6 * US });
    const hidden = applyIrqMode(model, 'hidden');
    expect(hidden.calls.duration[byName(hidden, 'b')]).toBe(6 * US);
    expect(hidden.calls.duration[byName(hidden, 'a')]).toBe(14 * US);
    const apart = applyIrqMode(model, 'apart');
    expect(apart.calls.parent[byName(apart, 'smp_apic_timer_interrupt')]).toBe(byName(apart, INTERRUPTS_ROOT));
  });
});

// An interrupt taken from user space or idle enters at depth 0 (arm64's gic_handle_irq under
// el0_interrupt's untraced code), so no shallower line can end it: when its closing arrow is
// lost, every later call of the CPU was taken for interrupt time (moved apart, or hidden).
describe("tracefs's interrupt arrows whose closing arrow is lost", () => {
  const flaggedNames = (m: TraceModel): string[] => {
    const out: string[] = [];
    for (let i = 0; i < m.calls.length; i++) if (m.calls.flags[i] & CallFlag.IrqArrow) out.push(m.strings.get(m.calls.func[i]));
    return out;
  };
  const irq = [' 0)   ==========> |', ' 0)               |  gic_handle_irq() {', ' 0)   1.000 us    |    handle_domain_irq();'];
  const after = [' 0)   1.000 us    |  vfs_read();', ' 0)               |  ksys_read() {', ' 0)   1.000 us    |    foo();', ' 0)   3.000 us    |  }'];

  it('lost events end them: the closing arrow is printed with the exit that was lost', () => {
    const m = modelFromReport(['# tracer: function_graph', ...irq, 'CPU:0 [LOST 100 EVENTS]', ...after].join('\n') + '\n');
    expect(flaggedNames(m)).toEqual(['gic_handle_irq', 'handle_domain_irq']);
    expect(findInterruptFrames(m).count).toBe(1);
  });

  it('a task switch on the CPU ends them: no task switch happens inside a hard interrupt', () => {
    const banner = [' ------------------------------------------', ' 0)   bash-1234    =>    <idle>-0   ', ' ------------------------------------------', ''];
    const m = modelFromReport(['# tracer: function_graph', ...irq, ...banner, ...after].join('\n') + '\n');
    expect(flaggedNames(m)).toEqual(['gic_handle_irq', 'handle_domain_irq']);
    // Another CPU's loss or switch leaves them open.
    const other = modelFromReport(['# tracer: function_graph', ...irq, 'CPU:1 [LOST 100 EVENTS]', ...after.slice(0, 1)].join('\n') + '\n');
    expect(flaggedNames(other)).toEqual(['gic_handle_irq', 'handle_domain_irq', 'vfs_read']);
  });
});

/**
 * The trace-cmd reports with timestamps (every interrupt nested by the times), each
 * recording once (the other 05-seed-report-* files print the seed's calls again).
 */
const TIMED_REPORTS = readdirSync(new URL('../../../test/traces/', import.meta.url))
  .filter((f) => /^0[123]-.*report.*\.txt(\.gz)?$/.test(f) || f === '05-seed-report-raw.txt.gz')
  .sort();

describe('the real trace-cmd reports', () => {
  it('has some to read', () => expect(TIMED_REPORTS.length).toBeGreaterThanOrEqual(5));
  for (const file of TIMED_REPORTS) {
    it(`${file}: apart keeps each task's total, hidden lowers it by exactly its interrupt time`, () => {
      const model = loadBytes(traceBytes(file));
      const inPlace = taskTotals(model);
      const f = findInterruptFrames(model);
      const irqOfTask = new Float64Array(model.tasks.length);
      for (let i = 0; i < model.calls.length; i++) if (f.outermost[i] && !Number.isNaN(model.calls.duration[i])) irqOfTask[model.calls.task[i]] += model.calls.duration[i];
      const apart = applyIrqMode(model, 'apart');
      const hidden = applyIrqMode(model, 'hidden');
      expect(Array.from(taskTotals(apart))).toEqual(Array.from(inPlace));
      expect(Array.from(taskTotals(hidden))).toEqual(Array.from(inPlace, (t, k) => t - irqOfTask[k]));
      // Self times never change; the summed self time per task still equals its total.
      for (const m of [apart, hidden]) {
        const selfSum = new Float64Array(m.tasks.length);
        for (let i = 0; i < m.calls.length; i++) if (!Number.isNaN(m.calls.self[i])) selfSum[m.calls.task[i]] += m.calls.self[i];
        expect(Array.from(selfSum)).toEqual(Array.from(taskTotals(m)));
      }
      expect(hidden.calls.length).toBe(model.calls.length - f.inIrq.reduce((s, v) => s + v, 0));
      // The figures without the per-call time inside (a side B's facts) are interruptView's, in every mode.
      for (const m of [model, apart, hidden]) {
        const { mode, frames, ns } = interruptView(m);
        expect(interruptFigures(m)).toEqual({ mode, frames, ns });
      }
      expect(interruptFigures(model).frames).toBe(f.count);
    });
  }
  it('finds interrupts in the seed', () => {
    const f = findInterruptFrames(loadBytes(traceBytes('01-seed-curl-fgraph.report.txt.gz')));
    expect(f.count).toBeGreaterThan(0);
    expect(f.ns).toBeGreaterThan(0);
  });
});

describe('a function-tracer trace (no call has a duration)', () => {
  // trace-cmd record -p function: one line per call, no return, so no duration.
  const TEXT = [
    'cpus=2',
    '            curl-893   [000]   209.352400: function:             tcp_sendmsg',
    '            curl-893   [000]   209.352410: function:             __sysvec_apic_timer_interrupt',
    '            curl-893   [000]   209.352420: function:             tcp_push',
    '',
  ].join('\n');

  it('says the interrupt time is unknown, not 0, in every mode', () => {
    const model = modelFromReport(TEXT);
    expect(model.calls.length).toBe(3);
    for (const mode of ['in-place', 'apart', 'hidden'] as const) {
      const irq = interruptView(applyIrqMode(model, mode));
      expect(irq.frames).toBe(1);
      expect(irq.ns).toBeNaN();
    }
    expect(interruptFigures(model).ns).toBeNaN();
  });

  it("gives the [interrupts] root an unknown duration and self, as its frames have, not 0", () => {
    const m = applyIrqMode(modelFromReport(TEXT), 'apart');
    const root = [...Array(m.calls.length).keys()].find((i) => m.strings.get(m.calls.func[i]) === INTERRUPTS_ROOT);
    if (root === undefined) throw new Error('no [interrupts] root');
    expect(m.calls.duration[root]).toBeNaN();
    expect(m.calls.self[root]).toBeNaN();
    // Its statistics say unknown too: no timed call.
    const stats = computeFunctionStats(m.calls, m.strings);
    const r = [...Array(stats.func.length).keys()].find((k) => m.strings.get(stats.func[k]) === INTERRUPTS_ROOT)!;
    expect(stats.timed[r]).toBe(0);
  });
});
