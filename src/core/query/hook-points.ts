/**
 * The facts a user picks a kernel hook by, from a function_graph trace: which syscalls
 * reach a function and how often it fires per syscall call, how deep it sits, how long it
 * takes, which tasks run it, what it returns; and, under a syscall or any frame, every
 * function ranked as a hook candidate.
 *
 * An entry point is the nearest enclosing arch syscall wrapper (`__x64_sys_*`,
 * `__arm64_sys_*`, … lib/kernel-source.ts `isArchSyscallEntry`) or outermost interrupt
 * frame (a tick or softirq runs on whatever task is current: what it calls is reached from
 * the interrupt, not from the syscall it landed in); a call under neither is counted under
 * its task root, the outermost call above it. Figures cover the calls of the
 * `mask` (a view filter's, filter.ts) or all calls; "called from other syscalls" is decided
 * on the whole trace, like the syscalls-only filter.
 */
import { errnoOfRetval } from '../../lib/errno';
import { elfV1DotLength, isBareSyscallName, isCompatSyscallEntry, isIa32SyscallEntry, isS390SyscallEntry, parseSymbol, syscallOfName, syscallPart } from '../../lib/kernel-source';
import { probeCommands, type ProbeCommands, type ProbeTask } from '../../lib/probe-commands';
import { CallFlag } from '../model/call-table';
import { taskLabel } from '../model/tables';
import type { CallMask } from './filter';
import { entryFinder } from './enclosing';
import type { ModelFacts } from './model-facts';
import { nearestRankIndex } from './select';
import { runSteps, type Steps } from './steps';

/**
 * One way into the function: a syscall entry; an interrupt (its outermost interrupt frame,
 * `__sysvec_apic_timer_interrupt`, `__do_softirq`, …: code run there is reached from the
 * interrupt, not from the syscall it landed in); or a task root where neither encloses it.
 */
export interface HookEntryPoint {
  kind: 'syscall' | 'interrupt' | 'root';
  /** Function id and name of the entry (the wrapper, the interrupt frame, or the root call's function). */
  func: number;
  name: string;
  /** For an interrupt: the syscall entry it landed in ('' when none). */
  landedIn: string;
  /** Calls of the entry in the selection (for a root: calls of that function at the root). */
  entryCalls: number;
  /** Calls of the function whose nearest entry is this one. */
  funcCalls: number;
  /** funcCalls / entryCalls: 1.0 fires once per event. */
  perEntryCall: number;
  /** Fewest and most levels between the entry and the function (0: the function is the entry). */
  minDepth: number;
  maxDepth: number;
}

export interface HookReturnValue {
  /** As printed (`0`, `-13`, `0xffff8881…`). */
  value: string;
  /**
   * `-EACCES` for `-13` (and for `0xfffffff3`, an int printed in hex without sign
   * extension); '' when the value is no error or its number has no name.
   */
  errno: string;
  /** An error code (-4095..-1, as IS_ERR_VALUE reads it). */
  isError: boolean;
  count: number;
  /**
   * Of `count`, the calls that made the error themselves: no call they made returned the
   * same value (so it starts here, not in a callee). Only counted for errors (0 otherwise).
   */
  originated: number;
  /** Printed cut (`(trunc)`) on at least one of the calls. */
  truncated: boolean;
}

export interface HookTask {
  task: number;
  label: string;
  calls: number;
}

/** What the function's name says about hooking it. */
export interface HookNameFacts {
  /** `.isra.0`, `.constprop.0.isra.0`, … ('' when none). */
  cloneSuffix: string;
  /** The function the clone was made from (the name before the suffix), '' when no suffix. */
  original: string;
  /** The C identifier the source link looks up (null when the name has none). */
  sourceIdent: string | null;
  /**
   * For a syscall wrapper: `SYSCALL_DEFINE(sendto)` and `syscalls:sys_enter_sendto` (''
   * for a 32-bit entry, which that tracepoint skips on x86, arm64, riscv and s390: `compatEntry`).
   */
  syscallDefine: string;
  tracepoint: string;
  compatEntry: boolean;
  /**
   * An `__ia32_sys_*` wrapper: a 32-bit task's entry on a 64-bit kernel (the tracepoint
   * skips it) or every call's on a 32-bit x86 kernel (the tracepoint fires): lib's
   * isIa32SyscallEntry.
   */
  ia32Entry: boolean;
  /**
   * An `__s390_sys_*` wrapper: a 31-bit task's entry (the tracepoint skips it), or for a
   * syscall without arguments another name of the 64-bit one: lib's isS390SyscallEntry.
   */
  s390Entry: boolean;
  /** A bare `sys_*` name: a syscall's entry on old kernels, or an ordinary function (`sys_imageblit`). */
  maybeSyscall: boolean;
  /** Which part of the syscall the name is (lib's syscallPart): its wrapper, body or argument-extending helper. */
  syscallPart: 'wrapper' | 'body' | 'helper' | null;
}

