import { loadText, traceBytes } from '../../test-utils/traces';
import { countStringWork } from '../../test-utils/string-work';
import { describe, expect, it } from 'vitest';
import { RecordKind, createRecord, type LineRecord } from './record';
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

describe('tracefs function: a console dump', () => {
  it("ftrace_dump()'s own lines (ftrace_dump_on_oops, sysrq-z) are meta, its records are read", () => {
    const lines = [
      '[  123.456789] Dumping ftrace buffer:',
      '[  123.456789] ---------------------------------',
      '[  123.456791]     bash-1022      0d..1.  101us : tcp_sendmsg <-inet_sendmsg',
      '[  123.456792] ---------------------------------',
      '[  1.000000] Dumping ftrace instance foo buffer:',
      '[  1.000000]    (ftrace buffer empty)',
    ];
    const p = new TracefsFunctionParser();
    const kinds = lines.map((line, i) => {
      const r = createRecord();
      p.parseLine(line, i + 1, r);
      return r.kind;
    });
    expect(kinds).toEqual([K.Meta, K.Meta, K.FunctionCall, K.Meta, K.Meta, K.Meta]);
  });
});

describe('tracefs function: what the parser keeps of the last line', () => {
  it('flags, tgid, latency mark and repeat time of the last line (context-prefix.test.ts has the grammar)', () => {
    const p = new TracefsFunctionParser();
    one('           nginx-4411    (   4400) [003] d..1   873.104522: tcp_sendmsg <-inet_sendmsg', p);
    expect(p.lastFlags).toBe('d..1');
    expect(p.lastTgid).toBe(4400);
    expect(p.lastMark).toBe('');
    expect(p.lastRepeatTsNs).toBeNaN();
    one('kworker/-120       3d..1.   12us+: process_one_work <-worker_thread', p);
    expect(p.lastMark).toBe('+');
    expect(p.lastFlags).toBe('d..1.');
    expect(p.lastTgid).toBe(-1);
    one('           nginx-4411    [003] .....   873.104540: tcp_sendmsg <-inet_sendmsg (repeats: 4, last_ts:   873.104538)', p);
    expect(p.lastRepeatTsNs).toBe(873104538000);
    one('           nginx-4411    [003]    873.104522: tcp_sendmsg <-inet_sendmsg', p);
    expect(p.lastFlags).toBe('');
    expect(p.lastRepeatTsNs).toBeNaN();
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

describe('a message with a newline (trace_marker, trace_printk)', () => {
  it('trace_print_print prints the rest of the text on lines of their own: they are the event\'s text', () => {
    const r = parseAll([
      '            bash-1022    [000] .....   873.104542: tracing_mark_write: phase 2',
      'step 3 | { } */',
      '',
      '            bash-1022    [000] .....   873.104543: vfs_read <-ksys_read',
      'not a message line',
    ]);
    expect(r.map((x) => x.kind)).toEqual([K.Event, K.EventText, K.EventText, K.FunctionCall, K.Unknown]);
    expect(r.slice(0, 3).map((x) => x.text)).toEqual(['phase 2', 'step 3 | { } */', '']);
  });

  it("a message line that starts with '#' is its text, not a header", () => {
    const p = new TracefsFunctionParser();
    const r = parseAll(['# tracer: function', '            bash-1022    [000] .....   873.104542: tracing_mark_write: items:', '# tracer: nop', NGINX, '# a header'], p);
    expect(r.map((x) => x.kind)).toEqual([K.Meta, K.Event, K.EventText, K.FunctionCall, K.Meta]);
    expect(r[2].text).toBe('# tracer: nop');
    expect(p.tracer).toBe('function');
  });

  it('a stack trace takes frames, not text; a line that may be the rest of a message never begins a range', () => {
    const r = parseAll(['            bash-1022    [000] .....   873.104542: <stack trace>', 'oops']);
    expect(r.map((x) => x.kind)).toEqual([K.Event, K.Unknown]);
    const p = new TracefsFunctionParser();
    expect(p.startsFresh('oops')).toBe(false);
    expect(p.startsFresh(NGINX)).toBe(true);
  });
});

// `echo 0 > options/context-info`: each call printed as `f <-g` alone was an unread line,
// the trace one of no calls.
describe('function tracer text without context-info', () => {
  it('reads `f <-g` as a call of f from g, decorations included; a bare word or an event stays unread', () => {
    expect(one('do_sys_open <-__x64_sys_openat')).toMatchObject({ kind: K.FunctionCall, name: 'do_sys_open', parentName: '__x64_sys_openat', pid: -1, cpu: -1 });
    expect(one('tcp_sendmsg+0x4/0x50 [mod] <-sock_sendmsg+0x1a/0x60  ')).toMatchObject({ kind: K.FunctionCall, name: 'tcp_sendmsg', module: 'mod', parentName: 'sock_sendmsg' });
    expect(one('do_sys_open').kind).toBe(K.Unknown);
    expect(one('sched_switch: prev_comm=a prev_pid=1').kind).toBe(K.Unknown);
    expect(one(' 0)   1.000 us    |  f();').kind).toBe(K.Unknown);
  });

  it('loads as the function tracer text it is, header or none', () => {
    const body = ['do_sys_open <-__x64_sys_openat', 'getname <-do_sys_open', 'kmem_cache_alloc <-getname_flags'];
    for (const lines of [['# tracer: function', '#', ...body], body]) {
      const m = loadText(lines.join('\n'));
      expect(m.format).toBe('tracefs-function');
      expect(m.calls.length).toBe(3);
      expect(m.diagnostics.unparsedLines).toBe(0);
    }
  });
});
