/** The repair policy of builder.ts, one rule per test, on small trace-cmd reports. */
import { describe, expect, it } from 'vitest';
import { loadText, traceText } from '../../test-utils/traces';
import { CallFlag } from './call-table';
import type { TraceModel } from './tables';

/** A trace-cmd report line: `e`ntry, `l`eaf (with µs), `x` exit (with µs). */
function line(kind: 'e' | 'l' | 'x', depth: number, name: string, us = 0, ts = '11.000000', pid = 139, cpu = 1): string {
  const prefix = `            curl-${pid}   [00${cpu}]    ${ts}: `;
  const indent = '  '.repeat(depth + 1);
  if (kind === 'e') return `${prefix}funcgraph_entry:                   |${indent}${name}() {`;
  if (kind === 'l') return `${prefix}funcgraph_entry:      ${us.toFixed(3).padStart(8)} us |${indent}${name}();`;
  return `${prefix}funcgraph_exit:       ${us.toFixed(3).padStart(8)} us |${indent}}${name ? ` /* ${name} */` : ''}`;
}

/** A `trace-cmd report -R` line: `e`ntry, or e`x`it with its call and return times (ns). */
function raw(kind: 'e' | 'x', depth: number, name: string, ts: string, call = 0, ret = 0): string {
  const prefix = `            curl-139   [001]    ${ts}: `;
  if (kind === 'e') return `${prefix}funcgraph_entry:       func=${name} depth=${depth}`;
  return `${prefix}funcgraph_exit:        func=${name} depth=${depth} overrun=0 calltime=${call.toString(16)} rettime=${ret.toString(16)}`;
}

function build(lines: string[]): TraceModel {
  return loadText(['cpus=2', ...lines].join('\n') + '\n');
}

/** `name dur self flags` per call, indented by tree depth (parents resolved through `parent`). */
function tree(m: TraceModel): string[] {
  const c = m.calls;
  const level = (i: number): number => (c.parent[i] < 0 ? 0 : 1 + level(c.parent[i]));
  const out: string[] = [];
  const visit = (p: number) => {
    const kids = [...Array(c.length).keys()].filter((i) => c.parent[i] === p).sort((a, b) => (c.start[a] || 0) - (c.start[b] || 0) || a - b);
    for (const i of kids) {
      const flags = Object.entries(CallFlag).filter(([, v]) => c.flags[i] & v).map(([k]) => k).join(',');
      out.push(`${'  '.repeat(level(i))}${m.strings.get(c.func[i])} ${c.duration[i]} ${c.self[i]}${flags ? ` [${flags}]` : ''}`);
      visit(i);
    }
  };
  visit(-1);
  return out;
}

