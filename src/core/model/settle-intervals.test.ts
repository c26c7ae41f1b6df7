/**
 * The fuzz campaign's failures in the builder (scripts/fuzz/README.md), each minimised to a
 * hand-written trace with the calls, totals and selfs written out. The properties they broke:
 * `self` (0 <= self <= total), `nesting` (a child timed on its parent's CPU lies inside its
 * parent's interval, or a diagnostic says why) and the per-task sum of self times.
 */
import { describe, expect, it } from 'vitest';
import { callTreeLines as tree, selfAndOuter } from '../../test-utils/model-tree';
import { loadText } from '../../test-utils/traces';
import type { TraceModel } from './tables';

const load = (lines: string[]): TraceModel => loadText(lines.join('\n') + '\n');
const messages = (m: TraceModel, kind: string): string[] => m.diagnostics.items.filter((i) => i.kind === kind).map((i) => i.message);
/** The call's start in ns, by name (the first one). */
const startOf = (m: TraceModel, name: string): number => {
  const c = m.calls;
  for (let i = 0; i < c.length; i++) if (m.strings.get(c.func[i]) === name) return c.start[i];
  throw new Error(`no ${name}`);
};

/** The header of tracefs's latency format (04-tracefs-latency-format.txt). */
const LATENCY_HEADER = [
  '# tracer: function_graph',
  '#',
  '# function_graph latency trace v1.1.5 on 6.1.0-56-amd64',
  '# --------------------------------------------------------------------',
  '# latency: 0 us, #14420/14420, CPU#0 | (M:desktop VP:0, KP:0, SP:0 HP:0 #P:2)',
  '#    -----------------',
  '#    | task: -0 (uid:0 nice:0 policy:0 rt_prio:0)',
  '#    -----------------',
  '#',
  '#      _-----=> irqs-off        ',
  '#     / _----=> need-resched    ',
  '#    | / _---=> hardirq/softirq ',
  '#    || / _--=> preempt-depth   ',
  '#    ||| /                      ',
  '# CPU||||     DURATION                  FUNCTION CALLS',
  '# |  ||||      |   |                     |   |   |   |',
];

describe('an orphan exit adopts only the deeper calls that ran inside it', () => {
  // npm run fuzz -- --seed 1 --case 32 (05-seed-report-fullts lines 31023+, no mutation): the
  // depth-5 orphan (9.778 us, began at 11.607101174) adopted both depth-7 orphans, which
  // ended at .606771 and .606780: self -4,799 ns, and its start moved back to theirs.
  it('with times: not the ones that ended before it began', () => {
    const m = load([
      'cpus=2',
      '            curl-139   [001]    11.606771418: funcgraph_exit:         6.672 us   |                }',
      '            curl-139   [001]    11.606780094: funcgraph_exit:         7.905 us   |                }',
      '            curl-139   [001]    11.607110952: funcgraph_exit:         9.778 us   |            }',
    ]);
    expect(tree(m)).toEqual(['(unknown) 6672 6672 [Orphan]', '(unknown) 7905 7905 [Orphan]', '(unknown) 9778 9778 [Orphan]']);
    expect(startOf(m, '(unknown)')).toBe(11_606_764_746);
    expect(m.calls.start[2]).toBe(11_607_101_174); // its own start, exit time minus duration
    expect(selfAndOuter(m)).toEqual([[24_355, 24_355]]);
  });

  // npm run fuzz -- --seed 1 --case 63 class; README open failure 2 (04-tracefs-latency-format,
  // no mutation): the depth-36 orphan (482.435 us) adopted the depth-38 orphan (435.155 us)
  // and the depth-37 leaf (473.108 us): self -425,828 ns.
  it('without times: the latest ones while their durations fit in its own', () => {
    const pad = (n: number) => ' '.repeat(n);
    const m = load([
      ...LATENCY_HEADER,
      ` 0)  D.H4. | ! 435.155 us  |${pad(78)}}`,
      ` 0)  b.s2. | ! 473.108 us  |${pad(76)}__rcu_read_unlock();`,
      ` 0)  b.s1. | ! 482.435 us  |${pad(74)}}`,
    ]);
    // The depth-38 call, printed right before the depth-37 leaf, is the interrupt taken as the
    // leaf was entered (the kernel counts its depth first); the leaf's 473 us hold its 435.
    expect(tree(m)).toEqual([
      '(unknown) 482435 9327 [Orphan,StartUnknown]',
      '  __rcu_read_unlock 473108 37953',
      '    (unknown) 435155 435155 [Orphan,StartUnknown]',
    ]);
    expect(selfAndOuter(m)).toEqual([[482_435, 482_435]]);
  });

  // README open failure 3 (a line swap in a generator trace): the depth-2 orphan (338.019 us,
  // began .556057) adopted a depth-7 orphan of 538.029 us that ended at .555284: self -200,010 ns.
  it('…the same after a line swap', () => {
    const m = load([
      'cpus=1',
      '          <idle>-0     [000]  2345.555284: funcgraph_exit:       ! 538.029 us |                }',
      '          <idle>-0     [000]  2345.556395: funcgraph_exit:       ! 338.019 us |      }',
    ]);
    expect(tree(m)).toEqual(['(unknown) 538029 538029 [Orphan]', '(unknown) 338019 338019 [Orphan]']);
  });
});

