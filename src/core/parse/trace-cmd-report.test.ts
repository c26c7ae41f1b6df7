/** trace-cmd report lines: docs/formats.md §8, items 8, 11, 68–87 (the numbers in test names). */
import { describe, expect, it } from 'vitest';
import { createRecord, RecordFlag, RecordKind, type LineRecord } from './record';
import { TraceCmdReportParser, traceCmdReportDetector } from './trace-cmd-report';
import { modelFromReport } from '../../test-utils/model-dsl';
import { callTreeLines } from '../../test-utils/model-tree';

function parse(line: string, parser = new TraceCmdReportParser()): LineRecord {
  const r = createRecord();
  parser.parseLine(line, 1, r);
  return r;
}

describe('trace-cmd report lines', () => {
  it('8: cpus=N is preamble and records the CPU count; CPU N is empty / version = N are accepted', () => {
    const p = new TraceCmdReportParser();
    expect(parse('cpus=8', p)).toMatchObject({ kind: RecordKind.Preamble, count: 8 });
    expect(p.cpuCount).toBe(8);
    expect(parse('CPU 2 is empty').kind).toBe(RecordKind.Preamble);
    expect(parse('version = 6').kind).toBe(RecordKind.Preamble);
  });

  it('11: dropped-events markers with and without a count', () => {
    expect(parse('CPU:3 [2417 EVENTS DROPPED]')).toMatchObject({ kind: RecordKind.Lost, cpu: 3, count: 2417 });
    expect(parse('CPU:3 [EVENTS DROPPED]')).toMatchObject({ kind: RecordKind.Lost, cpu: 3, count: -1 });
  });

  it('68: a nested entry without flags', () => {
    const r = parse('           nginx-4411  [003] 21873.104522: funcgraph_entry:                   |    tcp_sendmsg() {');
    expect(r).toMatchObject({ kind: RecordKind.Entry, comm: 'nginx', pid: 4411, cpu: 3, depth: 1, name: 'tcp_sendmsg' });
    expect(r.tsNs).toBe(21873104522000);
    expect(r.durNs).toBeNaN();
  });

  it('69: the flags column of trace-cmd 3.3+', () => {
    const r = parse('           nginx-4411  [003] ..... 21873.104522: funcgraph_entry:                   |    tcp_sendmsg() {');
    expect(r).toMatchObject({ kind: RecordKind.Entry, cpu: 3, tsNs: 21873104522000, name: 'tcp_sendmsg', flagsText: '.....' });
    expect(parse('          <idle>-0     [011] d..1. 21873.104531: funcgraph_exit:         8.930 us   |    }').flagsText).toBe('d..1.');
    // 68: without the column there are no flags, and a fraction means seconds, not a raw count.
    const plain = parse('           nginx-4411  [003] 21873.104522: funcgraph_entry:                   |    tcp_sendmsg() {');
    expect([plain.flagsText, plain.flags & RecordFlag.RawTime]).toEqual(['', 0]);
  });

  it('70: -R raw flags and a raw entry', () => {
    const r = parse('           nginx-4411  [003]-0x1 21873.104522: funcgraph_entry:       func=0xffffffff81b2a3c0 depth=1');
    expect(r).toMatchObject({ kind: RecordKind.Entry, cpu: 3, depth: 1, name: '0xffffffff81b2a3c0' });
  });

  it('70: -R raw flag bits `-0x1` give flags 0x1, in the default and the -l prefix (checklist 70)', () => {
    const r = parse('           nginx-4411  [003]-0x1 21873.104522: funcgraph_entry:       func=0xffffffff81b2a3c0 depth=1');
    expect(r).toMatchObject({ kind: RecordKind.Entry, comm: 'nginx', pid: 4411, cpu: 3, tsNs: 21873104522000, depth: 1, flagsText: '0x1' });
    const lat = parse('   nginx-4411    3-0x1 21873.104522: funcgraph_entry:       func=0xffffffff81b2a3c0 depth=1');
    expect(lat).toMatchObject({ kind: RecordKind.Entry, comm: 'nginx', pid: 4411, cpu: 3, depth: 1, flagsText: '0x1' });
  });

  it('71: the -l latency prefix', () => {
    const r = parse('   nginx-4411    3d..1. 21873.104522: funcgraph_entry:                   |    tcp_sendmsg() {');
    expect(r).toMatchObject({ kind: RecordKind.Entry, comm: 'nginx', pid: 4411, cpu: 3, depth: 1 });
    expect(r.flagsText).toBe('d..1.');
    const real = parse('    curl-139     1...1.    11.524982: funcgraph_entry:      ! 472.967 us |  mutex_unlock();');
    expect(real).toMatchObject({ kind: RecordKind.Leaf, comm: 'curl', pid: 139, cpu: 1, durNs: 472967, depth: 0 });
    expect([real.flagsText, real.mark]).toEqual(['...1.', '!']);
  });

  it('72: nanosecond and raw timestamps, also glued to the previous field', () => {
    expect(parse('            curl-139   [001]    11.524982482: funcgraph_entry:                   |  f() {').tsNs).toBe(11524982482);
    expect(parse('            curl-139   [001] 11524982482: funcgraph_entry:                   |  f() {').tsNs).toBe(11524982482);
    // Without a fraction the time is a raw clock count, and says so.
    expect(parse('            curl-139   [001] 11524982482: funcgraph_entry:                   |  f() {').flags & RecordFlag.RawTime).toBeTruthy();
    expect(parse('            curl-139   [001]    11.524982482: funcgraph_entry:                   |  f() {').flags & RecordFlag.RawTime).toBe(0);
    expect(parse('            curl-139   [003]48120995123456: funcgraph_entry:                   |  f() {')).toMatchObject({
      cpu: 3,
      tsNs: 48120995123456,
      kind: RecordKind.Entry,
    });
    expect(parse('            curl-139   [003] .....48120995123456: funcgraph_entry:                   |  f() {').tsNs).toBe(
      48120995123456,
    );
  });

  it('72: a raw time glued to flags that hold a preempt count (3.3+ --raw-ts, counter clocks)', () => {
    // `%12llu` leaves no blank before 12 digits or more; the flags' last `.` ends them.
    const body = ': funcgraph_entry:        0.211 us   |      lock_sock_nested();';
    const at = (prefix: string) => parse(prefix + body);
    expect(at('           nginx-4411  [003] d..2.48120995123456')).toMatchObject({
      kind: RecordKind.Leaf,
      cpu: 3,
      flagsText: 'd..2.',
      tsNs: 48120995123456,
    });
    expect(at('           nginx-4411  [003] ...1.48120995123456')).toMatchObject({ flagsText: '...1.', tsNs: 48120995123456 });
    expect(at('    curl-139     1d.h1.481209951234567')).toMatchObject({ cpu: 1, flagsText: 'd.h1.', tsNs: 481209951234567 });
    // Flags ending in digits keep libtraceevent's five characters, unless the time would be
    // shorter than 12 digits (then the flags were shorter: libtraceevent < 1.7.1 printed 4).
    expect(at('           nginx-4411  [003] ...1148120995123456')).toMatchObject({ flagsText: '...11', tsNs: 48120995123456 });
    expect(at('    curl-139     1d.h21481209951234567')).toMatchObject({ cpu: 1, flagsText: 'd.h21', tsNs: 481209951234567 });
    expect(at('           nginx-4411  [003] ...1481209951234')).toMatchObject({ flagsText: '...1', tsNs: 481209951234 });
  });

  it('11, 74: a drop marker behind an instance\'s or input file\'s prefix is read with it', () => {
    // trace-read.c prints the prefix, then the record's text, which starts with the marker.
    expect(parse('    net: CPU:1 [3 EVENTS DROPPED]')).toMatchObject({ kind: RecordKind.Lost, cpu: 1, count: 3, instance: 'net' });
    expect(parse('trace-2.dat: CPU:12 [EVENTS DROPPED]')).toMatchObject({ kind: RecordKind.Lost, cpu: 12, count: -1, instance: 'trace-2.dat' });
    // The top-level buffer's prefix is blanks.
    expect(parse('       CPU:1 [3 EVENTS DROPPED]')).toMatchObject({ kind: RecordKind.Lost, cpu: 1, count: 3, instance: '' });
  });

  it('74: an input file\'s prefix is its base name, which may hold blanks', () => {
    // trace-read.c add_handle() keeps the part after the last '/' of the -i argument, whatever it holds.
    const r = parse('  my run.dat:            bash-1234  [000] .....  7200.104522: funcgraph_entry:        0.211 us   |    f();');
    expect(r).toMatchObject({ kind: RecordKind.Leaf, instance: 'my run.dat', comm: 'bash', pid: 1234, cpu: 0, name: 'f' });
    expect(parse(' my run.dat: CPU:1 [3 EVENTS DROPPED]')).toMatchObject({ kind: RecordKind.Lost, cpu: 1, instance: 'my run.dat' });
  });

  it('73: a --ts-diff column is accepted', () => {
    const r = parse('           nginx-4411  [003] ...1. 21873.104523: (+1)     funcgraph_entry:        0.211 us   |      lock_sock_nested();');
    expect(r).toMatchObject({ kind: RecordKind.Leaf, name: 'lock_sock_nested', durNs: 211, depth: 2 });
  });

  it('74: an instance prefix', () => {
    const r = parse('net-inst:            nginx-4411  [003] ..... 21873.104522: funcgraph_entry:                   |    tcp_sendmsg() {');
    expect(r).toMatchObject({ kind: RecordKind.Entry, instance: 'net-inst', pid: 4411, name: 'tcp_sendmsg' });
    const top = parse('                     nginx-4411  [003] d..2. 21873.104522: sched_switch:         nginx:4411 [120] S ==> swapper/3:0 [120]');
    expect(top).toMatchObject({ kind: RecordKind.Event, instance: '', name: 'sched_switch', pid: 4411 });
  });

  it('75: a long duration that pushes the | right, with a return value', () => {
    const r = parse('          <idle>-0     [011] d..1. 21873.104531: funcgraph_exit:       # 2248.930 us |    } (ret=-16)');
    expect(r).toMatchObject({ kind: RecordKind.Exit, comm: '<idle>', pid: 0, cpu: 11, durNs: 2248930, depth: 1, retval: '-16' });
    expect(r.mark).toBe('#');
  });

  it('76: the fgraph:depth suffix wins over the indentation and is flagged', () => {
    const r = parse('           nginx-4411  [003] ...1. 21873.104523: funcgraph_entry:        0.211 us   |      lock_sock_nested(); (1) (ret=0x0)');
    expect(r).toMatchObject({ kind: RecordKind.Leaf, depth: 1, name: 'lock_sock_nested', retval: '0x0' });
    expect(r.flags).not.toBe(0);
    // The retaddr comment sits between the depth and the retval (§4.4 grammar).
    const both = parse('           nginx-4411  [003] ...1. 21873.104523: funcgraph_entry:        0.211 us   |    f(); (1) /* <-g */ (ret=-11)');
    expect(both).toMatchObject({ kind: RecordKind.Leaf, depth: 1, name: 'f', parentName: 'g', retval: '-11', callerOffset: -1 });
  });

  it('76: a depth suffix that agrees is not flagged; one that disagrees wins and sets DepthMismatch (checklist 76)', () => {
    const prefix = '           nginx-4411  [003] ...1. 21873.104523: funcgraph_entry:        0.211 us   |';
    const agrees = parse(`${prefix}    lock_sock_nested(); (1) (ret=0x0)`);
    expect(agrees).toMatchObject({ kind: RecordKind.Leaf, name: 'lock_sock_nested', depth: 1, retval: '0x0', durNs: 211 });
    expect(agrees.flags & RecordFlag.DepthMismatch).toBe(0);
    const disagrees = parse(`${prefix}      lock_sock_nested(); (1) (ret=0x0)`);
    expect(disagrees).toMatchObject({ kind: RecordKind.Leaf, name: 'lock_sock_nested', depth: 1, retval: '0x0' });
    expect(disagrees.flags & RecordFlag.DepthMismatch).toBe(RecordFlag.DepthMismatch);
  });

  it('77: tailprint name, depth and retval on an exit', () => {
    const r = parse('           nginx-4411  [003] ..... 21873.104531: funcgraph_exit:         8.930 us   |    } /* tcp_sendmsg */ (0) (ret=0x5a8)');
    expect(r).toMatchObject({ kind: RecordKind.Exit, name: 'tcp_sendmsg', depth: 0, durNs: 8930, retval: '0x5a8' });
  });

  it('78: a retaddr entry with arguments', () => {
    const r = parse(
      '           nginx-4411  [003] ..... 21873.104522: fgraph_retaddr_entry:              |    tcp_sendmsg(sk=0x1) /* <-inet_sendmsg */ {',
    );
    expect(r).toMatchObject({ kind: RecordKind.Entry, name: 'tcp_sendmsg', parentName: 'inet_sendmsg', depth: 1, args: 'sk=0x1', retval: '' });
  });

  it('79: unresolved addresses and a nameless entry', () => {
    const addr = parse('            curl-139   [001]    11.524982: funcgraph_entry:        1.000 us   |  ffffffffc0a1b2c3();');
    expect(addr.name).toBe('ffffffffc0a1b2c3');
    expect(addr.flags & RecordFlag.Unresolved).toBeTruthy();
    const symbol = parse('            curl-139   [001]    11.524982: funcgraph_entry:        1.000 us   |  add_timer();');
    expect(symbol.flags & RecordFlag.Unresolved).toBe(0);
    expect(parse('            curl-139   [001]    11.524982: funcgraph_entry:                   |  ) {')).toMatchObject({
      kind: RecordKind.Entry,
      name: '',
    });
  });

  it('81: an orphan } without a name', () => {
    expect(parse('            curl-139   [001]    11.525498: funcgraph_exit:         8.836 us   |  }')).toMatchObject({
      kind: RecordKind.Exit,
      name: '',
      durNs: 8836,
      depth: 0,
    });
  });

  it('82: -N kernel formats', () => {
    expect(parse('           nginx-4411  [003] ..... 21873.104522: funcgraph_entry:      --> tcp_sendmsg (1)')).toMatchObject({
      kind: RecordKind.Entry,
      name: 'tcp_sendmsg',
      depth: 1,
    });
    const r = parse(
      '           nginx-4411  [003] ..... 21873.104531: funcgraph_exit:       <-- tcp_sendmsg (1) (start: 13e4d1a2b07c  end: 13e4d1a2d3be) over: 1 retval: 5a8',
    );
    expect(r).toMatchObject({ kind: RecordKind.Exit, name: 'tcp_sendmsg', depth: 1, durNs: 0x2342, retval: '0x5a8' });
  });

  it('83: -R exit fields give rettime - calltime, in any order', () => {
    const a = parse('            curl-139   [001]    11.525361: funcgraph_exit:        func=mutex_unlock depth=0 overrun=0 calltime=2aeef15b8 rettime=2aef64d3f');
    expect(a).toMatchObject({ kind: RecordKind.Exit, name: 'mutex_unlock', depth: 0, durNs: 472967, callTimeNs: 0x2aeef15b8 });
    const b = parse('            curl-139   [001]    11.525361: funcgraph_exit:        func=mutex_unlock calltime=0x2aeef15b8 rettime=0x2aef64d3f overrun=0 depth=0');
    expect(b.durNs).toBe(472967);
    const c = parse('            curl-139   [001]    11.525361: funcgraph_exit:        func=f retval=0xfffffff2 depth=0 overrun=0 calltime=0x1 rettime=0x2');
    expect(c).toMatchObject({ kind: RecordKind.Exit, name: 'f', retval: '0xfffffff2', durNs: 1 });
  });

  it('84: function events, with and without a parent', () => {
    expect(parse('            sshd-1822  [001] ..... 21873.104522: function:                lock_sock_nested')).toMatchObject({
      kind: RecordKind.FunctionCall,
      name: 'lock_sock_nested',
      depth: -1,
    });
    expect(parse('            sshd-1822  [001] ..... 21873.104522: function:             tcp_sendmsg <-- inet_sendmsg')).toMatchObject({
      name: 'tcp_sendmsg',
      parentName: 'inet_sendmsg',
    });
    const rep = parse('            sshd-1822  [001] ..... 21873.104540: func_repeats:         tcp_sendmsg <-- inet_sendmsg (count: 4  last_ts: 21873.104538)');
    expect(rep).toMatchObject({ kind: RecordKind.FunctionCall, name: 'tcp_sendmsg', parentName: 'inet_sendmsg', count: 4, lastTsNs: 21873104538000 });
  });

  it('84: func_repeats as trace-cmd prints it, from the event format: `NAME <-PARENT\t(repeats:N  delta: -D)`', () => {
    // kernel/trace/trace_entries.h FTRACE_ENTRY(func_repeats): " %ps <-%ps\t(repeats:%u  delta: -%llu)";
    // libtraceevent has no plugin for it, so trace-cmd report prints that format.
    const rep0 = '          <idle>-0     [001]   261.848849: func_repeats:          next_zone <-need_update\t(repeats:3  delta: -189)';
    const rep = parse(rep0);
    expect(rep).toMatchObject({ kind: RecordKind.FunctionCall, name: 'next_zone', parentName: 'need_update', count: 3 });
    expect(rep.lastTsNs).toBe(261848849000 - 189);
    // A tab expanded to spaces by a copy, and no parent.
    expect(parse('          <idle>-0     [001]   261.848849: func_repeats:          next_zone      (repeats:65535  delta: -0)')).toMatchObject({
      name: 'next_zone',
      parentName: '',
      count: 65535,
    });
    // Not a whole tail: the text is not taken apart.
    expect(parse('          <idle>-0     [001]   261.848849: func_repeats:          next_zone <-need_update\t(repeats:3  delta: 189)').count).toBe(-1);
    // In the model: the recorded call and its 3 repeats, all of next_zone.
    const model = modelFromReport(
      ['cpus=2', '          <idle>-0     [001]   261.848848: function:             next_zone', rep0, ''].join('\n'),
    );
    expect(model.calls.length).toBe(4);
    expect(Array.from(model.calls.func.subarray(0, 4), (f) => model.strings.get(f))).toEqual(Array(4).fill('next_zone'));
  });

  it('84: -O offset prints `NAME+0xOFF ` for the function and its parent; the names are the symbols', () => {
    // libtraceevent's plugin_function.c: show_function() prints "%s" then "+0x%x ".
    expect(parse('            sshd-1822  [001] ..... 21873.104522: function:             tcp_sendmsg+0x4  <-- inet_sendmsg+0x2c ')).toMatchObject({
      kind: RecordKind.FunctionCall,
      name: 'tcp_sendmsg',
      parentName: 'inet_sendmsg',
    });
    expect(parse('            sshd-1822  [001] ..... 21873.104522: function:                lock_sock_nested+0x4 ')).toMatchObject({
      kind: RecordKind.FunctionCall,
      name: 'lock_sock_nested',
    });
  });

  it('85: kernel_stack and its frame lines', () => {
    expect(parse('            curl-893   [001]   209.353408: kernel_stack:         <stack trace >')).toMatchObject({
      kind: RecordKind.Event,
      name: 'kernel_stack',
    });
    expect(parse('=> vfs_write (ffffffff81423c10)')).toMatchObject({ kind: RecordKind.StackFrame, name: 'vfs_write (ffffffff81423c10)' });
  });

  it('86: sched_switch is an event of its task and CPU', () => {
    const r = parse('                     nginx-4411  [003] d..2. 21873.104522: sched_switch:         nginx:4411 [120] S ==> swapper/3:0 [120]');
    expect(r).toMatchObject({ kind: RecordKind.Event, name: 'sched_switch', cpu: 3, pid: 4411, text: 'nginx:4411 [120] S ==> swapper/3:0 [120]' });
  });

  it('87: a 7-digit fraction from trace-cmd <= 2.6 is the next second', () => {
    expect(parse('            curl-139   [001]   873.1000000: funcgraph_entry:                   |  f() {').tsNs).toBe(874000000000);
  });

  it('comm names with spaces, dashes, slashes and <...>', () => {
    expect(parse(' Isolated Web Co-30112 [005] ..... 21873.104522: funcgraph_entry:                   |    do_epoll_wait() {')).toMatchObject({
      comm: 'Isolated Web Co',
      pid: 30112,
    });
    expect(parse('           <...>-2204117 [005] ..... 21873.104522: funcgraph_entry:                   |    f() {')).toMatchObject({
      comm: '<...>',
      pid: 2204117,
    });
    expect(parse('     kworker/1:2-100   [001]    11.6: funcgraph_entry:                   |  f() {')).toMatchObject({
      comm: 'kworker/1:2',
      pid: 100,
    });
  });

  it("a task name holding ': ' (tmux's `tmux: server`) is no instance prefix; a prefix before it still is", () => {
    const entry = '|  vfs_write() {';
    expect(parse(`    tmux: server-1234  [001] ..... 123.456789: funcgraph_entry:                   ${entry}`)).toMatchObject({
      kind: RecordKind.Entry,
      instance: '',
      comm: 'tmux: server',
      pid: 1234,
      cpu: 1,
      tsNs: 123456789000,
    });
    expect(parse('    tmux: server-1234  [001]   123.456789: sched_switch:         tmux: server:1234 [120] S ==> swapper/1:0 [120]')).toMatchObject({
      kind: RecordKind.Event,
      instance: '',
      comm: 'tmux: server',
      name: 'sched_switch',
    });
    // An instance's prefix is followed by the task name right-aligned in 16: by blanks.
    expect(parse(`net:     tmux: server-139   [001]    11.524982: funcgraph_entry:                   ${entry}`)).toMatchObject({
      instance: 'net',
      comm: 'tmux: server',
      pid: 139,
    });
    expect(parse(`net:             curl-139   [001]    11.524982: funcgraph_entry:                   ${entry}`)).toMatchObject({ instance: 'net', comm: 'curl' });
    // -l prints the name in 8, cut: `tmux: se`; an instance before an 8-character name leaves no blank.
    expect(parse(`tmux: se-1234    1d..1. 123.456789: funcgraph_entry:                   ${entry}`)).toMatchObject({
      instance: '',
      comm: 'tmux: se',
      pid: 1234,
      cpu: 1,
      flagsText: 'd..1.',
    });
    expect(parse(`net: kworker/-120    3d..1. 123.456789: funcgraph_entry:                   ${entry}`)).toMatchObject({
      instance: 'net',
      comm: 'kworker/',
      pid: 120,
      cpu: 3,
    });
  });

  it("a task name that reads as a whole prefix (prctl's `x-1 [2] 1.0: y`) is the task's, not a record of task x", () => {
    const entry = '|  .tcp_sendmsg() {';
    expect(parse(` x-1 [2] 1.0: y-4194303 [1023]  1011.525100: funcgraph_entry:                   ${entry}`)).toMatchObject({
      kind: RecordKind.Entry,
      instance: '',
      comm: 'x-1 [2] 1.0: y',
      pid: 4194303,
      cpu: 1023,
      tsNs: 1011525100000,
      name: '.tcp_sendmsg',
    });
    expect(parse(' x-1 [2] 1.0: y-77 [003]  5.000001: sched_wakeup: comm=a pid=1 prio=120 target_cpu=003')).toMatchObject({
      kind: RecordKind.Event,
      comm: 'x-1 [2] 1.0: y',
      pid: 77,
      cpu: 3,
      name: 'sched_wakeup',
    });
    // and through the loader (its byte fast path and this parser): the task's calls stay its own
    const m = modelFromReport(` x-1 [2] 1.0: y-4194303 [1023]  1011.525100: funcgraph_entry:                   ${entry}\n x-1 [2] 1.0: y-4194303 [1023]  1011.525110: funcgraph_exit:         9.000 us   |  }\n`);
    expect(m.tasks.map((t) => [t.comm, t.pid, t.cpus])).toEqual([['x-1 [2] 1.0: y', 4194303, [1023]]]);
    expect(m.calls.length).toBe(1);
  });

  it('1: CRLF line ends parse like LF', () => {
    const lf = parse('            curl-139   [001]    11.525498: funcgraph_exit:         8.836 us   |  }');
    const crlf = parse('            curl-139   [001]    11.525498: funcgraph_exit:         8.836 us   |  }\r');
    expect(crlf).toEqual(lf);
  });

  it('3/93: a line cut mid-field is Unknown with a reason, never a throw', () => {
    for (const cut of ['            curl-139   [001]    11.52', '  curl-139   [001]    11.525498: funcgraph_exit:         8.8', 'garbage \u0000\u0001']) {
      const r = parse(cut);
      expect(r.kind).toBe(RecordKind.Unknown);
      expect(r.problem).not.toBe('');
    }
  });

  it('the detector knows trace-cmd report and nothing else', () => {
    expect(traceCmdReportDetector.score(['cpus=2', '            curl-139   [001]    11.524982: funcgraph_entry:      ! 472.967 us |  mutex_unlock();'])).toBe(1);
    expect(traceCmdReportDetector.score(['# tracer: function_graph', '#', ' 0)               |  __x64_sys_connect() {'])).toBe(0);
    expect(traceCmdReportDetector.score(['hello world'])).toBe(0);
  });
});

