/**
 * Which name an address shared by several symbols gets (kallsyms.ts): a function over a
 * section marker, else the first in the file. Each name below is listed before a function
 * at its own address, so it is the answer exactly when it is not a marker.
 */
import { describe, expect, it } from 'vitest';
import { Kallsyms } from './kallsyms';

const MARKERS = ['_stext', '_etext', '_sdata', '_edata', '_sinittext', '_einittext', '__init_begin', '__exit_begin', '__softirqentry_text_start', '__irqentry_text_end', '__start', '_a_start', '__bss_end'];
const NOT_MARKERS = ['_start', '_end', '_text', '_data', '_stextx', '__init_beginx', '__x64_sys_read', '_raw_spin_lock', 'foo_start', '__pfx_tcp_sendmsg', '_sinittexts', '__start_'];

describe('Kallsyms: a shared address', () => {
  const names = [...MARKERS, ...NOT_MARKERS];
  const text = names.map((name, k) => `ffffffff8100${(k * 16).toString(16).padStart(4, '0')} T ${name}\nffffffff8100${(k * 16).toString(16).padStart(4, '0')} T func_${k}`).join('\n');
  const ks = new Kallsyms(text);

  it.each(names.map((name, k) => [name, k] as const))('%s', (name, k) => {
    const resolved = ks.name(0xffffffff, 0x81000000 + k * 16);
    expect(resolved).toBe(MARKERS.includes(name) ? `func_${k}` : name);
  });
});
