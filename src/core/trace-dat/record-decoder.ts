/**
 * Turns one event's payload into the parsers' LineRecord, by the event format files in the
 * file: field offsets and sizes come from there, never from this code.
 *
 * - `funcgraph_entry` (and `fgraph_retaddr_entry`): an Entry of `func` at `depth`; the
 *   latter's `retaddr` is its caller (parentName); argument registers (funcgraph-args) as args.
 * - `funcgraph_exit`: an Exit with the kernel's own `calltime`, and `rettime - calltime` as
 *   the duration (exact to the nanosecond), `retval` when the kernel recorded it.
 * - `function` / `func_repeats`: a FunctionCall of `ip`, its caller `parent_ip` (and the
 *   argument registers of func-args as args).
 * - `kernel_stack`: an Event and its frames (`name (addr)`, as trace-cmd prints them).
 * - sched_switch, sched_wakeup(_new), irq_handler_entry/exit, softirq_entry/exit/raise: an
 *   Event with the text `trace-cmd report` prints (event-formatters.ts); their comms are
 *   handed to `learnComm`.
 * - `bprint` (trace_printk with arguments): an Event with the text `trace-cmd report`
 *   prints, `CALLER: message`, its arguments read from the record (bprint.ts).
 * - anything else: an Event with its `field=value` pairs as `trace-cmd report -R` prints
 *   them: with the print format's conversion for a field it prints as is (print-fmt.ts),
 *   else as libtraceevent's print_field_raw() does.
 */
import type { BinaryView } from './binary-view';
import { findField, parseEventFormat, type EventFormat, type FormatField } from './event-format';
import { eventFormatter } from './event-formatters';
import { exitTimeFields } from './exit-times';
import { argsField, hasArgs, rawArgsText } from './raw-args';
import { hexAddress, type Kallsyms } from './kallsyms';
import { fieldConversions, formatWithConversion } from './print-fmt';
import { formatBprint } from './bprint';
import { SymbolCache } from './symbol-cache';
import { RecordKind, type LineRecord } from '../parse/record';
import type { GraphRecord } from '../model/graph-record';

/** The name of an event whose id has no format the reader can parse. */
export const UNKNOWN_EVENT = 'unknown_event';

/** Fills `out` (already reset, ts/cpu/pid/comm set by the caller) from the payload at [start, start + len). */
type Decode = (v: BinaryView, start: number, len: number, out: LineRecord) => void;

/**
 * Where a funcgraph_entry's or funcgraph_exit's fields sit, from its format file, when they
 * have the widths the fast lane reads (an int depth, u64 times): `RecordDecoder.graph`.
 */
interface GraphLayout {
  exit: boolean;
  /**
   * Every field the lane reads (type, pid, func, depth, an exit's times) starts on a 4-byte
   * boundary of the record: with the block's words (BinaryView.words) each is read as
   * words, at these word indexes from the record's first word.
   */
  aligned: boolean;
  pidW: number;
  funcW: number;
  depthW: number;
  callW: number;
  retW: number;
  /** Bytes from the payload's start that every read below needs. */
  need: number;
  funcAt: number;
  /** The address is 8 bytes (else 4). */
  wide: boolean;
  depthAt: number;
  depthSigned: boolean;
  callAt: number;
  retAt: number;
  retval: FormatField | undefined;
  /** An entry's argument registers (raw-args.ts), undefined when the format has none. */
  args: FormatField | undefined;
}

export interface CommonLayout {
  typeOffset: number;
  typeSize: number;
  pidOffset: number;
}

/**
 * The file's event formats by id, parsed when an event first needs one: a file carries
 * well over a thousand formats and its events use a handful.
 */
export class EventFormats {
  private readonly texts = new Map<number, { system: string; text: string }>();
  private readonly parsed = new Map<number, EventFormat | null>();

  constructor(list: readonly { system: string; text: string }[]) {
    for (const f of list) {
      const m = /^ID:\s*(\d+)/m.exec(f.text);
      if (m) this.texts.set(Number(m[1]), f);
    }
  }

  get(id: number): EventFormat | null {
    let f = this.parsed.get(id);
    if (f === undefined) {
      const t = this.texts.get(id);
      f = t ? parseEventFormat(t.system, t.text) : null;
      this.parsed.set(id, f);
    }
    return f;
  }

  /** Any format with common fields (they are the same for all events of a kernel). */
  any(): EventFormat | null {
    for (const id of this.texts.keys()) {
      const f = this.get(id);
      if (f && f.common.length > 0) return f;
    }
    return null;
  }
}

