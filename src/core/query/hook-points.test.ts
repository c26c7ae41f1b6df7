import { describe, expect, test } from 'vitest';
import { freshFacts } from '../../test-utils/fresh-facts';
import { funcId, modelFromDsl, modelFromReport, reportFromDsl, seedModel } from '../../test-utils/model-dsl';
import { traceManifest, traceText } from '../../test-utils/traces';
import { computeHookCandidates, computeHookPoints, nameFacts } from './hook-points';
import { UNKNOWN_FUNCTION } from '../model/builder';
import { probeCommands } from '../../lib/probe-commands';
import { INTERRUPTS_ROOT } from '../model/interrupt-mode';
import { BpftraceSim, bpftraceProgram } from '../../test-utils/bpftrace-sim';
import { REFERENCE_MODELS } from '../../test-utils/reference/models';

/**
 * Times in µs:
 *   curl-1: __x64_sys_sendto 0..7 { sock_sendmsg 1..6 { tcp_sendmsg 2..4 (ret=-13); lock 4..5 } }
 *           __x64_sys_sendto 10..18 { sock_sendmsg 11..17 { tcp_sendmsg 12..16 (ret=0) } }
 *           __x64_sys_write 20..23 { lock 21..22 }
 *   nc-2:   worker 30..40 { tcp_sendmsg 31..39 }
 */
const DSL = `
curl-1 1 0  | __x64_sys_sendto {
curl-1 1 1  |   sock_sendmsg {
curl-1 1 2  |     tcp_sendmsg 2
curl-1 1 4  |     lock 1
curl-1 1 6  |   } 5
curl-1 1 7  | } 7
curl-1 1 10 | __x64_sys_sendto {
curl-1 1 11 |   sock_sendmsg {
curl-1 1 12 |     tcp_sendmsg 4
curl-1 1 17 |   } 6
curl-1 1 18 | } 8
curl-1 1 20 | __x64_sys_write {
curl-1 1 21 |   lock 1
curl-1 1 23 | } 3
nc-2 0 30   | worker {
nc-2 0 31   |   tcp_sendmsg 8
nc-2 0 40   | } 10
`;

/** The DSL's report with trace-cmd's `(ret=…)` on the first two tcp_sendmsg leaves. */
function model() {
  const rets = ['-13', '0'];
  const text = reportFromDsl(DSL).replace(/tcp_sendmsg\(\);/g, (m) => {
    const r = rets.shift();
    return r === undefined ? m : `${m} (ret=${r})`;
  });
  return modelFromReport(text);
}

describe('computeHookPoints', () => {
  test('entry points, calls per entry call, depth, latency, tasks and return values, written out', () => {
    const m = model();
    const h = computeHookPoints(freshFacts(m), funcId(m, 'tcp_sendmsg'));
    expect(h.calls).toBe(3);
    expect(h.entries.map(({ kind, name, entryCalls, funcCalls, perEntryCall, minDepth, maxDepth }) => ({ kind, name, entryCalls, funcCalls, perEntryCall, minDepth, maxDepth }))).toEqual([
      { kind: 'syscall', name: '__x64_sys_sendto', entryCalls: 2, funcCalls: 2, perEntryCall: 1, minDepth: 2, maxDepth: 2 },
      { kind: 'root', name: 'worker', entryCalls: 1, funcCalls: 1, perEntryCall: 1, minDepth: 1, maxDepth: 1 },
    ]);
    // Durations 2, 4, 8 µs: nearest rank p50 = 2nd, p99 = 3rd.
    expect(h.latency).toEqual({ timed: 3, p50: 4000, p99: 8000, max: 8000 });
    expect(h.tasks.map((t) => [t.label, t.calls])).toEqual([
      ['curl-1', 2],
      ['nc-2', 1],
    ]);
    expect(h.returnValues).toEqual([
      { value: '-13', errno: '-EACCES', isError: true, count: 1, originated: 1, truncated: false },
      { value: '0', errno: '', isError: false, count: 1, originated: 0, truncated: false },
    ]);
    expect(h.callsWithReturnValue).toBe(2);
    expect(h.probes.commands.find((c) => c.id === 'stacks')?.command).toBe("bpftrace -e 'kprobe:tcp_sendmsg { @[kstack] = count(); }'");
    expect(h.probes.commands.find((c) => c.id === 'record-pid')?.command).toBe('trace-cmd record -p function_graph -g tcp_sendmsg -P 1');
  });

  test('a function called twice per syscall call reads 2.0; the wrapper itself is its own entry at depth 0', () => {
    const m = modelFromDsl(`
a-1 0 0 | __arm64_sys_openat {
a-1 0 1 |   lock 1
a-1 0 2 |   lock 1
a-1 0 4 | } 4
`);
    const f = freshFacts(m);
    expect(computeHookPoints(f, funcId(m, 'lock')).entries[0]).toMatchObject({ name: '__arm64_sys_openat', entryCalls: 1, funcCalls: 2, perEntryCall: 2 });
    expect(computeHookPoints(f, funcId(m, '__arm64_sys_openat')).entries[0]).toMatchObject({ kind: 'syscall', perEntryCall: 1, minDepth: 0 });
  });

  test('a mask limits the figures to its calls', () => {
    const m = model();
    const mask = new Uint8Array(m.calls.length);
    for (let i = 0; i < m.calls.length; i++) mask[i] = m.tasks[m.calls.task[i]].comm === 'nc' ? 1 : 0;
    const h = computeHookPoints(freshFacts(m), funcId(m, 'tcp_sendmsg'), mask);
    expect(h.calls).toBe(1);
    expect(h.entries.map((e) => [e.kind, e.name])).toEqual([['root', 'worker']]);
    expect(h.returnValues).toEqual([]);
  });
});

