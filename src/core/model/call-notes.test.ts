/** Notes beside calls (retval, args, caller): the side table and what the loader puts in it. */
import { describe, expect, it } from 'vitest';
import { loadText } from '../../test-utils/traces';
import { CallNotes, NoteKind } from './call-notes';
import type { TraceModel } from './tables';

/** Calls of the function `name`, in table order. */
function callsNamed(m: TraceModel, name: string): number[] {
  const out: number[] = [];
  for (let c = 0; c < m.calls.length; c++) if (m.strings.get(m.calls.func[c]) === name) out.push(c);
  return out;
}

function noteOf(m: TraceModel, name: string) {
  const calls = callsNamed(m, name);
  expect(calls.length, name).toBe(1);
  return m.notes.get(calls[0]);
}

describe('CallNotes', () => {
  it('is empty until a note is added, then answers per call', () => {
    const n = new CallNotes();
    expect(n.length).toBe(0);
    expect(n.get(0)).toBeUndefined();
    n.add(7, NoteKind.Args, 'a=1');
    n.add(3, NoteKind.Retval, '0x0');
    n.add(7, NoteKind.RetvalTruncated, '0x1c2d3e4f');
    expect(n.length).toBe(3);
    expect(n.get(7)).toEqual({ retval: '0x1c2d3e4f', retvalTruncated: true, args: 'a=1', caller: '', overruns: '' });
    expect(n.get(3)).toEqual({ retval: '0x0', retvalTruncated: false, args: '', caller: '', overruns: '' });
    expect(n.get(5)).toBeUndefined();
    expect(n.get(8)).toBeUndefined();
  });

  it('a later note of the same kind replaces the earlier one, also after a lookup', () => {
    const n = new CallNotes();
    for (let c = 0; c < 100; c++) n.add(c, NoteKind.Caller, `f${c % 3}`);
    expect(n.get(42)?.caller).toBe('f0');
    n.add(42, NoteKind.Caller, 'g');
    expect(n.get(42)?.caller).toBe('g');
    expect(n.get(43)?.caller).toBe('f1');
  });
});

describe('notes through the loader', () => {
  it('kernel function_graph: args and caller on the entry, retval on the exit, leaf and orphan', () => {
    const m = loadText(
      [
        '# tracer: function_graph',
        '#',
        ' 1)               |  do_dentry_open(f=0x1, name=(struct qstr)[0x1a:0x2b]) { /* <-vfs_open+0x2c/0x40 */',
        ' 1)   0.655 us    |    security_file_open(); /* ret=0x0 */',
        ' 1)   0.700 us    |    g(); /* <-do_dentry_open+0x11d/0x4a0 ret=0x1c2d3e4f(trunc) */',
        ' 1)   5.113 us    |  } /* do_dentry_open ret=-13 */',
        ' 1)   1.000 us    |  plain();',
        ' 1)   2.000 us    |  } /* orphan_fn = -5 */',
      ].join('\n') + '\n',
    );
    expect(m.format).toBe('tracefs-function-graph');
    expect(noteOf(m, 'do_dentry_open')).toEqual({
      retval: '-13',
      retvalTruncated: false,
      args: 'f=0x1, name=(struct qstr)[0x1a:0x2b]',
      caller: 'vfs_open+0x2c/0x40',
      overruns: '',
    });
    expect(noteOf(m, 'security_file_open')).toEqual({ retval: '0x0', retvalTruncated: false, args: '', caller: '', overruns: '' });
    expect(noteOf(m, 'g')).toEqual({ retval: '0x1c2d3e4f', retvalTruncated: true, args: '', caller: 'do_dentry_open+0x11d/0x4a0', overruns: '' });
    expect(noteOf(m, 'plain')).toBeUndefined();
    expect(noteOf(m, 'orphan_fn')).toEqual({ retval: '-5', retvalTruncated: false, args: '', caller: '', overruns: '' });
    // 3 on do_dentry_open, 1 on security_file_open, 2 on g, 1 on the orphan.
    expect(m.notes.length).toBe(7);
  });

  it('function tracer: `<-parent` is the caller of every call a repeats line stands for', () => {
    const m = loadText(
      [
        '# tracer: function',
        '#',
        '           nginx-4411    [003] .....   873.104522: tcp_sendmsg(sk=0x1) <-inet_sendmsg',
        '           nginx-4411    [003] .....   873.104540: lock_sock_nested <-tcp_sendmsg (repeats: 4, last_ts:   873.104538)',
        '           nginx-4411    [003] .....   873.104541: release_sock',
      ].join('\n') + '\n',
    );
    expect(m.format).toBe('tracefs-function');
    expect(noteOf(m, 'tcp_sendmsg')).toEqual({ retval: '', retvalTruncated: false, args: 'sk=0x1', caller: 'inet_sendmsg', overruns: '' });
    const locks = callsNamed(m, 'lock_sock_nested');
    expect(locks.length).toBe(4);
    for (const c of locks) expect(m.notes.get(c)?.caller).toBe('tcp_sendmsg');
    expect(noteOf(m, 'release_sock')).toBeUndefined();
  });

  it('trace-cmd: `(ret=…)` on leaves and exits', () => {
    const m = loadText(
      [
        'cpus=2',
        '            curl-139   [001]    11.524980: funcgraph_entry:                   |  outer() {',
        '            curl-139   [001]    11.524982: funcgraph_entry:        0.211 us   |    inner(); (ret=0x0)',
        '            curl-139   [001]    11.524990: funcgraph_exit:         9.000 us   |  } (ret=-16)',
      ].join('\n') + '\n',
    );
    expect(m.format).toBe('trace-cmd-report');
    expect(noteOf(m, 'inner')?.retval).toBe('0x0');
    expect(noteOf(m, 'outer')?.retval).toBe('-16');
  });

  it('40: ` (Overruns: 2)` attaches the count 2 to the exit just before it (checklist 40)', () => {
    const m = loadText(
      [
        '# tracer: function_graph',
        '#',
        ' 0)               |  outer() {',
        ' 0)   0.412 us    |    inner();',
        ' 0) + 12.807 us   |  }',
        ' (Overruns: 2)',
        ' 0)   1.000 us    |  other();',
      ].join('\n') + '\n',
    );
    expect(m.diagnostics.unparsedLines).toBe(0);
    expect(noteOf(m, 'outer')?.overruns).toBe('2');
    expect(noteOf(m, 'inner')).toBeUndefined();
    expect(noteOf(m, 'other')).toBeUndefined();
  });

  it('a trace that prints none has no notes', () => {
    const m = loadText(['# tracer: function_graph', ' 1)               |  f() {', ' 1)   0.412 us    |    g();', ' 1)   1.000 us    |  }'].join('\n') + '\n');
    expect(m.calls.length).toBe(2);
    expect(m.notes.length).toBe(0);
  });
});
