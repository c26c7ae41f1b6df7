/** Time axis labels: steps, decimals, exact seconds, absolute and relative clocks. */
import { describe, expect, it } from 'vitest';
import { decimalsFor, formatClock, formatSeconds, tickStep, timeTicks, windowDecimals, rulerTicks, RULER_CHAR_PX } from './time-ticks';

const ABS = { kind: 'absolute' } as const;

describe('tickStep and decimalsFor', () => {
  it('picks the smallest 1/2/5 step that fits the ticks', () => {
    expect(tickStep(223_000, 10)).toBe(50_000);
    expect(tickStep(223_000, 12)).toBe(20_000);
    expect(tickStep(1e9, 10)).toBe(1e8);
    expect(tickStep(5, 10)).toBe(1); // never below a nanosecond
    expect(tickStep(3e9, 4)).toBe(1e9);
  });

  it('gives as many decimals of seconds as the step needs', () => {
    expect(decimalsFor(1e9)).toBe(0);
    expect(decimalsFor(1e8)).toBe(1);
    expect(decimalsFor(5e5)).toBe(4);
    expect(decimalsFor(1e3)).toBe(6);
    expect(decimalsFor(2e4)).toBe(5);
    expect(decimalsFor(1)).toBe(9);
    expect(decimalsFor(1e10)).toBe(0);
    expect(windowDecimals(223_000)).toBe(6);
  });
});

describe('formatSeconds', () => {
  it('splits seconds and nanoseconds exactly (no float of seconds)', () => {
    expect(formatSeconds(3_251_234_000, 6)).toBe('3.251234');
    expect(formatSeconds(11_524_982_000, 6)).toBe('11.524982');
    expect(formatSeconds(86_400_123_456_789, 9)).toBe('86400.123456789');
    expect(formatSeconds(3_251_234_999, 6)).toBe('3.251234'); // cut, not rounded
    expect(formatSeconds(2_000_000_000, 0)).toBe('2');
    expect(formatSeconds(-1_500, 6)).toBe('-0.000001');
  });

  it('past 2^53 ns (a tai clock: 1.7e18 ns) a time is given to the µs the trace printed, not the double\'s ns', () => {
    // 1764923456.524982 s as a double is 1764923456524982016 ns; .524981 is 1764923456524980992.
    const t = 1_764_923_456_524_982_000;
    expect(BigInt(t)).not.toBe(1764923456524982000n);
    expect(formatSeconds(t, 9)).toBe('1764923456.524982');
    expect(formatSeconds(1_764_923_456_524_981_000, 6)).toBe('1764923456.524981');
    expect(formatClock(t, ABS, 6)).toBe('1764923456.524982');
    expect(formatSeconds(t, 3)).toBe('1764923456.524');
    expect(formatSeconds(-t, 0)).toBe('-1764923456');
    // No BigInt of a time that is none (a window edge not yet known): no throw in a render.
    expect(() => formatSeconds(Number.POSITIVE_INFINITY, 6)).not.toThrow();
  });

  it('relative times carry a sign from the origin', () => {
    const rel = { kind: 'relative', origin: 11_515_782_000 } as const;
    expect(formatClock(11_524_982_000, rel, 6)).toBe('+0.009200');
    expect(formatClock(11_515_782_000, rel, 3)).toBe('+0.000');
    expect(formatClock(11_524_982_000, ABS, 6)).toBe('11.524982');
  });
});

describe('timeTicks', () => {
  it('at a 223 µs window, labels differ below the millisecond and each is exact', () => {
    const v0 = 3_251_234_000;
    const v1 = v0 + 223_000;
    const { ticks, step, decimals } = timeTicks(v0, v1, 12, ABS);
    expect(step).toBe(20_000);
    expect(decimals).toBe(5);
    expect(ticks.map((t) => t.label)).toEqual([
      '3.25124',
      '3.25126',
      '3.25128',
      '3.25130',
      '3.25132',
      '3.25134',
      '3.25136',
      '3.25138',
      '3.25140',
      '3.25142',
      '3.25144',
    ]);
    expect(new Set(ticks.map((t) => t.label)).size).toBe(ticks.length);
    for (const t of ticks) {
      expect(t.ns).toBeGreaterThanOrEqual(v0);
      expect(t.ns).toBeLessThanOrEqual(v1);
      expect(t.ns % step).toBe(0);
    }
  });

  it('a relative clock puts its ticks on round values from the origin', () => {
    const origin = 11_515_782_345;
    const { ticks } = timeTicks(origin, origin + 1e9, 5, { kind: 'relative', origin });
    expect(ticks.map((t) => t.label)).toEqual(['+0.0', '+0.2', '+0.4', '+0.6', '+0.8', '+1.0']);
    expect(ticks[1].ns).toBe(origin + 2e8);
  });

  it('past 2^53 ns (the tai clock, ~1.7e18 ns; trace-cmd --date) each tick is labelled its own round time', () => {
    // trace-cmd record -C tai: 1764923456.524981 s; a double there is a multiple of 256 ns.
    const v0 = 1_764_923_456_524_981_000;
    const abs = timeTicks(v0, v0 + 10_000, 10, ABS).ticks.map((t) => t.label);
    expect(abs).toEqual(Array.from({ length: 11 }, (_, k) => `1764923456.5249${81 + k}`));
    const rel = timeTicks(v0, v0 + 10_000, 10, { kind: 'relative', origin: v0 }).ticks.map((t) => t.label);
    // v0 + 10 µs is itself a double 16 ns short of it here: the last tick may fall out.
    expect(rel.length).toBeGreaterThanOrEqual(10);
    expect(rel).toEqual(Array.from({ length: rel.length }, (_, k) => `+0.0000${String(k).padStart(2, '0')}`));
  });

  it('nanosecond windows get nine decimals; an empty window no ticks', () => {
    const { ticks, decimals } = timeTicks(1_000_000_000, 1_000_000_010, 5, ABS);
    expect(decimals).toBe(9);
    expect(ticks[0].label).toBe('1.000000000');
    expect(ticks.at(-1)!.label).toBe('1.000000010');
    expect(timeTicks(5, 5, 10, ABS).ticks).toEqual([]);
  });
});