describe('a function of the interrupt entry text (tracefs printed ==========> at its entry)', () => {
  // arm64: gic_handle_irq is __exception_irq_entry, in .irqentry.text, which print_graph_irq
  // marks with the arrows and arm64's arch_populate_kprobe_blacklist keeps from kprobes.
  const m = modelFromReport(`# tracer: function_graph
#
# CPU  DURATION                  FUNCTION CALLS
# |     |   |                     |   |   |   |
 1)               |  el0_svc_common() {
 1)               |    invoke_syscall() {
 1)               |      __arm64_sys_read() {
 1)   ==========> |
 1)               |        gic_handle_irq() {
 1)   2.000 us    |          generic_handle_domain_irq();
 1)   5.000 us    |        }
 1)   <========== |
 1)   2.000 us    |        ksys_read();
 1) + 11.000 us   |      }
 1) + 12.000 us   |    }
 1) + 13.000 us   |  }
`);

  test('the function the arrow was printed for gets the caution; a call inside it or outside the arrows does not', () => {
    const f = freshFacts(m);
    const gic = computeHookPoints(f, funcId(m, 'gic_handle_irq'));
    expect(gic.irqEntryTextInTrace).toBe(true);
    expect(gic.probes.cautions).toHaveLength(1);
    expect(gic.probes.cautions[0]).toMatch(/^gic_handle_irq is in the interrupt entry text .*arm64, s390 and LoongArch put on the kprobe blacklist/);
    // The kprobe commands stay (x86 allows it), fentry/fexit are named as the way there.
    expect(gic.probes.commands.map((c) => c.id)).toContain('stacks');
    expect(gic.probes.commands.map((c) => c.id)).toContain('fentry-latency');
    for (const other of ['generic_handle_domain_irq', 'ksys_read', '__arm64_sys_read']) {
      const h = computeHookPoints(f, funcId(m, other));
      expect(h.irqEntryTextInTrace, other).toBe(false);
      expect(h.probes.cautions, other).toEqual([]);
    }
  });
});

describe('function tracer calls (no nesting recorded)', () => {
  // The kernel's function tracer prints each call alone, `func <-parent` (trace_output.c
  // trace_fn_trace): nothing says what encloses it, so the model keeps it at the top level.
  const m = modelFromReport(
    [
      '# tracer: function',
      '            curl-893     [001] .....   209.352400: __x64_sys_sendto <-do_syscall_64',
      '            curl-893     [001] .....   209.352410: tcp_sendmsg <-inet_sendmsg',
      '            curl-893     [001] .....   209.352500: kfree <-skb_release_data',
      '            curl-893     [001] .....   209.352600: tcp_sendmsg <-inet_sendmsg',
      '            curl-893     [001] .....   209.352700: kfree <-tcp_sendmsg',
      '',
    ].join('\n'),
  );

  test('are in no entry row: a function is not its own task root, once per entry call at depth 0', () => {
    const f = freshFacts(m);
    const h = computeHookPoints(f, funcId(m, 'tcp_sendmsg'));
    expect(h.calls).toBe(2);
    expect(h.entries).toEqual([]);
    expect(h.unnestedCalls).toBe(2);
    expect(h.tasks.map((t) => [t.label, t.calls])).toEqual([['curl-893', 2]]);
    expect(computeHookPoints(f, funcId(m, 'kfree')).entries).toEqual([]);
    expect(computeHookPoints(f, funcId(m, '__x64_sys_sendto')).entries).toEqual([]);
  });

  test('beside function_graph calls, only those make entry rows, counted as before', () => {
    const h = computeHookPoints(freshFacts(model()), funcId(model(), 'tcp_sendmsg'));
    expect(h.unnestedCalls).toBe(0);
    expect(h.entries.map((e) => [e.kind, e.name, e.entryCalls, e.funcCalls])).toEqual([
      ['syscall', '__x64_sys_sendto', 2, 2],
      ['root', 'worker', 1, 1],
    ]);
  });
});

