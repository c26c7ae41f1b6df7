/**
 * The `field=value` text of events without a formatter, against libtraceevent's
 * print_field_raw() (src/event-parse.c), on payloads written byte by byte, hostile ones too.
 */
import { describe, expect, it } from 'vitest';
import { createGraphRecord } from '../model/graph-record';
import { createRecord, RecordKind } from '../parse/record';
import { BinaryView } from './binary-view';
import { Kallsyms } from './kallsyms';
import { EventFormats, RecordDecoder } from './record-decoder';
import { parsePrintkFormats } from './printk-formats';
import { SymbolCache } from './symbol-cache';
import { StringTable } from '../model/string-table';

const COMMON =
  '\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n' +
  '\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n' +
  '\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n' +
  '\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n';

/**
 * The text of one `name` event whose format lists `fields` (from offset 8), decoded from the
 * little-endian `payload` after the common header. The record is `len` bytes of payload
 * long (all of it by default); the bytes after it stand for the next record in the page.
 */
function text(fields: string, payload: number[], len = payload.length, printFmt = '"x"', name = 'ev'): string {
  const format = `name: ${name}\nID: 7\nformat:\n${COMMON}${fields}\nprint fmt: ${printFmt}\n`;
  const decoder = new RecordDecoder(new EventFormats([{ system: 's', text: format }]), new Kallsyms(new Uint8Array(0)), 8);
  const bytes = new Uint8Array([7, 0, 0, 0, 1, 0, 0, 0, ...payload]);
  const r = createRecord();
  decoder.decode(new BinaryView(bytes, true, 0, 'CPU 0 data'), 0, 8 + len, r);
  return r.text;
}

const field = (decl: string, offset: number, size: number, signed = 0) => `\tfield:${decl};\toffset:${offset};\tsize:${size};\tsigned:${signed};\n`;

describe('fields the record does not hold', () => {
  it("a __data_loc word past the record's end is offset 0, length 0: the next record's bytes are not read", () => {
    // The record ends after 2 bytes of payload: the loc word's offset half is in it, its
    // length half (2) is the next record's. Read anyway, it printed the record's own bytes 8-9.
    const short = [8, 0, 2, 0, 65, 66, 0, 0];
    expect(text(field('__data_loc char[] name', 8, 4), short, 2)).toBe('name=');
    expect(text(field('__data_loc int[] ids', 8, 4), short, 2)).toBe('ids=ARRAY[]');
    // Inside the record, a loc word is read: "AB" at offset 12.
    expect(text(field('__data_loc char[] name', 8, 4), [12, 0, 2, 0, 65, 66, 0, 0])).toBe('name=AB');
  });

  it("a formatted event (irq_handler_entry) too short for its fields is printed from its own bytes, field by field", () => {
    const fields = field('int irq', 8, 4, 1) + field('__data_loc char[] name', 12, 4, 1);
    const fmt = '"irq=%d name=%s", REC->irq, __get_str(name)';
    // 4 bytes of payload: the loc word (offset 8, length 2) is the next record's; read, it
    // printed the record's own irq bytes as the name.
    expect(text(fields, [24, 0, 0, 0, 8, 0, 2, 0], 4, fmt, 'irq_handler_entry')).toBe('irq=24 name=');
    const payload = [24, 0, 0, 0, 16, 0, 2, 0, 65, 66, 0, 0];
    // A whole record is formatted as trace-cmd report prints it.
    expect(text(fields, payload, payload.length, fmt, 'irq_handler_entry')).toBe('irq=24 name=AB');
  });

  it('a field of a size tep_read_number() does not read (3, 16 bytes) prints 0, and the CPU goes on', () => {
    const bytes = Array.from({ length: 16 }, (_, k) => k + 1);
    expect(text(field('struct foo x', 8, 3), bytes)).toBe('x=0');
    expect(text(field('struct foo x', 8, 16), bytes)).toBe('x=0');
    expect(text(field('struct foo * p', 8, 3), bytes)).toBe('p=0x0');
    // The print fmt's conversion of it too (print_field → eval_num_arg → tep_read_number).
    expect(text(field('struct foo x', 8, 16), bytes, 16, '"x=%03d", REC->x')).toBe('x=000');
    // And a formatted event's (irq_handler_exit's print fmt: `REC->ret ? "handled" : "unhandled"`).
    const irqExit = field('int irq', 8, 4, 1) + field('int ret', 12, 3, 1);
    expect(text(irqExit, [24, 0, 0, 0, 1, 0, 0, 0], 8, '"irq=%d ret=%s", REC->irq, REC->ret ? "handled" : "unhandled"', 'irq_handler_exit')).toBe('irq=24 ret=unhandled');
  });
});