/** Another form of the same function in the trace (the original beside its clone, or another clone). */
export interface HookVariant {
  name: string;
  /** Its calls in the selection. */
  calls: number;
}

export interface HookPoints {
  func: number;
  name: string;
  /** Calls of the function in the selection. */
  calls: number;
  entries: HookEntryPoint[];
  /** Nearest-rank percentiles over the calls with a duration (ns); NaN when none has one. */
  latency: { timed: number; p50: number; p99: number; max: number };
  /** The tasks that call it, busiest first (the service sends only the first few: `taskCount` counts them all). */
  tasks: HookTask[];
  /** How many tasks call it (`tasks` may be cut short). */
  taskCount: number;
  /** Distinct return values, most frequent first (the service sends only the first few). */
  returnValues: HookReturnValue[];
  /** How many distinct return values there are (`returnValues` may be cut short). */
  returnValueCount: number;
  /** Calls with a return value printed. */
  callsWithReturnValue: number;
  /**
   * Calls in the selection that ran inside another call of the function on their thread
   * (recursion, or a softirq or interrupt on that thread); the latency one-liners keep a
   * start per depth when the trace has any such call.
   */
  nestedCalls: number;
  /**
   * Calls in the selection that the trace recorded without their nesting: the function
   * tracer's (CallFlag.NoDuration), which it prints one line each, `func <-parent`, with
   * nothing of what encloses the call. The model keeps them at the top level, so they are
   * in no entry row: each would be its own "task root", once per entry call at depth 0.
   */
  unnestedCalls: number;
  nameFacts: HookNameFacts;
  /**
   * The other forms of the function the trace has (`getname_flags.part.0` for
   * `getname_flags`, and back), most called first: a kprobe on one form misses the calls
   * that reach another.
   */
  variants: HookVariant[];
  /**
   * What the one-liners were made from besides the name: the busiest task (none for an idle
   * task or no call), and whether the function runs inside itself anywhere in the trace.
   * Compare mode makes one set of commands from both sides' (service/queries/hook-points.ts).
   */
  probeTask: ProbeTask | null;
  nestedInTrace: boolean;
  /**
   * The kernel printed tracefs's `==========>` at a call of it: the function is in the
   * interrupt entry text (irqEntryTextIn), which several architectures keep from kprobes.
   */
  irqEntryTextInTrace: boolean;
  /**
   * Some call of it, anywhere in the trace, ran in an idle task (pid 0) or under an
   * interrupt frame (which may land on an idle CPU): the latency one-liners key tid 0's
   * starts by CPU (lib/probe-commands.ts ProbeOptions.onIdle).
   */
  onIdleInTrace: boolean;
  /**
   * Some call of it, anywhere in the trace, slept: schedule() ran under it (or it is
   * schedule): a kretprobe misses returns past its maxactive calls in flight
   * (lib/probe-commands.ts ProbeOptions.sleeps).
   */
  sleepsInTrace: boolean;
  /** One-liners, made with the busiest task's pid and comm (and every form of the function). */
  probes: ProbeCommands;
}

/** The facts of function `func` over the calls of `mask` (all calls when omitted). */
export function computeHookPoints(facts: ModelFacts, func: number, mask?: CallMask): HookPoints {
  return runSteps(hookPointsSteps(facts, func, mask));
}

/** Calls a pass over every call goes through between two of its steps (a few milliseconds). */
const SCAN_STEP = (1 << 18) - 1;
/** Calls of the function between two steps of the loop over them (each walks up to its entry). */
const OWN_STEP = (1 << 12) - 1;

/**
 * computeHookPoints in steps (steps.ts): at 25.6M calls a busy function's facts take the
 * worker about a second, and the page's next question (another row's callers and callees)
 * is answered at its next pause instead of after it.
 */