describe('interrupts: reached from the interrupt, not from the syscall it landed in', () => {
  const DSL = `
a-1 0 0  | __x64_sys_sendto {
a-1 0 1  |   tcp_sendmsg 1
a-1 0 3  |   __sysvec_apic_timer_interrupt {
a-1 0 4  |     hrtimer_interrupt 1
a-1 0 6  |   } 3
a-1 0 8  | } 8
a-1 0 10 | __x64_sys_write {
a-1 0 11 |   __sysvec_apic_timer_interrupt {
a-1 0 12 |     hrtimer_interrupt 1
a-1 0 14 |   } 3
a-1 0 16 | } 6
`;
  test('entry points name the interrupt and the syscall it landed in', () => {
    const m = modelFromDsl(DSL);
    const h = computeHookPoints(freshFacts(m), funcId(m, 'hrtimer_interrupt'));
    expect(h.entries.map(({ kind, name, landedIn, entryCalls, funcCalls, minDepth }) => ({ kind, name, landedIn, entryCalls, funcCalls, minDepth }))).toEqual([
      { kind: 'interrupt', name: '__sysvec_apic_timer_interrupt', landedIn: '__x64_sys_sendto', entryCalls: 1, funcCalls: 1, minDepth: 1 },
      { kind: 'interrupt', name: '__sysvec_apic_timer_interrupt', landedIn: '__x64_sys_write', entryCalls: 1, funcCalls: 1, minDepth: 1 },
    ]);
  });

  test('candidates seen only in an interrupt under the frame rank last, and no syscall "reaches" them', () => {
    const m = modelFromDsl(DSL);
    const rows = computeHookCandidates(freshFacts(m), funcId(m, '__x64_sys_sendto'));
    expect(rows.map(({ name, inInterrupt, otherSyscalls, score }) => ({ name, inInterrupt, otherSyscalls, score }))).toEqual([
      { name: 'tcp_sendmsg', inInterrupt: 0, otherSyscalls: [], score: 0.125 },
      { name: '__sysvec_apic_timer_interrupt', inInterrupt: 1, otherSyscalls: [], score: 2.125 },
      { name: 'hrtimer_interrupt', inInterrupt: 1, otherSyscalls: [], score: 2.25 },
    ]);
  });

  test('the seed trace: every timer interrupt call is its own entry (MANIFEST count)', () => {
    const fact = traceManifest()
      .files.find((f) => f.file === '01-seed-curl-fgraph.report.txt.gz')
      ?.facts?.find((f) => f.fact === 'lines where __sysvec_apic_timer_interrupt is entered (any process)');
    const m = seedModel();
    const h = computeHookPoints(freshFacts(m), funcId(m, '__sysvec_apic_timer_interrupt'));
    expect(h.calls).toBe(fact?.value);
    // Always reached from an interrupt: itself, or (a tick inside the loopback softirq) the
    // softirq frame around it; never from a syscall or a task root.
    expect(h.entries.every((e) => e.kind === 'interrupt')).toBe(true);
    expect(h.entries.filter((e) => e.name === '__sysvec_apic_timer_interrupt').every((e) => e.minDepth === 0 && e.maxDepth === 0)).toBe(true);
    expect(h.entries.filter((e) => e.name !== '__sysvec_apic_timer_interrupt').every((e) => e.minDepth > 0)).toBe(true);
    expect(h.entries.reduce((s, e) => s + e.funcCalls, 0)).toBe(h.calls);
    // Ticks land in syscalls and outside them alike.
    expect(h.entries.some((e) => e.landedIn.startsWith('__x64_sys_'))).toBe(true);
  });
});

