import { loadText, traceManifest, traceText } from '../../test-utils/traces';
import { countStringWork } from '../../test-utils/string-work';
import { describe, expect, it } from 'vitest';
import { RecordFlag, RecordKind, createRecord, type LineRecord } from './record';
import { splitArgs } from './args';
import { TracefsGraphParser, tracefsGraphDetector } from './tracefs-graph';

const K = RecordKind;

function parseAll(lines: readonly string[], parser = new TracefsGraphParser()): LineRecord[] {
  return lines.map((line, i) => {
    const r = createRecord();
    parser.parseLine(line, i + 1, r);
    return r;
  });
}

function one(line: string, parser = new TracefsGraphParser()): LineRecord {
  return parseAll([line], parser)[0];
}

function readTrace(name: string): string[] {
  const lines = traceText(name).split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

interface ManifestFact {
  fact: string;
  value: number;
}
interface ManifestFile {
  file: string;
  facts?: ManifestFact[];
  processes?: { comm_pid: string; lines: number }[];
}
const manifest = traceManifest() as { files: ManifestFile[] };

function fact(file: ManifestFile, prefix: string): number {
  const f = file.facts?.find((x) => x.fact.startsWith(prefix));
  if (!f) throw new Error(`no fact '${prefix}' for ${file.file}`);
  return f.value;
}

describe('tracefs function_graph: input handling', () => {
  it('1: CRLF lines parse like LF lines', () => {
    const lf = [' 2)               |    vfs_write() {', ' 2)   0.412 us    |      rw_verify_area();', ' 2) + 12.807 us   |    }'];
    expect(parseAll(lf.map((l) => l + '\r'))).toEqual(parseAll(lf));
  });

  it('2: a printk prefix is removed before classification (graph and context lines)', () => {
    const g = one('[ 4711.093821]  2)   0.412 us    |      rw_verify_area();');
    expect(g).toMatchObject({ kind: K.Leaf, cpu: 2, depth: 2, name: 'rw_verify_area', durNs: 412 });
    const lvl = one('<4>[ 4711.093821]  2)               |    vfs_write() {');
    expect(lvl).toMatchObject({ kind: K.Entry, cpu: 2, depth: 1, name: 'vfs_write' });
    const ctx = one('[ 4711.093821]            bash-1022    [000] .....   873.104542: <stack trace>');
    expect(ctx).toMatchObject({ kind: K.Event, comm: 'bash', pid: 1022, cpu: 0, tsNs: 873104542000 });
  });

  it('4: lines starting with # are meta, except the nofuncgraph-cpu `#` duration mark', () => {
    const r = parseAll(['# tracer: function_graph', '#', '# CPU  DURATION                  FUNCTION CALLS', '   # not a body']);
    expect(r.map((x) => x.kind)).toEqual([K.Meta, K.Meta, K.Meta, K.Meta]);
    const quirk = one('# 1007.130 us |                                                          }');
    expect(quirk).toMatchObject({ kind: K.Exit, durNs: 1007130000 / 1000, depth: 28, cpu: -1 });
  });

  it('5: `# tracer: function_graph` sets the document tracer', () => {
    const p = new TracefsGraphParser();
    expect(p.tracer).toBe('');
    parseAll(['# tracer: function_graph', '#'], p);
    expect(p.tracer).toBe('function_graph');
  });

  it('6: the latency banner yields the kernel release', () => {
    const p = new TracefsGraphParser();
    const r = one('# function_graph latency trace v1.1.5 on 6.8.0-45-generic', p);
    expect(r.kind).toBe(K.Meta);
    expect(p.kernelRelease).toBe('6.8.0-45-generic');
    expect(p.tracer).toBe('function_graph');
  });

  it('7: `##### CPU 3 buffer started ####` is meta', () => {
    expect(one('##### CPU 3 buffer started ####').kind).toBe(K.Meta);
  });
});

describe('tracefs function_graph: lost data', () => {
  it('9: `CPU:3 [LOST 2417 EVENTS]` is a lost record with a count', () => {
    expect(one('CPU:3 [LOST 2417 EVENTS]')).toMatchObject({ kind: K.Lost, cpu: 3, count: 2417 });
  });

  it('10: `CPU:3 [LOST EVENTS]` is a lost record with unknown count', () => {
    expect(one('CPU:3 [LOST EVENTS]')).toMatchObject({ kind: K.Lost, cpu: 3, count: -1 });
  });
});

describe('tracefs function_graph: columns', () => {
  it('13: entry with cpu and blank duration', () => {
    const r = one(' 2)               |    vfs_write() {');
    expect(r).toMatchObject({ kind: K.Entry, cpu: 2, depth: 1, name: 'vfs_write', pid: -1, comm: '' });
    expect(r.durNs).toBeNaN();
    expect(r.tsNs).toBeNaN();
  });

  it('14: exit with `#` mark, tail comment and cpu width 2', () => {
    const p = new TracefsGraphParser();
    const r = one('  3) # 4002.911 us |      } /* schedule_timeout */', p);
    expect(r).toMatchObject({ kind: K.Exit, cpu: 3, depth: 2, name: 'schedule_timeout', durNs: 4002911, flags: 0, mark: '#' });
    expect(p.lastMark).toBe('#');
    expect(one(' 2)               |    vfs_write() {').mark).toBe('');
  });

  it('15: CPU column width 2', () => {
    expect(one(' 11)               |      schedule_timeout() {')).toMatchObject({ kind: K.Entry, cpu: 11, depth: 2 });
  });

  it('16: duration texts convert exactly to ns', () => {
    const durs = [
      ' 0)   0.412 us    |  a();',
      ' 0) * 12345.67 us |  a();',
      ' 0) @ 123456.7 us |  a();',
      ' 0) $ 1394661 us  |  a();',
    ].map((l) => one(l).durNs);
    expect(durs).toEqual([412, 12345670, 123456700, 1394661000]);
  });

  it('17: a duration whose `|` is further right (>= 100 s) still parses', () => {
    expect(one(' 0) $ 123456789 us |  }')).toMatchObject({ kind: K.Exit, durNs: 123456789000, depth: 0 });
    expect(one('$ 123456789 us |    } /* f */')).toMatchObject({ kind: K.Exit, durNs: 123456789000, depth: 1, name: 'f' });
  });

  it('18: a mark that disagrees with the duration is kept and flagged', () => {
    const p = new TracefsGraphParser();
    const r = one(' 0) + 5.000 us    |  f();', p);
    expect(r).toMatchObject({ kind: K.Leaf, durNs: 5000 });
    expect(r.flags & RecordFlag.MarkMismatch).toBeTruthy();
    expect(p.lastMark).toBe('+');
    expect(one(' 0) + 10.001 us   |  f();').flags & RecordFlag.MarkMismatch).toBe(0);
  });

  it('19: abstime + cpu + proc columns', () => {
    const r = one('  873.104522 |   3)   nginx-4411   |               |    tcp_sendmsg() {');
    expect(r).toMatchObject({ kind: K.Entry, tsNs: 873104522000, cpu: 3, comm: 'nginx', pid: 4411, depth: 1, name: 'tcp_sendmsg' });
  });

  it('20: proc columns with spaces in the comm and overflowing the field', () => {
    expect(one('   12.000001 |   0) Web Con-23817  |               |    ksys_read() {')).toMatchObject({
      comm: 'Web Con',
      pid: 23817,
      cpu: 0,
      tsNs: 12000001000,
      depth: 1,
    });
    expect(one(' 0) kworker-1203456 |   0.211 us    |  lock_sock_nested();')).toMatchObject({
      kind: K.Leaf,
      comm: 'kworker',
      pid: 1203456,
      durNs: 211,
    });
    expect(one(' 1)   <idle>-0    |               |  do_idle() {')).toMatchObject({ comm: '<idle>', pid: 0 });
    expect(one(' 1)   <...>-12    |               |  do_idle() {')).toMatchObject({ comm: '<...>', pid: 12 });
    expect(one(' 1)  kworke-1-7   |               |  f() {')).toMatchObject({ comm: 'kworke-1', pid: 7 });
  });

  it('21: latency flags with and without the ` |` separator', () => {
    const p = new TracefsGraphParser();
    expect(one(' 0)  d..2. |   0.231 us    |    mutex_lock();', p)).toMatchObject({
      kind: K.Leaf,
      cpu: 0,
      depth: 1,
      durNs: 231,
      name: 'mutex_lock',
      flagsText: 'd..2.',
      mark: '',
    });
    expect(p.lastFlags).toBe('d..2.');
    expect(one(' 0)  d..1  0.231 us    |    mutex_lock();', p)).toMatchObject({ kind: K.Leaf, depth: 1, durNs: 231, flagsText: 'd..1' });
    expect(p.lastFlags).toBe('d..1');
    // Old kernels glue a mark straight onto the flags.
    expect(one(' 0)  d..1+ 12.807 us   |    }', p)).toMatchObject({ kind: K.Exit, depth: 1, durNs: 12807, flagsText: 'd..1', mark: '+' });
    expect(p.lastFlags).toBe('d..1');
    expect(one(' 0)  d..1               |    f() {', p)).toMatchObject({ kind: K.Entry, depth: 1, flagsText: 'd..1' });
    // Without a flags column the field stays empty.
    expect(one(' 0)   0.231 us    |    mutex_lock();', p).flagsText).toBe('');
  });

  it('22: neither flags nor a duration are taken for a task name', () => {
    expect(one(' 0)  ...1. |               |  __x64_sys_connect() {')).toMatchObject({ comm: '', pid: -1, kind: K.Entry, depth: 0 });
    expect(one(' 0) + 27.572 us   |  }')).toMatchObject({ comm: '', pid: -1, kind: K.Exit, durNs: 27572 });
  });

  it('23: a line with no columns', () => {
    const r = one('  generic_write_end();');
    expect(r).toMatchObject({ kind: K.Leaf, depth: 1, cpu: -1, name: 'generic_write_end' });
    expect(r.durNs).toBeNaN();
    expect(one('ext4_da_write_end.constprop.0() {')).toMatchObject({ kind: K.Entry, depth: 0, name: 'ext4_da_write_end.constprop.0' });
    expect(one('}')).toMatchObject({ kind: K.Exit, depth: 0 });
  });

  it('24: depth counts space pairs after `|  `; an odd count is rounded down and flagged', () => {
    expect(one(' 0)   0.412 us    |        f();')).toMatchObject({ depth: 3, flags: 0 });
    const odd = one(' 0)   0.412 us    |         f();');
    expect(odd.depth).toBe(3);
    expect(odd.flags & RecordFlag.OddIndent).toBeTruthy();
  });

  it('nofuncgraph-duration: the body follows the columns directly', () => {
    expect(one(' 1) __x64_sys_connect() {')).toMatchObject({ kind: K.Entry, cpu: 1, depth: 0 });
    expect(one(' 1)       __fget_light();')).toMatchObject({ kind: K.Leaf, cpu: 1, depth: 3 });
    expect(one(' 1)    curl-750    |   f();')).toMatchObject({ kind: K.Leaf, comm: 'curl', pid: 750, depth: 1 });
    expect(one(' 0)  ...1. |   f();')).toMatchObject({ kind: K.Leaf, depth: 1 });
    expect(one('  124.173505 |   1)     }')).toMatchObject({ kind: K.Exit, cpu: 1, depth: 2, tsNs: 124173505000 });
    expect(one('  124.173505 |    f();')).toMatchObject({ kind: K.Leaf, cpu: -1, depth: 1, tsNs: 124173505000 });
  });

  it('nofuncgraph-duration on kernels before the ` | ` after the flags: the body starts right after them', () => {
    // print_graph_lat_fmt() printed ` d..1` and nothing more; the indentation follows.
    const p = new TracefsGraphParser();
    expect(one(' 1)  d..1copy_strings.isra.0() {', p)).toMatchObject({ kind: K.Entry, cpu: 1, depth: 0, name: 'copy_strings.isra.0', flagsText: 'd..1' });
    expect(one(' 1)  ....  mutex_lock();', p)).toMatchObject({ kind: K.Leaf, depth: 1, name: 'mutex_lock', flags: 0, flagsText: '....' });
    expect(one(' 1)  d..1    vfs_write();', p)).toMatchObject({ kind: K.Leaf, depth: 2, name: 'vfs_write', flags: 0 });
    expect(one(' 1)  dNh2rw_verify_area();', p)).toMatchObject({ kind: K.Leaf, depth: 0, name: 'rw_verify_area', flagsText: 'dNh2' });
    expect(one(' 1)  ....}', p)).toMatchObject({ kind: K.Exit, cpu: 1, depth: 0, flagsText: '....' });
    expect(one(' 1)  d.h1==========>', p)).toMatchObject({ kind: K.IrqMarker, cpu: 1 });
    expect(one(' 1)    curl-750    |  d..1  f();', p)).toMatchObject({ kind: K.Leaf, comm: 'curl', pid: 750, depth: 1 });
    expect(one(' 1)    curl-750    |  d..1f() {', p)).toMatchObject({ kind: K.Entry, comm: 'curl', depth: 0, name: 'f' });
    // One space in is never a body: a depth-0 body starts right after the CPU column.
    expect(one(' 1) dNh2rw_verify_area();', p)).toMatchObject({ kind: K.Leaf, depth: 0, name: 'dNh2rw_verify_area', flagsText: '' });
  });

  it('a latency tracer REL TIME column before the CPU is the line time (µs since the buffer start)', () => {
    expect(one('      123 us |   1)               |    f() {')).toMatchObject({ kind: K.Entry, cpu: 1, depth: 1, tsNs: 123_000, flags: RecordFlag.RelativeTime });
    // irqsoff / wakeup_rt with display-graph, as print_graph_prologue() prints them for their
    // GRAPH_TRACER_FLAGS (CPU | PROC | REL_TIME | DURATION) with latency-format forced on.
    const p = new TracefsGraphParser();
    expect(one('        0 us |   1)   bash-2213    |  d..1. |   0.000 us    |  _raw_spin_lock_irqsave();', p)).toMatchObject({
      kind: K.Leaf,
      tsNs: 0,
      durNs: 0,
      cpu: 1,
      comm: 'bash',
      pid: 2213,
      flagsText: 'd..1.',
      name: '_raw_spin_lock_irqsave',
    });
    expect(one('      305 us |   1)   bash-2213    |  d..1. |   4.204 us    |        }', p)).toMatchObject({ kind: K.Exit, tsNs: 305_000, durNs: 4204, depth: 3 });
    expect(one('        5 us |   3)   <idle>-0     |  d..3. |               |        /*       0:120:R ==> [003]    2389: 94:R sleep */', p)).toMatchObject({
      kind: K.Event,
      tsNs: 5000,
      cpu: 3,
      comm: '<idle>',
      pid: 0,
    });
    const m = loadText(
      [
        '# tracer: irqsoff',
        '        1 us |   1)   bash-2213    |  d..1. |               |        __wake_up_common() {',
        '        2 us |   1)   bash-2213    |  d..1. |   1.102 us    |          autoremove_wake_function();',
        '        5 us |   1)   bash-2213    |  d..1. |   4.204 us    |        }',
      ].join('\n') + '\n',
    );
    expect([m.hasTimestamps, Array.from(m.calls.start.subarray(0, m.calls.length))]).toEqual([true, [1000, 2000]]);
    // Without a CPU column after it, the same shape is a >= 8-digit duration.
    expect(one('  12345678 us |  }')).toMatchObject({ kind: K.Exit, durNs: 12345678000 });
  });
});

describe('tracefs function_graph: bodies', () => {
  it('25: a module function keeps the symbol as its name and gives the module', () => {
    expect(one(' 3)               |  kvm_mmu_page_fault [kvm]() {')).toMatchObject({
      kind: K.Entry,
      name: 'kvm_mmu_page_fault',
      module: 'kvm',
      args: '',
    });
    expect(one(' 3)               |  kvm_mmu_page_fault() {').module).toBe('');
  });

  it('26: an unresolved address is the name, flagged Unresolved', () => {
    const r = one(' 3)   1.000 us    |  0xffffffffc0a1b2c3();');
    expect(r).toMatchObject({ kind: K.Leaf, name: '0xffffffffc0a1b2c3' });
    expect(r.flags & RecordFlag.Unresolved).toBeTruthy();
    expect(BigInt(r.name)).toBe(0xffffffffc0a1b2c3n);
    // A symbol (even one of hex letters) is not an address.
    expect(one(' 3)   1.000 us    |  add();').flags & RecordFlag.Unresolved).toBe(0);
  });

  it('27: `} /* kmem_cache_free() */` names the exit', () => {
    expect(one(' 3)   1.000 us    |  } /* kmem_cache_free() */')).toMatchObject({ kind: K.Exit, name: 'kmem_cache_free', retval: '' });
  });

  it('28: 6.5-6.12 retval comments give the value and leave the names alone', () => {
    expect(one(' 1)   0.655 us    |        security_file_open(); /* = 0x0 */')).toMatchObject({
      kind: K.Leaf,
      name: 'security_file_open',
      depth: 3,
      retval: '0x0',
      parentName: '',
    });
    expect(one(' 1)   5.113 us    |      } /* do_dentry_open = -13 */')).toMatchObject({
      kind: K.Exit,
      name: 'do_dentry_open',
      depth: 2,
      retval: '-13',
    });
    // No comment, no value.
    expect(one(' 1)   0.655 us    |        security_file_open();').retval).toBe('');
  });

  it('29: 6.13+ `ret=` comments give the same values as 28', () => {
    expect(one(' 1)   0.655 us    |        security_file_open(); /* ret=0x0 */')).toMatchObject({
      kind: K.Leaf,
      name: 'security_file_open',
      retval: '0x0',
    });
    expect(one(' 1)   5.113 us    |      } /* do_dentry_open ret=-13 */')).toMatchObject({
      kind: K.Exit,
      name: 'do_dentry_open',
      retval: '-13',
    });
  });

  it('30: `ret=true`, `ret=false`, `ret=-5`, `(trunc)` give their values; truncation is flagged', () => {
    const cases: [string, string, boolean][] = [
      ['ret=true', 'true', false],
      ['ret=false', 'false', false],
      ['ret=-5', '-5', false],
      ['ret=0x1c2d3e4f(trunc)', '0x1c2d3e4f', true],
    ];
    for (const [ret, value, truncated] of cases) {
      for (const line of [` 1)   0.655 us    |  f(); /* ${ret} */`, ` 1)   0.655 us    |  } /* f ${ret} */`]) {
        const r = one(line);
        expect([line, r.name, r.retval, (r.flags & RecordFlag.RetvalTruncated) !== 0]).toEqual([line, 'f', value, truncated]);
      }
    }
  });

  it('31: a retaddr comment gives the caller, its offset and its size', () => {
    expect(one(' 1)               |      do_dentry_open() { /* <-vfs_open+0x2c/0x40 */')).toMatchObject({
      kind: K.Entry,
      name: 'do_dentry_open',
      parentName: 'vfs_open',
      callerOffset: 0x2c,
      callerSize: 0x40,
      retval: '',
    });
    // A module caller and a sym-addr address after the size.
    expect(one(' 1)               |  f() { /* <-kvm_arch_vcpu_ioctl+0x1f0/0x2c40 [kvm] <ffffffffc0a1b2c3> */')).toMatchObject({
      parentName: 'kvm_arch_vcpu_ioctl',
      callerOffset: 0x1f0,
      callerSize: 0x2c40,
      module: '',
    });
  });

  it('32: caller and retval in one comment', () => {
    expect(one(' 1)   0.655 us    |        f(); /* <-g+0x11d/0x4a0 ret=-13 */')).toMatchObject({
      kind: K.Leaf,
      name: 'f',
      parentName: 'g',
      callerOffset: 0x11d,
      callerSize: 0x4a0,
      retval: '-13',
    });
  });

  it('33: arguments give their text, with names and raw values', () => {
    const r = one(' 1)               |      vfs_open(path=0xffffc90001e3fd30, file=0xffff888104a2c600) {');
    expect(r).toMatchObject({ kind: K.Entry, name: 'vfs_open', depth: 2, args: 'path=0xffffc90001e3fd30, file=0xffff888104a2c600' });
    expect(splitArgs(r.args)).toEqual([
      { name: 'path', value: '0xffffc90001e3fd30' },
      { name: 'file', value: '0xffff888104a2c600' },
    ]);
    // Arguments and a retaddr comment together (7.1+).
    expect(one(' 1)               |  do_dentry_open(f=0x1) { /* <-vfs_open+0x2c/0x40 */')).toMatchObject({
      name: 'do_dentry_open',
      args: 'f=0x1',
      parentName: 'vfs_open',
    });
  });

  it('34: nested parentheses, brackets and `...` in arguments', () => {
    const r = one(' 1)               |  d_alloc(parent=0x1, name=(struct qstr)[0x1a:0x2b], a=1, b=2, c=3, ...) {');
    expect(r).toMatchObject({ kind: K.Entry, name: 'd_alloc', args: 'parent=0x1, name=(struct qstr)[0x1a:0x2b], a=1, b=2, c=3, ...' });
    expect(splitArgs(r.args)).toEqual([
      { name: 'parent', value: '0x1' },
      { name: 'name', value: '(struct qstr)[0x1a:0x2b]' },
      { name: 'a', value: '1' },
      { name: 'b', value: '2' },
      { name: 'c', value: '3' },
      { name: '', value: '...' },
    ]);
    const leaf = one(' 1)   0.655 us    |  f(x=(struct s)[0x1:0x2]); /* ret=0x0 */');
    expect(leaf).toMatchObject({ kind: K.Leaf, name: 'f', args: 'x=(struct s)[0x1:0x2]', retval: '0x0' });
  });

  it('35: an enum name stays in the value text', () => {
    const r = one(' 1)               |  task_work_add(task=0x1, work=0x2, notify=2 [TWA_SIGNAL]) {');
    expect(r).toMatchObject({ kind: K.Entry, name: 'task_work_add', module: '', args: 'task=0x1, work=0x2, notify=2 [TWA_SIGNAL]' });
    expect(splitArgs(r.args)[2]).toEqual({ name: 'notify', value: '2 [TWA_SIGNAL]' });
  });

  it('36: an event comment is an event with a name and no depth', () => {
    const r = one(' 1)               |      /* sched_waking: comm=kcompactd0 pid=61 prio=120 target_cpu=002 */');
    expect(r).toMatchObject({ kind: K.Event, name: 'sched_waking', depth: -1, cpu: 1 });
    expect(r.text).toBe('sched_waking: comm=kcompactd0 pid=61 prio=120 target_cpu=002');
  });

  it('37: a marker comment is an event without a name', () => {
    expect(one(' 1)               |  /* phase 2 start */')).toMatchObject({ kind: K.Event, name: '', text: 'phase 2 start' });
  });

  it('38: irq markers with and without columns', () => {
    expect(one(' 1)   ==========> |')).toMatchObject({ kind: K.IrqMarker, cpu: 1 });
    expect(one(' 1)   <========== |')).toMatchObject({ kind: K.IrqMarker, cpu: 1 });
    expect(one(' 1) ==========>').kind).toBe(K.IrqMarker);
    expect(one('<==========').kind).toBe(K.IrqMarker);
  });

  it('39: the 4-line banner is one task-switch record', () => {
    const dashes = ' ' + '-'.repeat(42);
    const r = parseAll([dashes, ' 3)   nginx-4411   =>  kworker-2093 ', dashes, '', '']);
    expect(r.map((x) => x.kind)).toEqual([K.BannerPart, K.TaskSwitch, K.BannerPart, K.BannerPart, K.Blank]);
    expect(r[1]).toMatchObject({ cpu: 3, comm: 'nginx', pid: 4411, toComm: 'kworker', toPid: 2093 });
    expect(one(' 0)   httpd-873    =>   <...>-874   ')).toMatchObject({
      kind: K.TaskSwitch,
      comm: 'httpd',
      pid: 873,
      toComm: '<...>',
      toPid: 874,
    });
    expect(one(' 12)  Web Con-23817  =>    <idle>-0    ')).toMatchObject({ cpu: 12, comm: 'Web Con', toComm: '<idle>', toPid: 0 });
  });

  it('40: ` (Overruns: 2)` is an overrun record', () => {
    const r = parseAll([' 0) + 12.807 us   |  }', ' (Overruns: 2)']);
    expect(r[1]).toMatchObject({ kind: K.Overrun, count: 2 });
  });

  it('41: context-format lines and their frames inside a graph document', () => {
    const r = parseAll([
      ' 1)               |  vfs_write() {',
      '            bash-1022    [001] d..1.   873.104543: <stack trace>',
      ' => tcp_sendmsg',
      ' => [FTRACE TRAMPOLINE]',
      '            bash-1022    [001] d..1.   873.104544: tcp_sendmsg <-inet_sendmsg',
      ' 1)   0.412 us    |    rw_verify_area();',
    ]);
    expect(r.map((x) => x.kind)).toEqual([K.Entry, K.Event, K.StackFrame, K.StackFrame, K.FunctionCall, K.Leaf]);
    expect(r[1]).toMatchObject({ comm: 'bash', pid: 1022, cpu: 1, tsNs: 873104543000, name: 'kernel_stack' });
    expect(r[2].name).toBe('tcp_sendmsg');
    expect(r[3].name).toBe('[FTRACE TRAMPOLINE]');
    expect(r[4]).toMatchObject({ name: 'tcp_sendmsg', parentName: 'inet_sendmsg' });
    // Latency-format context lines, as printed inside a latency-format graph.
    expect(one('    bash-1022    1d..1. 8055us : <stack trace>')).toMatchObject({ kind: K.Event, pid: 1022, cpu: 1 });
  });

  it("ftrace_dump()'s own lines around a console dump are meta", () => {
    const p = new TracefsGraphParser();
    for (const line of ['[  123.456789] Dumping ftrace buffer:', '[  1.000000] Dumping ftrace instance foo buffer:', '[  1.000000]    (ftrace buffer empty)']) {
      expect(one(line, p)).toMatchObject({ kind: K.Meta });
    }
  });

  it('a comment split by an embedded newline continues on the next line', () => {
    const r = parseAll([' 1)               |  /* line one', 'line two;', 'end */', ' 1)   0.412 us    |  f();', 'g();']);
    expect(r.map((x) => x.kind)).toEqual([K.Event, K.EventText, K.EventText, K.Leaf, K.Leaf]);
    expect(r.slice(0, 3).map((x) => x.text)).toEqual(['line one', 'line two;', 'end']);
  });

  it("a comment's message is text whatever it holds: an empty line, `*/`, `{`, `}`, `|` or a graph line of its own", () => {
    // print_graph_comment prints `/* `, the message (one trailing newline taken off), ` */`:
    // trace_printk("a */ b {\n\n 1)  4.000 us |  } */ c\nend\n") prints these lines.
    const r = parseAll([
      ' 1)               |    /* a */ b {',
      '',
      ' 1)  4.000 us |  } */ c',
      'end */',
      ' 1)   0.412 us    |  f();',
    ]);
    expect(r.map((x) => x.kind)).toEqual([K.Event, K.EventText, K.EventText, K.EventText, K.Leaf]);
    expect(r.slice(0, 4).map((x) => x.text)).toEqual(['a */ b {', '', ' 1)  4.000 us |  } */ c', 'end']);
  });

  it("a message line that starts with '#' is the comment's text, not a header", () => {
    const p = new TracefsGraphParser();
    const r = parseAll([' 1)               |  /* items:', '# tracer: nop', '#2 done */', '# tracer: function_graph'], p);
    expect(r.map((x) => x.kind)).toEqual([K.Event, K.EventText, K.EventText, K.Meta]);
    expect(r.slice(1, 3).map((x) => x.text)).toEqual(['# tracer: nop', '#2 done']);
    expect(p.tracer).toBe('function_graph');
  });
});

describe('tracefs function_graph: comments that hold lines of other shapes', () => {
  // With options/userstacktrace, each event is followed by a TRACE_USER_STACK record, which
  // print_graph_function_flags prints as a comment (only TRACE_STACK and TRACE_FN go to the
  // context format): `/* <user stack trace>`, then trace_user_stack_print's ` => ` lines, the
  // last one closed by print_graph_comment's ` */`.
  const userStack = [
    ' 1)               |    /* sched_switch: prev_comm=curl prev_pid=139 */',
    ' 1)               |    /* <user stack trace>',
    ' =>  <00007f8a1b2c3d4e>',
    ' => /usr/lib/x86_64-linux-gnu/libc.so.6[+0x11ba2e]',
    ' =>  <00007f8a1b2c3d00> */',
    ' 1)   0.412 us    |    f();',
  ];

  it('a user stack comment is a user_stack event whose ` => ` lines are its frames', () => {
    const r = parseAll(userStack);
    expect(r.map((x) => x.kind)).toEqual([K.Event, K.Event, K.StackFrame, K.StackFrame, K.StackFrame, K.Leaf]);
    expect(r[1]).toMatchObject({ name: 'user_stack', text: '<user stack trace>', cpu: 1 });
    expect(r.slice(2, 5).map((x) => x.name)).toEqual(['<00007f8a1b2c3d4e>', '/usr/lib/x86_64-linux-gnu/libc.so.6[+0x11ba2e]', '<00007f8a1b2c3d00>']);
    expect(one(' 0)               |  /* <user stack trace> */')).toMatchObject({ kind: K.Event, name: 'user_stack' });
  });

  it('the user stack keeps its frames in the model, and the calls after it are read', () => {
    const m = loadText(['# tracer: function_graph', ' 1)               |  g() {', ...userStack, ' 1)   2.000 us    |  }', ''].join('\n'));
    expect(m.events.name).toEqual(['sched_switch', 'user_stack']);
    expect(m.events.stack[1]).toEqual(['<00007f8a1b2c3d4e>', '/usr/lib/x86_64-linux-gnu/libc.so.6[+0x11ba2e]', '<00007f8a1b2c3d00>']);
    expect(m.calls.length).toBe(2);
    expect(m.diagnostics.unparsedLines).toBe(0);
  });

  it("a message's own lines that read as a frame, a banner rule, a lost-events notice or an overrun are its text", () => {
    // trace_printk("results:\n => a\n----------\nCPU:1 [LOST 3 EVENTS]\n (Overruns: 2)\nend\n")
    const r = parseAll([
      ' 1)               |    /* results:',
      ' => a',
      '----------',
      'CPU:1 [LOST 3 EVENTS]',
      ' (Overruns: 2)',
      'end */',
      ' 1)   0.412 us    |    f();',
    ]);
    expect(r.map((x) => x.kind)).toEqual([K.Event, K.EventText, K.EventText, K.EventText, K.EventText, K.EventText, K.Leaf]);
    expect(r.slice(1, 6).map((x) => x.text)).toEqual([' => a', '----------', 'CPU:1 [LOST 3 EVENTS]', ' (Overruns: 2)', 'end']);
  });

  it('a frame line is no place to begin a range: what it is depends on the comment before it', () => {
    const p = new TracefsGraphParser();
    expect(p.startsFresh(' => vfs_read')).toBe(false);
    expect(p.startsFresh(' 1)   0.412 us    |    f();')).toBe(true);
  });
});

describe('tracefs function_graph: robustness', () => {
  it('92: timestamps going backwards across CPUs are kept as printed', () => {
    const r = parseAll([
      '  124.173505 |   1)               |  f() {',
      '  124.173501 |   0)               |  g() {',
      '  124.173509 |   1)   1.000 us    |    h();',
    ]);
    expect(r.map((x) => x.kind)).toEqual([K.Entry, K.Entry, K.Leaf]);
    expect(r.map((x) => x.tsNs)).toEqual([124173505000, 124173501000, 124173509000]);
  });

  it('93: a first line cut in the middle is one unknown record', () => {
    const r = parseAll([
      '55 |   1)               |  tcp_sendmsg() {',
      '  124.173527 |   1)               |    __sys_connect() {',
      '  124.173533 |   1)   3.737 us    |      __fget_light();',
    ]);
    expect(r.map((x) => x.kind)).toEqual([K.Unknown, K.Entry, K.Leaf]);
    expect(r[0].text).toBe('55 |   1)               |  tcp_sendmsg() {');
    expect(r[0].problem).toMatch(/function_graph/);
    expect(one('us    |        foo bar();').kind).toBe(K.Unknown);
  });

  it('94: a 10 kB argument list parses with work linear in its length', () => {
    const lineWith = (n: number) => {
      const args = Array.from({ length: n }, (_, k) => `a${k}=(struct s)[0x${k}:0x1]`).join(', ');
      return ` 1)               |  f(${args}, ...) {`;
    };
    const p = new TracefsGraphParser();
    const r = createRecord();
    // Characters looked at per character of the line (counted, so the machine's speed does not matter).
    const workPerChar = (line: string) => countStringWork(() => p.parseLine(line, 1, r)) / line.length;
    const line = lineWith(1000);
    expect(line.length).toBeGreaterThan(10_000);
    const once = workPerChar(line);
    expect(r).toMatchObject({ kind: K.Entry, name: 'f' });
    const twice = workPerChar(lineWith(2000));
    expect(r).toMatchObject({ kind: K.Entry, name: 'f' });
    // A few looks per character, and no more on a line twice as long (quadratic work would double it).
    expect(once).toBeLessThan(8);
    expect(twice).toBeLessThan(once * 1.1);
  });

  it('never throws, and unmatched lines are unknown with the line kept', () => {
    const p = new TracefsGraphParser();
    const junk = ['', ' ', '|', ')', '(', '[', '<', '#', '-', '=>', ' 1)', ' 1) ', '1)|', '  1.5 |', '$', 'CPU:', '(Overruns: x)', '\r', '[ 1.2]', '<1>'];
    for (let len = 0; len < 300; len++) junk.push(String.fromCharCode(...Array.from({ length: len % 40 }, (_, k) => 32 + ((len * 7 + k * 13) % 95))));
    for (const j of junk) expect(() => one(j, p)).not.toThrow();
    const u = one('hello world, this is not ftrace', p);
    expect(u).toMatchObject({ kind: K.Unknown, text: 'hello world, this is not ftrace' });
    expect(u.problem).toBe("expected a function_graph line: 'CPU) [duration |] function'");
  });
});

describe('tracefs function_graph: real kernel text', () => {
  const files = manifest.files.filter((f) => /^04-tracefs-.*\.txt$/.test(f.file));

  it('covers all ten captures', () => {
    expect(files.length).toBe(10);
  });

  for (const file of files) {
    it(`${file.file}: no unknown lines, and entry/leaf/exit/switch counts match the manifest`, () => {
      const lines = readTrace(file.file);
      const parser = new TracefsGraphParser();
      const r = createRecord();
      const counts = new Map<number, number>();
      const unknown: string[] = [];
      for (let i = 0; i < lines.length; i++) {
        parser.parseLine(lines[i], i + 1, r);
        counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
        if (r.kind === K.Unknown) unknown.push(`${i + 1}: ${lines[i]}`);
      }
      expect(unknown).toEqual([]);
      expect(counts.get(K.Entry) ?? 0).toBe(fact(file, 'lines opening a function body'));
      expect(counts.get(K.Leaf) ?? 0).toBe(fact(file, 'leaf function lines'));
      expect(counts.get(K.Exit) ?? 0).toBe(fact(file, 'closing-brace lines'));
      expect(counts.get(K.TaskSwitch) ?? 0).toBe(fact(file, 'context-switch marker lines'));
      expect(counts.get(K.BannerPart) ?? 0).toBe(fact(file, 'dashed separator lines') + fact(file, 'context-switch marker lines'));
      expect(counts.get(K.IrqMarker) ?? 0).toBe(fact(file, "irq entry markers") + fact(file, 'irq exit markers'));
      // `#` lines minus the duration-mark lines that nofuncgraph-cpu puts in column 1.
      expect(counts.get(K.Meta) ?? 0).toBeLessThanOrEqual(fact(file, 'header/comment lines'));
      expect(parser.tracer).toBe(file.file.endsWith('trace_pipe.txt') ? '' : 'function_graph');
      expect(tracefsGraphDetector.score(lines.slice(0, 200))).toBeGreaterThan(0.9);
    });
  }

  it('default: depths reach the kernel limit and marks match the manifest', () => {
    const file = files.find((f) => f.file === '04-tracefs-default.txt')!;
    const p = new TracefsGraphParser();
    const r = createRecord();
    let maxDepth = 0;
    const marks = new Map<string, number>();
    for (const line of readTrace(file.file)) {
      p.parseLine(line, 0, r);
      maxDepth = Math.max(maxDepth, r.depth);
      if (p.lastMark) marks.set(p.lastMark, (marks.get(p.lastMark) ?? 0) + 1);
    }
    expect(maxDepth).toBe(fact(file, 'deepest call nesting'));
    expect(marks.get('+')).toBe(fact(file, 'duration overhead marker +'));
    expect(marks.get('!')).toBe(fact(file, 'duration overhead marker !'));
    expect(marks.get('#')).toBe(fact(file, 'duration overhead marker #'));
  });

  it('funcgraph-proc: the pids come out, with the manifest line counts', () => {
    const file = files.find((f) => f.file === '04-tracefs-funcgraph-proc.txt')!;
    const p = new TracefsGraphParser();
    const r = createRecord();
    const seen = new Map<string, number>();
    for (const line of readTrace(file.file)) {
      p.parseLine(line, 0, r);
      if (r.pid >= 0 && r.kind !== K.TaskSwitch) seen.set(`${r.comm}-${r.pid}`, (seen.get(`${r.comm}-${r.pid}`) ?? 0) + 1);
    }
    const expected = new Map(file.processes!.map((x) => [x.comm_pid, x.lines]));
    expect(seen).toEqual(expected);
  });

  it('funcgraph-abstime: timestamps come out in ns', () => {
    const lines = readTrace('04-tracefs-funcgraph-abstime.txt');
    const r = parseAll(lines.slice(4, 6));
    expect(r[0]).toMatchObject({ kind: K.Entry, tsNs: 124173505000, cpu: 1, name: '__x64_sys_connect' });
    expect(r[1]).toMatchObject({ kind: K.Entry, tsNs: 124173527000, depth: 1 });
  });

  it('latency-format: the release 6.1.0-56-amd64 and the flags come out', () => {
    const p = new TracefsGraphParser();
    const lines = readTrace('04-tracefs-latency-format.txt');
    const r = parseAll(lines.slice(0, 17), p);
    expect(p.kernelRelease).toBe('6.1.0-56-amd64');
    expect(r[16]).toMatchObject({ kind: K.Entry, cpu: 0, name: '__x64_sys_connect', depth: 0, flagsText: '...1.' });
    expect(p.lastFlags).toBe('...1.');
  });

  it('nofuncgraph-cpu: `#` duration lines are calls, the other `#` lines are the header', () => {
    const file = files.find((f) => f.file === '04-tracefs-nofuncgraph-cpu.txt')!;
    const lines = readTrace(file.file).filter((l) => l.startsWith('#'));
    expect(lines.length).toBe(fact(file, 'header/comment lines'));
    const r = parseAll(lines);
    expect(r.filter((x) => x.kind === K.Meta).length).toBe(4);
    const calls = r.filter((x) => (x.kind === K.Exit || x.kind === K.Leaf) && x.durNs > 1_000_000 && x.cpu === -1);
    expect(calls.length).toBe(lines.length - 4);
  });

  it('trace_pipe: switches name `<...>` tasks', () => {
    const r = parseAll(readTrace('04-tracefs-trace_pipe.txt')).filter((x) => x.kind === K.TaskSwitch);
    expect(r.map((x) => `${x.cpu}:${x.comm}-${x.pid}=>${x.toComm}-${x.toPid}`)).toEqual([
      '0:httpd-873=><...>-874',
      '1:curl-872=>httpd-875',
      '1:httpd-875=><...>-876',
      '0:curl-874=>httpd-877',
      '0:httpd-877=>curl-876',
    ]);
  });
});

describe('tracefsGraphDetector', () => {
  it('is certain with a function_graph header and zero with a function header', () => {
    expect(tracefsGraphDetector.id).toBe('tracefs-function-graph');
    expect(tracefsGraphDetector.score(['# tracer: function_graph', '#'])).toBe(1);
    expect(tracefsGraphDetector.score(['# tracer: function', '#', '  bash-1 [000] ..... 1.000000: f <-g'])).toBe(0);
  });

  it('recognises headerless trace_pipe text', () => {
    expect(tracefsGraphDetector.score(readTrace('04-tracefs-trace_pipe.txt').slice(0, 200))).toBeGreaterThan(0.9);
  });

  it('returns 0 for trace-cmd report text', () => {
    expect(tracefsGraphDetector.score(['cpus=2', '  curl-139   [001]    11.524982: funcgraph_entry:      ! 472.967 us |  mutex_unlock();'])).toBe(0);
    expect(tracefsGraphDetector.score(['  curl-139   [001]    11.524982: funcgraph_entry:                   |  f() {'])).toBe(0);
    expect(tracefsGraphDetector.score(['cpus=2'])).toBe(0);
  });

  it('returns 0 for plain function-tracer text', () => {
    expect(tracefsGraphDetector.score(['           nginx-4411    [003] .....   873.104522: tcp_sendmsg <-inet_sendmsg'])).toBe(0);
  });

  it('creates a working parser', () => {
    const p = tracefsGraphDetector.create();
    const r = createRecord();
    p.parseLine(' 2)               |    vfs_write() {', 1, r);
    expect(r.kind).toBe(K.Entry);
  });
});