export function* hookPointsSteps(facts: ModelFacts, func: number, mask?: CallMask): Steps<HookPoints> {
  const { model } = facts;
  const { calls, strings, tasks, notes } = model;
  const n = calls.length;
  const name = strings.get(func);
  const { entryOf, isIrqEntry, rootOf } = entryFinder(facts);
  const topology = facts.topology();
  const depth = topology.depth;
  // Every voluntary sleep goes through schedule() (kernel/sched/core.c; __schedule is notrace).
  const schedule = strings.find('schedule');
  // The function's calls and schedule's, over the whole trace (what the loops below read,
  // not every call again), and whether a call of the function encloses each of them.
  const { own, ownInside, nestedAnywhere, sleeps } = yield* ownAndScheduleCalls(facts, func, schedule);
  const irqEntryText = irqEntryTextIn(facts, own);
  const onIdle = own.some((i) => {
    if (tasks[calls.task[i]]?.pid === 0) return true;
    const e = entryOf(i);
    return e >= 0 && isIrqEntry(e);
  });
  /** The entry row of entry call `via` (kind, entry function, where an interrupt landed), and a number that tells the rows apart. */
  const entryKey = (via: number): { kind: HookEntryPoint['kind']; landed: number; key: number } => {
    const kind = entryOf(via) !== via ? 'root' : isIrqEntry(via) ? 'interrupt' : 'syscall';
    let landed = -1;
    if (kind === 'interrupt') {
      const p = calls.parent[via];
      const outer = p >= 0 && p < n ? entryOf(p) : -1;
      if (outer >= 0 && !isIrqEntry(outer)) landed = calls.func[outer];
    }
    // Below 3 · size² + size + 1 (about 3e10 at 100,000 names): exact in a double, and a
    // number key, not a string made per entry call (the count below reads every one).
    return { kind, landed, key: (KIND_CODE[kind] * strings.size + calls.func[via]) * (strings.size + 1) + landed + 1 };
  };
  const inView = (i: number): boolean => mask === undefined || mask[i] === 1;

  // The other forms of the name, and their calls in the selection.
  const variantFuncs = variantsOf(facts, func);
  const variantSlot = new Int32Array(strings.size).fill(-1);
  variantFuncs.forEach((f, k) => (variantSlot[f] = k));
  const variantCalls = new Float64Array(variantFuncs.length);
  const byEntry = new Map<number, HookEntryPoint>();
  const durations: number[] = [];
  const perTask = new Map<number, number>();
  const retvals = new Map<string, HookReturnValue>();
  let count = 0;
  let withRet = 0;
  let nestedCalls = 0;
  let unnestedCalls = 0;
  // Calls of the function that passed on a value a direct callee returned (same text).
  const passedOn = new Set<number>();
  if (notes.length > 0) {
    for (let j = 0; j < n; j++) {
      if ((j & SCAN_STEP) === 0) yield;
      const p = calls.parent[j];
      if (p < 0 || calls.func[p] !== func || !inView(p)) continue;
      const mine = notes.get(j)?.retval;
      if (mine && mine === notes.get(p)?.retval) passedOn.add(p);
    }
  }
  /** Counts call `i` of the function in the row of its nearest entry (or its task root). */
  const addEntry = (i: number): void => {
    const e = entryOf(i);
    const via = e >= 0 ? e : rootOf(i);
    const { kind, landed, key } = entryKey(via);
    const entryFunc = calls.func[via];
    const d = depth[i] - depth[via];
    let row = byEntry.get(key);
    if (!row) {
      row = {
        kind,
        func: entryFunc,
        name: strings.get(entryFunc),
        landedIn: landed >= 0 ? strings.get(landed) : '',
        entryCalls: 0,
        funcCalls: 0,
        perEntryCall: 0,
        minDepth: d,
        maxDepth: d,
      };
      byEntry.set(key, row);
    }
    row.funcCalls++;
    row.minDepth = Math.min(row.minDepth, d);
    row.maxDepth = Math.max(row.maxDepth, d);
  };
  // A function tracer call sits at the top level for want of nesting, not as an entry.
  const isUnnested = (i: number): boolean => (calls.flags[i] & CallFlag.NoDuration) !== 0;
  if (variantFuncs.length > 0) {
    for (let i = 0; i < n; i++) {
      if ((i & SCAN_STEP) === 0) yield;
      const k = variantSlot[calls.func[i]];
      if (k >= 0 && inView(i)) variantCalls[k]++;
    }
  }
  for (let k = 0; k < own.length; k++) {
    if ((k & OWN_STEP) === 0) yield;
    const i = own[k];
    if (!inView(i)) continue;
    const unnested = isUnnested(i);
    count++;
    if (ownInside[k] === 1) nestedCalls++;
    if (!unnested) addEntry(i);
    else unnestedCalls++;
    const dur = calls.duration[i];
    if (!Number.isNaN(dur)) durations.push(dur);
    const t = calls.task[i];
    perTask.set(t, (perTask.get(t) ?? 0) + 1);
    const note = notes.length > 0 ? notes.get(i) : undefined;
    if (note && note.retval !== '') {
      withRet++;
      let r = retvals.get(note.retval);
      if (!r) {
        const err = errnoOfRetval(note.retval);
        r = { value: note.retval, errno: err?.name ?? '', isError: err !== null, count: 0, originated: 0, truncated: false };
        retvals.set(note.retval, r);
      }
      r.count++;
      if (r.isError && !passedOn.has(i)) r.originated++;
      r.truncated ||= note.retvalTruncated;
    }
  }
  // Entry calls in the selection of the rows' entry functions, per row. (Only theirs: a key
  // made for every entry call of the trace was a string per syscall and interrupt.) In the
  // topology's order, whose function column is two bytes a call where the call table's is four.
  const rowFunc = new Uint8Array(strings.size);
  for (const row of byEntry.values()) rowFunc[row.func] = 1;
  const { order } = topology;
  const funcAt = facts.sweepIndex().func;
  for (let q = 0; q < n; q++) {
    if ((q & SCAN_STEP) === 0) yield;
    if (rowFunc[funcAt[q]] === 0) continue;
    const i = order[q];
    if (!inView(i) || isUnnested(i)) continue;
    const e = entryOf(i);
    if (e === i || (e < 0 && rootOf(i) === i)) {
      const row = byEntry.get(entryKey(i).key);
      if (row) row.entryCalls++;
    }
  }
  const entries = [...byEntry.values()];
  for (const row of entries) row.perEntryCall = row.entryCalls > 0 ? row.funcCalls / row.entryCalls : Number.NaN;
  const rank = { syscall: 0, interrupt: 1, root: 2 } as const;
  entries.sort((a, b) => rank[a.kind] - rank[b.kind] || b.funcCalls - a.funcCalls || cmp(a.name, b.name) || cmp(a.landedIn, b.landedIn));

  const sorted = Float64Array.from(durations).sort();
  const q = (p: number): number => (sorted.length === 0 ? Number.NaN : sorted[nearestRankIndex(sorted.length, p)]);
  const taskRows: HookTask[] = [...perTask].map(([task, c]) => ({ task, label: taskLabel(tasks[task]), calls: c }));
  taskRows.sort((a, b) => b.calls - a.calls || a.task - b.task);
  const returnValues = [...retvals.values()].sort((a, b) => b.count - a.count || cmp(a.value, b.value));
  const variants = variantFuncs.map((f, k) => ({ name: strings.get(f), calls: variantCalls[k] }));
  variants.sort((a, b) => b.calls - a.calls || cmp(a.name, b.name));
  const busiest = taskRows.length > 0 ? tasks[taskRows[0].task] : undefined;
  const probeTask = busiest && busiest.idleCpu < 0 ? { comm: busiest.comm, pid: busiest.pid, ...commCut(facts.model) } : null;
  return {
    func,
    name,
    calls: count,
    entries,
    latency: { timed: sorted.length, p50: q(0.5), p99: q(0.99), max: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1] },
    tasks: taskRows,
    taskCount: taskRows.length,
    returnValues,
    returnValueCount: returnValues.length,
    callsWithReturnValue: withRet,
    nestedCalls,
    unnestedCalls,
    nameFacts: nameFacts(name),
    variants,
    probeTask,
    nestedInTrace: nestedAnywhere,
    irqEntryTextInTrace: irqEntryText,
    onIdleInTrace: onIdle,
    sleepsInTrace: sleeps,
    probes: probeCommands(
      name,
      probeTask ?? undefined,
      variants.map((v) => v.name),
      { nested: nestedAnywhere, irqEntryText, onIdle, sleeps },
    ),
  };
}