describe('a function called inside itself on one thread', () => {
  /**
   * Loopback TCP: the softirq that receives a segment sends the ACK from within the sender's
   * own __dev_queue_xmit (times in µs):
   *   curl-1: __dev_queue_xmit 0..10 { do_softirq 1..9 { __dev_queue_xmit 2..4 } }
   *           __dev_queue_xmit 20..21
   */
  const DSL_NESTED = `
curl-1 0 0  | __dev_queue_xmit {
curl-1 0 1  |   do_softirq {
curl-1 0 2  |     __dev_queue_xmit 2
curl-1 0 9  |   } 8
curl-1 0 10 | } 10
curl-1 0 20 | __dev_queue_xmit 1
`;
  test('counts the nested calls, and the latency probes keep a start per thread and depth', () => {
    const m = modelFromDsl(DSL_NESTED);
    const h = computeHookPoints(freshFacts(m), funcId(m, '__dev_queue_xmit'));
    expect(h.calls).toBe(3);
    expect(h.nestedCalls).toBe(1);
    const latency = h.probes.commands.find((c) => c.id === 'latency');
    expect(latency?.note).toContain('called inside itself');
    // (its inner call runs in a softirq: the idle tasks' starts are keyed by CPU too)
    for (const [id, entry, exit] of [
      ['latency', 'kprobe', 'kretprobe'],
      ['fentry-latency', 'fentry', 'fexit'],
    ]) {
      const program = bpftraceProgram(h.probes.commands.find((c) => c.id === id)!.command)!;
      const sim = new BpftraceSim(program);
      sim.fire(entry, '__dev_queue_xmit', { tid: 1, cpu: 0, nsecs: 1000 });
      sim.fire(entry, '__dev_queue_xmit', { tid: 1, cpu: 0, nsecs: 1002 });
      sim.fire(exit, '__dev_queue_xmit', { tid: 1, cpu: 0, nsecs: 1004 });
      sim.fire(exit, '__dev_queue_xmit', { tid: 1, cpu: 0, nsecs: 1010 });
      expect(sim.histogram('ns'), program).toEqual([2, 10]);
    }
    // do_softirq never runs inside itself: one start per thread (and CPU for tid 0), no depth.
    const other = computeHookPoints(freshFacts(m), funcId(m, 'do_softirq'));
    expect(other.nestedCalls).toBe(0);
    expect(other.probes.commands.find((c) => c.id === 'latency')?.command).not.toContain('@depth');
  });

  test('the seed trace: the loopback ACK nests ip_output in itself', () => {
    const m = seedModel();
    const h = computeHookPoints(freshFacts(m), funcId(m, 'ip_output'));
    expect(h.nestedCalls).toBeGreaterThan(0);
    expect(h.nestedCalls).toBeLessThan(h.calls);
    expect(h.probes.commands.find((c) => c.id === 'latency')?.command).toMatch(/@depth\[tid(?:, \$c)?\]\+\+/);
  });
});

describe('return values: where an error starts', () => {
  /**
   * do_open returns -13 three times: twice passing on may_open's -13, once making it
   * itself (may_open returned 0); once -2 printed as an int in hex (0xfffffffe) with no
   * callee; once 0.
   */
  const DSL = `
a-1 0 0  | do_open {
a-1 0 1  |   may_open 1
a-1 0 3  | } 3
a-1 0 10 | do_open {
a-1 0 11 |   may_open 1
a-1 0 13 | } 3
a-1 0 20 | do_open {
a-1 0 21 |   may_open 1
a-1 0 23 | } 3
a-1 0 30 | do_open 1
a-1 0 40 | do_open 1
`;
  function model() {
    // Return values in line order: may_open, do_open per call (trace-cmd's ` (ret=…)`).
    const rets = ['-13', '-13', '-13', '-13', '0', '-13', '0xfffffffe', '0'];
    const text = reportFromDsl(DSL)
      .split('\n')
      .map((l) => (/may_open\(\);|do_open\(\);|\|\s+}$/.test(l) ? `${l} (ret=${rets.shift()})` : l))
      .join('\n');
    expect(rets).toEqual([]);
    return modelFromReport(text);
  }

  test('an error passed on from a callee is not counted as made here; hex ints are read as errors', () => {
    const m = model();
    const f = freshFacts(m);
    const open = computeHookPoints(f, funcId(m, 'do_open'));
    expect(open.returnValues).toEqual([
      { value: '-13', errno: '-EACCES', isError: true, count: 3, originated: 1, truncated: false },
      { value: '0', errno: '', isError: false, count: 1, originated: 0, truncated: false },
      { value: '0xfffffffe', errno: '-ENOENT', isError: true, count: 1, originated: 1, truncated: false },
    ]);
    const may = computeHookPoints(f, funcId(m, 'may_open'));
    expect(may.returnValues.find((r) => r.value === '-13')).toMatchObject({ count: 2, originated: 2 });
  });
});