export class RecordDecoder {
  readonly common: CommonLayout;
  /** Frames of the last kernel_stack decoded (innermost first), else empty. */
  frames: string[] = [];
  /** Per event id: its decoder, null when the file has no format for it, undefined until asked. */
  private readonly byId: (Decode | null | undefined)[] = [];
  /** The texts of funcgraph_exit's retval, by value. */
  private readonly retvals = new RetvalTexts();
  /** Per event id: its fast-lane layout, null when it has none, undefined until asked. */
  private readonly graphById: (GraphLayout | null | undefined)[] = [];

  constructor(
    private readonly formats: EventFormats,
    private readonly kallsyms: Kallsyms,
    private readonly longSize: number,
    /** A pid's comm as an event names it (sched_switch, sched_wakeup). */
    private readonly learnComm: (pid: number, comm: string) => void = () => undefined,
    /** Names by address (with their ids in the model's string table, when it has one). */
    private readonly symbols = new SymbolCache(kallsyms),
    /** The file's printk formats by address (printk-formats.ts): what a bputs's `str` names. */
    private readonly printk: ReadonlyMap<bigint, string> = new Map(),
  ) {
    const ref = formats.any();
    const type = ref?.common.find((f) => f.name === 'common_type');
    const pid = ref?.common.find((f) => f.name === 'common_pid');
    this.common = { typeOffset: type?.offset ?? 0, typeSize: type?.size ?? 2, pidOffset: pid?.offset ?? 4 };
    const c = this.common;
    this.typeW = c.typeSize === 2 && c.typeOffset % 4 === 0 && c.typeOffset >= 0 ? c.typeOffset >> 2 : -1;
  }

  /** The word index of the common type when it is a u16 on a 4-byte boundary (graph's word reads), else -1. */
  private readonly typeW: number;

  /** The event id of the payload at `start`. */
  type(v: BinaryView, start: number): number {
    const at = start + this.common.typeOffset;
    // The usual u16, read straight when it is there (else the checked read says what is wrong).
    if (this.common.typeSize === 2 && at >= 0 && at + 2 <= v.bytes.length) return v.view.getUint16(at, v.little);
    return v.unsigned(at, this.common.typeSize);
  }

  pid(v: BinaryView, start: number): number {
    const at = start + this.common.pidOffset;
    return at >= 0 && at + 4 <= v.bytes.length ? v.view.getInt32(at, v.little) : v.i32(at);
  }

  /**
   * The fast lane of the hot path: when the payload at `start` is a funcgraph_entry or
   * funcgraph_exit whose fields have the usual widths, all inside the block, and whose
   * function's name has an id in the model's string table already, fills the record's own
   * fields of `g` (exit, pid, depth, func, and an exit's times and retval) with exactly
   * what `decode` would give, and returns true. False for anything else (`decode` then),
   * such as an entry of `len` bytes that carries argument registers, or a record shorter
   * than its fields need.
   */
  graph(v: BinaryView, start: number, len: number, g: GraphRecord): boolean {
    const words = v.words;
    if (words !== null && this.typeW >= 0 && (start & 3) === 0 && start >= 0 && start + 4 * this.typeW + 4 <= v.bytes.length) {
      // The same reads as below, as words (the type is the low half of its word: little-endian).
      const s = start >> 2;
      const layout = this.graphLayoutOf(words[s + this.typeW] & 0xffff);
      if (layout !== null && layout.aligned) {
        if (len < layout.need || start + layout.need > v.bytes.length) return false;
        if (layout.args && hasArgs(v, start, len, layout.args, this.longSize)) return false;
        const func = this.symbols.id(this.symbols.entryOfWords(words, s + layout.funcW, layout.wide));
        if (func < 0) return false;
        g.func = func;
        g.exit = layout.exit;
        g.pid = words[s + layout.pidW];
        const depth = words[s + layout.depthW];
        g.depth = layout.depthSigned ? depth : depth >>> 0;
        if (layout.exit) {
          const ca = s + layout.callW;
          const ra = s + layout.retW;
          const callHi = words[ca + 1] >>> 0;
          const callLo = words[ca] >>> 0;
          g.callTimeNs = callHi * 4294967296 + callLo;
          g.durNs = ((words[ra + 1] >>> 0) - callHi) * 4294967296 + ((words[ra] >>> 0) - callLo);
          g.retval = layout.retval ? this.retvals.text(v, start + layout.retval.offset, layout.retval.size) : '';
        }
        return true;
      }
    }
    // The usual u16 type, readable here (anything else: `decode`, whose checked reads say what is wrong).
    const typeAt = start + this.common.typeOffset;
    if (this.common.typeSize !== 2 || !(typeAt >= 0 && typeAt + 2 <= v.bytes.length)) return false;
    const layout = this.graphLayoutOf(v.view.getUint16(typeAt, v.little));
    // A record too short for its fields (damaged, hostile) is `decode`'s: never the next record's bytes.
    if (layout === null || len < layout.need || !(start >= 0 && start + layout.need <= v.bytes.length)) return false;
    if (layout.args && hasArgs(v, start, len, layout.args, this.longSize)) return false;
    const dv = v.view;
    const little = v.little;
    const symbols = this.symbols;
    const e = symbols.entryAt(dv, start + layout.funcAt, little, layout.wide);
    const func = symbols.id(e);
    if (func < 0) return false;
    g.func = func;
    g.exit = layout.exit;
    g.pid = dv.getInt32(start + this.common.pidOffset, little);
    g.depth = layout.depthSigned ? dv.getInt32(start + layout.depthAt, little) : dv.getUint32(start + layout.depthAt, little);
    if (layout.exit) {
      // u64At's and u64Diff's reads, written out: a call would hand the times over as boxed numbers.
      const ca = start + layout.callAt;
      const ra = start + layout.retAt;
      const hi = little ? 4 : 0;
      const lo = little ? 0 : 4;
      const callHi = dv.getUint32(ca + hi, little);
      const callLo = dv.getUint32(ca + lo, little);
      g.callTimeNs = callHi * 4294967296 + callLo;
      g.durNs = (dv.getUint32(ra + hi, little) - callHi) * 4294967296 + (dv.getUint32(ra + lo, little) - callLo);
      g.retval = layout.retval ? this.retvals.text(v, start + layout.retval.offset, layout.retval.size) : '';
    }
    return true;
  }

