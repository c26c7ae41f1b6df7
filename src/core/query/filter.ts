/**
 * A view filter as plain data (so it can live in the URL and cross the worker boundary)
 * and the mask it selects: one byte per call, 1 = in view. Computed in O(n).
 *
 * The conditions are ANDed:
 *  - `tasks`: task ids (indices into model.tasks); empty or missing = every task.
 *  - `cpus`: the CPU a call was entered on; empty or missing = every CPU.
 *  - `range`: [startNs, endNs]; a call is in view when [start, end] overlaps it (closed
 *    intervals). `end` is start + duration, or for a call whose exit is not in the trace
 *    the latest end of its descendants (call-extent.ts). Calls whose start is not in the
 *    trace are in view only when no range is set.
 *  - `syscallsOnly`: keep only calls made inside a system call: the subtree of each
 *    outermost call to a syscall entry point (`__x64_sys_read` and its kin), that call
 *    included. Whether a call is inside a syscall is decided on the whole trace, before
 *    the other conditions.
 *  - `pathsFrom`: keep only calls of that function and calls inside them (the subtrees of
 *    its outermost calls: functionSubtrees), decided on the whole trace as `syscallsOnly`
 *    is; a tree over the mask roots each path at the function. Compare mode's "Paths from",
 *    `cli diff --under`. Trace text: a name, never markup.
 */
import { matchKey } from './build-names';
import { isBareSyscallEntryCall, isBareSyscallName, syscallOfName } from '../../lib/kernel-source';
import type { Nanoseconds } from '../model/call-table';
import type { IrqMode } from '../model/interrupt-mode';
import type { TraceModel } from '../model/tables';
import type { CallTopology } from './call-extent';
import type { ModelFacts } from './model-facts';

export interface ViewFilter {
  tasks?: readonly number[];
  cpus?: readonly number[];
  range?: readonly [Nanoseconds, Nanoseconds];
  syscallsOnly?: boolean;
  /**
   * How interrupt time counts (core/model/interrupt-mode.ts); missing = in place. Not a
   * condition of the mask: the service answers from the model under this mode.
   */
  irq?: IrqMode;
  /** Only calls inside the outermost calls of this function (see the module comment); missing or '' = every call. */
  pathsFrom?: string;
  /**
   * When the trace has no function named `pathsFrom` exactly, the functions of its base
   * name instead (its clones: `tcp_sendmsg_locked.isra.1` for `tcp_sendmsg_locked.isra.0`,
   * another kernel build's name of it; another arch's syscall wrapper: build-names.ts matchKey). Compare mode's
   * matching by base name.
   */
  pathsFromBase?: boolean;
}

/** Mask over calls: mask[i] === 1 when call i is in view. */
export type CallMask = Uint8Array;

/**
 * Names of syscall entry points: every arch's wrappers, compat ones included
 * (`__arm64_compat_sys_*`, `__riscv_compat_sys_*`, `__s390_sys_*`, `__x64_compat_sys_*`:
 * arch/{arm64,riscv,s390,x86}/include/asm/syscall_wrapper.h), the SYSCALL_DEFINE helpers
 * (`__se_sys_*`, `__do_compat_sys_*`) and the pre-4.17 `SyS_*`: lib/kernel-source.ts's
 * rule, the one the source links and hook points read. Not a bare `sys_*`, which is also
 * the prefix of ordinary functions (`sys_imageblit`): a call of one is an entry by where it
 * is called from (syscallSubtrees).
 */
export function isSyscallEntry(name: string): boolean {
  return syscallOfName(name) !== null && !isBareSyscallName(name);
}

/** True when the filter selects every call (no mask needed). */
export function isEmptyFilter(f: ViewFilter): boolean {
  return !f.tasks?.length && !f.cpus?.length && !f.range && !f.syscallsOnly && !f.pathsFrom;
}

