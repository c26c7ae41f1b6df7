/**
 * Interrupts that cut into a call's records (docs/formats.md §2.8): the builder nests by
 * the interval rule — a call's parent is the innermost call whose [calltime, rettime]
 * holds it, at a smaller depth, or at the same depth when the interrupt came between the
 * call's return and its rettime. Each case is written once as the kernel ran it and
 * printed in three forms: the pretty `trace-cmd report`, `-R` (raw fields) and `-N` (the
 * kernel's print formats); every form must give the calls, totals and selfs written out
 * by hand below.
 */
import { describe, expect, it } from 'vitest';
import { callTreeLines as tree, selfAndOuter } from '../../test-utils/model-tree';
import { loadText } from '../../test-utils/traces';
import type { TraceModel } from './tables';

/**
 * One record as the kernel wrote it, times in µs after 11 s: an entry (`at` is when its
 * record was written, `call` its calltime when that differs), a leaf (entry and exit with
 * nothing between) or an exit.
 */
type Rec =
  | { k: 'e'; d: number; f: string; call: number; at?: number; pid?: number }
  | { k: 'l'; d: number; f: string; call: number; ret: number; pid?: number }
  | { k: 'x'; d: number; f: string; call: number; ret: number; pid?: number };

const e = (d: number, f: string, call: number, at?: number): Rec => ({ k: 'e', d, f, call, at });
const l = (d: number, f: string, call: number, ret: number, pid?: number): Rec => ({ k: 'l', d, f, call, ret, pid });
const x = (d: number, f: string, call: number, ret: number): Rec => ({ k: 'x', d, f, call, ret });

const ts = (us: number): string => (11 + us / 1e6).toFixed(6);
const hex = (us: number): string => (11e9 + us * 1000).toString(16);
const prefix = (us: number, pid = 139): string => `            ${pid === 139 ? 'curl' : 'nc'}-${pid}   [001]    ${ts(us)}: `;
const dur = (us: number): string => us.toFixed(3).padStart(8);

type Form = 'pretty' | '-R' | '-N';

function render(recs: Rec[], form: Form): string {
  const out = ['cpus=2'];
  for (const r of recs) {
    const pid = r.pid ?? 139;
    if (form === 'pretty') {
      const indent = '  '.repeat(r.d + 1);
      if (r.k === 'e') out.push(`${prefix(r.at ?? r.call, pid)}funcgraph_entry:                   |${indent}${r.f}() {`);
      else if (r.k === 'l') out.push(`${prefix(r.call, pid)}funcgraph_entry:      ${dur(r.ret - r.call)} us |${indent}${r.f}();`);
      else out.push(`${prefix(r.ret, pid)}funcgraph_exit:       ${dur(r.ret - r.call)} us |${indent}}`);
      continue;
    }
    const entry = form === '-R' ? `funcgraph_entry:       func=${r.f} depth=${r.d}` : `funcgraph_entry:      --> ${r.f} (${r.d})`;
    if (r.k !== 'x') out.push(prefix(r.k === 'e' ? (r.at ?? r.call) : r.call, pid) + entry);
    if (r.k === 'e') continue;
    out.push(
      prefix(r.ret, pid) +
        (form === '-R'
          ? `funcgraph_exit:        func=${r.f} depth=${r.d} overrun=0 calltime=${hex(r.call)} rettime=${hex(r.ret)}`
          : `funcgraph_exit:       <-- ${r.f} (${r.d}) (start: ${hex(r.call)}  end: ${hex(r.ret)}) over: ${r.d}`),
    );
  }
  return out.join('\n') + '\n';
}

const FORMS: Form[] = ['pretty', '-R', '-N'];

/** Two interrupt siblings at b's depth, after b's last child, before b's late exit record. */
const TWO_SIBLINGS: Rec[] = [
  e(0, 'a', 0),
  e(1, 'b', 10),
  l(2, 'c', 20, 25),
  l(1, 'irq_enter_rcu', 31, 33),
  e(1, '__sysvec_apic_timer_interrupt', 34),
  l(2, 'hrtimer_interrupt', 35, 45),
  x(1, '__sysvec_apic_timer_interrupt', 34, 50),
  x(1, 'b', 10, 60),
  l(1, 'd', 70, 75),
  x(0, 'a', 0, 100),
];