  /** The fast lane's layout of event `id`, null when it has none. */
  private graphLayoutOf(id: number): GraphLayout | null {
    const layout = this.graphById[id];
    if (layout !== undefined) return layout;
    const f = this.formats.get(id);
    return (this.graphById[id] = f ? this.graphLayout(f) : null);
  }

  /** The fast lane's layout of a format, null when it is not a graph record it can read. */
  private graphLayout(f: EventFormat): GraphLayout | null {
    const func = findField(f, 'func');
    const depth = findField(f, 'depth');
    const entry = f.name === 'funcgraph_entry' || f.name === 'fgraph_retaddr_entry';
    if (!func || !depth || (!entry && f.name !== 'funcgraph_exit') || depth.size !== 4) return null;
    // A return address is a caller the record carries, which the lane's GraphRecord has no room for.
    if (entry && findField(f, 'retaddr')) return null;
    const wide = func.size === 8;
    let need = Math.max(func.offset + (wide ? 8 : 4), depth.offset + 4, this.common.pidOffset + 4, this.common.typeOffset + this.common.typeSize);
    const args = entry ? argsField(f) : undefined;
    const pidAt = this.common.pidOffset;
    const layout: GraphLayout = {
      exit: !entry,
      aligned: this.typeW >= 0 && wordAligned(pidAt) && wordAligned(func.offset) && wordAligned(depth.offset),
      pidW: pidAt >> 2,
      funcW: func.offset >> 2,
      depthW: depth.offset >> 2,
      callW: 0,
      retW: 0,
      need,
      funcAt: func.offset,
      wide,
      depthAt: depth.offset,
      depthSigned: depth.signed,
      callAt: 0,
      retAt: 0,
      retval: undefined,
      args,
    };
    if (entry) return layout;
    const times = exitTimeFields(f);
    if (!times || times.calltime.size !== 8 || times.rettime.size !== 8) return null;
    const { calltime, rettime } = times;
    const retval = findField(f, 'retval');
    for (const field of [calltime, rettime, retval]) if (field) need = Math.max(need, field.offset + field.size);
    // Set on the one object rather than spread into a new one: the entry's and the exit's
    // layouts keep one shape, so that the hot path's reads of them stay monomorphic.
    layout.aligned = layout.aligned && wordAligned(calltime.offset) && wordAligned(rettime.offset);
    layout.callW = calltime.offset >> 2;
    layout.retW = rettime.offset >> 2;
    layout.need = need;
    layout.callAt = calltime.offset;
    layout.retAt = rettime.offset;
    layout.retval = retval;
    return layout;
  }