/** The calls of `facts.model` in view under `filter`. */
export function filterMask(facts: ModelFacts, filter: ViewFilter): CallMask {
  const model = facts.model;
  const calls = model.calls;
  const n = calls.length;
  const mask = new Uint8Array(n).fill(1);
  if (filter.tasks && filter.tasks.length > 0) {
    const keep = new Uint8Array(model.tasks.length);
    for (const t of filter.tasks) if (t >= 0 && t < keep.length) keep[t] = 1;
    const task = calls.task;
    for (let i = 0; i < n; i++) if (!keep[task[i]]) mask[i] = 0;
  }
  if (filter.cpus && filter.cpus.length > 0) {
    const set = new Set(filter.cpus);
    const cpu = calls.cpu;
    for (let i = 0; i < n; i++) if (mask[i] && !set.has(cpu[i])) mask[i] = 0;
  }
  if (filter.range) {
    const [from, to] = filter.range;
    const { end } = facts.times();
    const start = calls.start;
    for (let i = 0; i < n; i++) {
      if (!mask[i]) continue;
      const s = start[i];
      // NaN start fails both comparisons' negation: excluded.
      if (!(s <= to && end[i] >= from)) mask[i] = 0;
    }
  }
  if (filter.syscallsOnly) {
    const inSyscall = syscallSubtrees(model, facts.topology());
    for (let i = 0; i < n; i++) if (!inSyscall[i]) mask[i] = 0;
  }
  if (filter.pathsFrom) {
    const inside = functionSubtrees(facts, filter.pathsFrom, filter.pathsFromBase ?? false);
    for (let i = 0; i < n; i++) mask[i] &= inside[i];
  }
  return mask;
}

/** 1 for every call that is a syscall entry point or runs inside one. */
function syscallSubtrees(model: TraceModel, topology: CallTopology): Uint8Array {
  const { calls, strings } = model;
  const n = calls.length;
  // Test each distinct name once: 1 an entry wherever it is called, 2 a bare `sys_*`, an
  // entry when nothing traced or a dispatcher calls it (lib's isBareSyscallEntryCall).
  const isEntry = new Uint8Array(strings.size);
  for (let f = 0; f < strings.size; f++) {
    const name = strings.get(f);
    if (isSyscallEntry(name)) isEntry[f] = 1;
    else if (isBareSyscallName(name)) isEntry[f] = 2;
  }
  const { order } = topology;
  const inside = new Uint8Array(n);
  const { parent, func } = calls;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const p = parent[i];
    const known = p >= 0 && p < n;
    const entry = isEntry[func[i]];
    if (
      entry === 1 ||
      (known && inside[p]) ||
      (entry === 2 && isBareSyscallEntryCall(strings.get(func[i]), known ? strings.get(func[p]) : null))
    ) {
      inside[i] = 1;
    }
  }
  return inside;
}

/**
 * 1 for every call of function `name` and every call inside one (the subtrees of its
 * outermost calls), all 0 when the trace has no such function. A tree built over this mask
 * roots each subtree at its call of `name`, wherever it was called from: compared so, the
 * paths of two traces meet below a function they reach by different callers (tcp_sendmsg
 * from __x64_sys_sendto in one, from __x64_sys_write > … > sock_write_iter in the other),
 * or that a graph filter (trace-cmd record -g) made a root in one trace only.
 */
export function functionSubtrees(facts: ModelFacts, name: string, byBase = false): CallMask {
  const { calls, strings } = facts.model;
  const n = calls.length;
  const inside = new Uint8Array(n);
  const target = new Uint8Array(strings.size);
  const exact = strings.find(name);
  if (exact !== undefined) target[exact] = 1;
  else if (byBase) {
    // Another build's name of it: every name of this trace with its base name (pathsFromBase).
    const base = matchKey(name);
    let any = false;
    for (let f = 0; f < strings.size; f++) {
      if (matchKey(strings.get(f)) !== base) continue;
      target[f] = 1;
      any = true;
    }
    if (!any) return inside;
  } else return inside;
  const { order } = facts.topology();
  const { parent, func } = calls;
  // Parents before children (topology order), as syscallSubtrees.
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const p = parent[i];
    if (target[func[i]] === 1 || (p >= 0 && p < n && inside[p])) inside[i] = 1;
  }
  return inside;
}

/** The filter without its time range (views with a time axis of their own ignore it). */
export function withoutRange(filter: ViewFilter): ViewFilter {
  if (!filter.range) return filter;
  const { range: _range, ...rest } = filter;
  void _range;
  return rest;
}