describe('a message with a newline (trace_marker, trace_printk): trace-cmd prints the rest on lines of their own', () => {
  const lines = (texts: string[], parser = new TraceCmdReportParser(), first = 1): LineRecord[] =>
    texts.map((line, k) => {
      const r = createRecord();
      parser.parseLine(line, first + k, r);
      return r;
    });
  const print = '            bash-1022  [000] ..... 21873.104522: print:                tracing_mark_write: phase 2';

  it('the lines after a print, bprint or bputs that read as no record are its text, blank ones too', () => {
    const r = lines([print, 'step 3 | { }', '', 'done: [001] 1.5: x', '            bash-1022  [000] ..... 21873.104523: bprint:               do_sys_open: a', 'b']);
    expect(r.map((x) => x.kind)).toEqual([RecordKind.Event, RecordKind.EventText, RecordKind.EventText, RecordKind.EventText, RecordKind.Event, RecordKind.EventText]);
    expect(r.map((x) => x.text)).toEqual(['tracing_mark_write: phase 2', 'step 3 | { }', '', 'done: [001] 1.5: x', 'do_sys_open: a', 'b']);
  });

  it("a message line that starts with '#' is its text; after a record, such a line is a header", () => {
    const r = lines([print, '# 2', '            bash-1022  [000] ..... 21873.104523: sched_switch:         a:1 [120] R ==> b:2 [120]', '# 3']);
    expect(r.map((x) => x.kind)).toEqual([RecordKind.Event, RecordKind.EventText, RecordKind.Event, RecordKind.Meta]);
    expect(r[1].text).toBe('# 2');
  });

  it('after any other event, after a line the parser did not see (the fast path), or past the bound, such a line is unparsed', () => {
    const sched = '          <idle>-0     [001] d..2. 21873.104522: sched_switch:         swapper/1:0 [120] R ==> bash:1022 [120]';
    expect(lines([sched, 'step 3']).map((x) => x.kind)).toEqual([RecordKind.Event, RecordKind.Unknown]);
    const p = new TraceCmdReportParser();
    lines([print], p, 1);
    // Line 2 was a funcgraph line the byte fast path took: line 3 is not the message's.
    expect(lines(['step 3'], p, 3)[0].kind).toBe(RecordKind.Unknown);
    const long = lines([print, ...Array.from({ length: 70 }, (_, k) => `line ${k}`)]);
    expect(long.filter((x) => x.kind === RecordKind.EventText).length).toBe(64);
    expect(long[long.length - 1].kind).toBe(RecordKind.Unknown);
  });

  it('a line that may be the rest of a message never begins a range; a record line does', () => {
    const p = new TraceCmdReportParser();
    expect(p.startsFresh('step 3')).toBe(false);
    expect(p.startsFresh('')).toBe(false);
    expect(p.startsFresh(print)).toBe(true);
  });
});

