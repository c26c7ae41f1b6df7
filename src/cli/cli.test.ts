/** The command line as a script runs it: one JSON document, folded lines, exit status 2 on bad input. */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../test-utils/run-cli';
import { testTempDir } from '../test-utils/temp-dir';
import type { SummaryFunction, TraceSummary } from '../core/query/summary';
import { TRAILING_GARBAGE_READ } from '../lib/gzip-end';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TRACE = fileURLToPath(new URL('../../test/traces/02-midstream-nc-fgraph.report.txt.gz', import.meta.url));

const cli = runCliInProcess;

/** The `summary` command's stdout: the JSON of a TraceSummary. */
const parseSummary = (stdout: string) => JSON.parse(stdout) as TraceSummary;

describe('cli', () => {
  it('summary prints one JSON document of the documented shape for a gzip file', async () => {
    const r = await cli('summary', TRACE);
    expect(r.status).toBe(0);
    const doc = parseSummary(r.stdout);
    expect(doc).toMatchObject({ format: 'trace-cmd-report', lines: 42737, calls: 30075 });
    expect(Object.keys(doc.diagnostics)).toEqual(
      expect.arrayContaining(['unparsedLines', 'orphanExits', 'unclosedCalls', 'dropMarkers', 'droppedEvents']),
    );
    // A real trace never steps back in time on one CPU: no false reports.
    expect(doc.diagnostics.timeBackwards).toBe(0);
    expect(doc.tasks[0]).toEqual({ instance: '', comm: 'nc.openbsd', pid: 155, cpus: [0, 1], calls: expect.any(Number), maxDepth: 49 });
    const send = doc.functions.find((f) => f.name === 'tcp_sendmsg');
    if (!send) throw new Error('tcp_sendmsg is missing from the summary');
    expect(send.calls).toBe(54);
    const times: (keyof SummaryFunction)[] = ['totalNs', 'selfNs', 'minNs', 'p50Ns', 'p95Ns', 'p99Ns', 'maxNs'];
    for (const k of times) expect(Number.isInteger(send[k])).toBe(true);
    // Integers (just checked), so not null.
    expect(send.minNs).toBeLessThanOrEqual(send.p50Ns!);
    expect(send.p99Ns).toBeLessThanOrEqual(send.maxNs!);
  }, 30_000);

  it('summary --irq apart|hidden: totals lose exactly the interrupt time inside, which every mode reports', async () => {
    const docs: TraceSummary[] = [];
    for (const mode of ['in-place', 'apart', 'hidden'] as const) {
      const r = await cli('summary', '--irq', mode, TRACE);
      expect(r.status).toBe(0);
      docs.push(parseSummary(r.stdout));
    }
    const [inPlace, apart, hidden] = docs;
    expect(inPlace.interrupts.mode).toBe('in-place');
    expect(apart.interrupts.mode).toBe('apart');
    expect(hidden.interrupts.mode).toBe('hidden');
    expect(inPlace.interrupts.frames).toBeGreaterThan(0);
    expect(apart.interrupts).toMatchObject({ frames: inPlace.interrupts.frames, ns: inPlace.interrupts.ns });
    const byName = (doc: TraceSummary) => new Map(doc.functions.map((f) => [f.name, f]));
    const a = byName(apart);
    const h = byName(hidden);
    let checked = 0;
    for (const f of inPlace.functions) {
      if (f.irqNs === 0 || !a.has(f.name)) continue;
      expect(a.get(f.name)).toMatchObject({ totalNs: (f.totalNs ?? 0) - f.irqNs, selfNs: f.selfNs, irqNs: f.irqNs });
      // Hidden drops the calls made inside interrupts too: compare where none was.
      if (h.get(f.name)?.calls === f.calls) {
        expect(h.get(f.name)).toMatchObject({ totalNs: (f.totalNs ?? 0) - f.irqNs, selfNs: f.selfNs, irqNs: f.irqNs });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(3);
    expect(a.get('[interrupts]')).toMatchObject({ totalNs: inPlace.interrupts.ns, selfNs: 0 });
    expect(h.has('irq_enter_rcu')).toBe(false);
    expect((await cli('summary', '--irq', 'sideways', TRACE)).status).toBe(2);
  }, 60_000);

  it('folded --irq apart: the interrupt frames under each task\'s [interrupts], the same self time in all', async () => {
    const selfOf = (lines: string[]) => lines.reduce((s, l) => s + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    const inPlace = (await cli('folded', TRACE)).stdout.trim().split('\n');
    const apart = (await cli('folded', '--irq=apart', TRACE)).stdout.trim().split('\n');
    expect(inPlace.some((l) => l.includes(';[interrupts]'))).toBe(false);
    expect(apart.some((l) => /^nc\.openbsd-155;\[interrupts\];irq_exit_rcu[; ]/.test(l))).toBe(true);
    // In place, timer interrupts sit inside tcp_sendmsg; apart, none does.
    expect(inPlace.some((l) => /;tcp_sendmsg;.*;irq_enter_rcu /.test(l))).toBe(true);
    expect(apart.some((l) => /;tcp_sendmsg;.*;irq_enter_rcu /.test(l))).toBe(false);
    expect(selfOf(apart)).toBe(selfOf(inPlace));
  }, 60_000);

  it('folded prints comm-pid;outer;inner <self ns> lines whose sum is the self time of the trace', async () => {
    const r = await cli('folded', TRACE);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    for (const l of lines) expect(l).toMatch(/^[^;]+-\d+(;[^;\s]+)+ \d+$/);
    expect(lines.some((l) => /^nc\.openbsd-155;.*;tcp_sendmsg \d+$/.test(l))).toBe(true);
    const total = lines.reduce((s, l) => s + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    const summary = parseSummary((await cli('summary', TRACE)).stdout);
    const selfSum = summary.functions.reduce((s, f) => s + Math.max(0, f.selfNs ?? 0), 0);
    expect(total).toBe(selfSum);
  }, 30_000);

  it('on the seed, whose exit chain never returns, folded and summary hold the same self time', async () => {
    const seed = fileURLToPath(new URL('../../test/traces/01-seed-curl-fgraph.report.txt.gz', import.meta.url));
    const folded = await cli('folded', seed);
    expect(folded.status).toBe(0);
    const lines = folded.stdout.trim().split('\n');
    const total = lines.reduce((s, l) => s + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    const summary = parseSummary((await cli('summary', seed)).stdout);
    const selfSum = summary.functions.reduce((s, f) => s + (f.selfNs ?? 0), 0);
    expect(total).toBe(selfSum);
    // The calls that returned hold 666,921,867 ns; the five that did not, their own self time.
    const exit = summary.functions.find((f) => f.name === 'do_exit');
    if (!exit) throw new Error('the seed has a do_exit');
    expect(exit.calls).toBe(1);
    expect(exit.totalNs).toBeGreaterThan(200_000_000);
    const underExit = lines
      .filter((l) => /^curl-139;x64_sys_call;__x64_sys_exit_group;do_group_exit;do_exit[; ]/.test(l))
      .reduce((s, l) => s + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    expect(underExit).toBe(exit.totalNs);
  }, 60_000);

  it('a damaged line is named on stderr (line, text, what was expected), and many are counted in one line', async () => {
    const dir = testTempDir('fte-cli-');
    const good = (i: number) => `            curl-139   [001]    11.${String(524000 + i).padStart(6, '0')}: funcgraph_entry:        1.183 us   |  mutex_unlock();`;
    const lines = ['cpus=2', ...Array.from({ length: 20 }, (_, i) => good(i))];
    // A duration with two points, and a CPU in hex: neither line is a record.
    lines[5] = lines[5].replace('1.183 us', '1.1.83 us');
    lines[9] = lines[9].replace('[001]', '[0x1]');
    const damaged = join(dir, 'damaged.txt');
    writeFileSync(damaged, lines.join('\n') + '\n');
    const r = await cli('folded', damaged);
    expect(r.status).toBe(0);
    // The good lines are all there: 18 calls of mutex_unlock.
    expect(r.stdout).toBe(`curl-139;mutex_unlock ${18 * 1183}\n`);
    const warnings = r.stderr.trim().split('\n');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^cli: warning: .*damaged\.txt: line 6 \("curl-139 .*1\.1\.83 us.*"\) not read: expected /);
    expect(warnings[1]).toMatch(/^cli: warning: .*damaged\.txt: line 10 \("curl-139   \[0x1\].*"\) not read: expected /);

    // A thousand damaged lines: three named, the rest one count.
    const many = join(dir, 'many.txt');
    writeFileSync(many, ['cpus=2', good(0), ...Array.from({ length: 1000 }, () => 'garbage line'), good(1)].join('\n') + '\n');
    const m = await cli('folded', many);
    expect(m.stdout).toBe(`curl-139;mutex_unlock ${2 * 1183}\n`);
    const said = m.stderr.trim().split('\n');
    expect(said).toHaveLength(4);
    expect(said[0]).toMatch(/line 3 \("garbage line"\) not read/);
    expect(said[3]).toMatch(/^cli: warning: .*many\.txt: 997 more lines not read/);
  }, 60_000);

  it('folded and export of a function-tracer trace (no durations) say on stderr why they hold no call', async () => {
    const file = join(testTempDir('fte-cli-'), 'function.txt');
    writeFileSync(
      file,
      [
        'cpus=2',
        '            curl-893   [001]   209.352400: function:             tcp_v4_connect',
        '            curl-893   [001]   209.364664: function:             tcp_sendmsg',
        '',
      ].join('\n'),
    );
    const folded = await cli('folded', file);
    expect(folded).toMatchObject({ status: 0, stdout: '' });
    expect(folded.stderr).toMatch(/^cli: no folded stacks: none of the 2 calls in .*function\.txt has a duration \(the function tracer records none\)/);
    expect(folded.stderr.trim().split('\n')).toHaveLength(1);
    for (const format of ['svg', 'folded', 'chrome', 'speedscope']) {
      const r = await cli('export', '--format', format, file);
      expect(r.status).toBe(0);
      expect(r.stderr).toMatch(new RegExp(`^cli: no call in the ${format} export: none of the 2 calls`));
    }
    // A timed trace gets no such note.
    expect((await cli('folded', TRACE)).stderr).toBe('');
  }, 60_000);

  it('folded and export of a trace with no call (osnoise: events only) say so on stderr', async () => {
    const file = join(testTempDir('fte-cli-'), 'osnoise.txt');
    // trace_osnoise_print() (trace_output.c): '%llu %10llu %3llu.%05llu %7llu' then five ' %6u'.
    writeFileSync(
      file,
      [
        '# tracer: osnoise',
        '#',
        '      osnoise/0-859     [000] .....    81.637220: 1000000        190  99.98100       9     18      0   1007     18      1',
        '      osnoise/1-860     [001] .....    81.638154: 1000000        304  99.96960      20     23      0   1008     21      0',
        '',
      ].join('\n'),
    );
    const folded = await cli('folded', file);
    expect(folded).toMatchObject({ status: 0, stdout: '' });
    expect(folded.stderr).toMatch(/^cli: no folded stacks: .*osnoise\.txt has no function call \(a tracer such as nop, osnoise, .*\); 'cli summary' counts its 2 events\n$/);
    for (const format of ['svg', 'folded', 'chrome', 'speedscope']) {
      const r = await cli('export', '--format', format, file);
      expect(r.status).toBe(0);
      expect(r.stderr).toMatch(new RegExp(`^cli: no call in the ${format} export: .*has no function call`));
    }
  }, 60_000);

  it('a function_graph trace printed with funcgraph-duration off is not blamed on the function tracer', async () => {
    // The kernel's text with the option off (test/traces/04-tracefs-nofuncgraph-duration.txt):
    // every return is there, no time is.
    const file = join(testTempDir('fte-cli-'), 'graph-nodur.txt');
    writeFileSync(
      file,
      [
        '# tracer: function_graph',
        '#',
        '# CPU               FUNCTION CALLS',
        '# |                 |   |   |   |',
        ' 1) __x64_sys_connect() {',
        ' 1)   __fget_light();',
        ' 1) }',
        '',
      ].join('\n'),
    );
    const reason = 'the function_graph text prints none: its funcgraph-duration option was off';
    const folded = await cli('folded', file);
    expect(folded.status).toBe(0);
    expect(folded.stderr).toBe(`cli: no folded stacks: none of the 2 calls in ${file} has a duration (${reason}); 'cli summary' counts them\n`);
    const svg = await cli('export', '--format', 'svg', file);
    expect(svg.stderr).toContain(`has a duration (${reason})`);
    const diff = await cli('diff', '--folded', file);
    expect(diff.stderr).toContain(`no call of side A (${file}) has a duration (${reason})`);
    expect(diff.stderr).not.toContain('function tracer');
  }, 30_000);

  it('chrome and speedscope export of a trace without timestamps (function_graph by default) say on stderr why they are empty', async () => {
    const file = join(testTempDir('fte-cli-'), 'graph.txt');
    writeFileSync(
      file,
      [
        '# tracer: function_graph',
        '#',
        '# CPU  DURATION                  FUNCTION CALLS',
        '# |     |   |                     |   |   |   |',
        ' 0)               |  tcp_sendmsg() {',
        ' 0)   1.000 us    |    lock_sock_nested();',
        ' 0)   3.000 us    |  }',
        '',
      ].join('\n'),
    );
    for (const format of ['chrome', 'speedscope']) {
      const r = await cli('export', '--format', format, file);
      expect(r.status).toBe(0);
      expect(r.stdout).not.toContain('tcp_sendmsg');
      expect(r.stderr).toMatch(new RegExp(`^cli: no call in the ${format} export: none of the 2 calls in .*graph\\.txt has a start time`));
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    // The exports that weigh by duration have the calls, and no note.
    const svg = await cli('export', '--format', 'svg', file);
    expect(svg.stdout).toContain('tcp_sendmsg');
    expect(svg.stderr).toBe('');
    // A trace with times gets no note.
    expect((await cli('export', '--format', 'chrome', TRACE)).stderr).toBe('');
  }, 60_000);

  it('unreadable, empty and unknown input exit with status 2 and one line', async () => {
    const dir = testTempDir('fte-cli-');
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '');
    const junk = join(dir, 'junk.bin');
    writeFileSync(junk, Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256)));
    for (const file of [join(dir, 'missing.txt'), empty, junk, dir]) {
      const r = await cli('summary', file);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\bat \S+:\d+/); // no stack trace
    }
    expect((await cli('summary', dir)).stderr).toContain('is a directory');
    // trace-cmd report --profile: named by its first line of totals, not 'not a trace format'.
    const profile = join(dir, 'profile.txt');
    writeFileSync(profile, 'cpus=2\n\ntask: curl-139\n  Event: func: f() (3) Total: 9 Avg: 3 Max: 5(ts:1.000001) Min:1(ts:1.000002)\n');
    const profiled = await cli('summary', profile);
    expect(profiled.status).toBe(2);
    expect(profiled.stderr).toContain(`${profile}: unknown format: line 3 ("task: curl-139"): this is "trace-cmd report --profile" output`);
    // A file zero-filled past a crash: not 'not a trace format this tool reads'.
    const zeros = join(dir, 'zeros.txt');
    writeFileSync(zeros, Buffer.alloc(8192));
    const zeroed = await cli('summary', zeros);
    expect([zeroed.status, zeroed.stderr]).toEqual([2, `cli: ${zeros}: unknown format: it holds zero bytes (NULs) where its text should begin: it was zero-filled (by a crash, or a write or copy that did not finish) (expected trace-cmd report, or kernel function_graph / function text)\n`]);
    expect((await cli('nonsense')).status).toBe(2);
    // Every command says why a file is no trace, in the same words.
    const emptyLine = `cli: ${empty}: unknown format: it is empty (expected trace-cmd report, or kernel function_graph / function text)\n`;
    for (const args of [['summary', empty], ['folded', empty], ['export', '--format', 'chrome', empty], ['diff', empty, TRACE]]) {
      const r = await cli(...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(emptyLine);
    }
  }, 30_000);

  it('a file that cannot be read says why: no such file, or a path through a file', async () => {
    const dir = testTempDir('fte-cli-');
    const missing = join(dir, 'trace.txt');
    const r = await cli('summary', missing);
    expect([r.status, r.stderr]).toEqual([2, `cli: ${missing}: cannot read the file: no such file or directory\n`]);
    const file = join(dir, 'plain.txt');
    writeFileSync(file, 'cpus=1\n');
    const through = join(file, 'trace.txt');
    expect((await cli('folded', through)).stderr).toBe(`cli: ${through}: cannot read the file: a part of its path is not a directory\n`);
  });

  it('a gzip cut short: folded, export and diff say on stderr that the input stopped early, not only summary\'s JSON', async () => {
    const cut = join(testTempDir('fte-cli-'), 'cut.txt.gz');
    const bytes = readFileSync(TRACE);
    writeFileSync(cut, bytes.subarray(0, bytes.length >> 1));
    const warning = `cli: warning: ${cut}: the input stopped early: unexpected end of file\n`;
    const cutLine = `cli: warning: ${cut}: line 21326 ("nc.openbsd-155   [001]    48.784634") not read: expected a trace-cmd record: 'COMM-PID [CPU] TIME: EVENT: payload'\n`;
    for (const args of [['folded', cut], ['export', '--format', 'chrome', cut], ['diff', '--folded', cut], ['summary', cut]]) {
      const r = await cli(...args);
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.stdout.length, args.join(' ')).toBeGreaterThan(1000); // what was read before the cut
      // Then the line the cut went through, named.
      expect(r.stderr, args.join(' ')).toBe(warning + cutLine);
    }
    // Each side of a diff is named once; a whole trace gets no warning.
    expect((await cli('diff', TRACE, cut)).stderr).toBe(warning + cutLine);
  }, 60_000);

  it('a gzip with bytes after its end: the warning says they are not gzip and the text was read whole, as the app says; zero padding is quiet', async () => {
    const dir = testTempDir('fte-cli-');
    const bytes = readFileSync(TRACE);
    const whole = (await cli('folded', TRACE)).stdout;
    for (const [name, tail, warned] of [
      ['newline.txt.gz', Buffer.from('\n'), true],
      ['junk.txt.gz', Buffer.from('junk'), true],
      ['padded.txt.gz', Buffer.alloc(512), false],
    ] as const) {
      const file = join(dir, name);
      writeFileSync(file, Buffer.concat([bytes, tail]));
      const r = await cli('folded', file);
      expect([r.status, r.stderr], name).toEqual([0, warned ? `cli: warning: ${file}: ${TRAILING_GARBAGE_READ}\n` : '']);
      expect(r.stdout === whole, name).toBe(true);
    }
  }, 60_000);

  it('events the kernel lost (CPU:N [LOST M EVENTS]) are said on stderr by every command, not only counted by summary', async () => {
    const file = join(testTempDir('fte-cli-'), 'lost.txt');
    writeFileSync(
      file,
      [
        'cpus=2',
        '          curl-139   [001]    45.424192: funcgraph_entry:                   |  tcp_sendmsg() {',
        'CPU:1 [LOST 2417 EVENTS]',
        '          curl-139   [001]    45.424300: funcgraph_entry:        2.000 us   |    release_sock();',
        '          curl-139   [001]    45.424400: funcgraph_exit:       ! 208.000 us |  }',
        '',
      ].join('\n'),
    );
    const warning =
      `cli: warning: ${file}: the trace lost events 1 time (CPU:N [LOST … EVENTS], 2417 events at least): ` +
      `the calls around them are incomplete ('cli summary' counts them)\n`;
    for (const args of [['folded', file], ['export', '--format', 'svg', file], ['diff', file], ['summary', file]]) {
      const r = await cli(...args);
      expect([r.status, r.stderr], args.join(' ')).toEqual([0, warning]);
    }
  });

  it('a bad --irq value is named, as export names it', async () => {
    for (const args of [['summary', '--irq', 'sideways', TRACE], ['folded', `--irq=`, TRACE], ['summary', TRACE, '--irq']]) {
      const r = await cli(...args);
      expect(r.status).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe('cli: --irq needs one of in-place, apart, hidden');
    }
    const exported = await cli('export', '--format', 'folded', '--irq', 'sideways', TRACE);
    expect(exported.stderr.split('\n')[0]).toBe('cli export: --irq needs one of in-place, apart, hidden');
  });

  it('an unknown command or option, a missing FILE and one too many are named on the first line, status 2', async () => {
    const cases: [string[], string][] = [
      [['sumary', TRACE], 'cli: unknown command "sumary"'],
      [['--jsn', 'summary', TRACE], 'cli: unknown option --jsn'],
      [['summary', '--jsn', TRACE], 'cli: summary: unknown option --jsn'],
      [['folded', TRACE, '-q'], 'cli: folded: unknown option -q'],
      [['summary'], 'cli: summary: FILE is missing'],
      [['folded', '--irq', 'apart'], 'cli: folded: FILE is missing'],
      [['summary', TRACE, TRACE], `cli: summary: unexpected argument ${JSON.stringify(TRACE)} (one FILE)`],
    ];
    for (const [args, first] of cases) {
      const r = await cli(...args);
      expect([r.status, r.stdout], args.join(' ')).toEqual([2, '']);
      expect(r.stderr.split('\n')[0], args.join(' ')).toBe(first);
      expect(r.stderr).toContain('usage: cli');
    }
    // Help asked after the command is help, not a file named --help.
    for (const args of [['summary', '--help'], ['folded', '-h'], ['diff', '--help']]) {
      const r = await cli(...args);
      expect([r.status, r.stderr], args.join(' ')).toEqual([0, '']);
      expect(r.stdout).toMatch(/^usage: cli /);
    }
  });

  it("names flamegraph.pl with --countname ns wherever the help offers it: the counts are ns, not flamegraph.pl's default samples", async () => {
    // flamegraph.pl titles each frame 'NAME (N samples, P%)' unless told the count's name.
    for (const args of [['--help'], ['export', '--help']]) {
      const help = (await cli(...args)).stdout;
      const mentions = help.match(/flamegraph\.pl\S*(?: \S+){0,2}/g) ?? [];
      expect(mentions.length, args.join(' ')).toBeGreaterThan(0);
      for (const m of mentions) expect(m, args.join(' ')).toMatch(/^flamegraph\.pl --countname ns/);
    }
  });

  it('reads a trace.dat: the same summary as from its -R report, and folded lines', async () => {
    const dat = fileURLToPath(new URL('../../test/traces/02-midstream-nc-fgraph.dat', import.meta.url));
    const r = await cli('summary', dat);
    expect(r.status).toBe(0);
    const doc = parseSummary(r.stdout);
    const text = parseSummary((await cli('summary', fileURLToPath(new URL('../../test/traces/02-midstream-nc-fgraph.report-raw.txt.gz', import.meta.url)))).stdout);
    expect(doc.format).toBe('trace-cmd-dat');
    expect(doc.calls).toBe(text.calls);
    expect(doc.tasks).toEqual(text.tasks);
    // Same functions and calls; times equal but for the calls that never returned, which end
    // at the task's last time: exact in the binary, printed to the µs in the text
    // (src/core/trace-dat/trace-dat.test.ts checks the calls that returned to the nanosecond).
    const byName = new Map(text.functions.map((f) => [f.name, f]));
    expect(doc.functions.map((f) => `${f.name} ${f.calls}`).sort()).toEqual(text.functions.map((f) => `${f.name} ${f.calls}`).sort());
    const slack = 1000 * Math.max(1, text.diagnostics.unclosedCalls);
    for (const f of doc.functions) {
      const other = byName.get(f.name);
      expect(Math.abs((f.totalNs ?? 0) - (other ? (other.totalNs ?? 0) : NaN)), f.name).toBeLessThan(slack);
    }
    const folded = await cli('folded', dat);
    expect(folded.status).toBe(0);
    expect(folded.stdout.trim().split('\n').some((l) => /^nc\.openbsd-155;.*;tcp_sendmsg \d+$/.test(l))).toBe(true);
  }, 60_000);

  it('reads a gzipped trace.dat (the v6 copy of 02): the summary of the plain file; diff and export read it too', async () => {
    const gz = fileURLToPath(new URL('../../test/traces/02-midstream-nc-fgraph.v6.dat.gz', import.meta.url));
    const dat = fileURLToPath(new URL('../../test/traces/02-midstream-nc-fgraph.dat', import.meta.url));
    const r = await cli('summary', gz);
    expect(r.status).toBe(0);
    expect(parseSummary(r.stdout)).toEqual(parseSummary((await cli('summary', dat)).stdout));
    const diff = await cli('diff', dat, gz);
    expect(diff.status).toBe(0);
    expect(diff.stdout).toMatch(/tcp_sendmsg/);
    const dir = testTempDir('fte-cli-');
    const exp = await cli('export', '--format', 'folded', gz);
    expect(exp.status, exp.stderr).toBe(0);
    expect(exp.stdout.trim().split('\n').some((l) => /^nc\.openbsd-155;.*;tcp_sendmsg \d+$/.test(l))).toBe(true);
    // Cut inside the page data: a v6 file keeps its CPU table first, so the whole pages before the cut are shown.
    const cut = join(dir, 'cut.dat.gz');
    const bytes = readFileSync(gz);
    writeFileSync(cut, bytes.subarray(0, bytes.length - 200_000));
    const c = await cli('summary', cut);
    expect(c.status).toBe(0);
    const doc = parseSummary(c.stdout);
    expect(doc.calls).toBeGreaterThan(1000);
    expect(doc.diagnostics.inputErrors[0]).toMatch(/^the gzip stream stopped early: /);
    expect(doc.diagnostics.inputErrors.join('\n')).toMatch(/CPU \d+ data at byte \d+: .*truncated|at byte \d+.*(?:ends|truncated)/);
  }, 180_000);

  it('a trace.dat whose headers cannot be read exits with status 2 and one line naming where', async () => {
    const dir = testTempDir('fte-cli-');
    const cut = join(dir, 'cut.dat');
    const bytes = readFileSync(new URL('../../test/traces/06-function-stacktrace.dat', import.meta.url));
    writeFileSync(cut, bytes.subarray(0, 5000));
    const r = await cli('summary', cut);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^cli: .*cut\.dat: trace\.dat \S.* at byte \d+: .*truncated/);
  }, 30_000);

  it('runs as a script: the entry point prints the summary, and one line with status 2 for bad input', () => {
    const script = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
    const ok = script('summary', TRACE);
    expect(ok.status).toBe(0);
    expect(parseSummary(ok.stdout)).toMatchObject({ format: 'trace-cmd-report', calls: 30075 });
    const bad = script('summary', join(testTempDir('fte-cli-'), 'missing.txt'));
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);

  it('as a script: a write error on stdout (a full disk) is one line and status 2; a reader that stops early (head) is status 0, no error', () => {
    expect(existsSync('/dev/full')).toBe(true); // Linux: every write fails with ENOSPC
    const full = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'folded', 'test/traces/04-tracefs-max-graph-depth-2.txt'], {
        cwd: ROOT,
        stdio: ['ignore', full, 'pipe'],
        encoding: 'utf8',
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^cli: cannot write the output: ENOSPC\b.*\n$/);
    } finally {
      closeSync(full);
    }
    const head = spawnSync('bash', ['-c', `node --import tsx src/cli/main.ts folded ${JSON.stringify(TRACE)} | head -c 10 >/dev/null; echo "status \${PIPESTATUS[0]}" >&2`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(head.stderr).toBe('status 0\n');
  }, 60_000);
});

describe('cli output on a terminal', () => {
  it('writes no C1 control, DEL or bidi override of a name raw: summary, diff and the JSON exports escape them, the same JSON', async () => {
    // A comm a task gave itself (prctl PR_SET_NAME): U+009B is the CSI of a terminal that
    // takes C1 controls, `2J` clears its screen; U+202E turns the text after it round.
    const comm = 'a\u009b2Jb\u202ec';
    const func = 'f\u007f\u0085g';
    const file = join(testTempDir('fte-cli-'), 'hostile.txt');
    writeFileSync(file, ['cpus=1', `   ${comm}-7     [000]    11.000001: funcgraph_entry:        1.000 us   |  ${func}();`, ''].join('\n'));
    const raw = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
    const summary = await cli('summary', file);
    expect(summary.status).toBe(0);
    expect(summary.stdout).not.toMatch(raw);
    const doc = parseSummary(summary.stdout);
    expect(doc.tasks.map((t) => t.comm)).toEqual([comm]);
    expect(doc.functions.map((f) => f.name)).toEqual([func]);
    const diff = await cli('diff', file);
    expect(diff.status).toBe(0);
    expect(diff.stdout).not.toMatch(raw);
    expect((JSON.parse(diff.stdout) as { functions: { name: string }[] }).functions.map((f) => f.name)).toEqual([func]);
    // Stderr too: a message quoting a name holds no control character raw.
    const wrong = await cli('diff', '--task-a', `${comm}-8`, file, file);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('no task');
    expect(wrong.stderr).not.toMatch(raw);
    for (const format of ['chrome', 'speedscope']) {
      const out = await cli('export', '--format', format, file);
      expect(out.status, format).toBe(0);
      expect(out.stdout, format).not.toMatch(raw);
      expect(out.stdout, format).toContain('\\u009b2Jb\\u202ec');
      expect(JSON.stringify(JSON.parse(out.stdout)), format).toContain(JSON.stringify(func));
    }
  });
});