describe('repair policy', () => {
  it('45: entry, leaf, exit make one closed call with one child; the exit gives the duration', () => {
    const m = build([line('e', 0, 'a'), line('l', 1, 'b', 1), line('x', 0, '', 5)]);
    expect(tree(m)).toEqual(['a 5000 4000', '  b 1000 1000']);
    expect(m.diagnostics).toMatchObject({ orphanExits: 0, unclosedCalls: 0, depthGaps: 0 });
  });

  it('4/48: an exit with no entry is an orphan that adopts the deeper calls before it', () => {
    const m = build([line('l', 2, 'c', 1), line('x', 1, '', 3), line('x', 0, '', 10)]);
    expect(tree(m)).toEqual(['(unknown) 10000 7000 [Orphan]', '  (unknown) 3000 2000 [Orphan]', '    c 1000 1000']);
    expect(m.diagnostics.orphanExits).toBe(2);
    expect(m.diagnostics.items.filter((i) => i.kind === 'orphan').map((i) => i.line)).toEqual([3, 4]);
  });

  it('48: a named orphan exit counts for the function it names', () => {
    const m = build([line('x', 0, 'tcp_sendmsg', 7)]);
    expect(tree(m)).toEqual(['tcp_sendmsg 7000 7000 [Orphan]']);
  });

  it('51: a call still open at the end did not return: it lasts until its task was last seen', () => {
    const m = build([line('e', 0, 'do_exit'), line('l', 1, 'b', 2), line('l', 1, 'c', 3, '11.000010')]);
    // Last seen: c's return at 11.000013.
    expect(tree(m)).toEqual(['do_exit 13000 8000 [Unclosed]', '  b 2000 2000', '  c 3000 3000']);
    expect(m.diagnostics.unclosedCalls).toBe(1);
    expect(m.diagnostics.items.find((i) => i.kind === 'unclosed')?.message).toMatch(/never returned in the trace: counted until the last time its task was seen/);
  });

  it('51: without times, a call that did not return lasts as long as its children', () => {
    const m = graph([' 0)               |  do_exit() {', ' 0)               |    exit_mm() {', ' 0)   2.000 us    |      mmput();', ' 0)   1.000 us    |    exit_files();']);
    expect(tree(m)).toEqual(['do_exit 3000 0 [Unclosed]', '  exit_mm 2000 0 [Unclosed]', '    mmput 2000 2000', '  exit_files 1000 1000']);
  });

  it('47: an exit shallower than the top closes the deeper frames as unclosed first', () => {
    const m = build([line('e', 0, 'a'), line('e', 1, 'b'), line('l', 2, 'c', 1), line('x', 0, '', 9)]);
    // b did not return: it lasts until the last time seen (c's return), within a.
    expect(tree(m)).toEqual(['a 9000 8000', '  b 1000 0 [Unclosed]', '    c 1000 1000']);
  });

  it('49: an entry deeper than top + 1 is a depth gap', () => {
    const m = build([line('e', 0, 'a'), line('l', 3, 'deep', 1), line('x', 0, '', 4)]);
    expect(tree(m)).toEqual(['a 4000 3000', '  deep 1000 1000 [DepthGap]']);
    expect(m.diagnostics.depthGaps).toBe(1);
  });

  it('50: a named exit that matches a lower open frame closes the frames above it', () => {
    const m = build([
      line('e', 0, 'a', 0, '11.000000'),
      line('e', 1, 'b', 0, '11.000001'),
      line('l', 2, 'c', 1, '11.000002'),
      line('x', 1, 'a', 6, '11.000006'),
    ]);
    // b ends by the line that closed it (a's exit), not past a's end.
    expect(tree(m)).toEqual(['a 6000 1000', '  b 5000 4000 [Unclosed]', '    c 1000 1000']);
  });

  it('12: a lost-events marker flags the open calls of the task on that CPU', () => {
    const m = build([line('e', 0, 'a'), 'CPU:1 [42 EVENTS DROPPED]', line('x', 0, '', 3)]);
    expect(tree(m)).toEqual(['a 3000 3000 [AfterLoss]']);
    expect(m.diagnostics).toMatchObject({ dropMarkers: 1, droppedEvents: 42 });
  });

  it('44: pid 0 is one idle task per CPU, never one stack', () => {
    const m = build([
      line('e', 0, 'a', 0, '11.000000', 0, 0),
      line('e', 0, 'b', 0, '11.000001', 0, 1),
      line('x', 0, '', 2, '11.000002', 0, 0),
      line('x', 0, '', 1, '11.000003', 0, 1),
    ]);
    expect(m.tasks.map((t) => [t.pid, t.idleCpu])).toEqual([
      [0, 0],
      [0, 1],
    ]);
    expect(tree(m)).toEqual(['a 2000 2000', 'b 1000 1000']);
  });

  it('52: a task that migrates keeps one stack', () => {
    const m = build([line('e', 0, 'a', 0, '11.000000', 7, 0), line('x', 0, '', 5, '11.000005', 7, 1)]);
    expect(tree(m)).toEqual(['a 5000 5000']);
    expect(m.tasks[0].cpus).toEqual([0, 1]);
  });

  it('an exit with no duration printed before its entry closes its call, with its duration unknown and reported', () => {
    // Found by the fuzz campaign (seed 20261206, case 113): a raw exit cut short of its times, after a time going back.
    const m = loadText(
      [
        '            curl-139   [001]    11.525491: funcgraph_entry:       func=__f_unlock_pos depth=0',
        '            curl-139   [001]    9.525498: funcgraph_exit:        func=__f_unlock_pos depth=0',
      ].join('\n') + '\n',
    );
    expect(m.calls.length).toBe(1);
    expect(m.calls.duration[0]).toBeNaN();
    expect(m.calls.self[0]).toBeNaN();
    const items = m.diagnostics.items.filter((it) => it.kind === 'time-backwards');
    expect(items.map((it) => [it.line, it.call])).toEqual([
      [2, -1], // the CPU's time goes back (rule 10)
      [2, 0], // the call's exit before its entry
    ]);
    expect(items[1].message).toMatch(/^__f_unlock_pos: its exit was printed 1999993000 ns before its entry .*duration is left unknown$/);
  });

  it('an interrupt printed before a late entry record is adopted when the times say it ran inside', () => {
    // __alloc_skb started at 1.000100 (exit at 1.000900 minus 800 µs), the irq at 1.000200.
    const m = build([
      line('e', 0, 'tcp_stream_alloc_skb', 0, '1.000000'),
      line('l', 2, 'irq_enter_rcu', 5, '1.000200'),
      line('e', 1, '__alloc_skb', 0, '1.000300'),
      line('x', 1, '', 800, '1.000900'),
      line('x', 0, '', 1000, '1.001000'),
    ]);
    expect(tree(m)).toEqual(['tcp_stream_alloc_skb 1000000 200000', '  __alloc_skb 800000 795000', '    irq_enter_rcu 5000 5000']);
  });

  it('…and left where it was when the late call started after it', () => {
    const m = build([
      line('e', 0, 'do_mprotect_pkey', 0, '1.000000'),
      line('l', 2, 'irq_enter_rcu', 5, '1.000200'),
      line('e', 1, 'down_write_killable', 0, '1.000300'),
      line('x', 1, '', 4, '1.000304'),
      line('x', 0, '', 1000, '1.001000'),
    ]);
    expect(tree(m)).toEqual([
      'do_mprotect_pkey 1000000 991000',
      '  irq_enter_rcu 5000 5000 [DepthGap]',
      '  down_write_killable 4000 4000',
    ]);
  });

  it('…and so are 300,000 of them (a trace that begins inside a loop of leaf calls): no stack overflow', () => {
    const n = 300_000;
    const lines: string[] = [];
    // One a µs from 1 s, then the late entry at 1.3 s, which its exit says started then.
    for (let i = 0; i < n; i++) lines.push(line('l', 1, '_raw_spin_lock', 0.1, (1 + i / 1e6).toFixed(6)));
    lines.push(line('e', 0, 'later', 0, '1.300000'), line('x', 0, '', 1, '1.300001'));
    const m = build(lines);
    expect(m.calls.length).toBe(n + 1);
    const later = n;
    expect(m.strings.get(m.calls.func[later])).toBe('later');
    // It started after them: none is its child.
    let adopted = 0;
    for (let i = 0; i < n; i++) if (m.calls.parent[i] === later) adopted++;
    expect(adopted).toBe(0);
    expect(m.calls.start[later]).toBe(1_300_000_000);
  });

  it('…and after them every later call of the level costs what is new, not all of them again', () => {
    // A trace that begins inside a loop of n leaf calls, then `pairs` calls of the level.
    const trace = (n: number, pairs: number): string[] => {
      const lines: string[] = [];
      for (let i = 0; i < n; i++) lines.push(line('l', 1, '_raw_spin_lock', 0.1, (1 + i / 1e6).toFixed(6)));
      for (let k = 0; k < pairs; k++) {
        const at = 2 + k / 1e5;
        lines.push(line('e', 0, 'later', 0, at.toFixed(6)), line('x', 0, '', 1, (at + 1e-6).toFixed(6)));
      }
      return lines;
    };
    // Elements sorted and copied by slice while the trace is read: an adoption copies its
    // calls, an undo sorts them back.
    const copiedOrSorted = (lines: string[]): number => {
      let writes = 0;
      const proto = Array.prototype as unknown as Record<'sort' | 'slice', (...a: unknown[]) => unknown[]>;
      const originals = { sort: proto.sort, slice: proto.slice };
      for (const k of ['sort', 'slice'] as const) {
        proto[k] = function (this: unknown[], ...args: unknown[]) {
          const out = Reflect.apply(originals[k], this, args);
          writes += out.length;
          return out;
        };
      }
      try {
        build(lines);
      } finally {
        Object.assign(proto, originals);
      }
      return writes;
    };
    const few = copiedOrSorted(trace(2000, 50));
    const many = copiedOrSorted(trace(2000, 200));
    // 150 later calls more: a few elements each, not the 2,000 of the loop each time.
    expect(many - few).toBeLessThanOrEqual(150 * 20);
    const m = build(trace(2000, 3));
    expect(m.calls.length).toBe(2003);
    for (let i = 0; i < 2000; i++) expect(m.calls.parent[i]).toBe(-1);
  });

  it('…and a leaf that refused them leaves them out: a later leaf adopts the interrupt printed before it', () => {
    const m = build([
      // The trace begins inside a loop: a deeper call without its parent.
      line('l', 1, '_raw_spin_lock', 0.1, '1.000001'),
      // A leaf of the level that began after it (1.000010 minus 0.5 µs): refused.
      line('l', 0, 'top', 0.5, '1.000010'),
      // An interrupt printed before the late leaf record of the call it came in: adopted.
      line('l', 1, 'irq_enter_rcu', 2, '1.000020'),
      line('l', 0, 'late', 5, '1.000024'),
    ]);
    expect(tree(m)).toEqual([
      '_raw_spin_lock 100 100 [DepthGap]',
      'top 500 500',
      'late 5000 3000',
      '  irq_enter_rcu 2000 2000',
    ]);
  });

  it('an exit written after an interrupt at the same depth closes the call it belongs to', () => {
    const m = build([
      line('e', 0, 'shmem_get_folio_gfp', 0, '1.000000'),
      line('e', 1, '__filemap_get_folio', 0, '1.000001'),
      line('l', 2, '__rcu_read_lock', 1, '1.000002'),
      line('l', 1, 'irq_enter_rcu', 2, '1.000400'),
      line('x', 1, '', 13, '1.000500'),
      line('x', 0, '', 600, '1.000600'),
    ]);
    expect(tree(m)).toEqual([
      'shmem_get_folio_gfp 600000 585000',
      '  __filemap_get_folio 13000 12000',
      '    __rcu_read_lock 1000 1000',
      '  irq_enter_rcu 2000 2000',
    ]);
    expect(m.diagnostics).toMatchObject({ orphanExits: 0, unclosedCalls: 0 });
  });

  it('14: an exit that returned before the open call of its depth began is the late exit of the call that call displaced', () => {
    // shmem_mmap returned at 11.000021832, then an interrupt delayed its exit record past
    // kmem_cache_free's entry (11.000033), which closed it as Unclosed.
    const m = loadText(
      [
        raw('e', 0, 'mmap_file', '11.000000'),
        raw('e', 1, 'shmem_mmap', '11.000002'),
        raw('e', 1, 'kmem_cache_free', '11.000033'),
        raw('x', 1, 'shmem_mmap', '11.000022', 11000001313, 11000021832),
        raw('x', 1, 'kmem_cache_free', '11.000034', 11000033100, 11000034000),
        raw('x', 0, 'mmap_file', '11.000040', 11000000000, 11000040000),
      ].join('\n') + '\n',
    );
    expect(tree(m)).toEqual(['mmap_file 40000 18581', '  shmem_mmap 20519 20519', '  kmem_cache_free 900 900']);
    expect(m.diagnostics).toMatchObject({ orphanExits: 0, unclosedCalls: 0, nameMismatches: 0, timeBackwards: 1 });
  });

  it('14: …and with no displaced call of its name, an orphan beside the open call, which stays open', () => {
    const m = loadText(
      [
        raw('e', 0, 'mmap_file', '11.000000'),
        raw('e', 1, 'kmem_cache_free', '11.000033'),
        raw('x', 1, 'shmem_mmap', '11.000022', 11000001313, 11000021832),
        raw('x', 1, 'kmem_cache_free', '11.000034', 11000033100, 11000034000),
        raw('x', 0, 'mmap_file', '11.000040', 11000000000, 11000040000),
      ].join('\n') + '\n',
    );
    expect(tree(m)).toEqual(['mmap_file 40000 18581', '  shmem_mmap 20519 20519 [Orphan]', '  kmem_cache_free 900 900']);
    expect(m.diagnostics).toMatchObject({ orphanExits: 1, unclosedCalls: 0, nameMismatches: 0 });
    expect(m.diagnostics.items.filter((it) => it.kind === 'orphan').map((it) => [it.line, it.message])).toEqual([
      [3, 'exit of shmem_mmap at depth 1 with no entry in the trace: it returned before kmem_cache_free, open at that depth, began'],
    ]);
  });

  it('14: …the same by printed times: a named exit printed before the open call of its depth was entered', () => {
    const m = build([
      line('e', 0, 'mmap_file', 0, '11.000000'),
      line('e', 1, 'shmem_mmap', 0, '11.000002'),
      line('e', 1, 'kmem_cache_free', 0, '11.000033'),
      line('x', 1, 'shmem_mmap', 20, '11.000022'),
      line('x', 1, 'kmem_cache_free', 1, '11.000034'),
      line('x', 0, 'mmap_file', 40, '11.000040'),
    ]);
    expect(tree(m)).toEqual(['mmap_file 40000 19000', '  shmem_mmap 20000 20000', '  kmem_cache_free 1000 1000']);
    expect(m.diagnostics).toMatchObject({ orphanExits: 0, unclosedCalls: 0, nameMismatches: 0 });
  });

  it('14: no self time is negative on the fuzz case that found it', () => {
    // Found by the fuzz campaign (seed 20261206, case 652, minimised): lines of 05-seed-report-raw
    // cut and swapped. Line 8's exit was taken as kmem_cache_free's (a name mismatch), starting it
    // before its own entry, across shmem_mmap: rule 12 then gave should_failslab more children
    // than its duration.
    const m = loadText(
      [
        '            curl-139   [001]    11.525503: funcgraph_entry:       func=fpregs_assert_state_consistent depth=1',
        '            curl-139   [001]    11.609522: funcgraph_exit:        func=vm_mmap_pgoff depth=3',
        '            curl-139   [001]    11.609442: funcgraph_entry:       func=should_failslab depth=8',
        '            curl-139   [001]    11.609460: funcgraph_exit:        func=kmem_cache_alloc_bulk depth=6 overrun=0 calltime=2b3fa2fd8 rettime=2b3fa4c06',
        '            curl-139   [001]    11.609461: funcgraph_entry:       func=mmap_file depth=6',
        '            curl-139   [001]    11.609463: funcgraph_entry:       func=shmem_mmap depth=7',
        '            curl-139   [001]    11.609494: funcgraph_entry:       func=kmem_cache_free depth=7',
        '            curl-139   [001]    11.609483: funcgraph_exit:        func=shmem_mmap depth=7 overrun=0 calltime=2b3fa5629 rettime=2b3faa650',
      ].join('\n') + '\n',
    );
    const c = m.calls;
    for (let i = 0; i < c.length; i++) {
      if (Number.isNaN(c.duration[i])) continue;
      expect(c.self[i]).toBeGreaterThanOrEqual(0);
      expect(c.self[i]).toBeLessThanOrEqual(c.duration[i]);
    }
    expect(tree(m)).toContain('      shmem_mmap 20519 20519');
  });
});