/**
 * `trace-cmd report --debug` (trace-read.c trace_show_data, 2.9 to 3.4): a page's first record
 * is preceded by `CPU:N [SUBBUFFER START] [PAGE_TS:0xOFFSET]` (--boundary prints it without the
 * bracket), every record ends in ` [TS_DELTA:0xOFFSET_IN_PAGE:SIZE]`, and the ring buffer's own
 * entries after a record follow it as ` PADDING: delta:D length:L` lines.
 */
describe('trace-cmd report --debug and --boundary', () => {
  const plain = [
    'cpus=2',
    '            curl-139   [001]    11.525491: funcgraph_entry:                   |  __f_unlock_pos() {',
    '            curl-139   [001]    11.525496: funcgraph_entry:        1.183 us   |    mutex_unlock();',
    '            curl-139   [001]    11.525498: funcgraph_exit:         8.836 us   |  }',
    '            curl-139   [001]    11.525500: function:             vfs_read <-- ksys_read',
    '            curl-139   [001]    11.525501: print:                tracing_mark_write: phase 2',
  ];
  const debug = [
    'cpus=2',
    'CPU:1 [SUBBUFFER START] [11525491000:0x1f000]',
    '            curl-139   [001]    11.525491: funcgraph_entry:                   |  __f_unlock_pos() { [0:0x10:24]',
    '            curl-139   [001]    11.525496: funcgraph_entry:        1.183 us   |    mutex_unlock(); [5123:0x28:24]',
    '            curl-139   [001]    11.525498: funcgraph_exit:         8.836 us   |  } [2001:0x58:44]',
    '            curl-139   [001]    11.525500: function:             vfs_read <-- ksys_read [1980:0x84:32]',
    '            curl-139   [001]    11.525501: print:                tracing_mark_write: phase 2 [1020:0xa4:36]',
    ' PADDING: delta:0 length:3932',
  ];

  it('reads the same calls, events and tasks as without it, and the debug lines as headers', () => {
    const a = modelFromReport(plain.join('\n') + '\n');
    const b = modelFromReport(debug.join('\n') + '\n');
    expect(b.diagnostics.unparsedLines).toBe(0);
    expect(b.diagnostics.dropMarkers).toBe(0);
    expect(b.diagnostics.headerLines).toBe(3);
    expect(callTreeLines(b)).toEqual(callTreeLines(a));
    expect(callTreeLines(b).map((l) => l.trim().split(' ')[0])).toEqual(['__f_unlock_pos', 'mutex_unlock', 'vfs_read']);
    expect(b.events.text).toEqual(['tracing_mark_write: phase 2']);
    expect(b.tasks.map((t) => `${t.comm}-${t.pid}`)).toEqual(['curl-139']);
  });

  it("kernel_stack's last frame carries the record's tail: the frame is read without it", () => {
    // plugin_function.c trace_stack_handler ends each frame with '\n'; trace_show_data drops the last one and adds the tail.
    expect(parse('=> do_syscall_64 (ffffffff81e3c0a0) [1203:0x3c8:64]').name).toBe('do_syscall_64 (ffffffff81e3c0a0)');
    expect(parse('=> ffffffffc0a1b2c3 [0:0x10:48]').name).toBe('ffffffffc0a1b2c3');
    expect(parse('=> nf_hook_slow [nf_tables] (ffffffffc0a1b2c3)').name).toBe('nf_hook_slow [nf_tables] (ffffffffc0a1b2c3)');
  });

  it('--boundary: the SUBBUFFER START line without the page bracket', () => {
    expect(parse('CPU:12 [SUBBUFFER START]').kind).toBe(RecordKind.Meta);
    expect(parse('CPU:12 [SUBBUFFER START] [-5:0x3000]').kind).toBe(RecordKind.Meta);
    expect(parse(' TIME EXTEND: delta:134217728 length:8').kind).toBe(RecordKind.Meta);
    expect(parse(' TIME STAMP: timestamp:11525491000 length:8').kind).toBe(RecordKind.Meta);
    // Not the page bracket: still an unread line.
    expect(parse('CPU:12 [SUBBUFFER START] trailing').kind).toBe(RecordKind.Unknown);
  });

  it('with instances the prefix is printed before SUBBUFFER START, and its record follows without it', () => {
    const m = modelFromReport(
      [
        'cpus=2',
        'net: CPU:1 [SUBBUFFER START] [11525491000:0x1f000]',
        '            curl-139   [001]    11.525496: funcgraph_entry:        1.183 us   |    mutex_unlock(); [0:0x10:24]',
        '                 curl-139   [001]    11.525497: funcgraph_entry:        0.500 us   |    mutex_lock(); [1000:0x10:24]',
        // A page that lost events: the drop marker, then SUBBUFFER START, then the record.
        'net: CPU:0 [2 EVENTS DROPPED]',
        'CPU:0 [SUBBUFFER START] [11525498000:0x4000]',
        '            curl-140   [000]    11.525498: funcgraph_entry:        0.500 us   |    mutex_lock(); [0:0x10:24]',
      ].join('\n') + '\n',
    );
    expect(m.diagnostics.unparsedLines).toBe(0);
    expect(m.diagnostics.droppedEvents).toBe(2);
    expect(m.tasks.map((t) => `${t.instance}:${t.comm}-${t.pid}`).sort()).toEqual([':curl-139', 'net:curl-139', 'net:curl-140']);
  });
});