describe('numbers as print_field_raw() prints them', () => {
  const u64 = [255, 0, 0, 0, 0, 0, 0, 0];
  it('an unsigned long long is a long to libtraceevent (field_is_long: strstr "long"): hex', () => {
    expect(text(field('unsigned long long ts', 8, 8), u64)).toBe('ts=0xff');
    expect(text(field('unsigned long addr', 8, 8), u64)).toBe('addr=0xff');
  });
  it('a signed long long, a u64 and an unsigned int stay decimal', () => {
    expect(text(field('long long delta', 8, 8, 1), u64)).toBe('delta=255');
    expect(text(field('u64 runtime', 8, 8), u64)).toBe('runtime=255');
    expect(text(field('unsigned int n', 8, 4), u64)).toBe('n=255');
  });
});

describe('a funcgraph_exit record too short for its fields', () => {
  // The 5.11+ layout: func@8, depth@16, overrun@20, calltime@24, rettime@32 (40 bytes).
  const format =
    `name: funcgraph_exit\nID: 10\nformat:\n${COMMON}` +
    field('unsigned long func', 8, 8) +
    field('int depth', 16, 4, 1) +
    field('unsigned int overrun', 20, 4) +
    field('unsigned long long calltime', 24, 8) +
    field('unsigned long long rettime', 32, 8) +
    '\nprint fmt: "<-- %ps (%d) (start: %llx  end: %llx) over: %d", REC->func, REC->depth, REC->calltime, REC->rettime, REC->depth\n';
  const u64 = (n: bigint) => Array.from(new Uint8Array(new BigUint64Array([n]).buffer));

  it('takes no call time or duration from the next record: it is an event with the fields it holds', () => {
    const kallsyms = new Kallsyms('ffffffff81000100 T tcp_sendmsg\n');
    // The name interned, as the builder does: the fast lane takes the record.
    const strings = new StringTable();
    strings.intern('tcp_sendmsg');
    const decoder = new RecordDecoder(new EventFormats([{ system: 'ftrace', text: format }]), kallsyms, 8, undefined, new SymbolCache(kallsyms, strings));
    // 16 bytes of payload (func, depth, overrun); the 16 after it stand for the next record.
    const bytes = new Uint8Array([10, 0, 0, 0, 139, 0, 0, 0, ...u64(0xffffffff81000100n), 2, 0, 0, 0, 0, 0, 0, 0, ...u64(1000n), ...u64(5000n)]);
    const v = new BinaryView(bytes, true, 0, 'CPU 0 data');
    expect(decoder.graph(v, 0, 24, createGraphRecord())).toBe(false);
    const r = createRecord();
    decoder.decode(v, 0, 24, r);
    expect(r.kind).toBe(RecordKind.Event);
    expect(r.text).toBe('func=tcp_sendmsg depth=2 overrun=0 calltime= rettime=');
    // The whole record is an exit, in the fast lane and the slow one.
    const g = createGraphRecord();
    expect(decoder.graph(v, 0, 40, g)).toBe(true);
    expect([g.exit, g.depth, g.callTimeNs, g.durNs]).toEqual([true, 2, 1000, 4000]);
    decoder.decode(v, 0, 40, r);
    expect([r.kind, r.name, r.depth, r.callTimeNs, r.durNs]).toEqual([RecordKind.Exit, 'tcp_sendmsg', 2, 1000, 4000]);
  });
});