/** Kernel function_graph text (tracefs), with its header so the loader takes it for K-graph. */
function graph(lines: string[]): TraceModel {
  return loadText(['# tracer: function_graph', '#', ...lines].join('\n') + '\n');
}

/** `comm-pid: f g …` per task: which stack each call landed on. */
function callsByTask(m: TraceModel): string[] {
  return m.tasks.map((t, id) => {
    const names: string[] = [];
    for (let i = 0; i < m.calls.length; i++) if (m.calls.task[i] === id) names.push(m.strings.get(m.calls.func[i]));
    return `${t.pid < 0 ? `(CPU ${t.idleCpu})` : `${t.comm}-${t.pid}`}: ${names.join(' ')}`;
  });
}

const RULE = ' ' + '-'.repeat(42);

describe('repair policy on kernel function_graph text', () => {
  it('4: a `#` line between an entry and its exit neither opens nor closes a call', () => {
    const m = graph([' 1)               |  vfs_write() {', '# a comment in the middle', ' 1)   0.412 us    |    rw_verify_area();', ' 1)   2.000 us    |  }']);
    expect(tree(m)).toEqual(['vfs_write 2000 1588', '  rw_verify_area 412 412']);
    expect(m.diagnostics).toMatchObject({ orphanExits: 0, unclosedCalls: 0, unparsedLines: 0 });
  });

  it('36: a comment line is an event and its indentation changes no depth', () => {
    const m = graph([
      ' 1)               |  vfs_write() {',
      ' 1)               |          /* sched_waking: comm=kcompactd0 pid=61 prio=120 target_cpu=002 */',
      ' 1)   0.412 us    |    rw_verify_area();',
      ' 1)   2.000 us    |  }',
    ]);
    expect(tree(m)).toEqual(['vfs_write 2000 1588', '  rw_verify_area 412 412']);
    expect(m.events.name).toEqual(['sched_waking']);
    expect(m.diagnostics).toMatchObject({ orphanExits: 0, unclosedCalls: 0, depthGaps: 0 });
  });

  it('41: a stack trace printed inside a graph without proc column keeps its frames and the CPU its stack', () => {
    const m = graph([
      ' 1)               |  vfs_write() {',
      '            bash-1022    [001] d..1.   873.104543: <stack trace>',
      ' => tcp_sendmsg',
      ' => [FTRACE TRAMPOLINE]',
      ' 1)   0.412 us    |    rw_verify_area();',
      ' 1)   2.000 us    |  }',
    ]);
    expect(m.events.name).toEqual(['kernel_stack']);
    expect(m.events.stack[0]).toEqual(['tcp_sendmsg', '[FTRACE TRAMPOLINE]']);
    // The stack trace names the task running on CPU 1: the graph lines around it are bash's.
    expect(tree(m)).toEqual(['vfs_write 2000 1588', '  rw_verify_area 412 412']);
    expect(callsByTask(m)).toEqual(['bash-1022: vfs_write rw_verify_area']);
    expect(m.events.task[0]).toBe(0);
    expect(m.diagnostics).toMatchObject({ orphanExits: 0, unclosedCalls: 0 });
  });

  it('42/43: without a proc column lines follow the banners; lines before the first banner go to its left task', () => {
    const m = graph([
      ' 3)               |  a() {',
      ' 3)   0.500 us    |    b();',
      RULE,
      ' 3)   nginx-4411   =>  kworker-2093 ',
      RULE,
      '',
      ' 3)               |  c() {',
      ' 3)   1.000 us    |  }',
      ' 2)   1.000 us    |  d();',
    ]);
    expect(callsByTask(m)).toEqual(['nginx-4411: a b', 'kworker-2093: c', '(CPU 2): d']);
    expect(m.tasks[1].cpus).toEqual([3]);
  });

  it('46: `X() {` immediately followed by `}` at the same depth is one leaf call with the exit duration', () => {
    const m = graph([' 1)               |  x() {', ' 1)   3.000 us    |  }']);
    expect(tree(m)).toEqual(['x 3000 3000']);
    expect(m.calls.length).toBe(1);
    expect(m.diagnostics).toMatchObject({ orphanExits: 0, unclosedCalls: 0 });
  });

  it('48: an orphan exit has an unknown start, or exit time minus duration with an abstime column', () => {
    const plain = graph([' 1)   3.000 us    |  } /* f */', ' 1)   4.000 us    |  }']);
    expect(tree(plain)).toEqual(['f 3000 3000 [Orphan,StartUnknown]', '(unknown) 4000 4000 [Orphan,StartUnknown]']);
    expect(plain.calls.start[0]).toBeNaN();
    const abs = graph(['  100.000010 |   1)   3.000 us    |  } /* f */']);
    expect(tree(abs)).toEqual(['f 3000 3000 [Orphan]']);
    expect(abs.calls.start[0]).toBe(100_000_007_000);
  });

  it('53: an interrupt subtree printed inside filp_flush is its child and does not shorten it', () => {
    const m = graph([
      ' 1)               |  filp_flush() {',
      ' 1)   ==========> |',
      ' 1)               |    irq_enter_rcu() {',
      ' 1)   0.300 us    |      f();',
      ' 1)   1.000 us    |    }',
      ' 1)   <========== |',
      ' 1)   5.000 us    |  }',
    ]);
    // 38: the irq markers make no call; the calls between them are flagged interrupt context.
    expect(tree(m)).toEqual(['filp_flush 5000 4000', '  irq_enter_rcu 1000 700 [IrqArrow]', '    f 300 300 [IrqArrow]']);
  });

  it('38: a trace that begins inside an interrupt: the exit the closing arrow follows is the interrupt frame', () => {
    // print_graph_return prints the exit, its overruns, then print_graph_irq's closing arrow
    // when the function lies in __irqentry_text; the opening arrow came before the trace did.
    const m = graph([
      ' 1)   0.300 us    |      f();',
      ' 1)   1.000 us    |    } /* bcm2836_arm_irqchip_handle_irq */',
      ' 1)   <========== |',
      ' 1)   5.000 us    |  } /* filp_flush */',
      ' 1)   0.200 us    |  g();',
      ' 1)   2.000 us    |  } /* h */',
      ' (Overruns: 0)',
      ' 1)   <========== |',
      ' 1)   1.000 us    |  } /* k */',
      ' 1)   0.200 us    |  g();',
      ' 1)   <========== |',
    ]);
    expect(tree(m)).toEqual([
      'filp_flush 5000 4000 [Orphan,StartUnknown]',
      '  bcm2836_arm_irqchip_handle_irq 1000 700 [Orphan,StartUnknown,IrqArrow]',
      '    f 300 300',
      'g 200 200',
      'h 2000 2000 [Orphan,StartUnknown,IrqArrow]',
      'k 1000 1000 [Orphan,StartUnknown]',
      'g 200 200',
    ]);
  });

  it('54: a tracing_thresh trace (only `} /* name */` lines) gives orphans only, each with a duration', () => {
    const m = graph([
      ' 1)   3.000 us    |      } /* f */',
      ' 1)   5.000 us    |    } /* g */',
      ' 1) + 20.000 us   |  } /* h */',
      ' 0)   7.000 us    |    } /* k */',
    ]);
    expect(m.calls.length).toBe(4);
    for (let i = 0; i < m.calls.length; i++) {
      expect(m.calls.flags[i] & CallFlag.Orphan).toBeTruthy();
      expect(Number.isFinite(m.calls.duration[i])).toBe(true);
    }
    expect(tree(m)).toEqual([
      'h 20000 15000 [Orphan,StartUnknown]',
      '  g 5000 2000 [Orphan,StartUnknown]',
      '    f 3000 3000 [Orphan,StartUnknown]',
      'k 7000 7000 [Orphan,StartUnknown]',
    ]);
    expect(m.diagnostics).toMatchObject({ unparsedLines: 0, unclosedCalls: 0, orphanExits: 4, nameMismatches: 0 });
  });

  it('55: a max_graph_depth=1 trace (depth-0 leaves only) gives one closed call per line', () => {
    const m = graph([' 0)   1.000 us    |  a();', ' 0) + 12.000 us   |  b();', ' 1)   3.000 us    |  a();']);
    expect(tree(m)).toEqual(['a 1000 1000', 'b 12000 12000', 'a 3000 3000']);
    expect(m.diagnostics).toMatchObject({ orphanExits: 0, unclosedCalls: 0, depthGaps: 0, unparsedLines: 0 });
  });
});