  decode(v: BinaryView, start: number, len: number, out: LineRecord): void {
    if (this.frames.length !== 0) this.frames.length = 0;
    const id = this.type(v, start);
    let d = this.byId[id];
    if (d === undefined) {
      const f = this.formats.get(id);
      d = this.byId[id] = f ? this.decoderFor(f) : null;
    }
    if (d) {
      d(v, start, len, out);
      return;
    }
    out.kind = RecordKind.Event;
    out.name = UNKNOWN_EVENT;
    out.text = `id=${id}: the file has no format for this event`;
  }

  private decoderFor(f: EventFormat): Decode {
    const graph = this.graphDecoder(f);
    if (graph) return graph;
    if ((f.name === 'function' || f.name === 'func_repeats') && findField(f, 'ip')) return this.functionDecoder(f);
    if (f.name === 'kernel_stack' && findField(f, 'caller') && findField(f, 'size')) return this.stackDecoder(f);
    if (f.name === 'bprint') {
      const bprint = this.bprintDecoder(f);
      if (bprint) return bprint;
    }
    if (f.name === 'print' || f.name === 'bputs') {
      const message = this.messageDecoder(f);
      if (message) return message;
    }
    const text = eventFormatter(f, this.learnComm);
    if (text) {
      // The formatters read their fields where the format puts them: a record too short to
      // hold them (a damaged or hostile file) is printed field by field instead, by the
      // generic decoder, which reads only the record's own bytes (never the next record's).
      return this.textEvent(f, fieldsEnd(f), text);
    }
    return this.genericDecoder(f);
  }

  /**
   * An Event named after its format whose text `text` makes from records at least `need`
   * bytes long; a shorter one (damaged, hostile) is printed field by field by the generic
   * decoder, which reads only the record's own bytes (never the next record's).
   */
  private textEvent(f: EventFormat, need: number, text: (v: BinaryView, s: number, len: number) => string): Decode {
    const generic = this.genericDecoder(f);
    return (v, s, len, out) => {
      if (len < need) {
        generic(v, s, len, out);
        return;
      }
      out.kind = RecordKind.Event;
      out.name = f.name;
      out.text = text(v, s, len);
    };
  }

  /** The symbol at `address` (trace-cmd's name, with `+0xOFF/0xSIZE` when `withOffset`), as print formats' `%ps`/`%pS` print it. */
  private readonly symbolAt = (address: bigint, withOffset: boolean): string => {
    const hi = Number(BigInt.asUintN(32, address >> 32n));
    const lo = Number(BigInt.asUintN(32, address));
    return withOffset ? this.kallsyms.nameWithOffset(hi, lo) : this.kallsyms.name(hi, lo);
  };