describe('builder rule 12: no call holds more than its interval and its duration', () => {
  // README open failure 4 (lines deleted): shmem_get_folio_gfp entered at .885936 is closed by
  // an exit of 2.455 us, and folio_unlock, entered at .906786, stayed inside it with no
  // diagnostic. Its entry record was written after its parent's end: it did not run inside.
  it('a child entered after its parent returned moves up to the ancestor that holds it, and says so', () => {
    const m = load([
      'cpus=2',
      '            curl-139   [001]    12.001885035: funcgraph_entry:                   |                shmem_write_begin() {',
      '            curl-139   [001]    12.001885936: funcgraph_entry:                   |                  shmem_get_folio_gfp() {',
      '            curl-139   [001]    12.001906786: funcgraph_entry:        0.812 us   |                    folio_unlock();',
      '            curl-139   [001]    12.001908219: funcgraph_exit:         2.455 us   |                  }',
      '            curl-139   [001]    12.001908890: funcgraph_exit:       + 10.499 us  |                }',
    ]);
    // shmem_write_begin ends at .895534, before folio_unlock began too: it goes to the top.
    expect(tree(m)).toEqual([
      'shmem_write_begin 10499 8044 [DepthGap]',
      '  shmem_get_folio_gfp 2455 2455',
      'folio_unlock 812 812 [DepthGap]',
    ]);
    expect(messages(m, 'depth-gap')).toContain(
      'folio_unlock (812 ns) is not inside shmem_get_folio_gfp (2455 ns): it was entered after its parent returned (lines missing from the trace, or durations that leave out the time the task slept: the nosleep-time option); counted under its task',
    );
    expect(selfAndOuter(m)).toEqual([[11_311, 11_311]]);
  });

  // README open failure 5 (03-systemwide-sched-irq.report, no mutation): a leaf of 14.567 us
  // printed at .455008 inside a call that returns at .455011. A printed entry time is when
  // the record was written, at or after the call time: the leaf began earlier, and ends
  // with its parent at the latest (the seed's -R report confirms such leaves).
  it('a leaf printed as ending after its parent started earlier than printed', () => {
    const m = load([
      'cpus=1',
      '      nc.openbsd-405   [000]    87.454987: funcgraph_entry:                   |                                                            sk_filter_trim_cap() {',
      '      nc.openbsd-405   [000]    87.455008: funcgraph_entry:      + 14.567 us  |                                                              __rcu_read_lock();',
      '      nc.openbsd-405   [000]    87.455011: funcgraph_exit:       + 24.276 us  |                                                            }',
    ]);
    expect(tree(m)).toEqual(['sk_filter_trim_cap 24276 9709 [DepthGap]', '  __rcu_read_lock 14567 14567']);
    expect(startOf(m, '__rcu_read_lock')).toBe(87_454_987_000 + 24_276 - 14_567);
    expect(m.diagnostics.items.filter((i) => i.line === -1)).toEqual([]); // a bound, not a repair
  });

  // In -R the exact call times decide, whatever order the records were written in: c's
  // interval [30, 40] lies outside b's [10, 20] though its records came inside b's.
  it('-R: a child whose call times lie outside its parent moves up to the ancestor that holds it', () => {
    const m = load([
      'cpus=2',
      '            curl-139   [001]    11.000000: funcgraph_entry:       func=a depth=0',
      '            curl-139   [001]    11.000010: funcgraph_entry:       func=b depth=1',
      '            curl-139   [001]    11.000030: funcgraph_entry:       func=c depth=2',
      '            curl-139   [001]    11.000040: funcgraph_exit:        func=c depth=2 overrun=0 calltime=28fa72330 rettime=28fa74a40',
      '            curl-139   [001]    11.000041: funcgraph_exit:        func=b depth=1 overrun=0 calltime=28fa6d510 rettime=28fa6fc20',
      '            curl-139   [001]    11.000100: funcgraph_exit:        func=a depth=0 overrun=0 calltime=28fa6ae00 rettime=28fa834a0',
    ]);
    expect(tree(m)).toEqual(['a 100000 80000', '  b 10000 10000', '  c 10000 10000 [DepthGap]']);
    expect(messages(m, 'depth-gap')).toEqual(['c (10000 ns) is not inside b (10000 ns): its interval lies outside; counted under a']);
    expect(selfAndOuter(m)).toEqual([[100_000, 100_000]]);
  });

  // npm run fuzz -- --seed 1 --case 13 class (duplicate-lines): a leaf printed twice makes
  // its parent's children outlast it. Without times the durations decide: the last plain
  // child leaves first.
  it('without times: children that do not fit in their parent move up, the last one first', () => {
    const m = load([
      '# tracer: function_graph',
      '#',
      '# CPU  DURATION                  FUNCTION CALLS',
      ' 0)               |  a() {',
      ' 0)   3.000 us    |    b();',
      ' 0)   3.000 us    |    b();',
      ' 0)   5.000 us    |  }',
    ]);
    expect(tree(m)).toEqual(['a 5000 2000', '  b 3000 3000', 'b 3000 3000 [DepthGap]']);
    expect(messages(m, 'depth-gap')).toEqual([
      "b (3000 ns) is not inside a (5000 ns): its parent's duration cannot hold it besides its siblings; counted under its task",
    ]);
    expect(selfAndOuter(m)).toEqual([[8000, 8000]]);
  });

  // Seen on npm run fuzz -- --seed 20261206 --case 652 before builder rule 14 (05-seed-report-raw,
  // lines cut and swapped): rule 0 nested later siblings under a call that never returned (h,
  // counted to the line that closed it, printed late), one of them (n) gave up a child to it
  // by rule c after h had been settled: h was left with self -4,000 ns.
  it('-R: a child given up to a call that rule 0 made its parent is settled by that parent too', () => {
    const m = load([
      'cpus=2',
      '            curl-139   [001]     1.000000: funcgraph_entry:       func=a depth=0',
      '            curl-139   [001]     1.000010: funcgraph_entry:       func=h depth=1',
      '            curl-139   [001]     1.000100: funcgraph_entry:       func=n depth=1',
      '            curl-139   [001]     1.000021: funcgraph_entry:       func=x depth=2',
      '            curl-139   [001]     1.000031: funcgraph_exit:        func=x depth=2 overrun=0 calltime=3b9b1c08 rettime=3b9b4318',
      '            curl-139   [001]     1.000022: funcgraph_entry:       func=y depth=2',
      '            curl-139   [001]     1.000039: funcgraph_exit:        func=y depth=2 overrun=0 calltime=3b9b1ff0 rettime=3b9b6258',
      '            curl-139   [001]     1.000040: funcgraph_exit:        func=n depth=1 overrun=0 calltime=3b9b1820 rettime=3b9b6640',
      '            curl-139   [001]     1.000042: funcgraph_entry:       func=c depth=1',
      '            curl-139   [001]     1.000099: funcgraph_exit:        func=c depth=1 overrun=0 calltime=3b9b6e10 rettime=3b9c4cb8',
      '            curl-139   [001]     1.000100: funcgraph_exit:        func=a depth=0 overrun=0 calltime=3b9aca00 rettime=3b9c50a0',
    ]);
    // h holds n and c by rule 0; n's children x and y overlap, so y goes up to h, which then
    // cannot hold n besides them: n goes up to a, and from a (h holds 90 of its 100 µs) to the task.
    expect(tree(m)).toEqual([
      'a 100000 10000',
      '  h 90000 16000 [Unclosed]',
      '    y 17000 17000',
      '    c 57000 57000',
      'n 20000 10000 [DepthGap]',
      '  x 10000 10000',
    ]);
    expect(messages(m, 'depth-gap')).toEqual([
      "n (20000 ns) is not inside h (90000 ns): its parent's duration cannot hold it besides its siblings; counted under a",
      "n (20000 ns) is not inside a (100000 ns): its parent's duration cannot hold it besides its siblings; counted under its task",
    ]);
    expect(selfAndOuter(m)).toEqual([[120_000, 120_000]]);
  });
});

