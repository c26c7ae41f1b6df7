/** Label fitting: the name, or its head with an ellipsis, never wider than the frame. */
import { describe, expect, it } from 'vitest';
import { LabelFitter } from './labels';

/** A monospace fake: every character 7 px wide; counts the measurements. */
function fakeContext() {
  const measured: string[] = [];
  const ctx = {
    measureText: (t: string) => {
      measured.push(t);
      return { width: t.length * 7 };
    },
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, measured };
}

describe('LabelFitter', () => {
  it('keeps a name that fits and cuts one that does not, with an ellipsis, within the width', () => {
    const { ctx } = fakeContext();
    const fitter = new LabelFitter(ctx);
    expect(fitter.fit('tcp_sendmsg', 77)).toBe('tcp_sendmsg'); // 11 × 7 = 77 px
    const cut = fitter.fit('tcp_sendmsg', 50);
    expect(cut).toBe('tcp_se…'); // (50 − 7) / 7 → 6 characters and the ellipsis
    expect((cut ?? '').length * 7).toBeLessThanOrEqual(50);
  });

  it('gives nothing when not even two characters fit, or for no room or no text', () => {
    const { ctx } = fakeContext();
    const fitter = new LabelFitter(ctx);
    expect(fitter.fit('tcp_sendmsg', 20)).toBeNull();
    expect(fitter.fit('tcp_sendmsg', 21)).toBe('tc…');
    expect(fitter.fit('tcp_sendmsg', 0)).toBeNull();
    expect(fitter.fit('', 100)).toBeNull();
  });

  it('measures each name once', () => {
    const { ctx, measured } = proportionalContext();
    const fitter = new LabelFitter(ctx);
    for (const w of [200, 50, 30, 200]) fitter.fit('do_syscall_64', w);
    expect(measured.filter((t) => t === 'do_syscall_64')).toHaveLength(1);
  });
});

/** A proportional fake: 'i' and '.' 3 px, every other character 8 px; counts the measurements. */
function proportionalContext() {
  const measured: string[] = [];
  const width = (t: string) => [...t].reduce((w, c) => w + (c === 'i' || c === '.' ? 3 : 8), 0);
  const ctx = {
    measureText: (t: string) => {
      measured.push(t);
      return { width: width(t) };
    },
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, measured, width };
}

describe('LabelFitter widths', () => {
  it('takes a printable ASCII name in a monospace font as its length times the advance, with no measuring per name', () => {
    const { ctx, measured } = fakeContext();
    const fitter = new LabelFitter(ctx);
    const probes = () => measured.filter((t) => t.length === 16 && new Set(t).size === 1).length;
    expect(fitter.fit('tcp_sendmsg', 77)).toBe('tcp_sendmsg');
    expect(fitter.fit('__x64_sys_sendto', 200)).toBe('__x64_sys_sendto');
    expect(fitter.fit('tcp_sendmsg', 76)).toBe('tcp_sendm…');
    expect(measured.filter((t) => t === 'tcp_sendmsg' || t === '__x64_sys_sendto')).toHaveLength(0);
    expect(probes()).toBeGreaterThan(0);
    const once = probes();
    fitter.fit('vfs_read', 100);
    expect(probes()).toBe(once);
  });

  it('measures a name with other characters, and every name in a proportional font', () => {
    const mono = fakeContext();
    const fitter = new LabelFitter(mono.ctx);
    fitter.fit('name\u202etxt', 200);
    fitter.fit('früh', 200);
    expect(mono.measured).toContain('name\u202etxt');
    expect(mono.measured).toContain('früh');

    const prop = proportionalContext();
    const fitter2 = new LabelFitter(prop.ctx);
    // 'iiii.iiii' is 27 px in this font, 9 characters: as a monospace guess it would be 72 or 27.
    expect(fitter2.fit('iiii.iiii', 27)).toBe('iiii.iiii');
    expect(fitter2.fit('WWWW', 31)).not.toBe('WWWW'); // 32 px
    expect(prop.measured).toContain('iiii.iiii');
    expect(prop.measured).toContain('WWWW');
  });
});
