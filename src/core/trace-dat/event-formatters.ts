/**
 * The text of the common scheduler and interrupt events as `trace-cmd report` prints them
 * (not `-R`): libtraceevent's sched_switch plugin (plugins/plugin_sched_switch.c) for
 * sched_switch, sched_wakeup and sched_wakeup_new, and the kernel's print fmt for
 * irq_handler_entry/exit and softirq_entry/exit/raise. The same text the text parser takes
 * from a report, so a view shows the same line from either input:
 *
 *   sched_switch:  yes:407 [120] R ==> rcu_preempt:15 [120]
 *   sched_wakeup:  rcu_preempt:15 [120] CPU:001
 *   softirq_entry: vec=1 [action=TIMER]
 *   irq_handler_exit: irq=24 ret=handled
 *
 * Fields are found by name in the event's format (never at fixed offsets); an event whose
 * format lacks one gets no formatter and is printed raw. The plugin also tells libtraceevent
 * the comms it prints (tep_register_comm, which never replaces a saved cmdline): `learnComm`.
 */
import type { BinaryView } from './binary-view';
import { findField, type EventFormat, type FormatField } from './event-format';

/** Writes an event's text from its payload at [start, start + len). */
export type EventText = (v: BinaryView, start: number, len: number) => string;

/** The plugin's prev_state letters when the print fmt has no `__print_flags` for them. */
const DEFAULT_STATES = 'SDTtXZPI';

/** The softirq names of the kernel's print fmt (include/trace/events/irq.h) when it has none. */
const SOFTIRQ_NAMES = ['HI', 'TIMER', 'NET_TX', 'NET_RX', 'BLOCK', 'IRQ_POLL', 'TASKLET', 'SCHED', 'HRTIMER', 'RCU'];

export function eventFormatter(f: EventFormat, learnComm: (pid: number, comm: string) => void): EventText | null {
  switch (f.name) {
    case 'sched_switch':
      return schedSwitch(f, learnComm);
    case 'sched_wakeup':
    case 'sched_wakeup_new':
      return schedWakeup(f, learnComm);
    case 'irq_handler_entry':
      return irqEntry(f);
    case 'irq_handler_exit':
      return irqExit(f);
    case 'softirq_entry':
    case 'softirq_exit':
    case 'softirq_raise':
      return softirq(f);
    default:
      return null;
  }
}

/** The sizes tep_read_number() reads (a field of another size reads as 0, not as an error). */
const NUMBER_SIZES = new Set([1, 2, 4, 8]);

function num(v: BinaryView, s: number, f: FormatField): number {
  // tep_read_number() reads 1, 2, 4 or 8 bytes and gives 0 for any other size.
  if (!NUMBER_SIZES.has(f.size)) return 0;
  const at = s + f.offset;
  if (f.size === 8) return Number(f.signed ? v.view.getBigInt64(at, v.little) : v.view.getBigUint64(at, v.little));
  if (!f.signed) return v.unsigned(at, f.size);
  if (f.size === 4) return v.i32(at);
  if (f.size === 2) return v.view.getInt16(at, v.little);
  return v.view.getInt8(at);
}

/** The field's bits as an unsigned number, as libtraceevent's tep_read_number() reads them. */
function unsignedNum(v: BinaryView, s: number, f: FormatField): number {
  if (!NUMBER_SIZES.has(f.size)) return 0;
  if (f.size === 8) return Number(v.view.getBigUint64(s + f.offset, v.little));
  return v.unsigned(s + f.offset, f.size);
}

/** A fixed char array up to its first NUL (`%.*s` of the field's size). */
function text(v: BinaryView, s: number, f: FormatField): string {
  return v.textToNul(s + f.offset, s + f.offset + f.size);
}

/** A `__data_loc char[]` string. */
function dynamicText(v: BinaryView, s: number, len: number, f: FormatField): string {
  const loc = v.u32(s + f.offset);
  let offset = loc & 0xffff;
  if (f.isRelative) offset += f.offset + f.size;
  const n = Math.max(0, Math.min(loc >>> 16, len - offset));
  return v.textToNul(s + offset, s + offset + n);
}

/** The fields an event needs, or null when one is missing or lies past the record. */
function fields(f: EventFormat, names: string[]): FormatField[] | null {
  const out: FormatField[] = [];
  for (const n of names) {
    const field = findField(f, n);
    if (!field || field.isArray !== (n.endsWith('comm') || n === 'name')) return null;
    out.push(field);
  }
  return out;
}

/**
 * The prev_state letters by bit, as the plugin's get_states(): from the `__print_flags` of
 * the print fmt (`{ 0x00000001, "S" }, …`), else the default. A bit with no letter ends
 * the list (the plugin's strlen).
 */