describe('variants (other forms of the same function)', () => {
  test('the seed trace has getname_flags and getname_flags.part.0: each names the other, with its calls', () => {
    // Entries counted in the report text itself: `getname_flags() {` or a leaf `getname_flags();`.
    const text = traceText('01-seed-curl-fgraph.report.txt');
    const entries = (name: string): number => (text.match(new RegExp(`\\| +${name.replace(/\./g, '\\.')}\\(\\)`, 'g')) ?? []).length;
    const whole = entries('getname_flags');
    const part = entries('getname_flags.part.0');
    expect(whole).toBeGreaterThan(0);
    expect(part).toBeGreaterThan(0);
    const m = seedModel();
    const f = freshFacts(m);
    const h = computeHookPoints(f, funcId(m, 'getname_flags'));
    expect(h.calls).toBe(whole);
    expect(h.variants).toEqual([{ name: 'getname_flags.part.0', calls: part }]);
    expect(h.probes.commands.find((c) => c.id === 'stacks-variants')?.command).toBe(
      "bpftrace -e 'kprobe:getname_flags,kprobe:getname_flags.part.0 { @[probe, kstack] = count(); }'",
    );
    expect(computeHookPoints(f, funcId(m, 'getname_flags.part.0')).variants).toEqual([{ name: 'getname_flags', calls: whole }]);
    // A function with one form has none.
    expect(computeHookPoints(f, funcId(m, 'tcp_sendmsg')).variants).toEqual([]);
  });

  test('ppc64 ELFv1 dot symbols: .dput and .dput.part.0 are forms of one function, probed without the dot', () => {
    const m = modelFromDsl(`
sh-1 1 0  | .do_unlinkat {
sh-1 1 1  |   .dput 1
sh-1 1 3  |   .dput.part.0 1
sh-1 1 5  |   .dput_to_list 1
sh-1 1 7  | } 8
`);
    const h = computeHookPoints(freshFacts(m), funcId(m, '.dput'));
    expect(h.variants).toEqual([{ name: '.dput.part.0', calls: 1 }]);
    expect(h.probes.commands.find((c) => c.id === 'stacks-variants')?.command).toBe(
      "bpftrace -e 'kprobe:dput,kprobe:dput.part.0 { @[probe, kstack] = count(); }'",
    );
    expect(computeHookPoints(freshFacts(m), funcId(m, '.dput.part.0')).variants).toEqual([{ name: '.dput', calls: 1 }]);
  });
});

test('a bare sys_* that nothing traced calls (powerpc, 32-bit arm) or a dispatcher calls is a syscall entry; one called from C is not', () => {
  // powerpc: the table holds sys_* (its syscall_wrapper.h), called by the notrace
  // system_call_exception; x86 before 4.17: do_syscall_64 calls sys_read.
  const m = modelFromDsl(`
sh-1 1 0  | sys_read {
sh-1 1 1  |   vfs_read 2
sh-1 1 4  | } 4
sh-1 1 10 | do_syscall_64 {
sh-1 1 11 |   sys_read {
sh-1 1 12 |     vfs_read 1
sh-1 1 14 |   } 3
sh-1 1 15 | } 5
sh-1 1 20 | fbcon_putcs {
sh-1 1 21 |   sys_imageblit {
sh-1 1 22 |     vfs_read 1
sh-1 1 24 |   } 3
sh-1 1 25 | } 5
`);
  const h = computeHookPoints(freshFacts(m), funcId(m, 'vfs_read'));
  expect(h.entries.map(({ kind, name, entryCalls, funcCalls }) => ({ kind, name, entryCalls, funcCalls }))).toEqual([
    { kind: 'syscall', name: 'sys_read', entryCalls: 2, funcCalls: 2 },
    { kind: 'root', name: 'fbcon_putcs', entryCalls: 1, funcCalls: 1 },
  ]);
});