/** Three siblings, the third (irq_exit_rcu) running the softirqs. */
const THREE_SIBLINGS_SOFTIRQ: Rec[] = [
  e(0, 'a', 0),
  e(1, 'b', 10),
  l(2, 'c', 20, 25),
  l(1, 'irq_enter_rcu', 31, 33),
  e(1, '__sysvec_apic_timer_interrupt', 34),
  l(2, 'hrtimer_interrupt', 35, 45),
  x(1, '__sysvec_apic_timer_interrupt', 34, 50),
  e(1, 'irq_exit_rcu', 52),
  e(2, '__do_softirq', 53),
  l(3, 'net_rx_action', 54, 58),
  x(2, '__do_softirq', 53, 59),
  x(1, 'irq_exit_rcu', 52, 60),
  x(1, 'b', 10, 62),
  x(0, 'a', 0, 100),
];

/** The interrupt ends in a preemption: another task runs on the CPU before b's exit is written. */
const CONTEXT_SWITCH: Rec[] = [
  e(0, 'a', 0),
  e(1, 'b', 10),
  l(2, 'c', 20, 25),
  l(1, 'irq_enter_rcu', 31, 33),
  e(1, '__sysvec_apic_timer_interrupt', 34),
  l(2, 'hrtimer_interrupt', 35, 45),
  x(1, '__sysvec_apic_timer_interrupt', 34, 50),
  l(1, 'irq_exit_rcu', 51, 53),
  e(1, 'preempt_schedule_irq', 54),
  e(2, '__schedule', 55),
  l(0, 'pipe_read', 100, 120, 200),
  x(2, '__schedule', 55, 200),
  x(1, 'preempt_schedule_irq', 54, 201),
  x(1, 'b', 10, 202),
  x(0, 'a', 0, 300),
];

/** An interrupt written one level deeper before b's entry record, inside b's interval (b called at 4). */
const ENTRY_LATE_INSIDE: Rec[] = [
  e(0, 'a', 0),
  l(2, 'irq_enter_rcu', 5, 7),
  e(1, 'b', 4, 8),
  l(2, 'c', 9, 12),
  x(1, 'b', 4, 20),
  x(0, 'a', 0, 30),
];

/** The same, but b's calltime was read after the interrupt: it stays a's (with a depth gap). */
const ENTRY_LATE_BEFORE: Rec[] = [
  e(0, 'a', 0),
  l(2, 'irq_enter_rcu', 5, 7),
  e(1, 'b', 8),
  l(2, 'c', 9, 12),
  x(1, 'b', 8, 20),
  x(0, 'a', 0, 30),
];

/** TWO_SIBLINGS as calls (`name total self`): the interrupt is b's, b is a's. */
const TWO_SIBLINGS_TREE = [
  'a 100000 45000',
  '  b 50000 27000',
  '    c 5000 5000',
  '    irq_enter_rcu 2000 2000',
  '    __sysvec_apic_timer_interrupt 16000 6000',
  '      hrtimer_interrupt 10000 10000',
  '  d 5000 5000',
];

