import { describe, expect, it } from 'vitest';
import { zoomMissingNote } from './zoom-note';

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