export function stateLetters(printFmt: string): string {
  const at = printFmt.indexOf('__print_flags(REC->prev_state');
  if (at < 0) return DEFAULT_STATES;
  const end = printFmt.indexOf(')', printFmt.indexOf('{', at));
  const letters: string[] = [];
  for (const m of printFmt.slice(at, end < 0 ? undefined : end).matchAll(/\{\s*(0x[0-9a-fA-F]+|\d+)\s*,\s*"(.)/g)) {
    const value = Number(m[1]);
    if (value <= 0) continue;
    const bit = Math.log2(value & -value);
    if (bit < 32) letters[bit] = m[2];
  }
  let out = '';
  for (let k = 0; k < letters.length && letters[k] !== undefined; k++) out += letters[k];
  return out || DEFAULT_STATES;
}

function writeState(states: string, value: number): string {
  let out = '';
  for (let k = 0; k < states.length; k++) {
    if (value & (1 << k)) out += (out ? '|' : '') + states[k];
  }
  return out || 'R';
}

function schedSwitch(f: EventFormat, learnComm: (pid: number, comm: string) => void): EventText | null {
  const need = fields(f, ['prev_comm', 'prev_pid', 'next_comm', 'next_pid']);
  if (!need) return null;
  const [prevComm, prevPid, nextComm, nextPid] = need;
  const prevPrio = findField(f, 'prev_prio');
  const prevState = findField(f, 'prev_state');
  const nextPrio = findField(f, 'next_prio');
  const states = stateLetters(f.printFmt);
  return (v, s) => {
    const pp = num(v, s, prevPid);
    const pc = text(v, s, prevComm);
    learnComm(pp, pc);
    let out = `${pc}:${pp} `;
    if (prevPrio) out += `[${num(v, s, prevPrio)}] `;
    if (prevState) out += writeState(states, num(v, s, prevState));
    const np = num(v, s, nextPid);
    const nc = text(v, s, nextComm);
    learnComm(np, nc);
    out += ` ==> ${nc}:${np}`;
    if (nextPrio) out += ` [${num(v, s, nextPrio)}]`;
    return out;
  };
}

function schedWakeup(f: EventFormat, learnComm: (pid: number, comm: string) => void): EventText | null {
  const need = fields(f, ['comm', 'pid']);
  if (!need) return null;
  const [comm, pid] = need;
  const prio = findField(f, 'prio');
  const success = findField(f, 'success');
  const target = findField(f, 'target_cpu');
  return (v, s) => {
    const p = num(v, s, pid);
    const c = text(v, s, comm);
    learnComm(p, c);
    let out = `${c}:${p}`;
    // The plugin prints the prio it read unsigned (tep_get_field_val) with %lld, not cast
    // to int as sched_switch's: a SCHED_DEADLINE task's -1 is 4294967295 here.
    if (prio) out += ` [${unsignedNum(v, s, prio)}]`;
    if (success) out += ` success=${num(v, s, success)}`;
    if (target) out += ` CPU:${String(num(v, s, target) >>> 0).padStart(3, '0')}`;
    return out;
  };
}

function irqEntry(f: EventFormat): EventText | null {
  const irq = findField(f, 'irq');
  const name = findField(f, 'name');
  if (!irq || !name || !name.isDynamic) return null;
  return (v, s, len) => `irq=${num(v, s, irq)} name=${dynamicText(v, s, len, name)}`;
}

function irqExit(f: EventFormat): EventText | null {
  const irq = findField(f, 'irq');
  const ret = findField(f, 'ret');
  if (!irq || !ret) return null;
  return (v, s) => `irq=${num(v, s, irq)} ret=${num(v, s, ret) ? 'handled' : 'unhandled'}`;
}

function softirq(f: EventFormat): EventText | null {
  const vec = findField(f, 'vec');
  if (!vec) return null;
  const names = symbolNames(f.printFmt) ?? new Map(SOFTIRQ_NAMES.map((n, k) => [k, n]));
  return (v, s) => {
    const n = num(v, s, vec);
    // __print_symbolic prints the value in hex when no name matches (libtraceevent's
    // print_str_arg(): `0x%llx` of the field read unsigned).
    return `vec=${n >>> 0} [action=${names.get(n) ?? '0x' + (n >>> 0).toString(16)}]`;
  };
}

/** The `{ N, "NAME" }` pairs of a `__print_symbolic`, or null when there is none. */
function symbolNames(printFmt: string): Map<number, string> | null {
  const at = printFmt.indexOf('__print_symbolic(');
  if (at < 0) return null;
  const out = new Map<number, string>();
  for (const m of printFmt.slice(at).matchAll(/\{\s*(0x[0-9a-fA-F]+|-?\d+)\s*,\s*"([^"]*)"\s*\}/g)) out.set(Number(m[1]), m[2]);
  return out.size > 0 ? out : null;
}