  /**
   * funcgraph_entry / funcgraph_exit: nearly every record of a function_graph trace. Their
   * fields' offsets and sizes are taken from the format once, here; each record is then
   * read straight from the block's DataView once it is known to hold every field (else the
   * checked reads run, and name what is wrong where).
   */
  private graphDecoder(f: EventFormat): Decode | null {
    const func = findField(f, 'func');
    const depth = findField(f, 'depth');
    if (!func || !depth) return null;
    const entry = f.name === 'funcgraph_entry' || f.name === 'fgraph_retaddr_entry';
    if (!entry && f.name !== 'funcgraph_exit') return null;
    const times = entry ? null : exitTimeFields(f);
    const calltime = times?.calltime;
    const rettime = times?.rettime;
    const retval = entry ? undefined : findField(f, 'retval');
    // fgraph_retaddr_entry (funcgraph-retaddr, 6.13+): where the function returns to, which
    // the kernel prints as the caller (` /* <-CALLER+0xOFF/0xSIZE */`, print_graph_retaddr()).
    const retaddr = entry ? findField(f, 'retaddr') : undefined;
    // funcgraph-args (6.15+): the argument registers after the entry's fields (raw-args.ts).
    const args = entry ? argsField(f) : undefined;
    const longSize = this.longSize;
    const checked: Decode = (v, s, len, out) => {
      out.kind = entry ? RecordKind.Entry : RecordKind.Exit;
      out.name = this.symbol(v, s + func.offset, func.size);
      out.depth = readNumber(v, s + depth.offset, depth.size, depth.signed);
      if (times) {
        out.callTimeNs = v.unsigned(s + times.calltime.offset, times.calltime.size);
        out.durNs = timeDiff(v, s + times.rettime.offset, times.rettime.size, s + times.calltime.offset, times.calltime.size);
      }
      if (retval) out.retval = this.retvals.text(v, s + retval.offset, retval.size);
      if (retaddr) out.parentName = this.symbol(v, s + retaddr.offset, retaddr.size);
      if (args) out.args = rawArgsText(v, s, len, args, longSize);
    };
    // The bytes every field read needs (an address is read as 8 bytes or 4; see symbol()).
    let need = Math.max(func.offset + (func.size === 8 ? 8 : 4), depth.offset + depth.size);
    for (const field of [calltime, rettime, retval, retaddr]) if (field) need = Math.max(need, field.offset + field.size);
    // A record shorter than that (damaged, hostile) would take the rest from the next
    // record: it is shown as an event with the fields it holds (the generic decoder's).
    const generic = this.genericDecoder(f);
    const kind = entry ? RecordKind.Entry : RecordKind.Exit;
    const symbols = this.symbols;
    const funcAt = func.offset;
    const wide = func.size === 8;
    const depthAt = depth.offset;
    const depthInt = depth.size === 4 && depth.signed;
    const fastTimes = times !== null && times.calltime.size === 8 && times.rettime.size === 8;
    const callAt = times ? times.calltime.offset : 0;
    const retAt = times ? times.rettime.offset : 0;
    return (v, s, len, out) => {
      if (len < need) {
        generic(v, s, len, out);
        return;
      }
      if (!(s >= 0 && s + need <= v.bytes.length)) {
        checked(v, s, len, out);
        return;
      }
      const dv = v.view;
      const little = v.little;
      out.kind = kind;
      const e = symbols.entryAt(dv, s + funcAt, little, wide);
      out.name = symbols.name(e);
      out.funcId = symbols.id(e);
      out.depth = depthInt ? dv.getInt32(s + depthAt, little) : readNumber(v, s + depthAt, depth.size, depth.signed);
      if (fastTimes) {
        out.callTimeNs = u64At(dv, s + callAt, little);
        out.durNs = u64Diff(dv, s + retAt, s + callAt, little);
      } else if (times) {
        out.callTimeNs = v.unsigned(s + times.calltime.offset, times.calltime.size);
        out.durNs = timeDiff(v, s + times.rettime.offset, times.rettime.size, s + times.calltime.offset, times.calltime.size);
      }
      if (retval) out.retval = this.retvals.text(v, s + retval.offset, retval.size);
      if (retaddr) out.parentName = this.symbol(v, s + retaddr.offset, retaddr.size);
      if (args) out.args = rawArgsText(v, s, len, args, longSize);
    };
  }

  private functionDecoder(f: EventFormat): Decode {
    const ip = findField(f, 'ip')!;
    const parent = findField(f, 'parent_ip');
    const repeats = f.name === 'func_repeats';
    const count = repeats ? findField(f, 'count') : undefined;
    // func_repeats is written when the next different call comes, so its time is that call's;
    // the last of its repeats ran `delta` before it (kernel/trace/trace_entries.h:
    // FUNC_REPEATS_GET_DELTA_TS, top_delta_ts << 32 | bottom_delta_ts), which the text prints
    // as `(repeats:N  delta: -D)` and the builder puts the repeats at (lastTsNs).
    const top = repeats ? findField(f, 'top_delta_ts') : undefined;
    const bottom = repeats ? findField(f, 'bottom_delta_ts') : undefined;
    // func-args (6.15+): the argument registers after ip and parent_ip (raw-args.ts).
    const args = argsField(f);
    const longSize = this.longSize;
    // A record too short for these fields (damaged, hostile) would take the rest from the
    // next record: it is shown as an event with the fields it holds.
    let need = ip.offset + ip.size;
    for (const field of [parent, count, top, bottom]) if (field) need = Math.max(need, field.offset + field.size);
    const generic = this.genericDecoder(f);
    return (v, s, len, out) => {
      if (len < need) {
        generic(v, s, len, out);
        return;
      }
      out.kind = RecordKind.FunctionCall;
      out.name = this.symbol(v, s + ip.offset, ip.size);
      if (parent) out.parentName = this.symbol(v, s + parent.offset, parent.size);
      if (count) out.count = readNumber(v, s + count.offset, count.size, false);
      if (top && bottom && !Number.isNaN(out.tsNs)) {
        const delta = readNumber(v, s + top.offset, top.size, false) * 2 ** 32 + readNumber(v, s + bottom.offset, bottom.size, false);
        out.lastTsNs = out.tsNs - delta;
      }
      if (args) out.args = rawArgsText(v, s, len, args, longSize);
    };
  }

