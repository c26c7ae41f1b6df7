import { describe, expect, it } from 'vitest';
import { RecordFlag, RecordKind } from './record';
import { skipConsolePrefix } from './context-prefix';
import { NGINX, NGINX_FIELDS, one, parseAll, PrefixReader } from '../../test-utils/prefix-reader';
import { loadText } from '../../test-utils/traces';

const K = RecordKind;

describe('context prefix: lost data', () => {
  it('9: `CPU:3 [LOST 2417 EVENTS]`', () => {
    expect(one('CPU:3 [LOST 2417 EVENTS]')).toMatchObject({ kind: K.Lost, cpu: 3, count: 2417 });
  });

  it('10: `CPU:3 [LOST EVENTS]`', () => {
    expect(one('CPU:3 [LOST EVENTS]')).toMatchObject({ kind: K.Lost, cpu: 3, count: -1 });
  });
});

describe('context prefix: the prefix and the payload kinds', () => {
  it('56: the default 5.15+ line', () => {
    const p = new PrefixReader();
    const r = one(NGINX, p);
    expect(r).toMatchObject({ ...NGINX_FIELDS, flagsText: '.....', tgid: -1, mark: '', args: '', retval: '' });
    expect(r.flags).toBe(0);
    expect(p.lastFlags).toBe('.....');
    expect(one('          <idle>-0       [012] d.h1.   873.104530: irq_enter_rcu <-sysvec_apic_timer_interrupt')).toMatchObject({
      comm: '<idle>',
      pid: 0,
      cpu: 12,
      name: 'irq_enter_rcu',
      parentName: 'sysvec_apic_timer_interrupt',
      flagsText: 'd.h1.',
    });
  });

  it('57: pid width 5 and 4 flag characters (4.x)', () => {
    const p = new PrefixReader();
    expect(one('           nginx-4411  [003] d..1   873.104522: tcp_sendmsg <-inet_sendmsg', p)).toMatchObject({
      ...NGINX_FIELDS,
      flagsText: 'd..1',
    });
    expect(p.lastFlags).toBe('d..1');
  });

  it('58: `(TGID)` and `(-------)` groups', () => {
    const p = new PrefixReader();
    expect(one('           nginx-4411    (   4400) [003] .....   873.104522: tcp_sendmsg <-inet_sendmsg', p)).toMatchObject({
      ...NGINX_FIELDS,
      tgid: 4400,
      flagsText: '.....',
    });
    expect(p.lastTgid).toBe(4400);
    expect(one('           nginx-4411    (-------) [003] .....   873.104522: tcp_sendmsg <-inet_sendmsg', p)).toMatchObject({
      ...NGINX_FIELDS,
      tgid: -1,
    });
    expect(p.lastTgid).toBe(-1);
    expect(one('           nginx-4411  (-----) [003] d..1   873.104522: tcp_sendmsg <-inet_sendmsg', p)).toMatchObject({
      ...NGINX_FIELDS,
      tgid: -1,
    });
    expect(one('           nginx-4411  ( 4400) [003] d..1   873.104522: tcp_sendmsg <-inet_sendmsg', p).tgid).toBe(4400);
  });

  it('59: a line without flags (noirq-info)', () => {
    const p = new PrefixReader();
    expect(one('           nginx-4411    [003]    873.104522: tcp_sendmsg <-inet_sendmsg', p)).toMatchObject({ ...NGINX_FIELDS, flagsText: '' });
    expect(p.lastFlags).toBe('');
  });

  it('60: a raw integer time is kept as the count and flagged RawTime (no seconds)', () => {
    const raw = one('           nginx-4411    [003] .....     77120455: tcp_sendmsg <-inet_sendmsg');
    expect(raw).toMatchObject({ ...NGINX_FIELDS, tsNs: 77120455 });
    expect(raw.flags & RecordFlag.RawTime).toBeTruthy();
    expect(one(NGINX).flags & RecordFlag.RawTime).toBe(0);
  });

  it('61: a long pid pushes `[CPU]` right', () => {
    expect(one('   kworker/u16:3-1203456 [005] .....   873.104530: process_one_work <-worker_thread')).toMatchObject({
      comm: 'kworker/u16:3',
      pid: 1203456,
      cpu: 5,
      name: 'process_one_work',
      parentName: 'worker_thread',
    });
  });

  it('62: comms with dashes, spaces and brackets', () => {
    expect(one('       trace-cmd-89135   [000] .....   873.104530: f <-g')).toMatchObject({ comm: 'trace-cmd', pid: 89135, cpu: 0 });
    expect(one('     Web Content-23817   [001] .....   873.104530: f <-g')).toMatchObject({ comm: 'Web Content', pid: 23817, cpu: 1 });
    expect(one('  irq/45-nvme0q3-512     [002] .....   873.104530: f <-g')).toMatchObject({ comm: 'irq/45-nvme0q3', pid: 512 });
    expect(one('      [weird] x-77       [002] .....   873.104530: f <-g')).toMatchObject({ comm: '[weird] x', pid: 77, cpu: 2 });
    expect(one('           <...>-4242    [002] .....   873.104530: f <-g')).toMatchObject({ comm: '<...>', pid: 4242 });
  });

  it('64: event payloads and marker text', () => {
    const sw = one(
      '          <idle>-0       [001] d..2.   873.104530: sched_switch: prev_comm=swapper/1 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=nginx next_pid=4411 next_prio=120',
    );
    expect(sw).toMatchObject({ kind: K.Event, name: 'sched_switch', comm: '<idle>', pid: 0, cpu: 1 });
    expect(sw.text).toBe('prev_comm=swapper/1 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=nginx next_pid=4411 next_prio=120');
    expect(one('            bash-1022    [000] .....   873.104542: tracing_mark_write: phase 2 start')).toMatchObject({
      kind: K.Event,
      name: 'tracing_mark_write',
      text: 'phase 2 start',
    });
    expect(one('           nginx-4411    [003] .....   873.104542: p_tcp_sendmsg_0: (tcp_sendmsg+0x0/0x50) size=0x5a8')).toMatchObject({
      kind: K.Event,
      name: 'p_tcp_sendmsg_0',
      text: '(tcp_sendmsg+0x0/0x50) size=0x5a8',
    });
  });

  it('65: `<stack trace>` and its frames', () => {
    const r = parseAll([
      '           nginx-4411    [003] .....   873.104543: <stack trace>',
      ' => tcp_sendmsg',
      ' => [FTRACE TRAMPOLINE]',
      NGINX,
    ]);
    expect(r.map((x) => x.kind)).toEqual([K.Event, K.StackFrame, K.StackFrame, K.FunctionCall]);
    expect(r[0]).toMatchObject({ name: 'kernel_stack', text: '<stack trace>', pid: 4411, cpu: 3 });
    expect(r[1].name).toBe('tcp_sendmsg');
    expect(r[2].name).toBe('[FTRACE TRAMPOLINE]');
    expect(one('           nginx-4411    [003] .....   873.104543: <user stack trace>')).toMatchObject({ kind: K.Event, name: 'user_stack' });
  });

  it('66: a latency-format line: relative time 8055 µs, flagged RelativeTime', () => {
    const p = new PrefixReader();
    const r = one('   nginx-4411      3..... 8055us : tcp_sendmsg <-inet_sendmsg', p);
    expect(r).toMatchObject({
      kind: K.FunctionCall,
      comm: 'nginx',
      pid: 4411,
      cpu: 3,
      tsNs: 8055000,
      name: 'tcp_sendmsg',
      parentName: 'inet_sendmsg',
      flagsText: '.....',
      mark: '',
    });
    expect(r.flags).toBe(RecordFlag.RelativeTime);
    expect(p.lastFlags).toBe('.....');
    expect(p.lastMark).toBe('');
    // Non-ns clocks print the relative time with no unit: raw units, relative.
    const raw = one('   nginx-4411      3d..1 12345: f <-g', p);
    expect(raw).toMatchObject({ pid: 4411, cpu: 3, tsNs: 12345, name: 'f', flagsText: 'd..1' });
    expect(raw.flags).toBe(RecordFlag.RelativeTime | RecordFlag.RawTime);
  });

  it('the verbose option\'s latency prefix: comm, pid, CPU and the ms since the buffer started', () => {
    // trace_print_lat_context(): '%16s %7d %3d %d %08x %08lx ', then lat_print_timestamp():
    // '[%08llx] %ld.%03ldms (+%ld.%03ldms): ' (ns clocks) or '[%016llx] %lld (+%lld): '.
    const p = new PrefixReader();
    const r = one('              ps    6143   2 1 00000001 00000001 [0001e6a3] 0.259ms (+0.004ms): trace_hardirqs_on <-_raw_spin_unlock_irqrestore', p);
    expect(r).toMatchObject({ kind: K.FunctionCall, comm: 'ps', pid: 6143, cpu: 2, tsNs: 259_000, name: 'trace_hardirqs_on', parentName: '_raw_spin_unlock_irqrestore' });
    expect(r.flags).toBe(RecordFlag.RelativeTime);
    expect(one('     Web Content 1234567  12 9 00000003 0000ffff [0001e6a3] 12.034ms (+0.000ms): <stack trace>', p)).toMatchObject({
      kind: K.Event,
      name: 'kernel_stack',
      comm: 'Web Content',
      pid: 1234567,
      cpu: 12,
      tsNs: 12_034_000,
    });
    const raw = one('          <idle>       0   0 0 00000000 00000002 [0000000000003039] 12345 (+7): f <-g', p);
    expect(raw).toMatchObject({ comm: '<idle>', pid: 0, cpu: 0, tsNs: 12345, name: 'f' });
    expect(raw.flags).toBe(RecordFlag.RelativeTime | RecordFlag.RawTime);
    // A whole irqsoff trace printed so is read, not refused as an unknown format.
    const m = loadText(
      [
        '# tracer: irqsoff',
        '#',
        '              ps    6143   2 1 00000000 00000000 [0001e5a0] 0.000ms (+0.259ms): trace_hardirqs_off <-__lock_task_sighand',
        '              ps    6143   2 1 00000001 00000001 [0001e6a3] 0.259ms (+0.004ms): trace_hardirqs_on <-_raw_spin_unlock_irqrestore',
        '',
      ].join('\n'),
    );
    expect([m.format, m.calls.length, m.diagnostics.unparsedLines]).toEqual(['tracefs-function', 2, 0]);
  });

  it('67: a truncated 8-char comm and a latency mark', () => {
    const p = new PrefixReader();
    expect(one('kworker/-120       3d..1.   12us+: process_one_work <-worker_thread', p)).toMatchObject({
      comm: 'kworker/',
      pid: 120,
      cpu: 3,
      tsNs: 12000,
      name: 'process_one_work',
      mark: '+',
      flagsText: 'd..1.',
    });
    expect(p.lastMark).toBe('+');
    expect(p.lastFlags).toBe('d..1.');
    expect(one('irq/45-n-512       0d.h1.  100us!: f <-g', p)).toMatchObject({ comm: 'irq/45-n', pid: 512, cpu: 0, mark: '!' });
  });
});

