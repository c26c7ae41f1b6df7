import { describe, expect, it } from 'vitest';
import { frameSourceUrl } from './frame-source-url';

describe('frameSourceUrl', () => {
  // As a grouped flame graph answers: a task root (id -1 - task) and two functions.
  const frames = { names: ['curl-139', 'tcp_sendmsg_locked.cold', '__x64_sys_sendto'], nameFuncs: Int32Array.of(-1, 4, 7) };

  it('links functions for the version asked, by the same rules as every other link', () => {
    expect(frameSourceUrl(frames, 1, 'latest')).toBe('https://elixir.bootlin.com/linux/latest/A/ident/tcp_sendmsg_locked');
    expect(frameSourceUrl(frames, 2, 'v6.8')).toBe('https://elixir.bootlin.com/linux/v6.8/A/ident/sys_sendto');
  });

  it('gives no link for a task root, an index outside the answer or a bad version', () => {
    expect(frameSourceUrl(frames, 0, 'latest')).toBeNull();
    // Even a task whose label would read as an identifier is not a function.
    expect(frameSourceUrl({ names: ['swapper'], nameFuncs: Int32Array.of(-3) }, 0, 'latest')).toBeNull();
    expect(frameSourceUrl(frames, 3, 'latest')).toBeNull();
    expect(frameSourceUrl(frames, -1, 'latest')).toBeNull();
    expect(frameSourceUrl(frames, 1, 'v6.8/../x')).toBeNull();
  });
});
