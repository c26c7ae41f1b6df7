/** The repair policy of builder.ts, one rule per test, on small trace-cmd reports. */
import { describe, expect, it } from 'vitest';
import { loadText } from '../test-support/traces';
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

  it('51: calls still open at the end never returned: no duration invented', () => {
    const m = build([line('e', 0, 'do_exit'), line('l', 1, 'b', 2)]);
    expect(tree(m)).toEqual(['do_exit NaN NaN [Unclosed]', '  b 2000 2000']);
    expect(m.diagnostics.unclosedCalls).toBe(1);
  });

  it('47: an exit shallower than the top closes the deeper frames as unclosed first', () => {
    const m = build([line('e', 0, 'a'), line('e', 1, 'b'), line('l', 2, 'c', 1), line('x', 0, '', 9)]);
    expect(tree(m)).toEqual(['a 9000 8000', '  b NaN NaN [Unclosed]', '    c 1000 1000']);
  });

  it('49: an entry deeper than top + 1 is a depth gap', () => {
    const m = build([line('e', 0, 'a'), line('l', 3, 'deep', 1), line('x', 0, '', 4)]);
    expect(tree(m)).toEqual(['a 4000 3000', '  deep 1000 1000 [DepthGap]']);
    expect(m.diagnostics.depthGaps).toBe(1);
  });

  it('50: a named exit that matches a lower open frame closes the frames above it', () => {
    const m = build([line('e', 0, 'a'), line('e', 1, 'b'), line('x', 1, 'a', 6)]);
    expect(tree(m)).toEqual(['a 6000 6000', '  b NaN NaN [Unclosed]']);
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
});
