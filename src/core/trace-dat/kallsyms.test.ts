/**
 * Which name an address shared by several symbols gets (kallsyms.ts): trace-cmd's, checked
 * against a direct emulation of what libtraceevent and glibc do (below), and a function
 * where trace-cmd's is a section marker.
 */
import { describe, expect, it } from 'vitest';
import { traceBytes } from '../../test-utils/traces';
import { isSectionMarker, Kallsyms } from './kallsyms';
import { readMetadata } from './read-metadata';
import { memorySource } from './source';

interface Entry {
  addr: bigint;
  name: string;
}

/**
 * trace-cmd's name for `addr`, done the way libtraceevent's src/event-parse.c does it:
 * tep_register_function prepends each kallsyms line to a list, func_map_init copies the
 * list to an array, sorts it with qsort by address (glibc's merge sort: stable, as
 * Array.prototype.sort is) and ends it with an address-0 sentinel; __find_func is glibc's
 * bsearch (bits/stdlib-bsearch.h) with func_bcmp.
 */
function traceCmdNames(kallsyms: string, addrs: bigint[]): Map<bigint, string | undefined> {
  const list: Entry[] = [];
  for (const line of kallsyms.split('\n')) {
    const m = /^([0-9a-f]+) (\S) (\S+)/.exec(line);
    if (m && m[2] !== 'A' && m[2] !== 'a' && !m[3].startsWith('$')) list.unshift({ addr: BigInt('0x' + m[1]), name: m[3] });
  }
  const map = list.slice().sort((a, b) => (a.addr < b.addr ? -1 : a.addr > b.addr ? 1 : 0));
  map.push({ addr: 0n, name: '(sentinel)' });
  const funcBcmp = (key: bigint, i: number): number => {
    const fb = map[i];
    if (key === fb.addr || (key > fb.addr && key < map[i + 1].addr)) return 0;
    return key < fb.addr ? -1 : 1;
  };
  const bsearch = (key: bigint): string | undefined => {
    let l = 0;
    let u = list.length;
    while (l < u) {
      const idx = Math.floor((l + u) / 2);
      const c = funcBcmp(key, idx);
      if (c < 0) u = idx;
      else if (c > 0) l = idx + 1;
      else return map[idx].name;
    }
    return undefined;
  };
  return new Map(addrs.map((a) => [a, bsearch(a)]));
}

const traceCmdName = (kallsyms: string, addr: bigint) => traceCmdNames(kallsyms, [addr]).get(addr);

const hex = (a: bigint) => a.toString(16).padStart(16, '0');
const nameOf = (ks: Kallsyms, a: bigint) => ks.name(Number(a >> 32n), Number(a & 0xffffffffn));

/** `before` single symbols, a group of `group` names at one address, then `after` singles. */
function kallsymsWith(before: number, group: number, after: number, base = 0xffffffff81000000n): { text: string; at: bigint } {
  const lines: string[] = [];
  let a = base;
  for (let i = 0; i < before; i++, a += 0x40n) lines.push(`${hex(a)} T before_${i}`);
  const at = a;
  for (let g = 0; g < group; g++) lines.push(`${hex(at)} T alias_${g}`);
  a += 0x40n;
  for (let i = 0; i < after; i++, a += 0x40n) lines.push(`${hex(a)} t after_${i}`);
  return { text: lines.join('\n') + '\n', at };
}