describe.each(FORMS)('interrupts cutting into records, %s form', (form) => {
  const load = (recs: Rec[]) => loadText(render(recs, form));

  it('two same-depth interrupt siblings before a late exit are children of the call they displaced', () => {
    const m = load(TWO_SIBLINGS);
    expect(tree(m)).toEqual(TWO_SIBLINGS_TREE);
    expect(m.diagnostics).toMatchObject({ orphanExits: 0, unclosedCalls: 0, depthGaps: 0 });
    expect(selfAndOuter(m)).toEqual([[100000, 100000]]);
  });

  it('three siblings, the softirqs run on interrupt exit inside the third', () => {
    const m = load(THREE_SIBLINGS_SOFTIRQ);
    expect(tree(m)).toEqual([
      'a 100000 48000',
      '  b 52000 21000',
      '    c 5000 5000',
      '    irq_enter_rcu 2000 2000',
      '    __sysvec_apic_timer_interrupt 16000 6000',
      '      hrtimer_interrupt 10000 10000',
      '    irq_exit_rcu 8000 2000',
      '      __do_softirq 6000 2000',
      '        net_rx_action 4000 4000',
    ]);
    expect(m.diagnostics).toMatchObject({ orphanExits: 0, unclosedCalls: 0 });
    expect(selfAndOuter(m)).toEqual([[100000, 100000]]);
  });

  it('a context switch inside the interrupt: the other task keeps its calls, b holds the preemption', () => {
    const m = load(CONTEXT_SWITCH);
    expect(tree(m)).toEqual([
      'a 300000 108000',
      '  b 192000 20000',
      '    c 5000 5000',
      '    irq_enter_rcu 2000 2000',
      '    __sysvec_apic_timer_interrupt 16000 6000',
      '      hrtimer_interrupt 10000 10000',
      '    irq_exit_rcu 2000 2000',
      '    preempt_schedule_irq 147000 2000',
      '      __schedule 145000 145000',
      'pipe_read 20000 20000',
    ]);
    expect(m.diagnostics).toMatchObject({ orphanExits: 0, unclosedCalls: 0 });
    expect(selfAndOuter(m)).toEqual([
      [300000, 300000],
      [20000, 20000],
    ]);
  });

  it('an entry written late after an interrupt inside its interval adopts it', () => {
    const m = load(ENTRY_LATE_INSIDE);
    expect(tree(m)).toEqual(['a 30000 14000', '  b 16000 11000', '    irq_enter_rcu 2000 2000', '    c 3000 3000']);
    expect(m.diagnostics).toMatchObject({ orphanExits: 0, unclosedCalls: 0, depthGaps: 0 });
    expect(selfAndOuter(m)).toEqual([[30000, 30000]]);
  });

  it('an entry written late after an interrupt that ended before its calltime leaves it to the parent', () => {
    const m = load(ENTRY_LATE_BEFORE);
    expect(tree(m)).toEqual(['a 30000 16000', '  irq_enter_rcu 2000 2000 [DepthGap]', '  b 12000 9000', '    c 3000 3000']);
    expect(selfAndOuter(m)).toEqual([[30000, 30000]]);
    // Nothing is missing: the interrupt came after the kernel counted b's depth, before b's call time.
    expect(m.diagnostics.items.map((i) => i.message)).toEqual([
      "irq_enter_rcu entered at depth 2, one level below b (depth 1), and ended before b began: an interrupt taken as b was being called (the kernel counts its depth before it reads its call time), no entry missing; counted in b's caller",
    ]);
  });
});

describe.each(FORMS)('interrupts cutting into records at the edges of the trace, %s form', (form) => {
  const load = (recs: Rec[]) => loadText(render(recs, form));
  // The pretty form prints no name on an exit whose entry is not in the trace.
  const orphan = (name: string) => (form === 'pretty' ? '(unknown)' : name);

  it('a late exit whose entry record was written over a µs after its call time is still its exit', () => {
    // b called at 10, its entry record written at 12.2 (1% of the real traces' entries are
    // written more than a µs after their call time): the exit's call time names that entry.
    const m = load(TWO_SIBLINGS.map((r) => (r.k === 'e' && r.f === 'b' ? { ...r, at: 12.2 } : r)));
    expect(tree(m)).toEqual(TWO_SIBLINGS_TREE);
    expect(m.diagnostics).toMatchObject({ orphanExits: 0, unclosedCalls: 0, depthGaps: 0 });
    expect(selfAndOuter(m)).toEqual([[100000, 100000]]);
  });

  it('an interrupt before a late entry, outside its call, goes to the orphan exit whose call holds it', () => {
    // ENTRY_LATE_BEFORE with the trace begun inside a: a's exit has no entry. The interrupt
    // [5, 7] is not b's [8, 20] (b gives it back) but lies in a's [0, 30].
    const m = load(ENTRY_LATE_BEFORE.slice(1));
    expect(tree(m)).toEqual([
      `${orphan('a')} 30000 16000 [Orphan]`,
      '  irq_enter_rcu 2000 2000 [DepthGap]',
      '  b 12000 9000',
      '    c 3000 3000',
    ]);
    expect(selfAndOuter(m)).toEqual([[30000, 30000]]);
  });
});

describe.each<Form>(['-R', '-N'])('%s: a trace begun inside a call whose exit an interrupt delayed', (form) => {
  it('the same-depth interrupt calls written before the orphan exit are its children', () => {
    // TWO_SIBLINGS from c on: b's and a's exits are orphans. b's [10, 60] holds the
    // interrupt at its own depth, as when its entry is in the trace.
    const m = loadText(render(TWO_SIBLINGS.slice(2), form));
    expect(tree(m)).toEqual([
      'a 100000 45000 [Orphan]',
      '  b 50000 27000 [Orphan]',
      '    c 5000 5000',
      '    irq_enter_rcu 2000 2000',
      '    __sysvec_apic_timer_interrupt 16000 6000',
      '      hrtimer_interrupt 10000 10000',
      '  d 5000 5000',
    ]);
    expect(m.diagnostics).toMatchObject({ orphanExits: 2, unclosedCalls: 0, depthGaps: 0 });
    expect(selfAndOuter(m)).toEqual([[100000, 100000]]);
  });
});