/**
 * How the trace may cut a task's name, for the -F command. The kernel's function_graph text
 * names a task by its proc column and switch banner, both print_graph_proc's, which keeps a
 * name's first 7 characters (kernel/trace/trace_functions_graph.c `comm[7] = '\0'`). The
 * latency format keeps 8 (`%8.8s`: kernel/trace/trace_output.c lat_print_generic, and
 * libtraceevent's for trace-cmd report -l), and the model does not say a text was in it: a
 * text trace none of whose names is longer than 8 may be. A trace.dat's names are whole
 * (its saved cmdlines), as trace-cmd report's and the function tracer's usual lines.
 */
function commCut(model: ModelFacts['model']): { commCutAt?: 7 | 8 } {
  if (model.format === 'tracefs-function-graph') return { commCutAt: 7 };
  if (model.format !== 'trace-cmd-report' && model.format !== 'tracefs-function') return {};
  return model.tasks.every((t) => t.comm.length <= 8) ? { commCutAt: 8 } : {};
}

/**
 * Whether some call of `func` is the one tracefs's `==========>` was printed for: the
 * outermost call inside the arrows (CallFlag.IrqArrow, its parent outside them). The kernel
 * prints that arrow only at the entry of a function whose address lies in the interrupt
 * entry text, __irqentry_text_start..__irqentry_text_end (trace_functions_graph.c
 * print_graph_irq), the `__irq_entry` functions: arm64's gic_handle_irq, x86's
 * smp_apic_timer_interrupt before 5.8. Over the whole trace, as the name's other facts.
 */