describe('a funcgraph_exit of a 32-bit ARM kernel before the 2019/20 rework (3.10 … 5.4)', () => {
  // struct ftrace_graph_ret was not packed and the EABI aligns a u64 to 8: 4 bytes of padding
  // after func, which the format (offsetof, trace_export.c) lists: calltime@16, rettime@24.
  const format =
    `name: funcgraph_exit\nID: 10\nformat:\n${COMMON}` +
    field('unsigned long func', 8, 4) +
    field('unsigned long long calltime', 16, 8) +
    field('unsigned long long rettime', 24, 8) +
    field('unsigned long overrun', 32, 4) +
    field('int depth', 36, 4, 1) +
    '\nprint fmt: "<-- %lx (%d) (start: %llx  end: %llx) over: %d", REC->func, REC->depth, REC->calltime, REC->rettime, REC->depth\n';
  const u32 = (n: number) => Array.from(new Uint8Array(new Uint32Array([n]).buffer));
  const u64 = (n: bigint) => Array.from(new Uint8Array(new BigUint64Array([n]).buffer));

  it('takes the call time and duration where the record holds them, in the fast lane and the slow one', () => {
    const kallsyms = new Kallsyms('c0100100 T tcp_sendmsg\n');
    const strings = new StringTable();
    strings.intern('tcp_sendmsg');
    const decoder = new RecordDecoder(new EventFormats([{ system: 'ftrace', text: format }]), kallsyms, 4, undefined, new SymbolCache(kallsyms, strings));
    // The padding holds what the stack held (not zero): it must not be read as time.
    const bytes = new Uint8Array([10, 0, 0, 0, 139, 0, 0, 0, ...u32(0xc0100100), ...u32(0xdeadbeef), ...u64(7_000_001_000n), ...u64(7_000_005_000n), ...u32(0), ...u32(2)]);
    const v = new BinaryView(bytes, true, 0, 'CPU 0 data');
    const g = createGraphRecord();
    expect(decoder.graph(v, 0, 40, g)).toBe(true);
    expect([g.exit, g.depth, g.callTimeNs, g.durNs]).toEqual([true, 2, 7_000_001_000, 4000]);
    const r = createRecord();
    decoder.decode(v, 0, 40, r);
    expect([r.kind, r.name, r.depth, r.callTimeNs, r.durNs]).toEqual([RecordKind.Exit, 'tcp_sendmsg', 2, 7_000_001_000, 4000]);
  });
});

describe('a function record too short for its fields', () => {
  it('takes no caller from the next record: it is an event with the fields it holds', () => {
    const format = `name: function\nID: 1\nformat:\n${COMMON}` + field('unsigned long ip', 8, 8) + field('unsigned long parent_ip', 16, 8) + '\nprint fmt: " %ps <-- %ps", (void *)REC->ip, (void *)REC->parent_ip\n';
    const decoder = new RecordDecoder(new EventFormats([{ system: 'ftrace', text: format }]), new Kallsyms('ffffffff81000100 T tcp_sendmsg\nffffffff81000200 T tcp_push\n'), 8);
    const u64 = (n: bigint) => Array.from(new Uint8Array(new BigUint64Array([n]).buffer));
    // 8 bytes of payload (ip); the parent_ip after it would be the next record's.
    const bytes = new Uint8Array([1, 0, 0, 0, 139, 0, 0, 0, ...u64(0xffffffff81000200n), ...u64(0xffffffff81000100n)]);
    const v = new BinaryView(bytes, true, 0, 'CPU 0 data');
    const r = createRecord();
    decoder.decode(v, 0, 16, r);
    expect([r.kind, r.text]).toEqual([RecordKind.Event, 'ip=tcp_push parent_ip=']);
    decoder.decode(v, 0, 24, r);
    expect([r.kind, r.name, r.parentName]).toEqual([RecordKind.FunctionCall, 'tcp_push', 'tcp_sendmsg']);
  });
});

describe('the print event of trace_marker and trace_printk (a flexible char buf[])', () => {
  const print = field('unsigned long ip', 8, 8) + field('char buf[]', 16, 0, 1);
  const fmt = '"%ps: %s", (void *)REC->ip, REC->buf';
  const marker = (text: string) => [0, 1, 0, 129, 255, 255, 255, 255, ...new TextEncoder().encode(text), 0, 0, 0, 0];
  it("prints `CALLER: text` as trace-cmd report prints its print fmt (the text report's form), the text to its NUL, without the newline that ends the line", () => {
    // No symbol at the caller's address: the address, as for any %ps with no symbol.
    expect(text(print, marker('phase 2 start\n'), undefined, fmt, 'print')).toBe('0xffffffff81000100: phase 2 start');
  });
  it('stops at the record\'s end when there is no NUL', () => {
    // 8 bytes of text in the record; the rest would be the next record's.
    expect(text(print, marker('abcdefghijkl'), 16, fmt, 'print')).toBe('0xffffffff81000100: abcdefgh');
  });
  it('is printed field by field when its print fmt is not the `%ps: %s` form (an old kernel printed `%08lx %s`)', () => {
    expect(text(print, marker('hello\n'), undefined, '"%08lx %s", REC->ip, REC->buf', 'print')).toBe('ip=ffffffff81000100 buf=hello');
  });
  it('falls back to its fields when the record is too short for the caller', () => {
    expect(text(print, marker(''), 4, fmt, 'print')).toMatch(/^ip= buf=/);
  });
});