describe('interrupt nesting does not depend on the record order (-R)', () => {
  it('the late exit of b written right after its work or after the interrupt gives the same calls when times say so', () => {
    // The same calls with b's exit record written before the interrupt's records: b's
    // interval [10, 60] still holds the interrupt, which is then simply nested below it.
    const inOrder: Rec[] = [
      e(0, 'a', 0),
      e(1, 'b', 10),
      l(2, 'c', 20, 25),
      l(2, 'irq_enter_rcu', 31, 33),
      e(2, '__sysvec_apic_timer_interrupt', 34),
      l(3, 'hrtimer_interrupt', 35, 45),
      x(2, '__sysvec_apic_timer_interrupt', 34, 50),
      x(1, 'b', 10, 60),
      l(1, 'd', 70, 75),
      x(0, 'a', 0, 100),
    ];
    const late = tree(loadText(render(TWO_SIBLINGS, '-R')));
    expect(tree(loadText(render(inOrder, '-R')))).toEqual(late);
  });

  it.each<Form>(['-R', '-N'])('%s: same-depth calls whose records come after b\'s exit still nest under b when its interval holds them', (form) => {
    // Builder rule 12's rule 0: the innermost call whose interval holds a call is its parent,
    // whatever order the records were written in (here b's exit record comes first).
    const exitFirst: Rec[] = [
      e(0, 'a', 0),
      e(1, 'b', 10),
      l(2, 'c', 20, 25),
      x(1, 'b', 10, 60),
      l(1, 'irq_enter_rcu', 31, 33),
      e(1, '__sysvec_apic_timer_interrupt', 34),
      l(2, 'hrtimer_interrupt', 35, 45),
      x(1, '__sysvec_apic_timer_interrupt', 34, 50),
      l(1, 'd', 70, 75),
      x(0, 'a', 0, 100),
    ];
    const m = loadText(render(exitFirst, form));
    expect(tree(m)).toEqual(tree(loadText(render(TWO_SIBLINGS, form))));
    expect(m.diagnostics).toMatchObject({ orphanExits: 0, unclosedCalls: 0, depthGaps: 0 });
    // Only the record times going back (written out of order) are reported: no repair.
    expect(new Set(m.diagnostics.items.map((i) => i.kind))).toEqual(new Set(['time-backwards']));
    expect(selfAndOuter(m)).toEqual([[100000, 100000]]);
  });
});

/** Kernel function_graph text without times (the tracefs default): only depths and durations. */
function kernelText(lines: string[]): TraceModel {
  return loadText(['# tracer: function_graph', '#', '# CPU  DURATION                  FUNCTION CALLS', ...lines].join('\n') + '\n');
}

