import { describe, expect, it } from 'vitest';
import { repeatsARepeat } from './repeated-repeat';

describe('repeatsARepeat', () => {
  it('finds a repeated group that repeats inside, however deep', () => {
    for (const p of ['(.*)*x', '(\\w+)+!', '(tcp_.*)*send', '((a+)b)*', '(a*b*){2,}', '(?:x+)+y', '(a|b+)*', '([a-z]+_)*sendmsg']) {
      expect([p, repeatsARepeat(p)]).toEqual([p, true]);
    }
  });

  it('passes the patterns people search for, and repeats that do not nest', () => {
    for (const p of ['^__x64_sys_', 'tcp_.*sendmsg', '(tcp|udp)_send', '(tcp|udp)+', '(a+)?b', '(a+){3}', 'x+(y+)', '\\(.*\\)*', '[(]a+[)]*', '[\\]]+(a)*', '(a)*(b+)']) {
      expect([p, repeatsARepeat(p)]).toEqual([p, false]);
    }
  });
});
