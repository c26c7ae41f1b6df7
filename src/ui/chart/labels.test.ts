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
    const { ctx, measured } = fakeContext();
    const fitter = new LabelFitter(ctx);
    for (const w of [200, 50, 30, 200]) fitter.fit('do_syscall_64', w);
    expect(measured.filter((t) => t === 'do_syscall_64')).toHaveLength(1);
  });
});
