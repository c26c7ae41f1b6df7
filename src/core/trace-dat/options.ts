/**
 * trace.dat options (`u16 id, u32 size, data`), as trace-cmd's handle_options() reads
 * them (lib/trace-cmd/trace-input.c). Ids from lib/trace-cmd/include/private/trace-cmd-private.h.
 */
import type { BinaryView } from './binary-view';
import type { BufferInstance, TraceDatMetadata } from './metadata';

export const OptionId = {
  DONE: 0,
  DATE: 1,
  CPUSTAT: 2,
  BUFFER: 3,
  TRACECLOCK: 4,
  UNAME: 5,
  HOOK: 6,
  OFFSET: 7,
  CPUCOUNT: 8,
  VERSION: 9,
  PROCMAPS: 10,
  TRACEID: 11,
  TIME_SHIFT: 12,
  GUEST: 13,
  TSC2NSEC: 14,
  STRINGS: 15,
  HEADER_INFO: 16,
  FTRACE_EVENTS: 17,
  EVENT_FORMATS: 18,
  KALLSYMS: 19,
  PRINTK: 20,
  CMDLINES: 21,
  BUFFER_TEXT: 22,
} as const;

/** Section ids that an option points at (version 7): the option's data is the section's u64 offset. */
const SECTION_OPTIONS: readonly number[] = [
  OptionId.HEADER_INFO,
  OptionId.FTRACE_EVENTS,
  OptionId.EVENT_FORMATS,
  OptionId.KALLSYMS,
  OptionId.PRINTK,
  OptionId.CMDLINES,
];

/** Version 7 sections found through the options, by id → file offset. */
export type SectionOffsets = Map<number, number>;

/**
 * Applies one option whose data is `v[at, at + size)`. Version 7 section pointers go to
 * `sections`. Returns nothing; unknown options are ignored as trace-cmd does.
 */
export function applyOption(
  meta: TraceDatMetadata,
  sections: SectionOffsets,
  id: number,
  v: BinaryView,
  at: number,
  size: number,
): void {
  const str = (): string => v.text(at, size).replace(/\0[\s\S]*$/, '');
  switch (id) {
    case OptionId.DATE:
    case OptionId.OFFSET: {
      // ASCII numbers (`0x…` or decimal, maybe negative): DATE in µs, OFFSET in ns.
      const n = parseCNumber(str());
      if (Number.isFinite(n)) meta.tsOffset += id === OptionId.DATE ? n * 1000 : n;
      return;
    }
    case OptionId.CPUSTAT:
      // Kept to say what they count that the pages do not mark (cpu-stats.ts).
      meta.cpuStats.push(str());
      return;
    case OptionId.BUFFER:
    case OptionId.BUFFER_TEXT:
      meta.buffers.push(readBufferOption(meta, id, v, at, size));
      return;
    case OptionId.TRACECLOCK:
      meta.clock = parseTraceClock(str());
      meta.clockOption = true;
      return;
    case OptionId.UNAME:
      meta.uname = str();
      return;
    case OptionId.VERSION:
      meta.traceCmdVersion = str();
      return;
    case OptionId.CPUCOUNT:
      meta.cpuCount = v.u32(at);
      return;
    case OptionId.TSC2NSEC:
      if (size >= 16) meta.tsc2nsec = { mult: v.u32(at), shift: v.u32(at + 4), offset: v.u64(at + 8) };
      return;
    case OptionId.TIME_SHIFT:
      // Said only where trace-cmd would shift the times (trace-input.c handle_options: an
      // option under 16 bytes is skipped, and with no sample on any CPU the times stay).
      if (timeShiftHasSamples(v, at, size) && !meta.unsupported.includes('TIME_SHIFT')) meta.unsupported.push('TIME_SHIFT');
      return;
    default:
      if (SECTION_OPTIONS.includes(id) && size >= 8) sections.set(id, v.u64(at));
  }
}

/**
 * Whether a TIME_SHIFT option holds a sample to shift by (trace-cmd's trace-input.c:
 * u64 trace id, u32 flags, u32 CPU count, then per CPU a u32 count and three u64 arrays of
 * that count: times, offsets, scalings). Read within the option's bytes only.
 */
function timeShiftHasSamples(v: BinaryView, at: number, size: number): boolean {
  if (size < 16) return false;
  const end = at + size;
  const cpus = v.u32(at + 12);
  let p = at + 16;
  for (let c = 0; c < cpus && p + 4 <= end; c++) {
    const count = v.u32(p);
    if (count > 0) return true;
    p += 4;
  }
  return false;
}

/**
 * BUFFER (version 6: u64 offset + name; version 7: u64 section offset, name, clock,
 * u32 page size, u32 cpus, per CPU `u32 cpu, u64 offset, u64 size`) and BUFFER_TEXT
 * (offset, name, clock: latency text).
 */
function readBufferOption(meta: TraceDatMetadata, id: number, v: BinaryView, at: number, size: number): BufferInstance {
  const end = at + size;
  const sectionOffset = v.u64(at);
  let p = at + 8;
  const name = v.cstring(p);
  p = name.next;
  const buffer: BufferInstance = {
    name: name.text,
    clock: '',
    pageSize: meta.pageSize,
    latency: id === OptionId.BUFFER_TEXT,
    compressed: false,
    sectionOffset,
    cpus: [],
  };
  if (meta.version < 7) return buffer;
  const clock = v.cstring(p);
  buffer.clock = clock.text;
  p = clock.next;
  if (id !== OptionId.BUFFER) return buffer;
  // trace-cmd reads an instance's pages by its BUFFER option's page size
  // (tracecmd_buffer_instance_handle) but the top instance's by the file header's
  // (init_buffer_cpu_data on the handle's own page_size): so does the reader.
  if (buffer.name !== '') buffer.pageSize = v.u32(p);
  const count = v.u32(p + 4);
  p += 8;
  if (p + count * 20 > end) v.fail(p, `a BUFFER option of ${count} CPUs that does not fit in its ${size} bytes`);
  for (let k = 0; k < count; k++, p += 20) buffer.cpus.push({ cpu: v.u32(p), offset: v.u64(p + 4), size: v.u64(p + 12) });
  return buffer;
}

/** `[local] global counter` → `local`: the selected clock is the bracketed one. */
export function parseTraceClock(text: string): string {
  const m = /\[([^\]]+)\]/.exec(text);
  return m ? m[1] : text.trim().split(/\s+/)[0] ?? '';
}

/** strtoll(…, 0): decimal, `0x` hex or leading-0 octal, with an optional sign. */
function parseCNumber(text: string): number {
  const m = /^\s*([+-]?)(0x[0-9a-f]+|0[0-7]*|[1-9][0-9]*)/i.exec(text);
  if (!m) return Number.NaN;
  const body = m[2];
  const n = /^0x/i.test(body) ? parseInt(body.slice(2), 16) : body.length > 1 && body[0] === '0' ? parseInt(body, 8) : Number(body);
  return m[1] === '-' ? -n : n;
}