describe('trace-cmd timing', () => {
  it('80: a folded leaf keeps the entry CPU and time, also when the task returns on another CPU', () => {
    // trace-cmd 2.7–3.2 folds an entry on CPU 1 with its exit on CPU 3; the line shows CPU 1.
    const m = build([
      line('e', 0, 'a', 0, '11.000000', 139, 1),
      line('l', 1, 'b', 2, '11.000001', 139, 1),
      line('x', 0, '', 10, '11.000010', 139, 3),
    ]);
    expect(tree(m)).toEqual(['a 10000 8000', '  b 2000 2000']);
    expect([m.calls.cpu[1], m.calls.start[1]]).toEqual([1, 11_000_001_000]);
    expect(m.tasks[0].cpus).toEqual([1, 3]);
    expect(m.diagnostics).toMatchObject({ orphanExits: 0, unclosedCalls: 0 });
  });

  it('92: times going back across CPUs are accepted; a step back within one CPU is flagged', () => {
    const m = build([
      line('l', 0, 'a', 1, '11.000010', 139, 0),
      line('l', 0, 'b', 1, '11.000005', 140, 1),
      line('l', 0, 'c', 1, '11.000008', 139, 0),
      line('l', 0, 'd', 1, '11.000009', 139, 0),
    ]);
    // Nothing is reordered: calls stay in input order with their printed times.
    expect([...m.calls.start.subarray(0, 4)]).toEqual([11_000_010_000, 11_000_005_000, 11_000_008_000, 11_000_009_000]);
    expect(m.diagnostics).toMatchObject({ timeBackwards: 1, unparsedLines: 0 });
    // Line 1 is `cpus=2`: the step back is the `c` line on CPU 0.
    expect(m.diagnostics.items.filter((i) => i.kind === 'time-backwards').map((i) => i.line)).toEqual([4]);
  });
});