describe('context prefix: the console prefix', () => {
  it('skips the time, a log level and a CONFIG_PRINTK_CALLER caller id, and one space', () => {
    const rest = (s: string) => s.slice(skipConsolePrefix(s));
    expect(rest('[ 4711.093821]  0) f();')).toBe(' 0) f();');
    expect(rest('<0>[ 4711.093821][    T1]  0) f();')).toBe(' 0) f();');
    expect(rest('[ 4711.093821][C12345] bash-1022 0d..1. 101us : f <-g')).toBe('bash-1022 0d..1. 101us : f <-g');
    // Not a caller id: left to the line.
    expect(rest('[ 4711.093821][    X1] f')).toBe('[    X1] f');
    expect(rest('[ 4711.093821][    T] f')).toBe('[    T] f');
    expect(rest('[ 4711.093821][001] f')).toBe('[001] f');
  });

  it("skips a system log's head before the kernel message: kern.log, journalctl -k, dmesg -T", () => {
    const rest = (s: string) => s.slice(skipConsolePrefix(s));
    expect(rest('Dec  5 11:00:00 host kernel: [   12.345678]  0) f();')).toBe(' 0) f();');
    expect(rest('Dec 05 11:00:00 host kernel:  0) f();')).toBe(' 0) f();');
    expect(rest('2026-12-05T11:00:00.123456+00:00 host kernel:  0) f();')).toBe(' 0) f();');
    expect(rest('[   12.345678] host kernel:  0) f();')).toBe(' 0) f();');
    expect(rest('[Sat Dec  5 11:00:00 2026]  0) f();')).toBe(' 0) f();');
    // A task name at the start of a function tracer line is no log head.
    expect(rest('Xorg-1234 [001] d..1. 873.104522: f <-g')).toBe('Xorg-1234 [001] d..1. 873.104522: f <-g');
    expect(rest('Dec  5 11:00:00 host sshd[12]: 0) f();')).toBe('Dec  5 11:00:00 host sshd[12]: 0) f();');
  });
});

