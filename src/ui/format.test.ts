import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCount,
  formatDuration,
  formatElapsed,
  formatPercent,
  formatRate,
  formatShare,
  MISSING,
  nameWithFigure,
  namesJoined,
  traceIdentityText,
  UNKNOWN_TIME_TITLE,
  unknownTimeTitle,
} from './format';

describe('format', () => {
  it('counts with thousands separators', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(319875)).toBe('319,875');
    expect(formatCount(1234567.8)).toBe('1,234,568');
    expect(formatCount(null)).toBe(MISSING);
  });

  it('durations with ns / us / ms / s', () => {
    expect(formatDuration(0)).toBe('0 ns');
    expect(formatDuration(950)).toBe('950 ns');
    expect(formatDuration(999)).toBe('999 ns');
    expect(formatDuration(1183)).toBe('1.18 us');
    expect(formatDuration(14828)).toBe('14.8 us');
    expect(formatDuration(472967)).toBe('473 us');
    expect(formatDuration(999_800)).toBe('1.00 ms');
    expect(formatDuration(12_345_678)).toBe('12.3 ms');
    expect(formatDuration(1_500_000_000)).toBe('1.50 s');
    expect(formatDuration(1_234_000_000_000)).toBe('1,234 s');
    expect(formatDuration(99_960)).toBe('100 us');
    expect(formatDuration(Number.NaN)).toBe(MISSING);
    expect(formatDuration(null)).toBe(MISSING);
  });

  it('bytes, rates, percents and wall time', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2400322)).toBe('2.40 MB');
    expect(formatBytes(36076435)).toBe('36.1 MB');
    expect(formatBytes(2.5e9)).toBe('2.50 GB');
    expect(formatRate(45_200_000)).toBe('45.2 MB/s');
    expect(formatRate(Number.POSITIVE_INFINITY)).toBe(MISSING);
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.426)).toBe('42%');
    expect(formatPercent(0.999)).toBe('99%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatElapsed(850)).toBe('850 ms');
    expect(formatElapsed(1250)).toBe('1.25 s');
  });

  it('an unknown time (a call that never returned) is an em dash with a tooltip, never 0 ns', () => {
    expect(MISSING).toBe('\u2014');
    expect(formatDuration(Number.NaN)).toBe('\u2014');
    expect(unknownTimeTitle(Number.NaN)).toBe(UNKNOWN_TIME_TITLE);
    expect(UNKNOWN_TIME_TITLE).toMatch(/never returned in the trace/);
    // A function tracer call returned; the tracer does not record it.
    expect(UNKNOWN_TIME_TITLE).toMatch(/function tracer/);
    // function_graph text printed without its duration column (trace_functions_graph.c TRACE_GRAPH_PRINT_DURATION).
    expect(UNKNOWN_TIME_TITLE).toMatch(/funcgraph-duration option off/);
    expect(unknownTimeTitle(0)).toBeUndefined();
    expect(formatDuration(0)).toBe('0 ns');
  });
});

describe('formatShare', () => {
  it('prints one decimal and an honest 100.0%', () => {
    expect(formatShare(423, 1000)).toBe('42.3%');
    expect(formatShare(1, 1)).toBe('100.0%');
    expect(formatShare(999, 1000)).toBe('99.9%');
    expect(formatShare(0, 5)).toBe('0.0%');
  });

  it('is missing when the whole is unknown or zero', () => {
    expect(formatShare(1, 0)).toBe(MISSING);
    expect(formatShare(1, Number.NaN)).toBe(MISSING);
    expect(formatShare(Number.NaN, 10)).toBe(MISSING);
  });
});

describe('nameWithFigure', () => {
  it('prints a plain name as it is', () => {
    expect(nameWithFigure('curl-139', '1,234')).toBe('curl-139 (1,234)');
  });

  it("sets apart a name whose right-to-left override would turn its figure round ('1,234' read '432,1')", () => {
    expect(nameWithFigure('evil\u202e-7', '1,234 calls')).toBe('\u2068evil\ufffd-7\u2069 (1,234 calls)');
    expect(nameWithFigure('\u05d0-7', '3')).toBe('\u2068\u05d0-7\u2069 (3)');
  });
});

describe('namesJoined', () => {
  it('joins plain names as they are', () => {
    expect(namesJoined(['__x64_sys_sendto', 'tcp_sendmsg'], ' › ')).toBe('__x64_sys_sendto › tcp_sendmsg');
    expect(namesJoined([], ', ')).toBe('');
  });

  it("sets apart each name whose right-to-left override would turn the separators and the names after it round", () => {
    expect(namesJoined(['a\u202eb', 'c'], ' › ')).toBe('\u2068a\ufffdb\u2069 › c');
    expect(namesJoined(['x', '\u05d0'], ', ')).toBe('x, \u2068\u05d0\u2069');
  });
});

describe('traceIdentityText', () => {
  it('names a trace by its file name, size and fingerprint', () => {
    expect(traceIdentityText({ name: 'trace.dat', size: 2048, contentHash: '1f3a9c0b7d'.padEnd(64, '0') })).toBe('trace.dat, 2.05 kB, fingerprint 1f3a9c0b…');
    expect(traceIdentityText({ name: 'trace.dat', size: 2048, contentHash: '1f3a9c0b7d'.padEnd(64, '0') }, 12)).toBe('trace.dat, 2.05 kB, fingerprint 1f3a9c0b7d00…');
    expect(traceIdentityText({ name: 'trace.dat', size: 2048, contentHash: '' })).toBe('trace.dat, 2.05 kB');
  });

  it("sets apart a file name whose right-to-left override would turn the size round ('2.05 kB' read 'Bk 50.2')", () => {
    expect(traceIdentityText({ name: 'x\u202etxt.exe', size: 2048, contentHash: '' })).toBe('\u2068x\ufffdtxt.exe\u2069, 2.05 kB');
  });
});