describe("trace_printk's bputs: a %s of a pointer", () => {
  const bputs = field('unsigned long ip', 8, 8) + field('const char * str', 16, 8);
  const fmt = '"%ps: %s", (void *)REC->ip, REC->str';
  const u64 = (n: bigint) => Array.from(new Uint8Array(new BigUint64Array([n]).buffer));
  const decode = (str: bigint) => {
    const format = `name: bputs\nID: 7\nformat:\n${COMMON}${bputs}\nprint fmt: ${fmt}\n`;
    const kallsyms = new Kallsyms('ffffffff81000100 T my_driver_probe\n');
    // The file's printk formats, as the kernel lists them (printk_formats).
    const printk = parsePrintkFormats('0xffffffff82a1b2c0 : "probe done\\n"\n0xffffffff82a1b2d0 : "other"\n');
    const decoder = new RecordDecoder(new EventFormats([{ system: 'ftrace', text: format }]), kallsyms, 8, undefined, undefined, printk);
    const r = createRecord();
    const bytes = new Uint8Array([7, 0, 0, 0, 1, 0, 0, 0, ...u64(0xffffffff81000100n), ...u64(str)]);
    decoder.decode(new BinaryView(bytes, true, 0, 'CPU 0 data'), 0, bytes.length, r);
    return r.text;
  };
  it('is `CALLER: ` and the printk format at that address (find_printk), its quotes and closing \\n taken off, as trace-cmd report prints it', () => {
    expect(decode(0xffffffff82a1b2c0n)).toBe('my_driver_probe: probe done');
    expect(decode(0xffffffff82a1b2d0n)).toBe('my_driver_probe: other');
  });
  it('is the address in bare hex when no format is there', () => {
    expect(decode(0xffffffff82a1b2c8n)).toBe('my_driver_probe: ffffffff82a1b2c8');
  });
});

describe("trace_printk's bprint: the printk format filled in from the argument buffer", () => {
  // The kernel's format (kernel/trace/trace_entries.h, as a 6.1 trace.dat lists it).
  const bprint = field('unsigned long ip', 8, 8) + field('const char * fmt', 16, 8) + field('u32 buf[]', 24, 0);
  const format = `name: bprint\nID: 6\nformat:\n${COMMON}${bprint}\nprint fmt: "%ps: %s", (void *)REC->ip, REC->fmt\n`;
  const u64 = (n: bigint) => Array.from(new Uint8Array(new BigUint64Array([n]).buffer));
  const decode = (fmt: bigint, args: number[]) => {
    const kallsyms = new Kallsyms('ffffffff81000100 T my_driver_probe\n');
    const printk = parsePrintkFormats('0xffffffff82a1b2c0 : "probe %d of %s\\n"\n');
    const decoder = new RecordDecoder(new EventFormats([{ system: 'ftrace', text: format }]), kallsyms, 8, undefined, undefined, printk);
    const r = createRecord();
    const bytes = new Uint8Array([6, 0, 0, 0, 1, 0, 0, 0, ...u64(0xffffffff81000100n), ...u64(fmt), ...args]);
    decoder.decode(new BinaryView(bytes, true, 0, 'CPU 0 data'), 0, bytes.length, r);
    return [r.kind, r.name, r.text];
  };
  it("is 'CALLER: message' with the arguments, as trace-cmd report prints it (not fmt=… buf=ARRAY[])", () => {
    // trace_printk("probe %d of %s\n", 5, "eth0"): an int, then the string inline (vbin_printf).
    const args = [5, 0, 0, 0, ...new TextEncoder().encode('eth0'), 0, 0, 0, 0];
    expect(decode(0xffffffff82a1b2c0n, args)).toEqual([RecordKind.Event, 'bprint', 'my_driver_probe: probe 5 of eth0']);
  });
  it("ends without the newline that ends trace-cmd's line, also where an argument gave it", () => {
    // trace_printk("probe %d of %s\n", 5, "eth0\n"): the format's own newline is gone already.
    const args = [5, 0, 0, 0, ...new TextEncoder().encode('eth0\n'), 0, 0, 0];
    expect(decode(0xffffffff82a1b2c0n, args)[2]).toBe('my_driver_probe: probe 5 of eth0');
  });
  it('says so when the file has no format at that address, as libtraceevent does', () => {
    expect(decode(0xffffffff82a1b2c8n, [5, 0, 0, 0])[2]).toBe('my_driver_probe: (NO FORMAT FOUND at ffffffff82a1b2c8)');
  });
});