describe('trace-cmd report -w', () => {
  it('the wakeup latency summary after the records is read as header lines, not unread ones', () => {
    // trace-read.c: add_sched appends ` Latency: …` to the sched_switch line; show_wakeup_timings
    // prints the summary, once for all tasks and once more for the RT ones.
    const m = modelFromReport(
      [
        'cpus=2',
        '          <idle>-0     [001]    11.524900: sched_wakeup:         curl:139 [120] CPU:001',
        '          <idle>-0     [001]    11.524950: sched_switch:         swapper/1:0 [120] R ==> curl:139 [120] Latency: 50.000 usecs',
        '            curl-139   [001]    11.524982: funcgraph_entry:        1.183 us   |  mutex_unlock();',
        '',
        'Average wakeup latency: 50.000 usecs',
        'Maximum Latency: 50.000 usecs at timestamp: 11.524950',
        'Minimum Latency: 50.000 usecs at timestamp: 11.524950',
        '',
        'RT task timings:',
        '',
        'Average wakeup latency: 7.250 usecs',
        'Maximum Latency: 12.001 usecs at timestamp: 11.524001',
        'Minimum Latency: 2.500 usecs at timestamp: 11.520300',
        '',
      ].join('\n') + '\n',
    );
    expect(m.diagnostics.unparsedLines).toBe(0);
    expect(m.calls.length).toBe(1);
    expect(m.events.length).toBe(2);
    expect(parse('Average wakeup latency: 50.000').kind).toBe(RecordKind.Unknown);
  });
});

