import { describe, expect, it } from 'vitest';
import { zoomMissingNote, zoomShown } from './zoom-note';

describe('zoomMissingNote', () => {
  const path = ['x64_sys_call', '__x64_sys_connect', 'tcp_v4_connect'];
  const frames = (zoomFound: number, length = 40) => ({ length, zoomFound });

  it('names the zoom function a filter took out, and the caller shown instead', () => {
    expect(zoomMissingNote(frames(3), path, 'this comparison')).toBeNull();
    expect(zoomMissingNote(frames(0), [], 'this comparison')).toBeNull();
    expect(zoomMissingNote(frames(2), path, 'this comparison')).toBe('tcp_v4_connect is not in this comparison (filters changed?); showing its nearest caller, __x64_sys_connect.');
    expect(zoomMissingNote(frames(0), path, 'this comparison')).toBe('x64_sys_call is not in this comparison (filters changed?); showing every path.');
    expect(zoomMissingNote(frames(2), path, 'this view')).toBe('tcp_v4_connect is not in this view (filters changed?); showing its nearest caller, __x64_sys_connect.');
  });

  it('says nothing when there are no frames (no caller is shown) or no answer yet', () => {
    expect(zoomMissingNote(frames(0, 0), path, 'this view')).toBeNull();
    expect(zoomMissingNote(frames(0, 0), path, 'this comparison')).toBeNull();
    expect(zoomMissingNote(null, path, 'this view')).toBeNull();
  });

  it('keeps a hostile name from reordering the sentence', () => {
    expect(zoomMissingNote(frames(0), ['a\u202eb'], 'this comparison')).toBe('\u2068a\ufffdb\u2069 is not in this comparison (filters changed?); showing every path.');
  });
});

describe('zoomShown', () => {
  const frames = (zoomFound: number, length = 40) => ({ length, zoomFound });

  it('says nothing of a zoom whose answer has not come: the frames on screen answer the old path', () => {
    // A click on a task's frame of the unzoomed graph: the old answer found 0 of its 0 names.
    expect(zoomShown(frames(0), [], ['swapper/0-0'], 'this view')).toEqual({ found: 1, note: null });
    // Escape one level up from a path the filters took out, before its answer.
    expect(zoomShown(frames(1), ['a', 'b'], ['a'], 'this view')).toEqual({ found: 1, note: null });
    expect(zoomShown(frames(1), ['a', 'b'], ['a', 'c'], 'this view')).toEqual({ found: 2, note: null });
    expect(zoomShown(null, null, ['a'], 'this view')).toEqual({ found: 1, note: null });
  });

  it('is the answer\'s own once it answers the path on screen', () => {
    expect(zoomShown(frames(1), ['a', 'b'], ['a', 'b'], 'this view')).toEqual({
      found: 1,
      note: 'b is not in this view (filters changed?); showing its nearest caller, a.',
    });
    expect(zoomShown(frames(2), ['a', 'b'], ['a', 'b'], 'this view')).toEqual({ found: 2, note: null });
    expect(zoomShown(frames(0), [], [], 'this view')).toEqual({ found: 0, note: null });
  });
});
