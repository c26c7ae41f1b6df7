/**
 * Where a funcgraph_exit record holds `calltime` and `rettime`.
 *
 * The kernel declares funcgraph_exit with FTRACE_ENTRY_PACKED (kernel/trace/trace_entries.h):
 * its record has no padding between fields. From 6.14, where calltime and rettime moved out
 * of `struct ftrace_graph_ret` into the entry as `__field(unsigned long long, …)`, until
 * torvalds/linux 033c55fe2e32 ("tracing: Fix ftrace event field alignments", Feb 2026, sent
 * to stable), the format file computed their offsets with a u64's natural 8-byte alignment
 * anyway. On a 32-bit kernel without funcgraph-retval that lists calltime at 24 and rettime
 * at 32 after a 4-byte overrun at 16, while the record holds them at 20 and 28 (the commit
 * shows both format files). Read by the format, a duration mixes halves of the two clocks.
 *
 * So a gap of less than 8 bytes before either time (padding, which a packed record cannot
 * have) is taken as that mistake, and the time is read where the previous field ends; but
 * only where the times follow `depth`, as they do from 6.14 on. Before the 2019/20 rework of
 * trace_entries.h (3.10, 4.18, 5.4 …) the times were `__field_desc`s of an unpacked
 * `struct ftrace_graph_ret { unsigned long func; unsigned long long calltime, rettime;
 * unsigned long overrun; int depth; }` (include/linux/ftrace.h), listed by offsetof()
 * (trace_export.c): on 32-bit ARM, whose EABI aligns a u64 to 8, calltime really is at 16
 * after a 4-byte func at 8, and the format says so. Every other layout (64-bit kernels, the
 * 32-bit retval layout, the packed ones after the rework up to 6.13, after the fix) has no gap
 * there and is read as listed.
 */
import { findField, type EventFormat, type FormatField } from './event-format';

export interface ExitTimes {
  calltime: FormatField;
  rettime: FormatField;
}

/** funcgraph_exit's calltime and rettime at their offsets in the record, null when it has none. */
export function exitTimeFields(f: EventFormat): ExitTimes | null {
  const calltime = findField(f, 'calltime');
  const rettime = findField(f, 'rettime');
  if (!calltime || !rettime) return null;
  // The times of an old kernel come before depth: any gap before them is the struct's own.
  const depth = findField(f, 'depth');
  if (depth && depth.offset > calltime.offset) return { calltime, rettime };
  const byOffset = [...f.common, ...f.fields].sort((a, b) => a.offset - b.offset);
  const moved = new Map<FormatField, FormatField>();
  let end = 0;
  for (const field of byOffset) {
    let at = field.offset;
    const gap = at - end;
    if ((field === calltime || field === rettime) && gap > 0 && gap < 8) {
      at = end;
      moved.set(field, { ...field, offset: at });
    }
    end = Math.max(end, at + field.size);
  }
  return { calltime: moved.get(calltime) ?? calltime, rettime: moved.get(rettime) ?? rettime };
}