describe('a return time read before the call time (per-CPU clocks) closes its call, with no duration', () => {
  // calltime and rettime are trace_clock_local() readings of two CPUs when the task returned
  // elsewhere: rettime - calltime is then below zero, which the kernel prints unsigned
  // (trace_functions_graph.c print_graph_return: `unsigned long long duration`) as 2^64 less a
  // little. The exit was reported as damage and not used: schedule never returned, counted
  // until vfs_read's exit, and its time taken from vfs_read's self.
  it('kernel text: `$ 18446744073709551 us |  }` closes schedule', () => {
    const m = load([
      '# tracer: function_graph',
      ' 0)               |  vfs_read() {',
      ' 0)               |    schedule() {',
      ' ------------------------------------------',
      ' 0)   bash-1234    =>    <idle>-0   ',
      ' ------------------------------------------',
      '',
      ' ------------------------------------------',
      ' 1)    <idle>-0    =>   bash-1234   ',
      ' ------------------------------------------',
      '',
      ' 1) $ 18446744073709551 us |    }',
      ' 1)   0.300 us    |    f();',
      ' 1) + 15.000 us   |  }',
    ]);
    expect(tree(m)).toEqual(['vfs_read 15000 14700', '  schedule NaN NaN', '  f 300 300']);
    expect(m.diagnostics).toMatchObject({ unparsedLines: 0, unclosedCalls: 0, timeBackwards: 1 });
    expect(messages(m, 'time-backwards')[0]).toMatch(/^the call this line closes: its duration was printed as 1\.845e\+19 ns, an unsigned rettime - calltime below zero/);
  });

  it('trace-cmd report -R: calltime after rettime closes the call, and the times still place it', () => {
    const m = load([
      'cpus=2',
      '            curl-139   [001]    11.524982: funcgraph_entry:       func=vfs_read depth=0',
      '            curl-139   [001]    11.524983: funcgraph_entry:       func=schedule depth=1',
      '            curl-139   [000]    11.524990: funcgraph_exit:        func=schedule depth=1 overrun=0 calltime=11524983000 rettime=11524982500',
      '            curl-139   [000]    11.525000: funcgraph_exit:        func=vfs_read depth=0 overrun=0 calltime=11524982000 rettime=11525000000',
    ]);
    expect(m.diagnostics).toMatchObject({ unparsedLines: 0, unclosedCalls: 0, timeBackwards: 1 });
    expect(messages(m, 'time-backwards')[0]).toMatch(/^schedule: its return time was read 500 ns before its call time/);
    expect(tree(m)[0]).toBe('vfs_read 18000 11000');
    expect(tree(m)[1]).toMatch(/^ {2}schedule 7000 7000/);
  });
});

