import { traceBytes } from '../../test-utils/traces';
import { countStringWork } from '../../test-utils/string-work';
import { describe, expect, it } from 'vitest';
import { splitArgs } from './args';
import { RecordFlag, RecordKind, createRecord, type LineRecord } from './record';
import { TracefsFunctionParser, tracefsFunctionDetector } from './tracefs-function';
import { tracefsGraphDetector } from './tracefs-graph';

const K = RecordKind;

function parseAll(lines: readonly string[], parser = new TracefsFunctionParser()): LineRecord[] {
  return lines.map((line, i) => {
    const r = createRecord();
    parser.parseLine(line, i + 1, r);
    return r;
  });
}

function one(line: string, parser = new TracefsFunctionParser()): LineRecord {
  return parseAll([line], parser)[0];
}

function readTrace(name: string): string[] {
  const buf = Buffer.from(traceBytes(name));
  return buf.toString('utf8', 0, Math.min(buf.length, 1 << 20)).split('\n');
}

const NGINX = '           nginx-4411    [003] .....   873.104522: tcp_sendmsg <-inet_sendmsg';
const NGINX_FIELDS = {
  kind: K.FunctionCall,
  comm: 'nginx',
  pid: 4411,
  cpu: 3,
  tsNs: 873104522000,
  name: 'tcp_sendmsg',
  parentName: 'inet_sendmsg',
  count: -1,
};

/** A `trace` file of the function tracer as a 5.15+ kernel prints it (docs/formats.md §3.1). */
const HEADER = [
  '# tracer: function',
  '#',
  '# entries-in-buffer/entries-written: 6120/6120   #P:8',
  '#',
  '#                                _-----=> irqs-off/BH-disabled',
  '#                               / _----=> need-resched',
  '#                              | / _---=> hardirq/softirq',
  '#                              || / _--=> preempt-depth',
  '#                              ||| / _-=> migrate-disable',
  '#                              |||| /     delay',
  '#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION',
  '#              | |         |   |||||     |         |',
];

describe('tracefs function: input handling', () => {
  it('1: CRLF lines parse like LF lines', () => {
    const lf = [NGINX, '           nginx-4411    [003] .....   873.104543: <stack trace>', ' => tcp_sendmsg'];
    expect(parseAll(lf.map((l) => l + '\r'))).toEqual(parseAll(lf));
  });

  it('2: a printk prefix is removed before classification', () => {
    expect(one('[ 4711.093821] ' + NGINX)).toMatchObject(NGINX_FIELDS);
    expect(one('<6>[ 4711.093821] ' + NGINX)).toMatchObject(NGINX_FIELDS);
    expect(one('[ 4711.093821]  => vfs_write')).toMatchObject({ kind: K.StackFrame, name: 'vfs_write' });
  });

  it('4: every header line is meta', () => {
    const r = parseAll([...HEADER, '  # indented']);
    expect(r.every((x) => x.kind === K.Meta)).toBe(true);
  });

  it('5: `# tracer: function` sets the document tracer', () => {
    const p = new TracefsFunctionParser();
    parseAll(HEADER, p);
    expect(p.tracer).toBe('function');
  });

  it('6: the latency banner yields the kernel release', () => {
    const p = new TracefsFunctionParser();
    parseAll(['# tracer: function', '#', '# function latency trace v1.1.5 on 6.8.0-45-generic'], p);
    expect(p.kernelRelease).toBe('6.8.0-45-generic');
  });

  it('7: `##### CPU 3 buffer started ####` is meta', () => {
    expect(one('##### CPU 3 buffer started ####').kind).toBe(K.Meta);
  });
});

describe('tracefs function: lost data', () => {
  it('9: `CPU:3 [LOST 2417 EVENTS]`', () => {
    expect(one('CPU:3 [LOST 2417 EVENTS]')).toMatchObject({ kind: K.Lost, cpu: 3, count: 2417 });
  });

  it('10: `CPU:3 [LOST EVENTS]`', () => {
    expect(one('CPU:3 [LOST EVENTS]')).toMatchObject({ kind: K.Lost, cpu: 3, count: -1 });
  });
});