  /** `kernel_stack`: `size` return addresses from `caller` on (the array is as long as the record). */
  private stackDecoder(f: EventFormat): Decode {
    const size = findField(f, 'size')!;
    const caller = findField(f, 'caller')!;
    const width = this.longSize;
    return (v, s, len, out) => {
      out.kind = RecordKind.Event;
      out.name = f.name;
      out.text = '<stack trace >';
      const n = Math.min(readNumber(v, s + size.offset, size.size, false), Math.floor((len - caller.offset) / width));
      for (let k = 0; k < n; k++) {
        const at = s + caller.offset + k * width;
        const hi = width === 8 ? v.u64Hi(at) : 0;
        const lo = width === 8 ? v.u64Lo(at) : v.u32(at);
        this.frames.push(`${this.kallsyms.name(hi, lo)} (${hexAddress(hi, lo, width).slice(2).padStart(width * 2, '0')})`);
      }
    };
  }

  /**
   * `bprint` (trace_printk with arguments): `CALLER: message`, as `trace-cmd report` prints
   * it (libtraceevent's get_bprint_format(): `%ps: ` and the printk format at `fmt`), the
   * format filled in from `buf` (bprint.ts). Printed field by field, `buf` came out as
   * `ARRAY[]` (a u32 array of size 0) and every argument was lost. An address with no
   * printk format is said as libtraceevent says it: `(NO FORMAT FOUND at ADDR)`.
   */
  private bprintDecoder(f: EventFormat): Decode | null {
    const ip = findField(f, 'ip');
    const fmt = findField(f, 'fmt');
    const buf = findField(f, 'buf');
    if (!ip || !fmt || !buf || !numberSize(ip.size) || !numberSize(fmt.size)) return null;
    const need = Math.max(ip.offset + ip.size, fmt.offset + fmt.size, buf.offset);
    const longSize = this.longSize;
    return this.textEvent(f, need, (v, s, len) => {
      const caller = this.symbolAt(readBig(v, s + ip.offset, ip.size), false);
      const address = readBig(v, s + fmt.offset, fmt.size);
      const format = this.printk.get(address);
      // The newline that ends the message ends trace-cmd's line (trace-read.c takes it off),
      // also where an argument put it there (`%s` of "x\n"): it is not kept.
      return format === undefined
        ? `${caller}: (NO FORMAT FOUND at ${address.toString(16)})`
        : `${caller}: ${formatBprint(format, v, s + buf.offset, s + len, longSize, this.symbolAt).replace(/\n$/, '')}`;
    });
  }

  /**
   * `print` (trace_marker, trace_printk of a plain string) and `bputs` (trace_printk of a
   * constant string): `CALLER: message`, as `trace-cmd report` prints them by their print
   * fmt `"%ps: %s"` (kernel/trace/trace_entries.h), the text report's form, so a message
   * reads the same from the file as from its report (`bprint` likewise). `print`'s message
   * is its buf to the NUL or the record's end; `bputs`'s is the printk format its `str`
   * points at (find_printk), else that address in hex, as libtraceevent prints it. The
   * newline that ends a message ends trace-cmd's line: it is not kept. A format printed
   * otherwise (not `%ps`/`%pS` then `%s`) is printed field by field.
   */
  private messageDecoder(f: EventFormat): Decode | null {
    const caller = /^"%p([sS]): %s(?:\\n)?"/.exec(f.printFmt);
    const ip = findField(f, 'ip');
    const text = findField(f, f.name === 'print' ? 'buf' : 'str');
    if (!caller || !ip || !text || !numberSize(ip.size)) return null;
    const withOffset = caller[1] === 'S';
    if (f.name === 'print') {
      if (!text.isString || text.isDynamic || text.size !== 0) return null;
      return this.textEvent(f, Math.max(ip.offset + ip.size, text.offset), (v, s, len) => `${this.symbolAt(readBig(v, s + ip.offset, ip.size), withOffset)}: ${flexibleText(v, s, len, text)}`);
    }
    if (text.isArray || text.size !== this.longSize) return null;
    return this.textEvent(f, Math.max(ip.offset + ip.size, text.offset + text.size), (v, s) => {
      const address = readBig(v, s + text.offset, text.size);
      return `${this.symbolAt(readBig(v, s + ip.offset, ip.size), withOffset)}: ${this.printk.get(address) ?? address.toString(16)}`;
    });
  }