describe('a CPU number past any kernel is reported, not stored wrapped', () => {
  // The calls' CPU column is 16 bits: CPU 99999 was stored as -31073, and 65535 as -1 ("no
  // CPU"), so a filter by the CPU the line printed found none of its calls.
  it('in kernel text and in trace-cmd report (its byte fast path and its entry/exit pairs)', () => {
    const graph = load(['# tracer: function_graph', ' 99999)   1.000 us    |  f();', ' 65535)   1.000 us    |  g();', ' 8191)   1.000 us    |  h();']);
    expect(tree(graph)).toEqual(['h 1000 1000']);
    expect(graph.calls.cpu[0]).toBe(8191);
    expect(messages(graph, 'unparsed')).toEqual([
      "CPU 99999: past any kernel's CPUs (NR_CPUS is at most 8192; this tool keeps up to 32767)",
      "CPU 65535: past any kernel's CPUs (NR_CPUS is at most 8192; this tool keeps up to 32767)",
    ]);
    const report = load([
      'cpus=2',
      '            curl-139   [99999]    11.524982: funcgraph_entry:                   |  f() {',
      '            curl-139   [99999]    11.524983: funcgraph_exit:         1.000 us   |  }',
      '            curl-139   [40000]    11.524984: funcgraph_entry:        1.000 us   |  g();',
    ]);
    expect(report.calls.length).toBe(0);
    expect(report.diagnostics.unparsedLines).toBe(3);
  });
});