describe('trace-cmd 2.9.x: a time under one second printed as a bare count', () => {
  // trace-cmd 2.9–2.9.2's libtraceevent (print_event_time, `p10 < time`) printed ` %12llu` of
  // the microseconds (ns with -t) for any time up to one second: the start of an --align-ts report.
  const line = (time: string, body: string) => `            curl-139   [001] ${time}: funcgraph_entry:${body}`;

  it('reads the count as microseconds, and ns with -t above 10^6', () => {
    const us = parse(line('      997355', '        1.183 us   |  mutex_unlock();'));
    expect(us.tsNs).toBe(997_355_000);
    expect(us.flags & RecordFlag.RawTime).toBe(0);
    expect(parse(line('           0', '                   |  f() {')).tsNs).toBe(0);
    expect(parse(line('   999999998', '                   |  f() {')).tsNs).toBe(999_999_998);
    // The -l form: the count after the CPU and flags, with its leading blank.
    expect(parse('    curl-139     1d..1       997355: funcgraph_entry:                   |  f() {').tsNs).toBe(997_355_000);
  });

  it('a raw clock count (12 columns glued to the CPU, 2.9+ %12d) stays a raw count', () => {
    const raw = parse('            curl-139   [001]      997355: funcgraph_entry:                   |  f() {');
    expect(raw.tsNs).toBe(997355);
    expect(raw.flags & RecordFlag.RawTime).toBeTruthy();
    expect(parse('            curl-139   [001] d..1.      997355: funcgraph_entry:                   |  f() {').flags & RecordFlag.RawTime).toBeTruthy();
  });

  it('the first second of an --align-ts report is in time order with the seconds after it', () => {
    const m = modelFromReport(
      [
        'cpus=2',
        line('           0', '                   |  __f_unlock_pos() {'),
        line('           5', '        1.183 us   |    mutex_unlock();'),
        '            curl-139   [001]         2644: funcgraph_exit:       # 2644.000 us |  }',
        line('      997355', '        1.183 us   |  mutex_unlock();'),
        line('    1.000684', '        1.183 us   |  mutex_unlock();'),
      ].join('\n') + '\n',
    );
    expect(m.diagnostics.unparsedLines).toBe(0);
    expect(m.diagnostics.timeBackwards).toBe(0);
    expect(m.diagnostics.depthGaps).toBe(0);
    expect([...m.calls.start.subarray(0, m.calls.length)]).toEqual([0, 5000, 997_355_000, 1_000_684_000]);
  });
});