  private genericDecoder(f: EventFormat): Decode {
    const fields = f.fields;
    const conversions = fieldConversions(f.printFmt);
    const symbol = this.symbolAt;
    return (v, s, len, out) => {
      out.kind = RecordKind.Event;
      out.name = f.name;
      let text = '';
      for (const field of fields) {
        if (text !== '') text += ' ';
        const conv = field.isArray || field.isString ? undefined : conversions.get(field.name);
        let value: string | null = null;
        if (conv && field.offset + field.size <= len) {
          const bits = readBig(v, s + field.offset, field.size);
          // `%s` of a pointer (trace_printk's bputs: `REC->str`) is the printk format at that
          // address, else the address in bare hex (libtraceevent's print_str_arg(): a field
          // that is no array and as wide as a long is taken for a pointer; find_printk).
          if (conv.conversion === 's' && field.size === this.longSize) value = (conv.has0x ? '0x' : '') + (this.printk.get(bits) ?? bits.toString(16));
          else value = formatWithConversion(conv, bits, field.size, symbol);
        }
        text += `${field.name}=${value ?? formatField(v, s, len, field)}`;
      }
      out.text = text;
    };
  }

  /** The function name of the address field at `at` (a long: 8 or 4 bytes). */
  private symbol(v: BinaryView, at: number, size: number): string {
    if (size === 8) return this.symbols.name(this.symbols.entry(v.u64Hi(at), v.u64Lo(at)));
    return this.symbols.name(this.symbols.entry(0, v.u32(at)));
  }
}

/** A field offset on a 4-byte boundary of the record (read as words by RecordDecoder.graph). */
function wordAligned(offset: number): boolean {
  return offset >= 0 && offset % 4 === 0;
}

/** The payload bytes a format's fields take (a dynamic field's own: its loc word). */
function fieldsEnd(f: EventFormat): number {
  let end = 0;
  for (const field of [...f.common, ...f.fields]) end = Math.max(end, field.offset + field.size);
  return end;
}

/** The u64 at `at` as a number (exact below 2^53, as BinaryView.u64). */
function u64At(dv: DataView, at: number, little: boolean): number {
  return little ? dv.getUint32(at + 4, true) * 4294967296 + dv.getUint32(at, true) : dv.getUint32(at, false) * 4294967296 + dv.getUint32(at + 4, false);
}

/**
 * The u64 at `a` minus the u64 at `b`, exact while the difference is below 2^53: by halves,
 * since past 2^53 ns of clock (104 days of uptime) the times themselves are not exact
 * numbers, and their difference would be off by up to the ulp (2 ns and more).
 */
function u64Diff(dv: DataView, a: number, b: number, little: boolean): number {
  const hi = little ? 4 : 0;
  const lo = little ? 0 : 4;
  return (dv.getUint32(a + hi, little) - dv.getUint32(b + hi, little)) * 4294967296 + (dv.getUint32(a + lo, little) - dv.getUint32(b + lo, little));
}

/** rettime − calltime of the given sizes (u64Diff for the usual 8 bytes), with the checked reads. */
function timeDiff(v: BinaryView, retAt: number, retSize: number, callAt: number, callSize: number): number {
  if (retSize === 8 && callSize === 8) return (v.u64Hi(retAt) - v.u64Hi(callAt)) * 4294967296 + (v.u64Lo(retAt) - v.u64Lo(callAt));
  return v.unsigned(retAt, retSize) - v.unsigned(callAt, callSize);
}

/**
 * The field's bits as tep_read_number() reads them: 1, 2, 4 or 8 bytes; a field of any other
 * size (a struct field, a hostile format) reads as 0 instead of stopping the CPU's data.
 */
function readBig(v: BinaryView, at: number, size: number): bigint {
  if (!numberSize(size)) return 0n;
  return size === 8 ? v.view.getBigUint64(at, v.little) : BigInt(v.unsigned(at, size));
}

/** The sizes tep_read_number() reads; it gives 0 for any other. */
function numberSize(size: number): boolean {
  return size === 1 || size === 2 || size === 4 || size === 8;
}

function readNumber(v: BinaryView, at: number, size: number, signed: boolean): number {
  if (!signed) return v.unsigned(at, size);
  switch (size) {
    case 1:
      return v.view.getInt8(at);
    case 2:
      return v.view.getInt16(at, v.little);
    case 4:
      return v.i32(at);
    default:
      return Number(v.view.getBigInt64(at, v.little));
  }
}

/** Slots of RetvalTexts: 2^12, indexed by the top 12 bits of a multiplicative hash. */
const RETVAL_SLOTS = 4096;
const RETVAL_SHIFT = 20;

/**
 * hexValue of a funcgraph_exit's retval (6.5+ kernels record one on every exit), by value
 * from a direct-mapped cache: functions return the same few values over and over (0, small
 * counts, -EAGAIN…), so most exits get the string made for an earlier one instead of a new
 * one each, and the builder's note of it (CallNotes.add) hashes that string once. A value
 * missing (a fresh pointer) is made as before and takes its slot.
 */
