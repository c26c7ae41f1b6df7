/**
 * The argument registers a funcgraph_entry or function record carries with
 * `funcgraph-args` / `func-args` (6.15+).
 *
 * kernel/trace/trace_entries.h gives both events a trailing `__dynamic_array(unsigned long,
 * args)`: a flexible array, listed in the format file as `unsigned long args[]` with size 0
 * (trace_export.c's __dynamic_array).
 * The record holds the registers only when the option was on (__graph_entry() in
 * trace_functions_graph.c reserves FTRACE_REGS_MAX_ARGS more longs when it has the
 * registers); the kernel reads them when the record is long enough (print_graph_entry_nested:
 * `args_size = iter->ent_size - offsetof(…, args)`).
 *
 * Without the kernel's BTF their names and types are unknown, so they are given as
 * libtraceevent gives them then (trace-btf.c, init_btf_func(): `%llx` each, joined by
 * `, `), which is also what `trace-cmd report` prints for such a file.
 */
import type { BinaryView } from './binary-view';
import { findField, type EventFormat, type FormatField } from './event-format';

/** The format's `args` array, undefined when it has none. */
export function argsField(f: EventFormat): FormatField | undefined {
  const field = findField(f, 'args');
  return field && field.isArray && (field.isDynamic || field.size === 0) ? field : undefined;
}

const span = { at: 0, count: 0 };

/**
 * Where the registers of the record at `start` (`len` bytes) lie: `span.at` (from the
 * record's start) and `span.count`. A flexible array runs to the record's end; a
 * `__data_loc` one (as a 2025 patch series turns `__dynamic_array` into) says where it is.
 */
function locate(v: BinaryView, start: number, len: number, field: FormatField, longSize: number): void {
  let at = field.offset;
  let bytes = len - at;
  if (field.isDynamic) {
    if (field.offset + 4 > len) {
      span.count = 0;
      return;
    }
    const loc = v.u32(start + field.offset);
    at = loc & 0xffff;
    if (field.isRelative) at += field.offset + field.size;
    bytes = Math.min(loc >>> 16, len - at);
  }
  span.at = at;
  span.count = bytes > 0 ? Math.floor(bytes / longSize) : 0;
}

/** Whether the record at `start` (`len` bytes) holds at least one argument register. */
export function hasArgs(v: BinaryView, start: number, len: number, field: FormatField, longSize: number): boolean {
  locate(v, start, len, field, longSize);
  return span.count > 0;
}

/** The registers of the record at `start` (`len` bytes), as hex; '' when none. */
export function rawArgsText(v: BinaryView, start: number, len: number, field: FormatField, longSize: number): string {
  locate(v, start, len, field, longSize);
  let text = '';
  for (let k = 0; k < span.count; k++) {
    const p = start + span.at + k * longSize;
    let hex: string;
    if (longSize === 8) {
      const hi = v.u64Hi(p);
      const lo = v.u64Lo(p);
      hex = hi === 0 ? lo.toString(16) : hi.toString(16) + lo.toString(16).padStart(8, '0');
    } else {
      hex = v.u32(p).toString(16);
    }
    text += k === 0 ? hex : ', ' + hex;
  }
  return text;
}