describe('context prefix: a message event under the sym-offset and sym-addr options', () => {
  it("names the marker's or trace_printk's caller as without them (seq_print_ip_sym: +0xOFF/0xSIZE [module], <ADDRESS>)", () => {
    const at = '            bash-1022    [000] .....   873.104542: ';
    expect(one(at + 'tracing_mark_write+0x5c/0x1a0: phase 2')).toMatchObject({ kind: K.Event, name: 'tracing_mark_write', text: 'phase 2' });
    expect(one(at + 'my_probe+0x1c/0x40 [mydrv]: x=5 (a) <-b')).toMatchObject({ kind: K.Event, name: 'my_probe', text: 'x=5 (a) <-b' });
    expect(one(at + 'tracing_mark_write <ffffffff81234567>: phase 2')).toMatchObject({ kind: K.Event, name: 'tracing_mark_write', text: 'phase 2' });
    expect(one(at + 'tracing_mark_write+0x5c/0x1a0 <ffffffff81234567>: ')).toMatchObject({ kind: K.Event, name: 'tracing_mark_write', text: '' });
    // A function record with the same decorations is still a call.
    expect(one(at + 'vfs_write+0x4/0x1a0 <-ksys_write+0x6e/0xf0')).toMatchObject({ kind: K.FunctionCall, name: 'vfs_write', parentName: 'ksys_write' });
  });
});