function irqEntryTextIn(facts: ModelFacts, own: readonly number[]): boolean {
  const { flags, parent } = facts.model.calls;
  for (const i of own) {
    if ((flags[i] & CallFlag.IrqArrow) === 0) continue;
    const p = parent[i];
    if (p < 0 || (flags[p] & CallFlag.IrqArrow) === 0) return true;
  }
  return false;
}

/** entryKey's kinds as numbers. */
const KIND_CODE: Record<HookEntryPoint['kind'], number> = { syscall: 0, interrupt: 1, root: 2 };

/**
 * The calls of `func` and of `schedule` (-1 or undefined: none), each in the topology's
 * order; per call of `func`, 1 when a call of `func` encloses it (its parent or any
 * ancestor: it runs inside itself); whether any does; and whether a call of `func` encloses
 * a call of schedule (it sleeps). With parents first, one pass over the search's function
 * column: a subtree is a range of the order, so a call is enclosed by one of `func` when it
 * lies in the range of the outermost one open there; nothing is walked up. Otherwise (only
 * a parent cycle: broken input) from the pass of insideItself.
 */
function* ownAndScheduleCalls(
  facts: ModelFacts,
  func: number,
  schedule: number | undefined,
): Steps<{ own: number[]; ownInside: number[]; nestedAnywhere: boolean; sleeps: boolean }> {
  const topology = facts.topology();
  const { order, subtreeEnd } = topology;
  const funcAt = facts.sweepIndex().func;
  const n = order.length;
  const sched = schedule ?? -1;
  const own: number[] = [];
  const ownInside: number[] = [];
  let nestedAnywhere = false;
  let sleeps = func === sched;
  // Broken input only: no ranges to read, the pass says which calls are enclosed.
  const enclosed = topology.parentsFirst ? null : insideItself(facts, func);
  // Where the outermost call of `func` met so far ends in the order.
  let openEnd = 0;
  for (let q = 0; q < n; q++) {
    if ((q & SCAN_STEP) === 0) yield;
    const f = funcAt[q];
    if (f !== func && f !== sched) continue;
    const i = order[q];
    const isInside = enclosed ? enclosed[i] === 1 : q < openEnd;
    if (f === func) {
      own.push(i);
      ownInside.push(isInside ? 1 : 0);
      if (isInside) nestedAnywhere = true;
      if (q >= openEnd) openEnd = subtreeEnd[i];
    } else if (isInside) sleeps = true;
  }
  return { own, ownInside, nestedAnywhere, sleeps };
}

/**
 * Per call, 1 when a call of `func` encloses it (its parent or any ancestor), over the whole
 * trace. In the topology's order, parents first; a parent met after its child counts as
 * absent, as in computeEnclosing (enclosing.ts).
 */
