/** Frame colours: stable per name, warm, and different in dark mode. */
import { describe, expect, it } from 'vitest';
import { DARK, frameFill, hashName, LIGHT } from './colors';

describe('frame colours', () => {
  it('hashes a name the same way every time (FNV-1a), and different names apart', () => {
    expect(hashName('')).toBe(0x811c9dc5);
    expect(hashName('tcp_sendmsg')).toBe(hashName('tcp_sendmsg'));
    expect(hashName('tcp_sendmsg')).not.toBe(hashName('tcp_recvmsg'));
  });

  it('gives a name one warm fill per theme', () => {
    const light = frameFill('vfs_read', false);
    const dark = frameFill('vfs_read', true);
    expect(frameFill('vfs_read', false)).toBe(light);
    expect(dark).not.toBe(light);
    for (const fill of [light, dark, frameFill('schedule', false)]) {
      const hue = Number(/^hsl\(([\d.]+) /.exec(fill)?.[1]);
      expect(hue).toBeGreaterThanOrEqual(0);
      expect(hue).toBeLessThanOrEqual(52); // red → yellow
    }
  });

  it('has a palette per theme', () => {
    expect(LIGHT.dark).toBe(false);
    expect(DARK.dark).toBe(true);
    expect(DARK.background).not.toBe(LIGHT.background);
  });
});