// atrace -k (Android's funcgraph-flat): the lines were kept as instant events, the trace
// read as one of no calls with nothing said.
describe("context prefix: Android's funcgraph-flat lines", () => {
  const ATRACE = [
    'capturing trace... done',
    'TRACE:',
    '# tracer: function_graph',
    '#',
    '#           TASK-PID    TGID   CPU#  ||||    TIMESTAMP  FUNCTION',
    '#              | |        |      |   ||||       |         |',
    '        Binder_2-127   (  127) [001] ....  3431.906759: graph_ent: func=sys_write',
    '        Binder_2-127   (  127) [001] ....  3431.906769: graph_ret: func=sys_write',
    '        Binder_2-127   (  127) [001] ...1  3431.906798: tracing_mark_write: B|127|dequeueBuffer',
    '     spidev_test-1818  [000] d...   221.614101: graph_ent: func=preempt_count_add',
    '     spidev_test-1818  [000] d..1   221.614104: graph_ret: func=preempt_count_add',
  ];

  it('are reported with the option to turn off, and the events beside them kept', () => {
    const m = loadText(ATRACE.join('\n'));
    expect(m.format).toBe('tracefs-function-graph');
    expect(m.calls.length).toBe(0);
    expect(m.events.length).toBe(1);
    const flat = m.diagnostics.items.filter((i) => i.kind === 'unparsed');
    expect(flat.map((i) => i.line)).toEqual([7, 8, 10, 11]);
    for (const i of flat) expect(i.message).toMatch(/^a 'graph_ent: func=…' .*funcgraph-flat.*echo 0 > \/sys\/kernel\/tracing\/options\/funcgraph-flat/);
  });

  it('only as `func=`: another event of that name is an event', () => {
    expect(one('  x-1 [000] ....  1.000001: graph_ent: depth=3')).toMatchObject({ kind: K.Event, name: 'graph_ent' });
    expect(one('  x-1 [000] ....  1.000001: graph_ret: func=f')).toMatchObject({ kind: K.Unknown });
  });
});