export class RetvalTexts {
  private readonly hi = new Int32Array(RETVAL_SLOTS);
  private readonly lo = new Int32Array(RETVAL_SLOTS);
  private readonly texts: string[] = new Array<string>(RETVAL_SLOTS).fill('');

  /** hexValue(v, at, size): the same text. */
  text(v: BinaryView, at: number, size: number): string {
    if (size !== 8 && size !== 4) return hexValue(v, at, size);
    // The checked reads hexValue makes (a record too short fails the same way), as int32s.
    const hi = size === 8 ? v.u64Hi(at) | 0 : 0;
    const lo = (size === 8 ? v.u64Lo(at) : v.u32(at)) | 0;
    const k = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> RETVAL_SHIFT;
    const cached = this.texts[k];
    if (cached !== '' && this.lo[k] === lo && this.hi[k] === hi) return cached;
    const text = hexAddress(hi >>> 0, lo >>> 0);
    this.hi[k] = hi;
    this.lo[k] = lo;
    this.texts[k] = text;
    return text;
  }
}

/** `0x…` of an unsigned field (a u64 read in halves: no BigInt per record). */
function hexValue(v: BinaryView, at: number, size: number): string {
  if (size === 8) return hexAddress(v.u64Hi(at), v.u64Lo(at));
  return '0x' + v.unsigned(at, size).toString(16);
}

/** One field as libtraceevent's print_field_raw() prints it. */
function formatField(v: BinaryView, s: number, len: number, f: FormatField): string {
  if (f.isString && !f.isDynamic && f.size === 0) return flexibleText(v, s, len, f);
  if (f.isArray) {
    let offset = f.offset;
    let n = f.size;
    if (f.isDynamic) {
      // libtraceevent's dynamic_offset_field(): a loc word that does not lie inside the
      // record is offset 0, length 0. Reading it anyway would take the next record's bytes
      // (or stop the CPU's data at the end of the block).
      if (f.offset + Math.max(f.size, 4) > len) {
        offset = 0;
        n = 0;
      } else {
        const loc = v.u32(s + f.offset);
        offset = loc & 0xffff;
        n = loc >>> 16;
        if (f.isRelative) offset += f.offset + f.size;
      }
    }
    n = Math.max(0, Math.min(n, len - offset));
    const bytes = v.bytes.subarray(s + offset, s + offset + n);
    if (f.isString && printable(bytes)) return v.textToNul(s + offset, s + offset + n);
    return `ARRAY[${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(', ')}]`;
  }
  if (f.offset + f.size > len) return '';
  // tep_read_number() gives 0 for a size it does not read, printed by the same flags.
  if (!numberSize(f.size)) return f.isPointer || (f.isLong && !f.signed) ? '0x0' : '0';
  const at = s + f.offset;
  if (f.size === 8) {
    const u = v.view.getBigUint64(at, v.little);
    if (f.isPointer || (!f.signed && f.isLong)) return '0x' + u.toString(16);
    return (f.signed ? BigInt.asIntN(64, u) : u).toString();
  }
  const u = v.unsigned(at, f.size);
  if (f.isPointer) return '0x' + u.toString(16);
  if (f.signed) {
    if (f.size === 4 && f.isLong) return '0x' + u.toString(16);
    const n = readNumber(v, at, f.size, true);
    return f.size === 2 ? String(n).padStart(2) : String(n);
  }
  return f.isLong ? '0x' + u.toString(16) : String(u);
}

/**
 * A flexible char array (`char buf[]`, size 0): the text of the `print` event that
 * trace_marker and trace_printk write, which runs to the record's end. libtraceevent's
 * print_field_raw() prints it with `%s` from the field's offset (is_printable_array() of
 * its 0 bytes is true), up to its NUL; here never past the record. The newline the kernel
 * ends a marker with (tracing_mark_write) ends trace-cmd's line: it is not kept.
 */
function flexibleText(v: BinaryView, s: number, len: number, f: FormatField): string {
  return v.textToNul(s + Math.min(f.offset, len), s + len).replace(/\n$/, '');
}

/** isprint or isspace up to the first NUL, as libtraceevent's is_printable_array(). */
function printable(bytes: Uint8Array): boolean {
  for (const b of bytes) {
    if (b === 0) return true;
    if (!((b >= 32 && b < 127) || (b >= 9 && b <= 13))) return false;
  }
  return true;
}
