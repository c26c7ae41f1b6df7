/**
 * trace_printk's binary arguments read back, against the layout the kernel's vbin_printf()
 * writes (lib/vsprintf.c save_arg: an int 4 bytes aligned to 4, a short 2 aligned to 2, a
 * char 1; a long long, or a 64-bit long or pointer, 8 bytes aligned to 4; a string inline
 * with its NUL), on buffers written byte by byte here.
 */
import { describe, expect, it } from 'vitest';
import { BinaryView } from './binary-view';
import { formatBprint } from './bprint';

/** Builds a little-endian argument buffer the way vbin_printf lays it out. */
class Buf {
  bytes: number[] = [];
  private align(n: number): void {
    while (this.bytes.length % n !== 0) this.bytes.push(0xee);
  }
  int(n: number, size = 4, align = size): this {
    this.align(align);
    for (let k = 0; k < size; k++) this.bytes.push(Number((BigInt.asUintN(64, BigInt(n)) >> BigInt(8 * k)) & 0xffn));
    return this;
  }
  /** A 64-bit value: 8 bytes aligned to 4 (save_arg copies it as two u32). */
  u64(n: bigint): this {
    this.align(4);
    for (let k = 0; k < 8; k++) this.bytes.push(Number((BigInt.asUintN(64, n) >> BigInt(8 * k)) & 0xffn));
    return this;
  }
  str(s: string): this {
    this.bytes.push(...new TextEncoder().encode(s), 0);
    return this;
  }
}

const symbol = (address: bigint, withOffset: boolean): string =>
  address === 0xffffffff81000120n ? (withOffset ? 'tcp_sendmsg+0x20' : 'tcp_sendmsg') : '0x' + address.toString(16);

/** The message of `fmt` over `buf`, placed 4 bytes into a record (a u32 array's start) with bytes after it. */
function message(fmt: string, buf: Buf, longSize = 8, cut = buf.bytes.length): string {
  const bytes = new Uint8Array([1, 2, 3, 4, ...buf.bytes, 0x41, 0x42, 0x43, 0]);
  return formatBprint(fmt, new BinaryView(bytes, true, 0, 'CPU 0 data'), 4, 4 + cut, longSize, symbol);
}

describe('trace_printk arguments (bprint buf)', () => {
  it('reads ints, strings and longs where vbin_printf put them (a long 8 bytes aligned to 4, after a string)', () => {
    // "a" leaves the next int at offset 8 (aligned up from 6); the long after the second
    // string starts at 16, aligned to 4 only.
    const buf = new Buf().int(-5).str('a').int(7).str('xyz').u64(0x1234_5678_9abcn);
    expect(message('x=%d %s n=%u %s l=%lx', buf)).toBe('x=-5 a n=7 xyz l=123456789abc');
  });

  it('reads a char and a short at their own size and alignment, a long long as 8 bytes', () => {
    const buf = new Buf().int(0x41, 1).int(-2, 2).int(3, 1).u64(-1n);
    expect(message('%c %hd %hhu %lld', buf)).toBe('A -2 3 -1');
  });

  it('names %ps and %pS by the symbols, keeps a plain %p as a number, and prints %% once', () => {
    const buf = new Buf().u64(0xffffffff81000120n).u64(0xffffffff81000120n).u64(0xffff888012345678n);
    expect(message('%ps %pS %p 100%%', buf)).toBe('tcp_sendmsg tcp_sendmsg+0x20 0xffff888012345678 100%');
  });

  it('takes a dereferenced pointer (%pI4, %pM) as the text the kernel wrote then', () => {
    const buf = new Buf().str('10.0.0.1').int(80);
    expect(message('dst=%pI4:%d', buf)).toBe('dst=10.0.0.1:80');
  });

  it('reads a 32-bit kernel\'s long and pointer as 4 bytes', () => {
    const buf = new Buf().int(-1).int(0x81000120);
    expect(message('%ld %lx', buf, 4)).toBe('-1 81000120');
  });

  it('applies widths, a * width from the buffer, precision and left justification', () => {
    const buf = new Buf().int(42).int(6).int(7).str('abcdef').str('ab').int(-4).int(9);
    expect(message('[%5d][%*d][%.3s][%-4s][%*d]', buf)).toBe('[   42][     7][abc][ab  ][9   ]');
  });

  it('undoes the escapes the printk formats file writes (\\n, \\t, \\")', () => {
    expect(message('a\\tb\\nc \\"q\\"', new Buf())).toBe('a\tb\nc "q"');
  });

  it('ends the message at a conversion the kernel does not know, and at an argument past the buffer', () => {
    expect(message('ok %d %y %d', new Buf().int(1).int(2))).toBe('ok 1 ');
    // Two bytes of the second int are in the record: it is not read from what follows.
    expect(message('%d and %d', new Buf().int(1).int(2), 8, 6)).toBe('1 and ');
    // A string with no NUL in the buffer stops at its end, not in the bytes after it.
    const unterminated = new Buf();
    unterminated.bytes.push(0x68, 0x69);
    expect(message('%s!', unterminated)).toBe('hi!');
  });
});
