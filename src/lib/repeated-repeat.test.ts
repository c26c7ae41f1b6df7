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

  it('finds a repeated group whose alternatives may match the same text', () => {
    // (\w|_)* took 2.8 s on 25 underscores and twice as long with each more: `_` is both.
    for (const p of ['(\\w|_)*x', '(a|ab)+c', '(ab|a)*c', '(_|)*x', '(|a)+', '(.|x)*y', '([a-z]|_)+z', '(?:a|A)*b', '((\\w|_)x)*y', '(a|b|a)*c', '(?=a|b)*']) {
      expect([p, repeatsARepeat(p)]).toEqual([p, true]);
    }
  });

  it('passes repeated alternatives of plain text none of which starts another', () => {
    for (const p of ['(tcp|udp)+_send', '(send|recv)*msg', '(?:ipv4|ipv6)+_rcv', '(?<proto>tcp|udp)+', '(\\.|_)+x', '(\\w|_)x', '(a|ab)c', '(a|ab)?c', '(a|b){3}c']) {
      expect([p, repeatsARepeat(p)]).toEqual([p, false]);
    }
  });
});