describe('tracefs function: context prefix and payloads', () => {
  it('56: the default 5.15+ line', () => {
    const p = new TracefsFunctionParser();
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
    const p = new TracefsFunctionParser();
    expect(one('           nginx-4411  [003] d..1   873.104522: tcp_sendmsg <-inet_sendmsg', p)).toMatchObject({
      ...NGINX_FIELDS,
      flagsText: 'd..1',
    });
    expect(p.lastFlags).toBe('d..1');
  });

  it('58: `(TGID)` and `(-------)` groups', () => {
    const p = new TracefsFunctionParser();
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
    const p = new TracefsFunctionParser();
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

  it('63: a repeats tail gives the count and the last timestamp', () => {
    const p = new TracefsFunctionParser();
    const r = one('           nginx-4411    [003] .....   873.104540: tcp_sendmsg <-inet_sendmsg (repeats: 4, last_ts:   873.104538)', p);
    expect(r).toMatchObject({ ...NGINX_FIELDS, tsNs: 873104540000, count: 4, lastTsNs: 873104538000 });
    expect(p.lastRepeatTsNs).toBe(873104538000);
    const plain = one(NGINX, p);
    expect(plain.count).toBe(-1);
    expect(plain.lastTsNs).toBeNaN();
    expect(p.lastRepeatTsNs).toBeNaN();
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
    const p = new TracefsFunctionParser();
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

  it('67: a truncated 8-char comm and a latency mark', () => {
    const p = new TracefsFunctionParser();
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

  it('function payload variants: no parent, args, sym-offset, sym-addr, null parent', () => {
    expect(one('           nginx-4411    [003] .....   873.104522: tcp_sendmsg')).toMatchObject({
      kind: K.FunctionCall,
      name: 'tcp_sendmsg',
      parentName: '',
    });
    const withArgs = one(
      '           nginx-4411    [003] .....   873.104541: tcp_sendmsg(sk=0xffff888112a4c000, msg=(struct msghdr)[0x1:0x2], size=0x5a8) <-inet_sendmsg',
    );
    expect(withArgs).toMatchObject({
      kind: K.FunctionCall,
      name: 'tcp_sendmsg',
      parentName: 'inet_sendmsg',
      args: 'sk=0xffff888112a4c000, msg=(struct msghdr)[0x1:0x2], size=0x5a8',
      callerOffset: -1,
    });
    expect(splitArgs(withArgs.args).map((a) => a.name)).toEqual(['sk', 'msg', 'size']);
    expect(one('           nginx-4411    [003] .....   873.104541: tcp_sendmsg+0x0/0x50 <-inet_sendmsg+0x3e/0x50 [foo]')).toMatchObject({
      kind: K.FunctionCall,
      name: 'tcp_sendmsg',
      parentName: 'inet_sendmsg',
      callerOffset: 0x3e,
      callerSize: 0x50,
      module: '',
      args: '',
    });
    expect(one('           nginx-4411    [003] .....   873.104541: kvm_mmu_page_fault+0x0/0x70 [kvm] <-vmx_handle_exit+0x10/0x20 [kvm_intel]')).toMatchObject({
      name: 'kvm_mmu_page_fault',
      module: 'kvm',
      parentName: 'vmx_handle_exit',
      callerOffset: 0x10,
      callerSize: 0x20,
    });
    expect(one('           nginx-4411    [003] .....   873.104541: tcp_sendmsg <ffffffff81b2a3c0> <-inet_sendmsg <ffffffff81b2a000>')).toMatchObject({
      kind: K.FunctionCall,
      name: 'tcp_sendmsg',
      parentName: 'inet_sendmsg',
    });
    const addr = one('           nginx-4411    [003] .....   873.104541: 0xffffffffc0a1b2c3 <-0');
    expect(addr).toMatchObject({
      kind: K.FunctionCall,
      name: '0xffffffffc0a1b2c3',
      parentName: '0',
    });
    expect(addr.flags & RecordFlag.Unresolved).toBeTruthy();
    // Free text that is neither a call nor `name: fields` stays an event.
    expect(one('           nginx-4411    [003] .....   873.104541: something odd here')).toMatchObject({
      kind: K.Event,
      name: '',
      text: 'something odd here',
    });
  });
});

describe('tracefs function: robustness', () => {
  it('92: timestamps going backwards across CPUs are kept as printed', () => {
    const r = parseAll([
      '           nginx-4411    [003] .....   873.104522: f <-g',
      '            bash-1022    [000] .....   873.104500: f <-g',
    ]);
    expect(r.map((x) => x.kind)).toEqual([K.FunctionCall, K.FunctionCall]);
    expect(r.map((x) => x.tsNs)).toEqual([873104522000, 873104500000]);
  });

  it('93: a first line cut in the middle is one unknown record', () => {
    const r = parseAll(['3] .....   873.104522: tcp_sendmsg <-inet_sendmsg', NGINX]);
    expect(r[0]).toMatchObject({ kind: K.Unknown, text: '3] .....   873.104522: tcp_sendmsg <-inet_sendmsg' });
    expect(r[0].problem).toMatch(/function-tracer line/);
    expect(r[1]).toMatchObject(NGINX_FIELDS);
  });

  it('94: a 10 kB argument list parses with work linear in its length', () => {
    const lineWith = (n: number) => {
      const args = Array.from({ length: n }, (_, k) => `a${k}=(struct s)[0x${k}:0x1]`).join(', ');
      return `           nginx-4411    [003] .....   873.104541: f(${args}, ...) <-g`;
    };
    const p = new TracefsFunctionParser();
    const r = createRecord();
    // Characters looked at per character of the line (counted, so the machine's speed does not matter).
    const workPerChar = (line: string) => countStringWork(() => p.parseLine(line, 1, r)) / line.length;
    const line = lineWith(1000);
    expect(line.length).toBeGreaterThan(10_000);
    const once = workPerChar(line);
    expect(r).toMatchObject({ kind: K.FunctionCall, name: 'f', parentName: 'g' });
    const twice = workPerChar(lineWith(2000));
    expect(r).toMatchObject({ kind: K.FunctionCall, name: 'f', parentName: 'g' });
    // A few looks per character, and no more on a line twice as long (quadratic work would double it).
    expect(once).toBeLessThan(8);
    expect(twice).toBeLessThan(once * 1.1);
  });

  it('never throws; blank and unmatched lines', () => {
    const p = new TracefsFunctionParser();
    expect(one('', p).kind).toBe(K.Blank);
    expect(one('   ', p).kind).toBe(K.Blank);
    const junk = ['[', ']', '-', '-1 [', 'a-1 [0', 'a-1 [0]', 'a-1 [0] ', 'a-1 [0] x', 'a-1 [0] 1', 'a-1 (', 'a-1 () [0] 1:', 'x-1 2', 'x-1 2d..1 3us'];
    for (let len = 0; len < 300; len++) junk.push(String.fromCharCode(...Array.from({ length: len % 50 }, (_, k) => 32 + ((len * 11 + k * 17) % 95))));
    for (const j of junk) expect(() => one(j, p)).not.toThrow();
    expect(one('a-1 [0] 1:', p)).toMatchObject({ kind: K.Event, comm: 'a', pid: 1, cpu: 0, tsNs: 1 });
    expect(one(' 2)               |    vfs_write() {', p).kind).toBe(K.Unknown);
  });
});

describe('tracefsFunctionDetector', () => {
  const body = [
    NGINX,
    '          <idle>-0       [012] d.h1.   873.104530: irq_enter_rcu <-sysvec_apic_timer_interrupt',
    '           nginx-4411    [003] .....   873.104543: <stack trace>',
    ' => tcp_sendmsg',
  ];

  it('is certain with a function header and zero with a function_graph header', () => {
    expect(tracefsFunctionDetector.id).toBe('tracefs-function');
    expect(tracefsFunctionDetector.score([...HEADER, ...body])).toBe(1);
    expect(tracefsFunctionDetector.score(['# tracer: function_graph', '#', ...body])).toBe(0);
    expect(tracefsGraphDetector.score([...HEADER, ...body])).toBe(0);
  });

  it('recognises headerless trace_pipe text', () => {
    expect(tracefsFunctionDetector.score(body)).toBeGreaterThan(0.9);
    expect(tracefsGraphDetector.score(body)).toBe(0);
  });

  it('returns 0 for trace-cmd report text, with or without the cpus= line', () => {
    for (const name of ['06-function-curl.report.txt.gz', '06-function-stacktrace.report.txt', '03-systemwide-sched-irq.report.txt.gz', '05-seed-report-latency.txt.gz']) {
      const lines = readTrace(name).slice(0, 200);
      expect(tracefsFunctionDetector.score(lines), name).toBe(0);
      expect(tracefsFunctionDetector.score(lines.slice(1)), name + ' without cpus=').toBe(0);
      expect(tracefsGraphDetector.score(lines), name).toBe(0);
    }
    expect(tracefsFunctionDetector.score(['cpus=2'])).toBe(0);
  });

  it('returns 0 for the kernel function_graph captures', () => {
    for (const name of ['04-tracefs-default.txt', '04-tracefs-trace_pipe.txt', '04-tracefs-nofuncgraph-cpu.txt']) {
      expect(tracefsFunctionDetector.score(readTrace(name).slice(0, 200)), name).toBe(0);
    }
  });

  it('creates a working parser', () => {
    const p = tracefsFunctionDetector.create();
    const r = createRecord();
    p.parseLine(NGINX, 1, r);
    expect(r).toMatchObject(NGINX_FIELDS);
  });
});