describe('depths no kernel prints', () => {
  it('a line deeper than the depth column holds is reported, and the calls around it still nest', () => {
    const m = loadText(
      [
        'cpus=1',
        '  deep-1   [000]     1.000001: funcgraph_entry:       func=f depth=0',
        '  deep-1   [000]     1.000002: funcgraph_entry:       func=g depth=70000',
        '  deep-1   [000]     1.000003: funcgraph_exit:        func=g depth=70000 overrun=0 calltime=0x10 rettime=0x20',
        '  deep-1   [000]     1.000004: funcgraph_exit:        func=f depth=0 overrun=0 calltime=0x0 rettime=0x40',
      ].join('\n') + '\n',
    );
    expect(m.calls.length).toBe(1);
    expect(m.calls.duration[0]).toBe(64); // 0x40 - 0x0
    expect(m.diagnostics).toMatchObject({ unparsedLines: 2, orphanExits: 0, unclosedCalls: 0 });
    const items = m.diagnostics.items.filter((i) => i.kind === 'unparsed');
    expect(items.map((i) => i.line)).toEqual([3, 4]);
    expect(items[0].message).toMatch(/depth 70000: deeper than any kernel's function graph/);
  });
});

describe('input lines of calls', () => {
  it("records each call's first line: an entry's, a leaf's, an orphan exit's", () => {
    const m = build([
      line('x', 0, 'early', 5, '10.999000'), // line 2: an orphan exit
      line('e', 0, 'a', 0, '11.000000'), // line 3
      line('l', 1, 'b', 1, '11.000001'), // line 4
      line('x', 0, '', 9, '11.000010'), // line 5: closes a
    ]);
    const byName = (n: string) => [...Array(m.calls.length).keys()].find((i) => m.strings.get(m.calls.func[i]) === n)!;
    expect(m.calls.line[byName('early')]).toBe(2);
    expect(m.calls.line[byName('a')]).toBe(3);
    expect(m.calls.line[byName('b')]).toBe(4);
  });

  it('on the seed trace, every call line names the call in the text', () => {
    const text = traceText('01-seed-curl-fgraph.report.txt.gz');
    const lines = text.split('\n');
    const m = loadText(text);
    for (let i = 0; i < m.calls.length; i += 997) {
      const name = m.strings.get(m.calls.func[i]);
      const at = lines[m.calls.line[i] - 1];
      // An entry or leaf names its function; an orphan's exit (`}`) may not.
      if (m.calls.flags[i] & CallFlag.Orphan) expect(at).toContain('funcgraph_exit');
      else expect(at).toContain(`${name}(`);
    }
  });
});

describe('the function tracer', () => {
  it('the N calls of a repeats record start at its last_ts, not at the record time (the next call)', () => {
    // kernel trace_output.c trace_func_repeats_print: "(repeats: %u, last_ts: TIME)", TIME the
    // record's time less its delta; the record is written when a different function is called.
    const m = loadText(
      [
        '# tracer: function',
        '           nginx-4411    [003] .....   873.104500: tcp_sendmsg <-inet_sendmsg',
        '           nginx-4411    [003] .....   873.104540: tcp_sendmsg <-inet_sendmsg (repeats: 2, last_ts:   873.104538)',
        '           nginx-4411    [003] .....   873.104540: release_sock <-tcp_sendmsg',
        '',
      ].join('\n'),
    );
    expect(m.calls.length).toBe(4);
    expect(Array.from(m.calls.start.subarray(0, 4))).toEqual([873104500000, 873104538000, 873104538000, 873104540000]);
    expect(Array.from(m.calls.func.subarray(0, 4), (f) => m.strings.get(f))).toEqual(['tcp_sendmsg', 'tcp_sendmsg', 'tcp_sendmsg', 'release_sock']);
  });
});

describe('a message event over several lines (trace_marker or trace_printk text with a newline)', () => {
  it('function_graph text: the comment is one event whose text holds the lines, not an empty stack frame and lost text', () => {
    const m = loadText(
      [
        '# tracer: function_graph',
        '#',
        ' 1)               |  vfs_write() {',
        ' 1)               |    /* phase 2',
        'step 3 | done { */',
        ' 1)   0.412 us    |    rw_verify_area();',
        ' 1)   2.000 us    |  }',
      ].join('\n') + '\n',
    );
    expect([m.events.length, m.events.text[0], m.events.stack[0]]).toEqual([1, 'phase 2\nstep 3 | done {', null]);
    expect(m.diagnostics.unparsedLines).toBe(0);
    expect(m.calls.length).toBe(2);
  });

  it('trace-cmd report and the function tracer\'s text: the lines after the first are its text, not unparsed lines', () => {
    const report = build([
      line('e', 0, 'vfs_write'),
      '            curl-139   [001]    11.000001: print:                tracing_mark_write: phase 2',
      'step 3',
      '',
      'done',
      line('x', 0, 'vfs_write', 5),
    ]);
    const func = loadText(
      [
        '# tracer: function',
        '#',
        '            bash-1022    [000] .....   873.104540: vfs_write <-ksys_write',
        '            bash-1022    [000] .....   873.104542: tracing_mark_write: phase 2',
        'step 3',
        '',
        'done',
        '            bash-1022    [000] .....   873.104545: vfs_read <-ksys_read',
      ].join('\n') + '\n',
    );
    expect([report.events.text[0], report.diagnostics.unparsedLines, report.calls.length]).toEqual(['tracing_mark_write: phase 2\nstep 3\n\ndone', 0, 1]);
    expect([func.events.text[0], func.diagnostics.unparsedLines, func.calls.length]).toEqual(['phase 2\nstep 3\n\ndone', 0, 2]);
  });
});
