import { describe, expect, test } from 'vitest';
import { fullPath, hookScopeText } from './hook-scope';

describe('what the hook candidates are ranked under, in words', () => {
  test('from a name: every call of the function', () => {
    expect(hookScopeText('tcp_sendmsg', null)).toBe('under every call of tcp_sendmsg');
  });

  test("from a frame: the frame's path, its first name and its last three when longer", () => {
    const path = ['curl-139', 'x64_sys_call', '__x64_sys_sendto', '__sys_sendto', '__sock_sendmsg', 'inet_sendmsg', 'tcp_sendmsg'];
    const at = { path, groupByTask: true };
    expect(hookScopeText('tcp_sendmsg', at)).toBe('under tcp_sendmsg at curl-139 > … > __sock_sendmsg > inet_sendmsg > tcp_sendmsg');
    expect(fullPath(at)).toBe(path.join(' > '));
    expect(hookScopeText('vfs_read', { path: ['x64_sys_call', '__x64_sys_pread64', 'vfs_read'], groupByTask: false })).toBe(
      'under vfs_read at x64_sys_call > __x64_sys_pread64 > vfs_read',
    );
  });

  test("a right-to-left override in a name cannot turn the rest of the path round", () => {
    const at = { path: ['curl-139', 'a\u202eb', 'c', 'tcp_sendmsg'], groupByTask: true };
    expect(hookScopeText('tcp_sendmsg', at)).toBe('under tcp_sendmsg at curl-139 > \u2068a\ufffdb\u2069 > c > tcp_sendmsg');
    expect(fullPath(at)).toBe('curl-139 > \u2068a\ufffdb\u2069 > c > tcp_sendmsg');
    expect(hookScopeText('x\u202e', null)).toBe('under every call of \u2068x\ufffd\u2069');
  });

  test('from a flame chart frame: that one call, its task and stack saying where', () => {
    const at = { path: ['curl-139', 'x64_sys_call', '__x64_sys_read', 'ksys_read', 'vfs_read'], groupByTask: true, call: 4242 };
    expect(hookScopeText('vfs_read', at)).toBe('under this call of vfs_read (curl-139 > … > __x64_sys_read > ksys_read > vfs_read)');
  });
});