describe('syscall events: their print fmt wraps each argument as ((unsigned long)(REC->arg))', () => {
  // kernel/trace/trace_syscalls.c __set_enter_print_fmt(): "name: 0x%08lx" per argument.
  const fields = field('int __syscall_nr', 8, 4, 1) + field('int dfd', 16, 8) + field('const char * filename', 24, 8) + field('int flags', 32, 8) + field('umode_t mode', 40, 8);
  const fmt = '"dfd: 0x%08lx, filename: 0x%08lx, flags: 0x%08lx, mode: 0x%08lx", ((unsigned long)(REC->dfd)), ((unsigned long)(REC->filename)), ((unsigned long)(REC->flags)), ((unsigned long)(REC->mode))';
  const u64 = (n: bigint) => Array.from(new Uint8Array(new BigUint64Array([BigInt.asUintN(64, n)]).buffer));
  it('prints each with its conversion, as print_field() sees through the parentheses (process_paren)', () => {
    const payload = [1, 1, 0, 0, 0, 0, 0, 0, ...u64(-100n), ...u64(0x7ffc1234n), ...u64(0x241n), ...u64(0n)];
    expect(text(fields, payload, payload.length, fmt, 'sys_enter_openat')).toBe('__syscall_nr=257 dfd=0xffffffffffffff9c filename=0x7ffc1234 flags=0x00000241 mode=0x00000000');
  });
});

describe('func_repeats (the function tracer with func-repeats)', () => {
  it("gives its count and when the last repeat ran: the record's time less top_delta_ts << 32 | bottom_delta_ts", () => {
    // kernel/trace/trace_entries.h: func_repeats is packed: ip, parent_ip, u16 count, u16 top_delta_ts, u32 bottom_delta_ts.
    const format =
      `name: func_repeats\nID: 1\nformat:\n${COMMON}` +
      field('unsigned long ip', 8, 8) +
      field('unsigned long parent_ip', 16, 8) +
      field('u16 count', 24, 2) +
      field('u16 top_delta_ts', 26, 2) +
      field('u32 bottom_delta_ts', 28, 4) +
      '\nprint fmt: " %ps <-%ps\\t(repeats:%u  delta: -%llu)", (void *)REC->ip, (void *)REC->parent_ip, REC->count, (((u64)REC->top_delta_ts << 32) | REC->bottom_delta_ts)\n';
    const decoder = new RecordDecoder(new EventFormats([{ system: 'ftrace', text: format }]), new Kallsyms('ffffffff81000100 T tcp_sendmsg\nffffffff81000200 T tcp_push\n'), 8);
    const u64 = (n: bigint) => Array.from(new Uint8Array(new BigUint64Array([n]).buffer));
    const le = (n: number, size: number) => Array.from({ length: size }, (_, k) => Math.floor(n / 2 ** (8 * k)) % 256);
    // 3 repeats, the last 2^32 + 5 ns before the record (a delta past 32 bits uses the top half).
    const bytes = new Uint8Array([1, 0, 0, 0, 139, 0, 0, 0, ...u64(0xffffffff81000200n), ...u64(0xffffffff81000100n), ...le(3, 2), ...le(1, 2), ...le(5, 4)]);
    const r = createRecord();
    r.tsNs = 10_000_000_000;
    decoder.decode(new BinaryView(bytes, true, 0, 'CPU 0 data'), 0, bytes.length, r);
    expect([r.kind, r.name, r.parentName, r.count, r.lastTsNs]).toEqual([RecordKind.FunctionCall, 'tcp_push', 'tcp_sendmsg', 3, 10_000_000_000 - (2 ** 32 + 5)]);
  });
});