describe('times no call can have are reported, not used', () => {
  // README open failure 6 (huge-duration): 20-digit durations (> 2^53 ns, stored inexactly)
  // were taken as they were; a depth-0 leaf then adopted the deeper leaf before it: self -8.0e21 ns.
  it('a duration of 20 digits', () => {
    const m = load([
      'cpus=2',
      '            curl-139   [001]    11.525495806: funcgraph_entry:        75282770758553893456.183 us   |    mutex_unlock();',
      '            curl-139   [001]    11.525500255: funcgraph_entry:        67235977490940396824.857 us   |  syscall_exit_to_user_mode_prepare();',
      '            curl-139   [001]    11.525501000: funcgraph_entry:        0.500 us   |  f();',
    ]);
    expect(tree(m)).toEqual(['f 500 500']);
    expect(m.diagnostics.unparsedLines).toBe(2);
    expect(messages(m, 'unparsed')[0]).toBe('a duration of 7.528e+22 ns: longer than any trace (over 104 days, past exact nanoseconds)');
  });

  // npm run fuzz -- --seed 20261204 --case 90 (huge-duration, cut-lines): a -R exit whose
  // calltime became 20 digits and whose rettime was cut: a negative duration of -1.75e23 ns.
  it('-R: a return time before the call time, and a call time of 20 digits', () => {
    const m = load([
      'cpus=2',
      '            curl-139   [001]    12.316850: funcgraph_exit:        func=free_swap_cache depth=9 overrun=74 calltime=25166770951275230036 rettime=2',
      '            curl-139   [001]    12.316851: funcgraph_exit:        func=f depth=0 overrun=0 calltime=fffffffffffffffff0 rettime=ffffffffffffffffff',
    ]);
    expect(m.calls.length).toBe(0);
    expect(messages(m, 'unparsed')).toEqual(['a return time before the call time', 'a call time of 4.722e+21 ns: past exact nanoseconds (104 days of clock)']);
  });

  // A timestamp of 400 digits parsed to Infinity and was taken as the line's time: the
  // trace's span (the overview, the time axis, the timeline's end) became Infinity.
  it('a timestamp past any 64-bit clock, on the byte fast path and the string parser alike', () => {
    const m = load([
      'cpus=2',
      '            curl-139   [001]    11.525495: funcgraph_entry:        0.500 us   |  f();',
      `            curl-139   [001]    ${'9'.repeat(400)}.525500: funcgraph_entry:        0.500 us   |  g();`,
      '            curl-139   [001]    10000000000000000000000.525501: funcgraph_entry:      |  h() {',
      '            curl-139   [001]    11.525502: funcgraph_entry:        0.500 us   |  k();',
    ]);
    expect(tree(m)).toEqual(['f 500 500', 'k 500 500']);
    expect(Math.max(...Array.from(m.calls.start))).toBe(11_525_502_000);
    expect(messages(m, 'unparsed')).toEqual([
      'a time of Infinity ns: later than any 64-bit clock counts',
      'a time of 1.000e+31 ns: later than any 64-bit clock counts',
    ]);
  });
});
