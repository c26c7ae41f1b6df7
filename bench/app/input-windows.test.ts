import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputWindowReport, mainCpuPerInput, threadLabels } from './input-windows';
import type { TraceEvent } from './profile-trace';

const PID = 7;
const name = (tid: number, n: string): TraceEvent => ({ name: 'thread_name', ph: 'M', pid: PID, tid, args: { name: n } });
const mark = (n: string, ts: number): TraceEvent => ({ name: n, ph: 'R', pid: PID, tid: 1, ts });
const task = (tid: number, ts: number, dur: number, tdur: number): TraceEvent => ({ name: 'RunTask', ph: 'X', pid: PID, tid, ts, dur, tdur });

/** A page with its main thread and two workers of the same name (the trace worker, the hash worker). */
const trace: TraceEvent[] = [
  name(1, 'CrRendererMain'),
  name(2, 'DedicatedWorker thread'),
  name(3, 'DedicatedWorker thread'),
  // Another process's thread of the main thread's name: no tid needed for it.
  { name: 'thread_name', ph: 'M', pid: PID + 1, tid: 9, args: { name: 'CrRendererMain' } },
  mark('ab:input', 1000),
  task(1, 1100, 3000, 2000),
  task(2, 2000, 4000, 3000),
  task(3, 1500, 20_000, 18_000),
  mark('ab:shown', 30_000),
];

describe('input windows', () => {
  it('labels threads that share a name by their tid, and names the others plainly', () => {
    const labels = threadLabels(trace);
    expect(labels.get(`${PID}:1`)).toBe('CrRendererMain');
    expect(labels.get(`${PID}:2`)).toBe('DedicatedWorker thread (tid 2)');
    expect(labels.get(`${PID}:3`)).toBe('DedicatedWorker thread (tid 3)');
  });

  it("reports each worker's tasks in an input on their own line part, not added up", () => {
    const dir = mkdtempSync(join(tmpdir(), 'input-windows-'));
    try {
      const file = join(dir, 'trace.json');
      writeFileSync(file, JSON.stringify({ traceEvents: trace }));
      const report = inputWindowReport(file);
      expect(report).toContain('DedicatedWorker thread (tid 2) 1 tasks 4.0 / 3.0');
      expect(report).toContain('DedicatedWorker thread (tid 3) 1 tasks 20.0 / 18.0');
      expect(report).toContain('CrRendererMain 1 tasks 3.0 / 2.0');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('main-thread CPU per input', () => {
  it('adds the thread time of the main thread\'s tasks inside each input, not the workers\'', () => {
    const two: TraceEvent[] = [...trace, mark('ab:input', 40_000), task(1, 41_000, 5000, 4500), task(2, 41_000, 5000, 5000), mark('ab:shown', 50_000)];
    expect(mainCpuPerInput(two)).toEqual([2, 4.5]);
  });
});
