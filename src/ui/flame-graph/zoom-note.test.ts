import { describe, expect, it } from 'vitest';
import { zoomMissingNote } from './zoom-note';

describe('zoomMissingNote', () => {
  const path = ['curl-139', '__x64_sys_connect', 'tcp_v4_connect'];

  it('names the zoom function a filter took out, with its nearest caller shown', () => {
    expect(zoomMissingNote({ length: 40, zoomNodeFound: false }, path, 2)).toBe('“tcp_v4_connect” is not in this view (filters changed?); showing its nearest caller.');
  });

  it('says nothing when the view has no frames (no caller is shown), the zoom was found, or there is none', () => {
    expect(zoomMissingNote({ length: 0, zoomNodeFound: false }, path, 0)).toBeNull();
    expect(zoomMissingNote({ length: 40, zoomNodeFound: true }, path, 3)).toBeNull();
    expect(zoomMissingNote({ length: 40, zoomNodeFound: false }, [], 0)).toBeNull();
    expect(zoomMissingNote(null, path, 3)).toBeNull();
  });
});