function insideItself(facts: ModelFacts, func: number): Uint8Array {
  const { func: funcOf } = facts.model.calls;
  return insideCalls(facts, (c) => funcOf[c] === func);
}

/** Per call, 1 when one of the calls `isFrame` takes encloses it (as insideItself). */
function insideCalls(facts: ModelFacts, isFrame: (call: number) => boolean): Uint8Array {
  const { calls } = facts.model;
  const inside = new Uint8Array(calls.length);
  const seen = new Uint8Array(calls.length);
  const { order } = facts.topology();
  for (let k = 0; k < order.length; k++) {
    const c = order[k];
    const p = calls.parent[c];
    if (p >= 0 && seen[p] === 1 && (inside[p] === 1 || isFrame(p))) inside[c] = 1;
    seen[c] = 1;
  }
  return inside;
}

/**
 * The other functions of the trace with the same name before the clone suffix
 * (`getname_flags` and `getname_flags.part.0`); none for a name without a C identifier.
 */
export function variantsOf(facts: ModelFacts, func: number): number[] {
  const { strings } = facts.model;
  // The suffix's dot comes after a ppc64 ELFv1 leading dot (`.dput.part.0`: lib's elfV1DotLength).
  const stem = (s: string): string => {
    const dot = s.indexOf('.', elfV1DotLength(s));
    return dot > 0 ? s.slice(0, dot) : s;
  };
  const own = strings.get(func);
  if (parseSymbol(own).ident === null) return [];
  const base = stem(own);
  const out: number[] = [];
  for (let f = 0; f < strings.size; f++) {
    if (f === func) continue;
    const s = strings.get(f);
    if (s.startsWith(base) && stem(s) === base && parseSymbol(s).ident !== null) out.push(f);
  }
  if (out.length === 0) return out;
  // The string table holds more than function names: keep the ones some call is of.
  const { calls } = facts.model;
  const called = new Uint8Array(strings.size);
  for (let i = 0; i < calls.length; i++) called[calls.func[i]] = 1;
  return out.filter((f) => called[f] === 1);
}

/** What a function's name alone says about hooking it. */
export function nameFacts(name: string): HookNameFacts {
  const parts = parseSymbol(name);
  const syscall = syscallOfName(parts.name);
  return {
    cloneSuffix: parts.cloneSuffix,
    original: parts.cloneSuffix === '' ? '' : parts.name.slice(0, parts.name.length - parts.cloneSuffix.length),
    sourceIdent: parts.ident,
    syscallDefine: syscall ? `${syscall.compat ? 'COMPAT_' : ''}SYSCALL_DEFINE(${syscall.name})` : '',
    tracepoint: syscall && !isCompatSyscallEntry(parts.name) ? `syscalls:sys_enter_${syscall.name}` : '',
    compatEntry: syscall !== null && isCompatSyscallEntry(parts.name),
    ia32Entry: syscall !== null && isIa32SyscallEntry(parts.name),
    s390Entry: syscall !== null && isS390SyscallEntry(parts.name),
    maybeSyscall: isBareSyscallName(parts.name),
    syscallPart: syscallPart(parts.name),
  };
}

/** One function under a frame, with what ranks it as a hook. */
export interface HookCandidate {
  func: number;
  name: string;
  /** Its calls under the frame's calls. */
  calls: number;
  /** calls / calls of the frame. */
  perFrameCall: number;
  /** Fewest levels below the frame. */
  minDepth: number;
  /**
   * Syscall entries that reach it outside the frame's calls, anywhere in the trace (not
   * through an interrupt): events other than the frame's that a probe on it also sees.
   */
  otherSyscalls: string[];
  /**
   * Of `calls`, those that ran in an interrupt that landed under the frame (a timer tick,
   * a softirq): when it is all of them, the function is no hook for the frame's event.
   */
  inInterrupt: number;
  /** Given by the caller (compare mode: present on one side only). */
  oneSided: boolean;
  /** Lower is a better hook (see computeHookCandidates). */
  score: number;
}

export interface HookCandidateOptions {
  mask?: CallMask;
  /**
   * The frame's calls, when the frame is one call path (a flame graph frame: the calls a
   * call tree node merged, none inside another) rather than every outermost call of
   * `frameFunc` (the default: the frame named by a function's name).
   */
  frameCalls?: (call: number) => boolean;
  /** Whether a function is present on one side only (comparing two traces); none when omitted. */
  oneSided?: (name: string) => boolean;
}