describe('nameFacts', () => {
  test('a clone names its original; a wrapper its SYSCALL_DEFINE and tracepoint', () => {
    expect(nameFacts('do_execveat_common.isra.0')).toEqual({
      cloneSuffix: '.isra.0',
      original: 'do_execveat_common',
      sourceIdent: 'do_execveat_common',
      syscallDefine: '',
      tracepoint: '',
      compatEntry: false,
      ia32Entry: false,
      s390Entry: false,
      maybeSyscall: false,
      syscallPart: null,
    });
    expect(nameFacts('__x64_sys_sendto')).toMatchObject({ syscallDefine: 'SYSCALL_DEFINE(sendto)', tracepoint: 'syscalls:sys_enter_sendto', sourceIdent: 'sys_sendto', syscallPart: 'wrapper' });
    // SYSCALL_DEFINE's body and argument-extending helper are named for what they are, not its wrapper.
    expect([nameFacts('__do_sys_sendto').syscallPart, nameFacts('__se_sys_sendto').syscallPart]).toEqual(['body', 'helper']);
    expect(nameFacts('__ia32_compat_sys_ioctl')).toMatchObject({ syscallDefine: 'COMPAT_SYSCALL_DEFINE(ioctl)', tracepoint: '', compatEntry: true });
    // A 64-bit kernel's compat entry or a 32-bit x86 kernel's own (x86 syscall_wrapper.h).
    expect(nameFacts('__ia32_sys_read')).toMatchObject({ syscallDefine: 'SYSCALL_DEFINE(read)', tracepoint: 'syscalls:sys_enter_read', compatEntry: false, ia32Entry: true });
    expect(nameFacts('__ia32_compat_sys_ioctl')).toMatchObject({ ia32Entry: false });
    // A 31-bit task's stub, or the 64-bit entry's alias (s390 syscall_wrapper.h).
    expect(nameFacts('__s390_sys_getpid')).toMatchObject({ tracepoint: 'syscalls:sys_enter_getpid', compatEntry: false, s390Entry: true });
    expect(nameFacts('__s390_compat_sys_ioctl')).toMatchObject({ tracepoint: '', compatEntry: true, s390Entry: false });
    expect(nameFacts('__x64_sys_read')).toMatchObject({ tracepoint: 'syscalls:sys_enter_read', compatEntry: false, maybeSyscall: false });
    // A bare sys_* is a syscall's entry on old kernels, or an ordinary function: maybe.
    expect(nameFacts('sys_imageblit')).toMatchObject({ syscallDefine: 'SYSCALL_DEFINE(imageblit)', maybeSyscall: true });
    expect(nameFacts('SyS_read')).toMatchObject({ syscallDefine: 'SYSCALL_DEFINE(read)', maybeSyscall: false });
  });
});

describe('computeHookCandidates', () => {
  test('under __x64_sys_sendto: once per call and shallow first, a function other syscalls reach last', () => {
    const m = model();
    const rows = computeHookCandidates(freshFacts(m), funcId(m, '__x64_sys_sendto'));
    expect(rows.map(({ name, calls, perFrameCall, minDepth, otherSyscalls, score }) => ({ name, calls, perFrameCall, minDepth, otherSyscalls, score }))).toEqual([
      // score = |log2(per call)| + depth / 8 + (1 when another syscall reaches it)
      { name: 'sock_sendmsg', calls: 2, perFrameCall: 1, minDepth: 1, otherSyscalls: [], score: 0.125 },
      { name: 'tcp_sendmsg', calls: 2, perFrameCall: 1, minDepth: 2, otherSyscalls: [], score: 0.25 },
      { name: 'lock', calls: 1, perFrameCall: 0.5, minDepth: 2, otherSyscalls: ['__x64_sys_write'], score: 2.25 },
    ]);
  });

  test('under a frame that is no syscall, the syscall around the frame is not another one', () => {
    const m = model();
    const rows = computeHookCandidates(freshFacts(m), funcId(m, 'sock_sendmsg'));
    // tcp_sendmsg runs under sock_sendmsg only (and in nc's worker, no syscall); lock also
    // under __x64_sys_write, outside the frame.
    expect(rows.map(({ name, otherSyscalls, score }) => ({ name, otherSyscalls, score }))).toEqual([
      { name: 'tcp_sendmsg', otherSyscalls: [], score: 0.125 },
      { name: 'lock', otherSyscalls: ['__x64_sys_write'], score: 2.125 },
    ]);
  });

  test('one-sided functions (compare mode) come first', () => {
    const m = model();
    const rows = computeHookCandidates(freshFacts(m), funcId(m, '__x64_sys_sendto'), { oneSided: (n) => n === 'lock' });
    expect(rows.map((r) => [r.name, r.oneSided])).toEqual([
      ['lock', true],
      ['sock_sendmsg', false],
      ['tcp_sendmsg', false],
    ]);
  });

  test('a frame that is no syscall works the same; nested calls of the frame count once', () => {
    const m = modelFromDsl(`
a-1 0 0  | f {
a-1 0 1  |   f {
a-1 0 2  |     g 1
a-1 0 4  |   } 3
a-1 0 5  | } 5
`);
    const rows = computeHookCandidates(freshFacts(m), funcId(m, 'f'));
    expect(rows.map((r) => [r.name, r.calls, r.perFrameCall, r.minDepth])).toEqual([['g', 1, 1, 2]]);
  });
});