describe('interrupts cutting into records, kernel text without times', () => {
  it('same-depth interrupt calls written before a late entry go under it when its duration holds them', () => {
    // b's 30 µs hold the 20 µs of interrupt written before its entry record; a lasts 35.
    const m = kernelText([
      ' 0)               |  a() {',
      ' 0)   2.000 us    |    irq_enter_rcu();',
      ' 0)               |    __sysvec_apic_timer_interrupt() {',
      ' 0) + 10.000 us   |      hrtimer_interrupt();',
      ' 0) + 16.000 us   |    }',
      ' 0)   2.000 us    |    irq_exit_rcu();',
      ' 0)               |    b() {',
      ' 0)   3.000 us    |      c();',
      ' 0) + 30.000 us   |    }',
      ' 0) + 35.000 us   |  }',
    ]);
    expect(tree(m)).toEqual([
      'a 35000 5000',
      '  b 30000 7000',
      '    irq_enter_rcu 2000 2000',
      '    __sysvec_apic_timer_interrupt 16000 6000',
      '      hrtimer_interrupt 10000 10000',
      '    irq_exit_rcu 2000 2000',
      '    c 3000 3000',
    ]);
    expect(selfAndOuter(m)).toEqual([[35000, 35000]]);
  });

  it('…and stay with the parent when no child can hold them', () => {
    const m = kernelText([
      ' 0)               |  a() {',
      ' 0)   2.000 us    |    irq_enter_rcu();',
      ' 0)   1.000 us    |    b();',
      ' 0) + 10.000 us   |  }',
    ]);
    expect(tree(m)).toEqual(['a 10000 7000', '  irq_enter_rcu 2000 2000', '  b 1000 1000']);
  });

  it('a named late exit (funcgraph-tail) takes the interrupt siblings its duration holds', () => {
    const m = kernelText([
      ' 0)               |  a() {',
      ' 0)               |    b() {',
      ' 0)   3.000 us    |      c();',
      ' 0)   2.000 us    |    irq_enter_rcu();',
      ' 0)               |    __sysvec_apic_timer_interrupt() {',
      ' 0) + 10.000 us   |      hrtimer_interrupt();',
      ' 0) + 16.000 us   |    } /* __sysvec_apic_timer_interrupt */',
      ' 0)   2.000 us    |    irq_exit_rcu();',
      ' 0) + 30.000 us   |    } /* b */',
      ' 0) + 35.000 us   |  } /* a */',
    ]);
    expect(tree(m)).toEqual([
      'a 35000 5000',
      '  b 30000 7000',
      '    c 3000 3000',
      '    irq_enter_rcu 2000 2000',
      '    __sysvec_apic_timer_interrupt 16000 6000',
      '      hrtimer_interrupt 10000 10000',
      '    irq_exit_rcu 2000 2000',
    ]);
    expect(m.diagnostics).toMatchObject({ orphanExits: 0, unclosedCalls: 0 });
  });

  // tracefs's default text has no funcgraph-tail: every `}` is unnamed. The kernel lowers the
  // depth before it reads the return time (fgraph.c ftrace_pop_return_trace), so a `}` at
  // the depth of the same-depth interrupt calls is the exit of the call they displaced.
  it('an unnamed late exit (the default text) takes the interrupt siblings its duration holds', () => {
    const m = kernelText([
      ' 0)               |  a() {',
      ' 0)               |    b() {',
      ' 0)   3.000 us    |      c();',
      ' 0)   2.000 us    |    irq_enter_rcu();',
      ' 0)               |    __sysvec_apic_timer_interrupt() {',
      ' 0) + 10.000 us   |      hrtimer_interrupt();',
      ' 0) + 16.000 us   |    }',
      ' 0)   2.000 us    |    irq_exit_rcu();',
      ' 0) + 30.000 us   |    }',
      ' 0) + 35.000 us   |  }',
    ]);
    expect(tree(m)).toEqual([
      'a 35000 5000',
      '  b 30000 7000',
      '    c 3000 3000',
      '    irq_enter_rcu 2000 2000',
      '    __sysvec_apic_timer_interrupt 16000 6000',
      '      hrtimer_interrupt 10000 10000',
      '    irq_exit_rcu 2000 2000',
    ]);
    expect(m.diagnostics).toMatchObject({ orphanExits: 0, unclosedCalls: 0 });
    expect(selfAndOuter(m)).toEqual([[35000, 35000]]);
  });

  it('a leaf cut by an interrupt inside tracefs arrows prints as `f() {` … `}`: one call, the interrupt its child', () => {
    // The exit did not follow the entry in the CPU's buffer, so the printer wrote `f() {`
    // (trace_functions_graph.c get_return_for_leaf), the arrows around the handler in
    // __irqentry_text (print_graph_irq), then f's exit.
    const m = kernelText([
      ' 0)               |  a() {',
      ' 0)               |    f() {',
      ' 0)   ==========> |',
      ' 0)               |    gic_handle_irq() {',
      ' 0)   0.300 us    |      handle_domain_irq();',
      ' 0)   1.000 us    |    }',
      ' 0)   <========== |',
      ' 0)   5.000 us    |    }',
      ' 0)   9.000 us    |  }',
    ]);
    expect(tree(m)).toEqual([
      'a 9000 4000',
      '  f 5000 4000',
      '    gic_handle_irq 1000 700 [IrqArrow]',
      '      handle_domain_irq 300 300 [IrqArrow]',
    ]);
    expect(m.diagnostics).toMatchObject({ orphanExits: 0, unclosedCalls: 0 });
  });

  // The kernel counts a call's depth before it reads its call time and writes its entry
  // (fgraph.c function_graph_enter), so an interrupt taken there is printed one level deeper,
  // before the entry; after the call time, the call's duration holds it (04-tracefs-default:
  // kfree_skbmem's 4630 us hold the 504 us of timer interrupt printed before it).
  it('interrupt calls printed one level deeper before an entry go under it when its duration holds them', () => {
    const m = kernelText([
      ' 0)               |  a() {',
      ' 0)   3.000 us    |    b();',
      ' 0)   2.000 us    |      irq_enter_rcu();',
      ' 0)               |      __sysvec_apic_timer_interrupt() {',
      ' 0) + 10.000 us   |        hrtimer_interrupt();',
      ' 0) + 16.000 us   |      }',
      ' 0)               |    kfree_skbmem() {',
      ' 0)   3.000 us    |      kmem_cache_free();',
      ' 0) + 25.000 us   |    }',
      ' 0) + 35.000 us   |  }',
    ]);
    expect(tree(m)).toEqual([
      'a 35000 7000',
      '  b 3000 3000',
      '  kfree_skbmem 25000 4000',
      '    irq_enter_rcu 2000 2000',
      '    __sysvec_apic_timer_interrupt 16000 6000',
      '      hrtimer_interrupt 10000 10000',
      '    kmem_cache_free 3000 3000',
    ]);
    expect(m.diagnostics).toMatchObject({ depthGaps: 0, orphanExits: 0, unclosedCalls: 0 });
    expect(selfAndOuter(m)).toEqual([[35000, 35000]]);
  });

  it('…a leaf too (printed as a leaf: its exit followed its entry)', () => {
    const m = kernelText([
      ' 0)               |  a() {',
      ' 0)   2.000 us    |      irq_enter_rcu();',
      ' 0) + 16.000 us   |      __sysvec_apic_timer_interrupt();',
      ' 0) + 20.000 us   |    __rcu_read_unlock();',
      ' 0) + 25.000 us   |  }',
    ]);
    expect(tree(m)).toEqual([
      'a 25000 5000',
      '  __rcu_read_unlock 20000 2000',
      '    irq_enter_rcu 2000 2000',
      '    __sysvec_apic_timer_interrupt 16000 16000',
    ]);
    expect(m.diagnostics).toMatchObject({ depthGaps: 0 });
  });

  it('…and stay with the caller when the call is too short to hold them: taken before its call time', () => {
    const m = kernelText([
      ' 0)               |  a() {',
      ' 0)   2.000 us    |      irq_enter_rcu();',
      ' 0) + 16.000 us   |      __sysvec_apic_timer_interrupt();',
      ' 0)               |    kfree_skbmem() {',
      ' 0)   3.000 us    |      kmem_cache_free();',
      ' 0)   5.000 us    |    }',
      ' 0)   1.000 us    |    __rcu_read_unlock();',
      ' 0) + 30.000 us   |  }',
    ]);
    expect(tree(m)).toEqual([
      'a 30000 6000',
      '  irq_enter_rcu 2000 2000 [DepthGap]',
      '  __sysvec_apic_timer_interrupt 16000 16000 [DepthGap]',
      '  kfree_skbmem 5000 2000',
      '    kmem_cache_free 3000 3000',
      '  __rcu_read_unlock 1000 1000',
    ]);
    expect(m.diagnostics.items.map((i) => i.message)).toEqual([
      "irq_enter_rcu entered at depth 2, one level below kfree_skbmem (depth 1), and ended before kfree_skbmem began: an interrupt taken as kfree_skbmem was being called (the kernel counts its depth before it reads its call time), no entry missing; counted in kfree_skbmem's caller",
      "__sysvec_apic_timer_interrupt entered at depth 2, one level below kfree_skbmem (depth 1), and ended before kfree_skbmem began: an interrupt taken as kfree_skbmem was being called (the kernel counts its depth before it reads its call time), no entry missing; counted in kfree_skbmem's caller",
    ]);
    expect(selfAndOuter(m)).toEqual([[30000, 30000]]);
  });

  it('an unnamed exit shorter than the children of the call closed before it is not its exit', () => {
    const m = kernelText([
      ' 0)               |  a() {',
      ' 0)               |    b() {',
      ' 0)   3.000 us    |      c();',
      ' 0)   2.000 us    |    irq_enter_rcu();',
      ' 0)   1.000 us    |    }',
      ' 0) + 35.000 us   |  }',
    ]);
    expect(m.diagnostics).toMatchObject({ orphanExits: 1, unclosedCalls: 1 });
  });
});
