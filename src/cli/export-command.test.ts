/** `cli export` as a script sees it (run in-process), on the mid-stream trace. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../test-utils/run-cli';
import { parseExportArgs } from './export-command';

const TRACE = fileURLToPath(new URL('../../test/traces/02-midstream-nc-fgraph.report.txt.gz', import.meta.url));

const cli = runCliInProcess;
const SYSTEMWIDE = fileURLToPath(new URL('../../test/traces/03-systemwide-sched-irq.report.txt.gz', import.meta.url));

describe('cli export', () => {
  it('--format folded writes exactly what cli folded writes', async () => {
    const exported = await cli('export', '--format', 'folded', TRACE);
    const folded = await cli('folded', TRACE);
    expect(exported.status).toBe(0);
    expect(exported.stdout.length).toBeGreaterThan(1000);
    expect(exported.stdout).toBe(folded.stdout);
  }, 60_000);

  it('--irq hidden: the export equals cli folded --irq hidden, and differs from in place', async () => {
    const exported = await cli('export', '--format', 'folded', '--irq', 'hidden', TRACE);
    const folded = await cli('folded', '--irq', 'hidden', TRACE);
    expect(exported.status).toBe(0);
    expect(exported.stdout).toBe(folded.stdout);
    // The trace has timer interrupts inside nc's calls (MANIFEST facts): hidden, they are gone.
    expect((await cli('folded', TRACE)).stdout).toContain('__sysvec_apic_timer_interrupt');
    expect(exported.stdout).not.toContain('__sysvec_apic_timer_interrupt');
  }, 60_000);

  it('--format chrome with --task and --cpu keeps only that task on that CPU', async () => {
    const r = await cli('export', '--format', 'chrome', '--task', 'nc.openbsd-155', '--cpu', '1', TRACE);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { traceEvents: { ph: string; tid: number; args: { cpu?: number } }[] };
    const xs = doc.traceEvents.filter((e) => e.ph === 'X');
    expect(xs.length).toBeGreaterThan(100);
    expect(new Set(xs.map((e) => e.tid))).toEqual(new Set([155]));
    expect(new Set(xs.map((e) => e.args.cpu))).toEqual(new Set([1]));
  }, 60_000);

  it('svg and speedscope write a document; png and unknown tasks are refused with status 2', async () => {
    const svg = await cli('export', '--format', 'svg', TRACE);
    expect(svg.status).toBe(0);
    expect(svg.stdout.startsWith('<?xml')).toBe(true);
    expect(svg.stdout.trimEnd().endsWith('</svg>')).toBe(true);
    const ss = await cli('export', '--format', 'speedscope', TRACE);
    expect((JSON.parse(ss.stdout) as { profiles: unknown[] }).profiles.length).toBeGreaterThan(0);
    const png = await cli('export', '--format', 'png', TRACE);
    expect(png.status).toBe(2);
    expect(png.stderr).toContain('PNG is made by the app');
    const task = await cli('export', '--format', 'folded', '--task', 'nosuch-1', TRACE);
    expect(task.status).toBe(2);
    expect(task.stderr).toContain('no task "nosuch-1"');
    const help = await cli('export', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('PNG is not made here');
  }, 60_000);

  it('--cpu that the trace does not have is refused with status 2 and its CPUs named, as diff does', async () => {
    const r = await cli('export', '--format', 'folded', '--cpu', '0', '--cpu', '7', TRACE);
    expect([r.status, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toBe('cli export: --cpu 7: no CPU 7 in the trace (its CPUs: 0, 1)\n');
    const diff = await cli('diff', '--cpu-b', '7', TRACE);
    expect([diff.status, diff.stderr]).toEqual([2, `cli: side B (${TRACE}): no CPU 7 in the trace (its CPUs: 0, 1)\n`]);
    expect((await cli('export', '--format', 'folded', '--cpu', '1', TRACE)).status).toBe(0);
  }, 60_000);

  it('parseExportArgs reads repeated options and names what is wrong', () => {
    expect(parseExportArgs(['--format', 'svg', 'f', '--task', 'a', '--task', 'b', '--cpu', '2'])).toEqual({ format: 'svg', file: 'f', tasks: ['a', 'b'], cpus: [2], irq: 'in-place' });
    expect(parseExportArgs(['--format', 'folded', 'f', '--irq', 'hidden'])).toMatchObject({ irq: 'hidden' });
    expect(parseExportArgs(['--format', 'folded', 'f', '--irq', 'x'])).toBe('--irq needs one of in-place, apart, hidden');
    expect(parseExportArgs(['--format', 'svg'])).toBe('FILE is missing');
    expect(parseExportArgs(['--format', 'svg', 'f', '--cpu', 'x'])).toBe('--cpu needs a CPU number');
    expect(parseExportArgs(['--format', 'svg', 'f', '--bogus'])).toBe('unknown option --bogus');
    // --name=value, as summary and folded take --irq=apart.
    expect(parseExportArgs(['--format=chrome', 'f', '--task=curl-139', '--cpu=1', '--irq=apart'])).toEqual({ format: 'chrome', file: 'f', tasks: ['curl-139'], cpus: [1], irq: 'apart' });
    expect(parseExportArgs(['--format=svg', 'f', '--cpu='])).toBe('--cpu needs a CPU number');
    expect(parseExportArgs(['--format=svg', 'f', '--bogus=1'])).toBe('unknown option --bogus');
  });

  it('filters that keep no call (a task and a CPU it never ran on, a task with no call) say so on stderr, where the empty export said nothing', async () => {
    // curl-530 ran on CPU 0 only; yes-406 is known from its sched_switch lines and made no call.
    const off = await cli('export', '--format', 'folded', '--task', 'curl-530', '--cpu', '1', SYSTEMWIDE);
    expect([off.status, off.stdout]).toEqual([0, '']);
    expect(off.stderr).toMatch(/^cli: no call in the folded export: --task curl-530 --cpu 1 keep none of the \d+ calls in .*03-systemwide-sched-irq\.report\.txt\.gz \(the task ran on CPU 0\)\n$/);
    const idle = await cli('export', '--format', 'chrome', '--task', 'yes-406', SYSTEMWIDE);
    expect(idle.status).toBe(0);
    expect(idle.stderr).toMatch(/^cli: no call in the chrome export: --task yes-406 keeps none of the \d+ calls in .* \(the task made no function call: the trace names it from other events\)\n$/);
    // A task and a CPU it ran on: no note.
    const on = await cli('export', '--format', 'folded', '--task', 'curl-530', '--cpu', '0', SYSTEMWIDE);
    expect([on.status, on.stderr]).toEqual([0, '']);
    expect(on.stdout.length).toBeGreaterThan(1000);
  }, 60_000);
});