describe('the task the one-liners name', () => {
  test("the kernel's function_graph text cuts a task's name to 7 characters (print_graph_proc): -F's note says the program's name may be longer", () => {
    const graph = modelFromReport(
      [
        '# tracer: function_graph',
        '#',
        '# CPU  TASK/PID         DURATION                  FUNCTION CALLS',
        '# |     |    |           |   |                     |   |   |   |',
        ' 0)  postgre-1234  |               |  __x64_sys_sendto() {',
        ' 0)  postgre-1234  |   1.183 us    |    tcp_sendmsg();',
        ' 0)  postgre-1234  |   8.836 us    |  }',
        '',
      ].join('\n'),
    );
    expect(graph.format).toBe('tracefs-function-graph');
    const h = computeHookPoints(freshFacts(graph), funcId(graph, 'tcp_sendmsg'));
    expect(h.probeTask).toEqual({ comm: 'postgre', pid: 1234, commCutAt: 7 });
    expect(h.probes.commands.find((c) => c.id === 'record-comm')?.note).toContain('shows only the first 7 characters');
    // trace-cmd report prints the name whole (a name longer than 8 says it is not the latency format's)
    const report = modelFromDsl(
      'postgre-1234 0 0 | __x64_sys_sendto {\npostgre-1234 0 1 |   tcp_sendmsg 1\npostgre-1234 0 3 | } 3\nsystemd-journal-400 0 4 | tcp_sendmsg 1\n',
    );
    const r = computeHookPoints(freshFacts(report), funcId(report, 'tcp_sendmsg'));
    expect(r.probeTask).toEqual({ comm: 'postgre', pid: 1234 });
    expect(r.probes.commands.find((c) => c.id === 'record-comm')?.note).not.toContain('characters');
  });

  test('the latency format (trace-cmd report -l) cuts a name to 8 characters (%8.8s): with no longer name in the trace, -F says it may be longer', () => {
    const lat = modelFromReport(
      [
        '  postgres-1234      1d..1.   873.104530: funcgraph_entry:                   |  __x64_sys_sendto() {',
        '  postgres-1234      1d..1.   873.104531: funcgraph_entry:        0.912 us   |    tcp_sendmsg();',
        '  postgres-1234      1d..1.   873.104543: funcgraph_exit:       + 12.345 us  |  }',
        '',
      ].join('\n'),
    );
    expect(lat.tasks.map((t) => t.comm)).toEqual(['postgres']);
    const h = computeHookPoints(freshFacts(lat), funcId(lat, 'tcp_sendmsg'));
    expect(h.probeTask).toEqual({ comm: 'postgres', pid: 1234, commCutAt: 8 });
    expect(h.probes.commands.find((c) => c.id === 'record-comm')?.note).toContain('no task name in this trace is longer than 8 characters');
  });
});

describe("the model's own names in the one-liners", () => {
  test('an exit without its entry (trace-cmd report prints a bare }) is named (unknown): the panel says the trace does not name it, and how to have it named', () => {
    // A trace that begins inside a call: its exit comes first, with no name.
    const m = modelFromReport(['cpus=1', '   a-7     [000]    11.000001: funcgraph_exit:         3.000 us   |  }', ''].join('\n'));
    expect(m.strings.find(UNKNOWN_FUNCTION)).toBeDefined();
    const h = computeHookPoints(freshFacts(m), m.strings.find(UNKNOWN_FUNCTION)!);
    expect(h.probes.commands).toEqual([]);
    expect(h.probes.refused).toContain('the trace does not name this function');
    expect(h.probes.refused).toContain("'trace-cmd report -O fgraph:tailprint' names them");
  });

  test("Interrupts apart's frame is said to be no kernel function", () => {
    expect(probeCommands(INTERRUPTS_ROOT).refused).toBe("this is not a kernel function: it is the frame under which Interrupts apart gathers a task's interrupts");
  });
});