// atrace's dump of a good trace had its first two lines (its own) reported as unread.
describe("context prefix: atrace's lines before its dump", () => {
  it('are header lines, in function_graph and function tracer text alike', () => {
    const banner = ['capturing trace... done', 'TRACE:'];
    const graph = loadText([...banner, '# tracer: function_graph', '#', ' 0)   1.000 us    |  f();', ' 0)   2.000 us    |  g();'].join('\n'));
    expect(graph.format).toBe('tracefs-function-graph');
    expect(graph.calls.length).toBe(2);
    expect(graph.diagnostics).toMatchObject({ unparsedLines: 0, headerLines: 4 });
    const func = loadText([...banner, '# tracer: function', '#', '            bash-1     [000] .....     1.000000: f <-g'].join('\r\n'));
    expect(func.format).toBe('tracefs-function');
    expect(func.calls.length).toBe(1);
    expect(func.diagnostics).toMatchObject({ unparsedLines: 0, headerLines: 4 });
    // Only the lines as atrace prints them.
    const other = loadText(['# tracer: function_graph', 'TRACE: x', 'capturing trace', ' 0)   1.000 us    |  f();'].join('\n'));
    expect(other.diagnostics.unparsedLines).toBe(2);
  });
});

// perf-tools' funcgraph and functrace output (`funcgraph do_nanosleep > out`, a pasted
// session) had the tool's own lines reported as unread lines of a good trace.
describe("context prefix: perf-tools' funcgraph and functrace lines around their text", () => {
  it('are header lines, in function_graph and function tracer text alike', () => {
    // kernel/funcgraph: echo "Tracing \"$funcs\"$pidtext... Ctrl-C to end." (or "… for
    // $duration seconds..." with -d), cat trace_pipe, then in end(): echo; echo "Ending tracing...".
    const graph = loadText(
      ['Tracing "do_nanosleep"... Ctrl-C to end.', ' 0)               |  do_nanosleep() {', ' 0)   0.198 us    |    _raw_spin_lock_irqsave();', ' 0)   3.998 us    |  }', '^C', '', 'Ending tracing...'].join('\n'),
    );
    expect(graph.format).toBe('tracefs-function-graph');
    expect(graph.calls.length).toBe(2);
    expect(graph.diagnostics).toMatchObject({ unparsedLines: 0, headerLines: 4 });
    const headed = loadText(['Tracing "vfs_read" for PID 5363 for 5 seconds...', '# tracer: function_graph', '#', ' 0)   1.000 us    |  vfs_read();'].join('\n'));
    expect(headed.diagnostics).toMatchObject({ unparsedLines: 0, headerLines: 3 });
    // kernel/functrace prints the same lines around the function tracer's text.
    const func = loadText(['Tracing "ext4_*" for PID 198... Ctrl-C to end.', '            bash-1     [000] .....     1.000000: f <-g', '', 'Ending tracing...'].join('\n'));
    expect(func.format).toBe('tracefs-function');
    expect(func.calls.length).toBe(1);
    expect(func.diagnostics).toMatchObject({ unparsedLines: 0, headerLines: 3 });
    // Only the lines as the tools print them.
    const other = loadText(['# tracer: function_graph', 'Tracing vfs_read', 'Ending tracing', '^C now', ' 0)   1.000 us    |  f();'].join('\n'));
    expect(other.diagnostics.unparsedLines).toBe(3);
  });
});