/** Where a frame's hook candidates are ranked: one call path, as names from the root of the top-down tree. */
export interface HookFrameAt {
  /** Names from the root (a task label first when `groupByTask`) down to the frame's function. */
  path: readonly string[];
  /** The tree the path is in: one root per task (`comm-pid`) or all tasks merged. */
  groupByTask: boolean;
  /**
   * One call instead of the path's calls: a flame chart frame, which is one call of one task
   * (the path then only says where it is). Its candidates are those under it alone.
   */
  call?: number;
}

/**
 * Every function under the outermost calls of `frameFunc` (or under `options.frameCalls`,
 * one call path's calls), ranked for hooking: one-sided
 * first (when comparing), then by score = |log2(calls per frame call)| + depth / 8 +
 * (1 when another syscall reaches it) + (2 when it ran only in interrupts that landed
 * under the frame): once per event beats twice (score 1) or half (score 1), one level
 * deeper costs 1/8, a function other syscalls also reach needs a filter in the probe, and
 * one seen only in an interrupt was there by chance. Ties by name.
 */
export function computeHookCandidates(facts: ModelFacts, frameFunc: number, options: HookCandidateOptions = {}): HookCandidate[] {
  const { calls, strings } = facts.model;
  const { mask, oneSided } = options;
  const isFrameCall = options.frameCalls ?? ((c: number) => calls.func[c] === frameFunc);
  const n = calls.length;
  const topology = facts.topology();
  const { order, subtreeEnd, depth } = topology;
  const { entryCall, isIrqEntry } = facts.enclosing();
  // Syscall entries reaching each function outside the frame (not through an interrupt),
  // over the whole trace. A call under the frame is the frame's event whichever syscall
  // encloses it: for a frame that is no syscall (sock_sendmsg), the syscall around the
  // frame is not another one.
  const underFrame = insideCalls(facts, isFrameCall);
  const entriesOf = new Map<number, Set<number>>();
  for (let i = 0; i < n; i++) {
    const e = entryCall[i];
    if (e < 0 || e === i || isIrqEntry[e] || underFrame[i] === 1) continue;
    const f = calls.func[i];
    let s = entriesOf.get(f);
    if (!s) entriesOf.set(f, (s = new Set()));
    s.add(calls.func[e]);
  }
  const count = new Map<number, number>();
  const minDepth = new Map<number, number>();
  const inIrq = new Map<number, number>();
  let frameCalls = 0;
  for (let k = 0; k < order.length; k++) {
    const c = order[k];
    if (!isFrameCall(c) || (mask !== undefined && mask[c] !== 1)) continue;
    // Outermost calls only: the subtree walk below skips nested calls of the frame (a call
    // path's calls are never inside one another).
    frameCalls++;
    const end = subtreeEnd[c];
    for (let j = k + 1; j < end; j++) {
      const d = order[j];
      if (mask !== undefined && mask[d] !== 1) continue;
      const f = calls.func[d];
      if (f === frameFunc) continue;
      count.set(f, (count.get(f) ?? 0) + 1);
      const e = entryCall[d];
      if (e >= 0 && isIrqEntry[e] && depth[e] > depth[c]) inIrq.set(f, (inIrq.get(f) ?? 0) + 1);
      const dd = depth[d] - depth[c];
      minDepth.set(f, Math.min(minDepth.get(f) ?? dd, dd));
    }
    k = end - 1;
  }
  const rows: HookCandidate[] = [];
  for (const [f, c] of count) {
    const name = strings.get(f);
    const per = c / frameCalls;
    const others = [...(entriesOf.get(f) ?? [])].map((e) => strings.get(e));
    others.sort(cmp);
    const md = minDepth.get(f) ?? 0;
    const irq = inIrq.get(f) ?? 0;
    rows.push({
      func: f,
      name,
      calls: c,
      perFrameCall: per,
      minDepth: md,
      otherSyscalls: others,
      inInterrupt: irq,
      oneSided: oneSided ? oneSided(name) : false,
      score: Math.abs(Math.log2(per)) + md / 8 + (others.length > 0 ? 1 : 0) + (irq === c ? 2 : 0),
    });
  }
  rows.sort((a, b) => Number(b.oneSided) - Number(a.oneSided) || a.score - b.score || cmp(a.name, b.name));
  return rows;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