describe('Kallsyms: names that share an address, as trace-cmd prints them', () => {
  describe.each([2, 3, 5])('a group of %i', (group) => {
    it('at the exact address and inside, wherever the group sits in the table', () => {
      const seen = new Set<string>();
      for (let before = 0; before <= 24; before++) {
        for (const after of [0, 1, 2, 7, 30]) {
          const { text, at } = kallsymsWith(before, group, after);
          const ks = new Kallsyms(text);
          for (const addr of [at, at + 1n, at + 0x3fn]) {
            const expected = traceCmdName(text, addr) ?? '0x' + addr.toString(16);
            expect(nameOf(ks, addr), `${before} before, ${after} after, ${hex(addr)}`).toBe(expected);
            if (addr === at) seen.add(expected);
          }
        }
      }
      // The exact address's name depends on where bsearch first lands in the group: more
      // than one name (not just the first or last in the file) must have come up.
      expect(seen.size).toBeGreaterThan(1);
    });
  });

  it('inside a function: the first of its names in the file; past the last symbol: none', () => {
    const { text, at } = kallsymsWith(3, 3, 2);
    const ks = new Kallsyms(text);
    expect(nameOf(ks, at + 8n)).toBe('alias_0');
    const last = kallsymsWith(3, 3, 0);
    const ks2 = new Kallsyms(last.text);
    expect(nameOf(ks2, last.at + 8n)).toBe('0x' + (last.at + 8n).toString(16));
    expect(nameOf(ks2, last.at)).toBe(traceCmdName(last.text, last.at));
    expect(traceCmdName(last.text, last.at + 8n)).toBeUndefined();
  });

  it('every address of a real kernel, at and inside: the seed trace (6.1, x86_64)', async () => {
    const { meta } = await readMetadata(memorySource(traceBytes('01-seed-curl-fgraph.dat')));
    const text = new TextDecoder().decode(meta.kallsyms);
    const ks = new Kallsyms(meta.kallsyms);
    const addrs = new Set<bigint>();
    for (const line of text.split('\n')) {
      const m = /^([0-9a-f]+) [^Aa] [^$]/.exec(line);
      if (m) addrs.add(BigInt('0x' + m[1]));
    }
    const theirs = traceCmdNames(text, [...addrs].flatMap((a) => [a, a + 1n]));
    let differing = 0;
    let first = '';
    for (const [addr, name] of theirs) {
      // The one departure: a marker trace-cmd prints gives way to the function beside it.
      const expected = name === undefined ? '0x' + addr.toString(16) : name;
      const ours = nameOf(ks, addr);
      if (ours !== expected && !(isSectionMarker(expected) && !isSectionMarker(ours))) {
        differing++;
        first ||= `${hex(addr)}: ${ours} ≠ ${expected}`;
      }
    }
    expect({ differing, first }).toEqual({ differing: 0, first: '' });
    // SYSCALL_DEFINE0's three names: trace-cmd report prints __x64_sys_geteuid for the call.
    const geteuid = /^([0-9a-f]+) T __x64_sys_geteuid$/m.exec(text)!;
    expect(nameOf(ks, BigInt('0x' + geteuid[1]))).toBe('__x64_sys_geteuid');
    const triple = text.split('\n').filter((l) => l.startsWith(geteuid[1]));
    expect(triple.map((l) => l.split(' ')[2]).sort()).toEqual(['__do_sys_geteuid', '__ia32_sys_geteuid', '__x64_sys_geteuid']);
  }, 60_000);

  it('keeps all 64 bits: the same low half under two high halves', () => {
    const text = ['00000001000000a0 T low_one', '00000001000000a0 T low_two', 'ffffffff000000a0 T high_one', 'ffffffff000000a0 T high_two', 'ffffffff000000f0 T end'].join('\n');
    const ks = new Kallsyms(text);
    for (const a of [0x1000000a0n, 0x1000000a8n, 0xffffffff000000a0n, 0xffffffff000000a8n]) expect(nameOf(ks, a)).toBe(traceCmdName(text, a));
  });
});

describe('Kallsyms: a section marker trace-cmd would print', () => {
  const MARKERS = ['_stext', '_etext', '_sdata', '_edata', '_sinittext', '_einittext', '__init_begin', '__exit_begin', '__softirqentry_text_start', '__irqentry_text_end', '__start', '_a_start', '__bss_end'];
  const NOT_MARKERS = ['_start', '_end', '_text', '_data', '_stextx', '__init_beginx', '__x64_sys_read', '_raw_spin_lock', 'foo_start', '__pfx_tcp_sendmsg', '_sinittexts', '__start_'];

  it.each(MARKERS)('%s is a marker', (name) => expect(isSectionMarker(name)).toBe(true));
  it.each(NOT_MARKERS)('%s is not a marker', (name) => expect(isSectionMarker(name)).toBe(false));

  // Each name listed before a function at its own address, and after another: wherever
  // bsearch lands, a marker gives way to a function, the first in the file (func_k).
  const names = [...MARKERS, ...NOT_MARKERS];
  const text = names
    .map((name, k) => {
      const a = `ffffffff8100${(k * 16).toString(16).padStart(4, '0')}`;
      return `${a} T ${name}\n${a} T func_${k}\n${a} T other_${k}`;
    })
    .join('\n');
  const ks = new Kallsyms(text);

  it.each(names.map((name, k) => [name, k] as const))('%s', (name, k) => {
    for (const lo of [0x81000000 + k * 16, 0x81000000 + k * 16 + 4]) {
      const theirs = traceCmdName(text, (0xffffffffn << 32n) | BigInt(lo));
      expect(ks.name(0xffffffff, lo)).toBe(theirs === undefined ? '0xffffffff' + lo.toString(16) : theirs === name && MARKERS.includes(name) ? `func_${k}` : theirs);
    }
  });

  it('__do_softirq, not __softirqentry_text_start, at and inside its address', () => {
    const t = 'ffffffff81e000d0 T __softirqentry_text_start\nffffffff81e000d0 T __do_softirq\nffffffff81e003b0 T __softirqentry_text_end\n';
    const k2 = new Kallsyms(t);
    expect(k2.name(0xffffffff, 0x81e000d0)).toBe('__do_softirq');
    expect(k2.name(0xffffffff, 0x81e00100)).toBe('__do_softirq');
  });
});
