/**
 * The benchmark's trace generator writes text the loader reads without a single repair:
 * no unparsed lines, no orphan exits, no unclosed calls, every call and task accounted for,
 * time order per CPU, parents at least as long as their children.
 */
import { describe, expect, it } from 'vitest';
import { TraceLoader } from '../src/core/load';
import { durationColumn, generateTrace, type GenerateOptions } from './generate';

function generate(opts: GenerateOptions): { text: string; chunks: Uint8Array[]; stats: ReturnType<typeof generateTrace> } {
  const chunks: Uint8Array[] = [];
  const stats = generateTrace(opts, (c) => chunks.push(new Uint8Array(c))); // a copy: the buffer is reused
  return { text: chunks.map((c) => new TextDecoder().decode(c)).join(''), chunks, stats };
}

const OPTS: GenerateOptions = { targetCalls: 2000, seed: 7, cpus: 4, tasks: 12, chunkBytes: 8192 };

describe('bench trace generator', () => {
  const { text, chunks, stats } = generate(OPTS);

  it('loads with no unparsed lines, orphan exits, unclosed calls or other repairs', () => {
    const loader = new TraceLoader();
    for (const c of chunks) loader.pushBytes(c);
    const m = loader.finish();
    const d = m.diagnostics;
    expect(m.format).toBe('trace-cmd-report');
    expect(m.cpuCount).toBe(4);
    expect(d.inputErrors).toEqual([]);
    expect(d.unparsedLines).toBe(0);
    expect(d.orphanExits).toBe(0);
    expect(d.unclosedCalls).toBe(0);
    expect(d.depthGaps).toBe(0);
    expect(d.nameMismatches).toBe(0);
    expect(d.linesRead).toBe(stats.lines);
    expect(m.textBytes).toBe(stats.bytes);

    expect(stats.calls).toBeGreaterThanOrEqual(2000);
    expect(m.calls.length).toBe(stats.calls);
    expect(m.events.length).toBe(stats.schedSwitches + stats.schedWakeups);
    expect(stats.schedSwitches).toBeGreaterThan(0);

    // Each task's calls were parsed (idle tasks are one per CPU).
    const key = (pid: number, idleCpu: number) => (pid === 0 ? `0/${idleCpu}` : String(pid));
    const parsed = new Map(m.tasks.filter((t) => t.calls > 0).map((t) => [key(t.pid, t.idleCpu), t.calls]));
    const generated = new Map(stats.tasks.filter((t) => t.calls > 0).map((t) => [key(t.pid, t.idleCpu), t.calls]));
    expect(parsed).toEqual(generated);
    expect(generated.size).toBeGreaterThan(4);

    // Every call returned, and no call is shorter than its children together.
    const { duration, self } = m.calls;
    for (let i = 0; i < m.calls.length; i++) {
      if (!(duration[i] > 0) || !(self[i] >= 0)) throw new Error(`call ${i}: duration ${duration[i]}, self ${self[i]}`);
    }
  });

  it('prints trace-cmd 3.1.6 columns, in time order per CPU and overall', () => {
    const lines = text.split('\n');
    expect(lines[0]).toBe('cpus=4');
    expect(lines[lines.length - 1]).toBe('');
    const record = /^(.{16})-(\d+) *\[(\d{3})\] +(\d+)\.(\d{6}): (\w+): +(.*)$/;
    const lastByCpu = new Map<string, number>();
    let last = 0;
    for (const line of lines.slice(1, -1)) {
      const m = record.exec(line);
      if (!m) throw new Error(`not a record line: ${line}`);
      const us = Number(m[4]) * 1e6 + Number(m[5]);
      expect(us).toBeGreaterThanOrEqual(lastByCpu.get(m[3]) ?? 0);
      expect(us).toBeGreaterThanOrEqual(last);
      lastByCpu.set(m[3], us);
      last = us;
      const event = m[6];
      // The event name and its padding take 22 columns; the graph `|` sits 14 after that
      // for durations below 1 ms.
      const payload = line.indexOf(`${event}:`) + 22;
      if (event === 'funcgraph_entry' || event === 'funcgraph_exit') {
        const body = line.slice(payload);
        expect(body).toMatch(/^(?:[ +!#$] (?:\d{1,6}\.\d{3}|\d{7,}) us +| {13})\|  ( {2})*(?:[\w.]+\(\)(?:;| \{)|\})$/);
        if (!/ (\d{4,})\./.test(body)) expect(body.indexOf('|')).toBe(13);
      } else {
        expect(event).toMatch(/^sched_(switch|wakeup)$/);
        expect(line.charAt(payload - 1)).toBe(' ');
        expect(line.charAt(payload)).not.toBe(' ');
      }
    }
  });

  it('is deterministic and honours the size target', () => {
    expect(generate(OPTS).text).toBe(text);
    expect(generate({ ...OPTS, seed: 8 }).text).not.toBe(text);
    const big = generate({ targetBytes: 300_000, seed: 3 });
    expect(big.stats.bytes).toBeGreaterThanOrEqual(300_000);
    expect(big.stats.bytes).toBeLessThan(400_000);
    expect(big.stats.bytes).toBe(big.text.length);
  });

  it('formats durations like trace-cmd: marks are strictly-greater thresholds, 3 decimals below 1 s', () => {
    expect(durationColumn(412)).toBe('  0.412 us   |  ');
    expect(durationColumn(10_000)).toBe('  10.000 us  |  ');
    expect(durationColumn(10_001)).toBe('+ 10.001 us  |  ');
    expect(durationColumn(472_967)).toBe('! 472.967 us |  ');
    expect(durationColumn(1_000_000)).toBe('! 1000.000 us |  ');
    expect(durationColumn(2_248_930)).toBe('# 2248.930 us |  ');
    expect(durationColumn(999_999_999)).toBe('# 999999.999 us |  ');
    expect(durationColumn(1_394_661_123)).toBe('$ 1394661 us |  ');
  });
});