describe('timeTicks zoomed to a µs past 2^53 ns', () => {
  it('labels each tick once, at its own place, no finer than the doubles the times are in', () => {
    // A tai clock (trace-cmd record -C tai): 1733400011.584766 s, 1,024 ns on screen, 11 ticks asked.
    const v0 = 1_733_400_011_584_766_000;
    const { ticks, step } = timeTicks(v0, v0 + 1024, 11, ABS);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(new Set(ticks.map((t) => t.label)).size).toBe(ticks.length);
    expect(new Set(ticks.map((t) => t.ns)).size).toBe(ticks.length);
    // Doubles there are 256 ns apart: steps of 500 ns, each label the round time it stands for.
    expect(step).toBe(500);
    for (const t of ticks) {
      expect(t.ns).toBeGreaterThanOrEqual(v0 - 256);
      expect(t.ns).toBeLessThanOrEqual(v0 + 1024 + 256);
      expect(Math.abs(Number(BigInt(t.label.replace('.', '').padEnd(19, '0'))) - t.ns)).toBeLessThanOrEqual(128);
    }
  });

  it('keeps nanosecond steps below 2^53 ns', () => {
    expect(timeTicks(11_524_982_000, 11_524_982_010, 10, ABS).step).toBe(1);
  });
});

describe('rulerTicks', () => {
  it("never puts ticks closer than their labels are long (a tai clock's 17 digits)", () => {
    const v0 = 1_733_400_011_584_758_000;
    const width = 1189;
    for (let span = 4000; span < 200_000; span = Math.ceil(span * 1.07)) {
      for (const clock of [ABS, { kind: 'relative', origin: v0 - 5e9 } as const]) {
        const { ticks } = rulerTicks(v0, v0 + span, width, 110, clock);
        expect(ticks.length).toBeGreaterThanOrEqual(2);
        // Where they are drawn: each at its time's double, up to 128 ns off its round time there.
        const x = (ns: number) => ((ns - v0) / span) * width;
        for (let i = 1; i < ticks.length; i++) {
          expect(x(ticks[i].ns) - x(ticks[i - 1].ns)).toBeGreaterThanOrEqual(ticks[i - 1].label.length * RULER_CHAR_PX);
        }
      }
    }
  });

  it('leaves out a tick whose label the right edge would cut', () => {
    // 11.50 s to 11.56 s on 1,000 px: a tick every 10 ms, 11.56 at the very edge.
    const { ticks } = rulerTicks(11_500_000_000, 11_560_000_000, 1000, 110, ABS);
    expect(ticks.map((t) => t.label)).toEqual(['11.50', '11.51', '11.52', '11.53', '11.54', '11.55']);
    // To 11.551 s: 11.55 at 980 px, its 5 characters would end past 1,000.
    expect(rulerTicks(11_500_000_000, 11_551_000_000, 1000, 110, ABS).ticks.map((t) => t.label)).toEqual(['11.50', '11.51', '11.52', '11.53', '11.54']);
    for (const t of ticks) expect(((t.ns - 11_500_000_000) / 60_000_000) * 1000 + t.label.length * RULER_CHAR_PX).toBeLessThanOrEqual(1000);
  });

  it('keeps one tick per 110 px where the labels are short', () => {
    // 11 to 12 s on 1,100 px: 11.0 … 11.9 (12.0 at the right edge has no room for its label).
    expect(rulerTicks(11e9, 12e9, 1100, 110, ABS).ticks.map((t) => t.label)).toEqual(Array.from({ length: 10 }, (_, k) => `11.${k}`));
  });
});