describe('trace-cmd report -i A -i B', () => {
  it("each file's cpus=N line is prefixed with its name; the trace counts the most CPUs of them", () => {
    const m = modelFromReport(
      [
        '      trace.dat: cpus=8',
        'trace-guest.dat: cpus=2',
        '      trace.dat:             curl-139   [007]    11.525496: funcgraph_entry:        1.183 us   |  mutex_unlock();',
        'trace-guest.dat:             curl-139   [001]    11.525497: funcgraph_entry:        0.500 us   |  mutex_lock();',
      ].join('\n') + '\n',
    );
    expect(m.diagnostics.unparsedLines).toBe(0);
    expect(m.cpuCount).toBe(8);
    expect(m.tasks.map((t) => `${t.instance}:${t.comm}-${t.pid}@${t.cpus.join(',')}`).sort()).toEqual([
      'trace-guest.dat:curl-139@1',
      'trace.dat:curl-139@7',
    ]);
  });
});

describe('trace-cmd report -N', () => {
  it("kernel_stack in the kernel's own format: the first frame on the record's line is the stack's first", () => {
    // trace_entries.h: F_printk("\t=> %ps\n\t=> %ps\n…"); the line's last '\n' is dropped by trace_show_data.
    const m = modelFromReport(
      [
        'cpus=2',
        '            curl-139   [001]    11.525496: kernel_stack:         \t=> __x64_sys_connect',
        '\t=> do_syscall_64',
        '\t=> entry_SYSCALL_64_after_hwframe',
        '            curl-139   [001]    11.525497: kernel_stack:         <stack trace >',
        '=> do_syscall_64 (ffffffff81e3c0a0)',
      ].join('\n') + '\n',
    );
    expect(m.diagnostics.unparsedLines).toBe(0);
    expect(m.events.stack).toEqual([['__x64_sys_connect', 'do_syscall_64', 'entry_SYSCALL_64_after_hwframe'], ['do_syscall_64 (ffffffff81e3c0a0)']]);
  });

  it('user_stack, which no plugin prints, is in that format too; its unused slots (0x0) are no frames', () => {
    // trace_entries.h FTRACE_ENTRY(user_stack): eight `\t=> %ps\n`, libtraceevent's %ps of an
    // address with no symbol `0x…`; the slots after the last frame are 0, where the kernel's own
    // text stops (trace_user_stack_print). The first frame was left in the text, out of the stack.
    const m = modelFromReport(
      [
        'cpus=2',
        '            curl-139   [001]    11.525496: user_stack:           \t=> 0x7f8a1b2c3d4e',
        '\t=> 0x55d0c0ffee10',
        ...Array.from({ length: 6 }, () => '\t=> 0x0'),
        '            curl-139   [001]    11.525497: user_stack:           \t=> 0x0',
        ...Array.from({ length: 7 }, () => '\t=> 0x0'),
      ].join('\n') + '\n',
    );
    expect(m.diagnostics.unparsedLines).toBe(0);
    expect(m.events.name).toEqual(['user_stack', 'user_stack']);
    expect(m.events.stack).toEqual([['0x7f8a1b2c3d4e', '0x55d0c0ffee10'], []]);
  });
});