describe('the latency one-liners where the function runs on idle CPUs', () => {
  /**
   * napi_gro_receive in two CPUs' idle tasks (tid 0 on both) and under a timer interrupt
   * in curl; tcp_sendmsg in curl's syscall only.
   */
  const DSL_IDLE = `
<idle>-0 0 0   | napi_gro_receive 5
<idle>-0 1 2   | napi_gro_receive 1
curl-1 2 10    | __x64_sys_sendto {
curl-1 2 11    |   tcp_sendmsg 2
curl-1 2 14    |   __sysvec_apic_timer_interrupt {
curl-1 2 15    |     kfree 1
curl-1 2 17    |   } 3
curl-1 2 18    | } 8
`;
  test('a function seen in an idle task or an interrupt keys the idle tasks\u2019 starts by CPU', () => {
    const m = modelFromDsl(DSL_IDLE);
    const facts = freshFacts(m);
    for (const name of ['napi_gro_receive', 'kfree']) {
      const h = computeHookPoints(facts, funcId(m, name));
      expect(h.onIdleInTrace, name).toBe(true);
      const program = bpftraceProgram(h.probes.commands.find((c) => c.id === 'latency')!.command)!;
      // Two idle CPUs at once: each call measured from its own start.
      const sim = new BpftraceSim(program);
      sim.fire('kprobe', name, { tid: 0, cpu: 0, nsecs: 1000 });
      sim.fire('kprobe', name, { tid: 0, cpu: 1, nsecs: 1005 });
      sim.fire('kretprobe', name, { tid: 0, cpu: 1, nsecs: 1006 });
      sim.fire('kretprobe', name, { tid: 0, cpu: 0, nsecs: 1010 });
      expect(sim.histogram('ns'), program).toEqual([1, 10]);
    }
    const plain = computeHookPoints(facts, funcId(m, 'tcp_sendmsg'));
    expect(plain.onIdleInTrace).toBe(false);
    expect(plain.probes.commands.find((c) => c.id === 'latency')?.command).not.toContain('cpu');
  });
});

describe('a function the trace shows sleeping', () => {
  /** tcp_recvmsg sleeps in schedule() once; tcp_sendmsg never calls it. */
  const DSL_SLEEP = `
curl-1 0 0   | tcp_recvmsg {
curl-1 0 1   |   lock_sock_nested 1
curl-1 0 3   |   schedule 50
curl-1 0 60  | } 60
curl-1 0 70  | tcp_sendmsg 3
`;
  test('its kretprobe commands say a kretprobe misses returns past maxactive calls in flight; fexit and a function that never sleeps do not', () => {
    const m = modelFromDsl(DSL_SLEEP);
    const facts = freshFacts(m);
    const notes = (name: string) => Object.fromEntries(computeHookPoints(facts, funcId(m, name)).probes.commands.map((c) => [c.id, c.note]));
    const recv = computeHookPoints(facts, funcId(m, 'tcp_recvmsg'));
    expect(recv.sleepsInTrace).toBe(true);
    const r = notes('tcp_recvmsg');
    for (const id of ['latency', 'retval']) expect(r[id], id).toMatch(/maxactive.*fexit/);
    for (const id of ['fentry-latency', 'fexit-retval']) expect(r[id], id).not.toMatch(/maxactive/);
    // schedule itself sleeps.
    expect(computeHookPoints(facts, funcId(m, 'schedule')).sleepsInTrace).toBe(true);
    expect(computeHookPoints(facts, funcId(m, 'tcp_sendmsg')).sleepsInTrace).toBe(false);
    for (const note of Object.values(notes('tcp_sendmsg'))) expect(note).not.toMatch(/maxactive/);
  });

  test('a clone (no fentry/fexit for it) is not sent to fexit', () => {
    const note = probeCommands('inet_wait_for_connect.isra.0', undefined, [], { sleeps: true }).commands.find((c) => c.id === 'latency')?.note;
    expect(note).toMatch(/maxactive/);
    expect(note).not.toMatch(/fexit/);
  });
});

describe('a function that never returns', () => {
  test("the seed trace's do_task_dead (an exiting curl's last call) gets no latency or return value command", () => {
    const m = seedModel();
    const h = computeHookPoints(freshFacts(m), funcId(m, 'do_task_dead'));
    expect(h.calls).toBeGreaterThan(0);
    const ids = h.probes.commands.map((c) => c.id);
    expect(ids).toContain('stacks');
    for (const id of ['latency', 'retval', 'fentry-latency', 'fexit-retval']) expect(ids, id).not.toContain(id);
    expect(h.probes.cautions.join(' ')).toMatch(/never returns/);
    expect(probeCommands('kthread').commands.map((c) => c.id)).not.toContain('latency');
  });
});

describe('broken input: a call that is its own parent, and a parent cycle', () => {
  test('every function\'s facts are read without walking up the cycle (the pass over every call instead)', () => {
    const [, make] = REFERENCE_MODELS.find(([name]) => name.includes('cycle'))!;
    const m = make();
    const facts = freshFacts(m);
    expect(facts.topology().parentsFirst).toBe(false);
    const calls = new Map<number, number>();
    for (let i = 0; i < m.calls.length; i++) calls.set(m.calls.func[i], (calls.get(m.calls.func[i]) ?? 0) + 1);
    for (const [f, count] of calls) {
      const h = computeHookPoints(facts, f);
      expect(h.calls).toBe(count);
      expect(h.nestedCalls).toBeLessThanOrEqual(count);
    }
  });
});
