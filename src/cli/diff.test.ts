/**
 * `cli diff` on the real pair: a fresh connection (01-seed, curl) against a connection
 * already established (02-midstream, nc sending mid-stream). Every expected number below
 * was counted in the report text itself, not by this tool (as test/traces/MANIFEST.json
 * does; CAT = zcat on the .gz file):
 *
 *   CAT 01-seed… | grep -cE '\| +tcp_v4_connect\(\)'          → 1
 *   CAT 02-midstream… | grep -cE '\| +tcp_v4_connect\(\)'     → 0
 *   CAT 01-seed… | grep -cE '\| +tcp_sendmsg\(\)'             → 1
 *   CAT 02-midstream… | grep -cE '\| +tcp_sendmsg\(\)'        → 54
 *   CAT 02-midstream… | grep -E '\| +tcp_sendmsg\(\)' | awk '{print $2}' | sort | uniq -c
 *                                                           → 25 [000], 29 [001]
 *   CAT 02-midstream… | grep -E '\| +tcp_sendmsg\(\)' | awk '{print $1}' | sort | uniq -c
 *                                                           → 54 nc.openbsd-155
 *   CAT 01-seed… | grep -cE '\| +__x64_sys_sendto\(\)'         → 1 (02: 0)
 *   CAT 02-midstream… | grep -cE '\| +__x64_sys_write\(\)'    → 54
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../test-utils/run-cli';
import { reportFromDsl } from '../test-utils/model-dsl';
import { testTempDir } from '../test-utils/temp-dir';
import { parseDiffArgs } from './diff';
import { otherBuild } from '../test-utils/other-build';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import type { TraceSummary } from '../core/query/summary';

const SEED = 'test/traces/01-seed-curl-fgraph.report.txt.gz';
const NC = 'test/traces/02-midstream-nc-fgraph.report.txt.gz';

/** stdout of a run that must succeed (in-process: cli/run.ts). */
async function cli(...args: string[]): Promise<string> {
  const r = await runCliInProcess(...args);
  if (r.status !== 0) throw new Error(`cli ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

interface Figures {
  calls: number;
  /** null where the side's calls of the function have no duration. */
  totalNs: number | null;
  selfNs: number | null;
}
interface DiffDoc {
  a: { file: string; calls: number };
  b: { file: string; calls: number };
  functions: { name: string; nameB?: string; a: Figures; b: Figures }[];
}

const diff = async (...args: string[]) => JSON.parse(await cli('diff', ...args)) as DiffDoc;
const fn = (doc: DiffDoc, name: string) => {
  const row = doc.functions.find((f) => f.name === name);
  if (!row) throw new Error(`${name} is not in the diff`);
  return row;
};

describe('cli diff', () => {
  it('seed against midstream: each side is exactly what cli summary gives for that file alone', async () => {
    const doc = await diff(SEED, NC);
    const summaries = [JSON.parse(await cli('summary', SEED)) as TraceSummary, JSON.parse(await cli('summary', NC)) as TraceSummary];
    expect(doc.a).toEqual({ file: SEED, calls: summaries[0].calls });
    expect(doc.b).toEqual({ file: NC, calls: summaries[1].calls });
    (['a', 'b'] as const).forEach((side, k) => {
      const fromDiff = doc.functions
        .filter((f) => f[side].calls > 0)
        .map((f) => ({ name: f.name, ...f[side] }))
        .sort((x, y) => (x.name < y.name ? -1 : 1));
      const fromSummary = summaries[k].functions
        .map((f) => ({ name: f.name, calls: f.calls, totalNs: f.totalNs, selfNs: f.selfNs }))
        .sort((x, y) => (x.name < y.name ? -1 : 1));
      expect(fromDiff).toEqual(fromSummary);
    });
    // Every function of either side, zeros on the side that lacks it.
    const names = new Set([...summaries[0].functions, ...summaries[1].functions].map((f) => f.name));
    expect(doc.functions.length).toBe(names.size);
    // The counts of the module comment.
    expect(fn(doc, 'tcp_v4_connect')).toEqual({ name: 'tcp_v4_connect', a: expect.objectContaining({ calls: 1 }), b: { calls: 0, totalNs: 0, selfNs: 0 } });
    expect(fn(doc, 'tcp_sendmsg').a.calls).toBe(1);
    expect(fn(doc, 'tcp_sendmsg').b.calls).toBe(54);
    expect(fn(doc, '__x64_sys_sendto').b.calls).toBe(0);
    expect(fn(doc, '__x64_sys_write').b.calls).toBe(54);
  }, 60_000);

  it('--folded: path selfA selfB lines, paths without tasks, each side summing to its self time', async () => {
    const lines = (await cli('diff', '--folded', SEED, NC)).trim().split('\n');
    for (const l of lines) expect(l).toMatch(/^[^;\s]+(;[^;\s]+)* \d+ \d+$/);
    // Paths start below the task: neither curl-139 nor nc.openbsd-155 is a frame.
    expect(lines.some((l) => /(^|;)(curl-139|nc\.openbsd-155)[; ]/.test(l))).toBe(false);
    const sums = [0, 0];
    for (const l of lines) {
      const [, a, b] = /^(?:\S+) (\d+) (\d+)$/.exec(l)!.map(Number);
      sums[0] += a;
      sums[1] += b;
    }
    const selfSum = async (file: string) =>
      (JSON.parse(await cli('summary', file)) as TraceSummary).functions.reduce((s, f) => s + Math.max(0, f.selfNs ?? 0), 0);
    expect(sums).toEqual([await selfSum(SEED), await selfSum(NC)]);
    // tcp_v4_connect's paths are A's only; tcp_sendmsg runs under sendto in A, under write in B.
    const connect = lines.filter((l) => /;tcp_v4_connect[; ]/.test(l));
    expect(connect.length).toBeGreaterThan(0);
    for (const l of connect) expect(l).toMatch(/ [1-9]\d* 0$/);
    const send = lines.filter((l) => /;tcp_sendmsg \d/.test(l));
    expect(send.map((l) => l.replace(/ .*/, ''))).toEqual([
      'x64_sys_call;__x64_sys_sendto;__sys_sendto;__sock_sendmsg;inet_sendmsg;tcp_sendmsg',
      'x64_sys_call;__x64_sys_write;ksys_write;vfs_write;sock_write_iter;__sock_sendmsg;inet_sendmsg;tcp_sendmsg',
    ]);
    expect(send[0]).toMatch(/ [1-9]\d* 0$/);
    expect(send[1]).toMatch(/ 0 [1-9]\d*$/);
  }, 60_000);

  it('one file against itself: CPU 0 against CPU 1, one task against another', async () => {
    const byCpu = await diff('--cpu-a', '0', '--cpu-b', '1', NC);
    expect(byCpu.a.file).toBe(NC);
    expect(byCpu.b.file).toBe(NC);
    expect(fn(byCpu, 'tcp_sendmsg').a.calls).toBe(25);
    expect(fn(byCpu, 'tcp_sendmsg').b.calls).toBe(29);
    const byTask = await diff('--task-a', 'nc.openbsd-155', '--task-b', '151', NC);
    expect(fn(byTask, 'tcp_sendmsg').a.calls).toBe(54);
    expect(fn(byTask, 'tcp_sendmsg').b.calls).toBe(0);
    // The two sides' calls add up to the tasks' own counts in the summary.
    const tasks = (JSON.parse(await cli('summary', NC)) as TraceSummary).tasks;
    expect(byTask.a.calls).toBe(tasks.find((t) => t.pid === 155)!.calls);
    expect(byTask.b.calls).toBe(tasks.find((t) => t.pid === 151)!.calls);
  }, 60_000);

  it('a function-tracer trace: calls compared, times unknown (null) as summary prints them, not 0', async () => {
    // trace-cmd record -p function: one line per call, no durations.
    const file = join(testTempDir('fte-diff-'), 'function.txt');
    writeFileSync(
      file,
      [
        'cpus=2',
        '            curl-893   [000]   209.352400: function:             tcp_v4_connect',
        '            curl-893   [001]   209.364664: function:             tcp_sendmsg',
        '',
      ].join('\n'),
    );
    const doc = await diff('--cpu-a', '0', '--cpu-b', '1', file);
    expect(fn(doc, 'tcp_v4_connect')).toEqual({
      name: 'tcp_v4_connect',
      a: { calls: 1, totalNs: null, selfNs: null },
      b: { calls: 0, totalNs: 0, selfNs: 0 },
    });
    const summary = JSON.parse(await cli('summary', file)) as TraceSummary;
    expect(summary.functions.find((f) => f.name === 'tcp_sendmsg')).toMatchObject({ calls: 1, totalNs: null, selfNs: null });
    expect(fn(doc, 'tcp_sendmsg').b).toEqual({ calls: 1, totalNs: null, selfNs: null });
  });

  it('--folded with a side whose calls have no duration says on stderr that its 0s are not times', async () => {
    const file = join(testTempDir('fte-diff-'), 'function.txt');
    writeFileSync(
      file,
      ['cpus=1', '            curl-893   [000]   209.352400: function:             tcp_sendmsg', ''].join('\n'),
    );
    const r = await runCliInProcess('diff', '--folded', SEED, file);
    expect(r.status).toBe(0);
    // The lines keep difffolded.pl's numbers-only shape, B's column all 0 ...
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toMatch(/ [1-9]\d* 0$/);
    // ... and stderr says B's 0 is unknown, once, naming B alone.
    expect(r.stderr).toMatch(/^cli diff --folded: no call of side B \(.*function\.txt\) has a duration/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    // Two timed sides: nothing on stderr.
    expect((await runCliInProcess('diff', '--folded', SEED, NC)).stderr).toBe('');
  }, 60_000);

  it('a side whose filters keep no call (a task known only from sched lines) is said on stderr, in JSON and folded alike', async () => {
    // `yes` is in 03's sched_switch, timer and softirq event lines but makes no call: -g traces only four graphs.
    const SYS = 'test/traces/03-systemwide-sched-irq.report.txt.gz';
    for (const folded of [[], ['--folded']]) {
      const r = await runCliInProcess('diff', ...folded, '--task-a', 'yes', '--task-b', 'curl', SYS);
      expect(r.status).toBe(0);
      expect(r.stderr.trim().split('\n')).toEqual([
        `cli diff: side A (${SYS}) has no call in view (--task-a yes keeps none): every function and path reads as only in side B`,
      ]);
    }
    const both = await runCliInProcess('diff', '--folded', '--task-a', 'curl', '--task-b', 'yes', '--cpu-b', '0', SYS);
    expect(both.stderr).toContain(`side B (${SYS}) has no call in view (--task-b yes --cpu-b 0 keep none): every function and path reads as only in side A`);
    // Sides with calls: nothing said.
    expect((await runCliInProcess('diff', '--folded', '--task-a', 'curl', '--task-b', 'httpd', SYS)).stderr).toBe('');
  }, 60_000);

  it('--irq reads both sides under that interrupt mode: its figures are cli summary --irq\'s, the folded paths apart under [interrupts]', async () => {
    for (const irq of ['apart', 'hidden']) {
      const doc = await diff(`--irq=${irq}`, SEED, NC);
      for (const [side, file] of [['a', SEED], ['b', NC]] as const) {
        const summary = JSON.parse(await cli('summary', '--irq', irq, file)) as TraceSummary;
        expect(doc[side].calls).toBe(summary.calls);
        const mine = doc.functions.filter((f) => f[side].calls > 0).map((f) => [f.name, f[side].calls, f[side].totalNs, f[side].selfNs]);
        const theirs = summary.functions.map((f) => [f.name, f.calls, f.totalNs, f.selfNs]);
        expect(mine).toEqual(theirs.sort((x, y) => (x[0]! < y[0]! ? -1 : 1)));
      }
    }
    // In place, a timer interrupt inside a call is a path of its own under it; apart, under [interrupts].
    const apart = (await cli('diff', '--folded', '--irq', 'apart', SEED, NC)).trim().split('\n');
    expect(apart.some((l) => l.startsWith('[interrupts];'))).toBe(true);
    expect(apart.some((l) => /;__sysvec_apic_timer_interrupt[; ]/.test(l) && !l.startsWith('[interrupts];'))).toBe(false);
    expect(() => parseDiffArgs(['--irq', 'sideways', 'A'])).toThrow('--irq needs one of in-place, apart, hidden');
  }, 120_000);

  it('--syscalls-only starts both sides\' paths at the syscall entry: a kernel with the x64_sys_call dispatcher against one without meet', async () => {
    // Newer x86 kernels call each syscall through x64_sys_call (arch/x86/entry/syscall_64.c),
    // older ones from do_syscall_64 (noinstr: never traced) through sys_call_table.
    const dir = testTempDir('fte-diff-');
    const newer = join(dir, 'newer.txt');
    const older = join(dir, 'older.txt');
    writeFileSync(
      newer,
      reportFromDsl(`
curl-1 0 0  | x64_sys_call {
curl-1 0 1  |   __x64_sys_sendto {
curl-1 0 2  |     tcp_sendmsg 5
curl-1 0 8  |   } 7
curl-1 0 9  | } 9
`),
    );
    writeFileSync(
      older,
      reportFromDsl(`
curl-2 0 0  | __x64_sys_sendto {
curl-2 0 1  |   tcp_sendmsg 3
curl-2 0 5  | } 5
`),
    );
    const plain = (await cli('diff', '--folded', newer, older)).trim().split('\n');
    expect(plain).toContain('x64_sys_call;__x64_sys_sendto;tcp_sendmsg 5000 0');
    expect(plain).toContain('__x64_sys_sendto;tcp_sendmsg 0 3000');
    const entries = (await cli('diff', '--folded', '--syscalls-only', newer, older)).trim().split('\n');
    expect(entries).toEqual(['__x64_sys_sendto 2000 2000', '__x64_sys_sendto;tcp_sendmsg 5000 3000']);
    const doc = await diff('--syscalls-only', newer, older);
    expect(doc.functions.map((f) => f.name)).toEqual(['__x64_sys_sendto', 'tcp_sendmsg']);
    expect([doc.a.calls, doc.b.calls]).toEqual([2, 2]);
  });

  it('--under F starts both sides\' paths at F: the fresh connection\'s tcp_sendmsg (via sendto) meets the established one\'s (via write)', async () => {
    // Without it the two tcp_sendmsg subtrees are on no common path (see the folded test above).
    const lines = (await cli('diff', '--folded', '--under', 'tcp_sendmsg', SEED, NC)).trim().split('\n');
    for (const l of lines) expect(l).toMatch(/^tcp_sendmsg[; ]/);
    expect(lines.find((l) => l.startsWith('tcp_sendmsg '))).toMatch(/^tcp_sendmsg [1-9]\d* [1-9]\d*$/);
    expect(lines.some((l) => / [1-9]\d* [1-9]\d*$/.test(l) && l.startsWith('tcp_sendmsg;'))).toBe(true);
    // The function's own figures are those of the whole traces (1 and 54 calls, as grep counts).
    const under = await diff('--under', 'tcp_sendmsg', SEED, NC);
    const whole = await diff(SEED, NC);
    expect(fn(under, 'tcp_sendmsg')).toEqual(fn(whole, 'tcp_sendmsg'));
    expect([fn(under, 'tcp_sendmsg').a.calls, fn(under, 'tcp_sendmsg').b.calls]).toEqual([1, 54]);
    expect(under.functions.some((f) => f.name === '__x64_sys_sendto' || f.name === 'x64_sys_call')).toBe(false);
    // A function one side never calls leaves that side empty, and stderr says so.
    const r = await runCliInProcess('diff', '--folded', '--under', 'tcp_v4_connect', SEED, NC);
    expect(r.stderr).toContain(`side B (${NC}) has no call in view (--under tcp_v4_connect keeps none)`);
  }, 60_000);

  it('a CPU list item that is not digits is one line and status 2, not CPU 0 or 1', async () => {
    for (const [spec, bad] of [['', ''], ['1,', ''], ['0x1', '0x1'], ['1e0', '1e0'], [' 1', ' 1']]) {
      const r = await runCliInProcess('diff', '--cpu-a', spec, NC);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual([`cli: side A (${NC}): not a CPU number: ${JSON.stringify(bad)}`]);
    }
  }, 60_000);

  it('a CPU the trace does not have is one line and status 2, not an empty side', async () => {
    // 02-midstream: cpus=2 in its header, calls on CPUs 0 and 1.
    for (const side of ['a', 'b']) {
      const r = await runCliInProcess('diff', `--cpu-${side}`, '1,7', NC);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toEqual([`cli: side ${side.toUpperCase()} (${NC}): no CPU 7 in the trace (its CPUs: 0, 1)`]);
    }
  }, 60_000);

  it('--help names the diff command; a task that is not there is one line and status 2', async () => {
    expect(await cli('--help')).toMatch(/diff \[--folded\]/);
    const r = await runCliInProcess('diff', '--task-a', 'nope', NC);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([`cli: side A (${NC}): no task "nope" in the trace`]);
    // Two traces: the side whose trace lacks the task is the one named.
    const two = await runCliInProcess('diff', '--task-b', 'nc.openbsd', NC, SEED);
    expect([two.status, two.stderr]).toEqual([2, `cli: side B (${SEED}): no task "nc.openbsd" in the trace\n`]);
  }, 60_000);

  it('files named after Object.prototype keys (constructor, toString, __proto__) are files, not options', () => {
    expect(parseDiffArgs(['constructor', 'toString'])).toEqual({ folded: false, keepTasks: false, exactNames: false, syscallsOnly: false, files: ['constructor', 'toString'] });
    expect(parseDiffArgs(['--task-a', 'curl', '__proto__'])).toEqual({ folded: false, keepTasks: false, exactNames: false, syscallsOnly: false, files: ['__proto__'], taskA: 'curl' });
    expect(() => parseDiffArgs(['a', 'hasOwnProperty', 'valueOf'])).toThrow(/^usage: /);
  });

  it('options take --name=value as well as --name value, as summary and folded take --irq=apart', () => {
    expect(parseDiffArgs(['--task-a=curl', '--cpu-b=0,1', '--folded', 'A', 'B'])).toEqual({
      folded: true,
      keepTasks: false,
      exactNames: false,
      syscallsOnly: false,
      files: ['A', 'B'],
      taskA: 'curl',
      cpuB: '0,1',
    });
    expect(() => parseDiffArgs(['--folded=1', 'A'])).toThrow('unknown option --folded=1');
    expect(() => parseDiffArgs(['--bogus=1', 'A'])).toThrow('unknown option --bogus=1');
  });

  it('- for both sides is refused: standard input is read once, and side B was said to be an empty file', async () => {
    expect(() => parseDiffArgs(['-', '-'])).toThrow('- (standard input) can be read once');
    expect(parseDiffArgs(['-', 'B']).files).toEqual(['-', 'B']);
    const r = await runCliInProcess('diff', '--folded', '-', '-');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^cli: - \(standard input\) can be read once: /);
    expect(r.stderr).not.toContain('empty');
  });

  it('another kernel build of the same calls (clones renamed): every function on both sides, B’s name as nameB; --exact-names keeps them apart; --under a clone', async () => {
    const file = join(testTempDir('fte-diff-'), 'fleet.txt');
    writeFileSync(file, otherBuild(gunzipSync(readFileSync(NC)).toString('utf8')));
    const doc = await diff(NC, file);
    expect(doc.functions.filter((f) => f.a.calls === 0 || f.b.calls === 0)).toEqual([]);
    expect(doc.functions.every((f) => f.a.calls === f.b.calls && f.a.selfNs === f.b.selfNs)).toBe(true);
    const renamed = doc.functions.filter((f) => f.nameB !== undefined);
    expect(renamed.length).toBe(11);
    expect(fn(doc, 'tcp_small_queue_check.isra.0')).toMatchObject({ nameB: 'tcp_small_queue_check', a: { calls: 54 }, b: { calls: 54 } });
    const exact = await diff('--exact-names', NC, file);
    expect(exact.functions.filter((f) => f.b.calls === 0).length).toBe(11);
    expect(exact.functions.some((f) => 'nameB' in f)).toBe(false);
    // Folded: no path on one side only.
    const folded = (await cli('diff', '--folded', NC, file)).trim().split('\n');
    expect(folded.filter((l) => / 0 \d+$| \d+ 0$/.test(l) && !/ 0 0$/.test(l))).toEqual([]);
    // From a clone B names without its suffix: each side from its own name.
    const under = await diff('--under', 'tcp_small_queue_check.isra.0', NC, file);
    expect(fn(under, 'tcp_small_queue_check.isra.0')).toMatchObject({ a: { calls: 54 }, b: { calls: 54 } });
    expect(under.b.calls).toBe(under.a.calls);
  }, 60_000);

  it('--normalise scaled against a function-tracer trace (calls, no times): B\'s calls scaled, its times unknown and said; folded refused', async () => {
    const file = join(testTempDir('fte-diff-'), 'function.txt');
    writeFileSync(
      file,
      ['cpus=1', '            curl-893   [000]   209.352400: function:             tcp_sendmsg', '            curl-893   [000]   209.352500: function:             tcp_sendmsg', ''].join('\n'),
    );
    const r = await runCliInProcess('diff', '--normalise', 'scaled', SEED, file);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("cli diff: --normalise scaled: side B has no time in view to scale by: B's time figures are unknown (null)\n");
    const doc = JSON.parse(r.stdout) as DiffDoc;
    // A's 1 call of tcp_sendmsg against B's 2, B scaled by A's calls over B's (2 in all).
    expect(fn(doc, 'tcp_sendmsg').b).toEqual({ calls: 2 * (doc.a.calls / 2), totalNs: null, selfNs: null });
    const folded = await runCliInProcess('diff', '--folded', '--normalise', 'scaled', SEED, file);
    expect([folded.status, folded.stderr]).toEqual([2, "cli: --normalise scaled: side B has no time in view to scale by: B's time figures are unknown\n"]);
  }, 60_000);

  it('--normalise and --range-a/--range-b arguments are checked', () => {
    expect(parseDiffArgs(['--normalise', 'call:tcp_sendmsg', '--range-b', ',7.5', 'A']).normalise).toBe('call:tcp_sendmsg');
    expect(() => parseDiffArgs(['--normalise', 'per-call', 'A'])).toThrow('--normalise needs raw, scaled or call:F');
    expect(() => parseDiffArgs(['--normalise', 'call:', 'A'])).toThrow('--normalise needs raw, scaled or call:F');
    expect(() => parseDiffArgs(['--range-a', '5', 'A'])).toThrow('--range-a needs FROM,TO');
    expect(() => parseDiffArgs(['--range-b', ',', 'A'])).toThrow('--range-b needs FROM,TO');
    expect(() => parseDiffArgs(['--range-a', '1e3,', 'A'])).toThrow('--range-a needs FROM,TO');
  });
});
