/**
 * Ready-to-run one-liners for a traced function: bpftrace probes (who calls it, how long it
 * takes, what it returns), the syscall tracepoint for a syscall wrapper, and a trace-cmd
 * command that records just that subtree again.
 *
 * A function name comes from untrusted text and these strings are meant to be pasted into a
 * shell. A command is made only for a plain kernel symbol: a C identifier, optionally
 * followed by compiler clone suffixes (`.isra.0`, `.constprop.0`, `.part.0`, `.cold`,
 * `.llvm.123`), so it holds nothing but letters, digits, `_` and `.`; anything else gives no
 * command and a reason. The bpftrace program is single-quoted and such a name cannot close
 * the quote; the trace-cmd arguments are bare words of the same characters.
 *
 * Syntax (bpftrace reference and one-liner tutorial; trace-cmd-record(1)):
 *   kprobe:FUNC / kretprobe:FUNC, `kstack`, `retval`, `nsecs`, `tid`, `cpu`, `probe`, `hist()`,
 *   `count()`, `delete()`, `clear()`, an `END` probe, `$scratch` variables, `if`/`else`, integer casts `(int64)`, a
 *   predicate `/…/` between probe and action, several attach
 *   points joined by commas (`kprobe:a,kprobe:b { … }`); a dot in a function name is read
 *   since bpftrace 0.10 (PR #1111, 2020), older ones only reach it through a wildcard;
 *   tracepoint:syscalls:sys_enter_NAME, not made for a compat entry: the syscall
 *   tracepoints skip 32-bit (compat) syscalls on x86, arm64, riscv and s390
 *   (ARCH_TRACE_IGNORE_COMPAT_SYSCALLS in arch/{x86,arm64,riscv,s390}/include/asm/ftrace.h;
 *   riscv's: "Let's do like x86/arm64 and ignore the compat syscalls"); made for
 *   `__ia32_sys_*`, said to work on a 32-bit x86 kernel only, and for `__s390_sys_*`, said
 *   to count 64-bit tasks only;
 *   fentry:FUNC / fexit:FUNC (BPF trampolines; `retval` in fexit): the names since
 *   bpftrace 0.20 (PR #2844; kfunc/kretfunc before, deprecated by PR #3524); they find the
 *   function by its C name in the kernel's BTF, so they are made only for a name without a
 *   clone suffix;
 *   `trace-cmd record -p function_graph -g FUNC` (graph only FUNC's subtree; `-g` may be
 *   given more than once: one for each form of the function), `-P PID`
 *   (only that thread: set_ftrace_pid), `-F` (only the command that follows; `-c` its
 *   threads and children too).
 */
import { bidiIsolated } from './bidi';
import { elfV1DotLength, isBareSyscallName, isCompatSyscallEntry, isIa32SyscallEntry, isS390SyscallEntry, parseSymbol, syscallOfName, syscallPart } from './kernel-source';

/** One command ready to copy, with what it answers. */
export interface ProbeCommand {
  /**
   * Stable key: `stacks`, `stacks-variants`, `latency`, `retval`, `fentry-latency`,
   * `fexit-retval`, `tracepoint`, `record`, `record-pid`, `record-comm`.
   */
  id: string;
  /** What the command shows, in a few words. */
  purpose: string;
  command: string;
  /** Something to know before running it ('' when nothing). */
  note: string;
}

export interface ProbeCommands {
  /** The symbol the commands probe (the name as the trace printed it), or null when none is made. */
  symbol: string | null;
  commands: ProbeCommand[];
  /** Why no command is made ('' when commands are made). */
  refused: string;
  /** Notes about the name as a whole (a clone suffix, a syscall wrapper), '' when none. */
  notes: string[];
  /**
   * Probes the kernel refuses on this function (or that can never fire), and so were not
   * made: a known kprobe blacklist entry, a trampoline the BPF verifier denies, a function
   * that never returns. Empty when none is known.
   */
  cautions: string[];
}

/** What the trace shows about the function's calls that changes a command. */
export interface ProbeOptions {
  /**
   * The trace has a call of it inside another call of it on the same thread (recursion, or
   * a softirq or interrupt that ran on that thread: loopback TCP sends the ACK from within
   * `__dev_queue_xmit`): the latency probes keep a start per thread and depth.
   */
  nested?: boolean;
  /**
   * The trace shows the function is in the interrupt entry text (tracefs printed its
   * `==========>` at a call of it): arm64, s390 and LoongArch keep that section from kprobes.
   */
  irqEntryText?: boolean;
  /**
   * The trace shows the function run by an idle task or under an interrupt, which may land
   * on an idle CPU: there the current task is that CPU's idle task, and every CPU's has tid
   * 0 (kernel/fork.c fork_idle copies init_struct_pid), so calls on two CPUs at once meet
   * under one key. The latency probes then key tid 0's starts by CPU too.
   */
  onIdle?: boolean;
  /**
   * The trace shows the function sleeping: schedule() called under it. A kretprobe keeps
   * at most maxactive calls in flight, max(10, 2 × possible CPUs) by default (kernel/
   * kprobes.c register_kretprobe; bpftrace sets none), and the return of a call past that
   * is missed (the kretprobe's nmissed): many threads asleep in it at once (a server's
   * waits) leave the longest calls unmeasured. fexit keeps no such count.
   */
  sleeps?: boolean;
}

/** The task the trace saw the function in, for trace-cmd's `-P`/`-F`. */
export interface ProbeTask {
  comm: string;
  pid: number;
  /**
   * The length the trace cuts a task's name to, when shorter than the kernel's own 15
   * (TASK_COMM_LEN - 1): the kernel's function_graph text keeps 7 (print_graph_proc in
   * kernel/trace/trace_functions_graph.c sets `comm[7] = '\0'`), so its `postgre-1234` may
   * be a postgres; the latency format keeps 8 (`%8.8s`: the kernel's lat_print_generic in
   * kernel/trace/trace_output.c, libtraceevent's for trace-cmd report -l), which a trace
   * whose names are none longer may be in. A name of that length may be a program's name
   * cut short.
   */
  commCutAt?: 7 | 8;
}

/**
 * A C identifier and its clone suffixes, after ppc64 ELFv1's leading dot (`.schedule`,
 * lib/kernel-source.ts elfV1DotLength): the only names that reach a command.
 */
const PLAIN_SYMBOL_RE = /^\.?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\.[0-9]+)*$/;
/**
 * The native syscall functions that 32-bit (compat) tasks run too, for a syscall without a
 * compat version of its own (read, write…), while the syscall tracepoints skip compat tasks
 * (ARCH_TRACE_IGNORE_COMPAT_SYSCALLS): arm64's and riscv's compat tables hold the native
 * `__arm64_sys_*` / `__riscv_sys_*` (arch/arm64/kernel/sys32.c `[nr] = __arm64_##sym`,
 * arch/riscv/kernel/compat_syscall_table.c `[nr] = __riscv_##call`), and a compat stub
 * calls the same `__se_sys_*`, hence `__do_sys_*`, as the native one (x86's
 * syscall_wrapper.h: __X64_SYS_STUBx and __IA32_SYS_STUBx both call __se_sys##name).
 * x86's ia32 tasks enter by __ia32_sys_*, s390's 31-bit ones by __s390_sys_*: not these.
 */
const COMPAT_SHARED_WRAPPER_RE = /^__(?:arm64|riscv|se|do)_sys_\w+(?:\.|$)/;
/** A comm that is a bare shell word (no quoting needed): `-F` runs it as a command. */
const PLAIN_COMM_RE = /^[A-Za-z0-9_][A-Za-z0-9_.+-]{0,15}$/;
/** Longest task name (comm): TASK_COMM_LEN is 16 with the NUL, so a longer program's name is cut to 15. */
const MAX_COMM = 15;
/** Longest symbol accepted (kallsyms' KSYM_NAME_LEN is 512). */
const MAX_SYMBOL = 512;

/** Whether `name` is a plain kernel symbol a command may name (see the module comment). */
export function isPlainKernelSymbol(name: string): boolean {
  return name.length <= MAX_SYMBOL && PLAIN_SYMBOL_RE.test(name);
}

/**
 * The names the model gives what the trace does not name as a kernel function (core/model/
 * builder.ts UNKNOWN_FUNCTION, interrupt-mode.ts INTERRUPTS_ROOT: hook-points.test.ts checks
 * they agree), and why no command is made for them. A Map: see NOKPROBE.
 *   - `(unknown)`: calls whose exit came without their entry (the trace began inside them),
 *     which trace-cmd report prints as a bare `}` unless its fgraph:tailprint option is set
 *     (trace-cmd lib/trace-cmd/trace-ftrace.c: "Print function name at function exit in
 *     function graph"); the kernel's own text names them (trace_functions_graph.c
 *     print_graph_return writes the name in a comment after the `}` when the entry was not seen).
 *   - `[interrupts]`: the frame Interrupts apart gathers a task's interrupts under.
 * Their characters are no kernel symbol's, which was all the panel said.
 */
const MODEL_NAMES: ReadonlyMap<string, string> = new Map([
  [
    '(unknown)',
    "the trace does not name this function: its calls returned without their entry in the trace (it began inside them), and trace-cmd report prints such an exit as a bare }; 'trace-cmd report -O fgraph:tailprint' names them",
  ],
  ['[interrupts]', "this is not a kernel function: it is the frame under which Interrupts apart gathers a task's interrupts"],
]);

/** Why a name gives no command, or '' when it gives commands. */
export function refusalReason(name: string): string {
  if (name === '') return 'the function has no name';
  const model = MODEL_NAMES.get(name);
  if (model !== undefined) return model;
  if (name.length > MAX_SYMBOL) return 'the name is longer than a kernel symbol can be';
  if (/^(?:0x)?[0-9a-f]+$/i.test(name)) return 'the trace printed an address, not a symbol: resolve it first';
  if (/\s/.test(name)) return 'the name has a space or a line break: it is not a kernel symbol (a module or an offset may be attached)';
  if (/[+/]/.test(name)) return 'the name carries an offset: it is a return address, not a function entry';
  if (isPlainKernelSymbol(name)) return '';
  return 'the name has characters a kernel symbol does not have (only letters, digits, "_" and a compiler suffix such as ".isra.0")';
}

/**
 * The one-liners for `name` as the trace printed it. `task`, when known, adds the trace-cmd
 * commands limited to that process (`-P`) or that command (`-F`). `variants` are the other
 * forms of the same function the trace shows (`getname_flags` beside
 * `getname_flags.part.0`): a kprobe on one form misses the calls that go to another, so a
 * command probing all of them is added (plain symbols only; the others are left out).
 */
export function probeCommands(name: string, task?: ProbeTask, variants: readonly string[] = [], options: ProbeOptions = {}): ProbeCommands {
  const refused = refusalReason(name);
  if (refused !== '') return { symbol: null, commands: [], refused, notes: [], cautions: [] };
  const notes: string[] = [];
  const { cloneSuffix } = parseSymbol(name);
  // A ppc64 ELFv1 entry symbol (`.schedule`) is probed by its name without the dot: the
  // kernel's kprobe_lookup_name adds the dot back there (arch/powerpc/kernel/kprobes.c), BTF
  // knows the C name, and bpftrace need not read a leading dot. trace-cmd's -g matches the
  // name as kallsyms has it, dot included.
  const probe = dotless(name);
  const commands: ProbeCommand[] = [];
  const dotNote = cloneDotNote(probe, cloneSuffix);
  if (probe !== name) {
    notes.push(
      `${name} is a ppc64 ELFv1 function entry symbol (the dot marks the code beside its function descriptor): kprobes and fentry take the name without the dot, ${probe}, and the kernel finds the dot symbol for it; trace-cmd's -g takes ${name} as printed.`,
    );
  }
  if (cloneSuffix !== '') {
    notes.push(
      `${name} is a compiler clone (${cloneSuffix}) of ${probe.slice(0, probe.indexOf('.'))}: a probe must name the symbol exactly as printed, and another build of the kernel may inline it or number it differently. fentry/fexit find functions by their C name in the kernel's BTF, where a clone's symbol is usually absent: kprobe is the probe for it.`,
    );
  }
  const syscall = syscallOfName(name);
  // Ordinary functions share a bare `sys_*` prefix: the tracepoint is offered with that said.
  const bare = isBareSyscallName(name);
  const ia32 = isIa32SyscallEntry(name);
  const s390 = isS390SyscallEntry(name);
  if (syscall) {
    if (isCompatSyscallEntry(name)) {
      notes.push(
        `${name} is the 32-bit (compat) entry of ${syscall.name}: the syscalls:sys_enter_${syscall.name} tracepoint skips 32-bit syscalls on x86, arm64, riscv and s390 (ARCH_TRACE_IGNORE_COMPAT_SYSCALLS), so the kprobe on this wrapper is the hook for them.`,
      );
    } else if (ia32) {
      notes.push(
        `${name} is the 32-bit x86 entry of ${syscall.name}: on a 64-bit kernel it runs for 32-bit (compat) tasks, which the syscalls:sys_enter_${syscall.name} tracepoint skips (ARCH_TRACE_IGNORE_COMPAT_SYSCALLS), so the kprobe on this wrapper is the hook for them; on a 32-bit x86 kernel it is every ${syscall.name} call, and the tracepoint is usually the better hook.`,
      );
    } else if (s390) {
      notes.push(
        `${name} is s390's 31-bit (compat) entry of ${syscall.name}, which the syscalls:sys_enter_${syscall.name} tracepoint skips, so the kprobe on this wrapper is the hook for 31-bit tasks; but if ${syscall.name} takes no arguments it is also another name of the 64-bit __s390x_sys_${syscall.name}, which the trace may print instead, and then the tracepoint is usually the better hook.`,
      );
    } else if (bare) {
      notes.push(
        `${name} may be the entry of the ${syscall.name} syscall (kernels before 4.17 and architectures without syscall wrappers name them sys_*), or an ordinary function with the same prefix (sys_imageblit, sys_fillrect); if it is the syscall's, the syscalls:sys_enter_${syscall.name} tracepoint is usually the better hook.`,
      );
    } else {
      notes.push(`${name} is ${SYSCALL_PART_WORDS[syscallPart(name) ?? 'wrapper']} SYSCALL_DEFINE(${syscall.name}); the syscalls:sys_enter_${syscall.name} tracepoint is usually the better hook.`);
    }
  }
  if (syscall && !isCompatSyscallEntry(name)) {
    commands.push({
      id: 'tracepoint',
      purpose: `count ${syscall.name} calls by process (syscall tracepoint)`,
      command: `bpftrace -e 'tracepoint:syscalls:sys_enter_${syscall.name} { @[comm] = count(); }'`,
      note: bare
        ? `only if ${syscall.name} is a syscall: the tracepoint exists when /sys/kernel/tracing/events/syscalls/sys_enter_${syscall.name} does`
        : ia32
          ? `on a 32-bit x86 kernel only: a 64-bit kernel's tracepoint skips the 32-bit tasks that run ${name}`
          : s390
            ? `64-bit tasks only: the tracepoint skips 31-bit (compat) tasks' syscalls`
            : COMPAT_SHARED_WRAPPER_RE.test(probe)
              ? `a tracepoint is a stable interface, but it skips 32-bit (compat) tasks' calls, and those run ${probe} too unless ${syscall.name} has a compat version of its own: a kprobe on ${probe} sees both`
              : 'a tracepoint is a stable interface: it survives kernel updates that rename the wrapper',
    });
  }
  // (the lists below name functions as C does: an ELFv1 dot symbol by its name after the dot)
  const kprobeOk = !NOKPROBE.has(probe);
  // BTF knows a function by its C name: no trampoline for a clone.
  const trampolineOk = cloneSuffix === '' && !NO_TRAMPOLINE.has(probe);
  const returns = !neverReturns(probe);
  const cautions = probeCautions(probe, trampolineOk);
  if (options.irqEntryText === true && kprobeOk) cautions.push(irqEntryTextCaution(probe, trampolineOk));
  if (kprobeOk) {
    commands.push({ id: 'stacks', purpose: 'who calls it, counted by kernel stack', command: `bpftrace -e 'kprobe:${probe} { @[kstack] = count(); }'`, note: dotNote });
  } else if (trampolineOk) {
    commands.push({
      id: 'stacks',
      purpose: 'who calls it, counted by kernel stack, through fentry',
      command: `bpftrace -e 'fentry:${probe} { @[kstack] = count(); }'`,
      note: TRAMPOLINE_NOTE,
    });
  }
  const forms = [probe, ...variants.filter((v) => v !== name && isPlainKernelSymbol(v)).map(dotless).filter((v) => !NOKPROBE.has(v))];
  if (kprobeOk && forms.length > 1) {
    commands.push({
      id: 'stacks-variants',
      purpose: `every form of the function in the trace (${forms.length}), counted by probe and kernel stack`,
      command: `bpftrace -e '${forms.map((f) => `kprobe:${f}`).join(',')} { @[probe, kstack] = count(); }'`,
      note: 'the compiler split or cloned this function: a probe on one form misses the calls that reach another',
    });
  }
  const keying = { nested: options.nested === true, onIdle: options.onIdle === true };
  const missed = options.sleeps === true ? sleepNote(trampolineOk) : '';
  if (kprobeOk && returns) commands.push(...timedCommands(probe, KPROBES, dotNote, keying, missed));
  if (trampolineOk && returns) commands.push(...timedCommands(probe, TRAMPOLINES, TRAMPOLINE_NOTE, keying, ''));
  // Every form of the function the trace shows (a clone, a split part) gets its own -g, which
  // trace-cmd record takes more than once: a graph of one form misses the calls of another.
  const graphForms = [name, ...variants.filter((v) => v !== name && isPlainKernelSymbol(v))];
  const graph = graphForms.map((f) => `-g ${f}`).join(' ');
  commands.push(
    {
      id: 'record',
      purpose: 'record this subtree again (all tasks)',
      command: `trace-cmd record -p function_graph ${graph}`,
      note:
        graphForms.length > 1
          ? `stop it with Ctrl-C, then read it with trace-cmd report; one -g for each of the ${graphForms.length} forms of the function in the trace`
          : 'stop it with Ctrl-C, then read it with trace-cmd report',
    },
  );
  // Why the task's name gives no -F command, said with the -P one that stands for it.
  const noComm = task ? commRefusal(task.comm) : '';
  if (task && task.pid > 0 && Number.isSafeInteger(task.pid)) {
    // The trace's pid column is the thread's id (task->pid; bpftrace's tid, not its pid), and
    // -P writes it to set_ftrace_pid, which keeps the threads listed (Documentation/trace/
    // ftrace.rst): the process's other threads are not recorded.
    const pidNote = `${task.pid} is the traced thread's id: -P records that thread only (not the other threads of its process), and only while it still runs`;
    commands.push({
      id: 'record-pid',
      purpose: `record this subtree for thread ${task.pid} only`,
      command: `trace-cmd record -p function_graph ${graph} -P ${task.pid}`,
      note: noComm === '' ? pidNote : `${pidNote}; no -F command: ${noComm}`,
    });
  }
  if (task && PLAIN_COMM_RE.test(task.comm)) {
    const comm = task.comm;
    commands.push({
      id: 'record-comm',
      purpose: `record this subtree while running ${comm}`,
      // -F alone puts only the task trace-cmd starts in set_ftrace_pid: the threads and
      // children the program starts (a worker pool, curl's resolver thread) were not
      // recorded; -c adds them as they fork (event-fork/function-fork, else ptrace:
      // trace-cmd trace-record.c parse_record_options).
      command: `trace-cmd record -p function_graph ${graph} -F -c ${comm}`,
      note:
        `-F runs the program that follows and traces only it, with -c the threads and processes it starts too: add ${comm}'s arguments` +
        commCutNote(comm, task.commCutAt) +
        `; a kernel thread (kswapd0, rcu_preempt) or a thread that named itself is no program to run: -P is the command for it`,
    });
  }
  return { symbol: name, commands, refused: '', notes, cautions };
}

/**
 * Functions function_graph traces show that are on the kprobe blacklist, each with why:
 * NOKPROBE_SYMBOL in the file named, or `__kprobes`, which puts a function in the
 * .kprobes.text section, all of it blacklisted (kernel/kprobes.c populate_kprobe_blacklist
 * adds __kprobes_text_start..__kprobes_text_end) and still traced (arm64's
 * patchable-function-entry marks every function; recordmcount lists .kprobes.text).
 * register_kprobe refuses them with EINVAL (kernel/kprobes.c, check_kprobe_address_safe →
 * within_kprobe_blacklist), so a kprobe or kretprobe command would fail to attach. Only
 * these are known here; a kernel lists its own in /sys/kernel/debug/kprobes/blacklist. A
 * Map, not an object: a trace's name such as `constructor` must not find Object.prototype's.
 *   - do_page_fault: `static int __kprobes` on arm64 and 32-bit arm (arch/arm64/mm/fault.c, arch/arm/mm/fault.c),
 *     NOKPROBE_SYMBOL on powerpc and riscv and on x86 before 5.8: every arm64 page fault
 *     from user space runs it (do_mem_abort → do_translation_fault → do_page_fault).
 *   - do_translation_fault: `static int __kprobes` on arm64 and 32-bit arm.
 */
const NOKPROBE: ReadonlyMap<string, string> = new Map([
  ['do_user_addr_fault', 'NOKPROBE_SYMBOL in arch/x86/mm/fault.c'],
  ['do_mem_abort', 'NOKPROBE_SYMBOL in arch/arm64/mm/fault.c'],
  ['do_sp_pc_abort', 'NOKPROBE_SYMBOL in arch/arm64/mm/fault.c'],
  ['do_page_fault', '__kprobes in arch/arm64/mm/fault.c and arch/arm/mm/fault.c, NOKPROBE_SYMBOL in arch/powerpc/mm/fault.c and arch/riscv/mm/fault.c'],
  ['do_translation_fault', '__kprobes in arch/arm64/mm/fault.c and arch/arm/mm/fault.c'],
  ['notifier_call_chain', 'NOKPROBE_SYMBOL in kernel/notifier.c'],
  ['atomic_notifier_call_chain', 'NOKPROBE_SYMBOL in kernel/notifier.c'],
  ['notify_die', 'NOKPROBE_SYMBOL in kernel/notifier.c'],
  ['preempt_count_add', 'NOKPROBE_SYMBOL in kernel/sched/core.c'],
  ['preempt_count_sub', 'NOKPROBE_SYMBOL in kernel/sched/core.c'],
]);

/**
 * kernel/bpf/verifier.c's btf_id_deny: the verifier refuses every tracing program
 * (fentry, fexit) on these, which a BPF trampoline itself calls (each listed under the
 * configuration that makes it one: CONFIG_SMP, CONFIG_PREEMPT_RCU, CONFIG_DEBUG_PREEMPT…).
 */
const NO_TRAMPOLINE: ReadonlySet<string> = new Set([
  'migrate_disable',
  'migrate_enable',
  'rcu_read_unlock_strict',
  'preempt_count_add',
  'preempt_count_sub',
  '__rcu_read_lock',
  '__rcu_read_unlock',
]);

/**
 * kernel/bpf/verifier.c's noreturn_deny: functions that never return, on which the verifier
 * refuses fexit (since 6.15). A kretprobe on them never fires, so neither latency nor return
 * value can be measured. The list names only x86's exit wrappers: see neverReturns for the
 * other architectures'.
 */
const NORETURN_DENY: ReadonlySet<string> = new Set([
  'do_exit',
  'do_group_exit',
  'make_task_dead',
  'kthread_exit',
  'kthread_complete_and_exit',
  '__module_put_and_kthread_exit',
  '__x64_sys_exit',
  '__x64_sys_exit_group',
  '__ia32_sys_exit',
  '__ia32_sys_exit_group',
]);

/**
 * Functions that never return and that noreturn_deny does not list, so the verifier lets
 * an fexit attach and it never fires, as a kretprobe: what each does instead.
 *   - do_task_dead: `void __noreturn do_task_dead(void)` (kernel/sched/core.c), the last
 *     thing do_exit calls: it schedules away for good (function_graph traces of a task
 *     that exits show it, its exit never printed).
 *   - kthread: every kernel thread's first function (kernel/kthread.c), which runs the
 *     thread's function and ends in kthread_exit (do_exit before 5.17).
 */
const NORETURN_OTHER: ReadonlyMap<string, string> = new Map([
  ['do_task_dead', 'it switches away from the exiting task for good (void __noreturn, kernel/sched/core.c)'],
  ['kthread', 'it runs a kernel thread and ends it with kthread_exit (kernel/kthread.c)'],
]);

/**
 * Whether `name` never returns: noreturn_deny's functions, NORETURN_OTHER's, and every form of the exit and
 * exit_group syscalls on any architecture (`__arm64_sys_exit_group`, `__riscv_sys_exit`,
 * `__s390x_sys_exit`, the `__se_sys_`/`__do_sys_` parts, an old kernel's `sys_exit`): their
 * SYSCALL_DEFINE calls do_exit or do_group_exit, which are __noreturn (kernel/exit.c). The
 * verifier lists only x86's wrappers, so on arm64 an fexit on them attaches and, like a
 * kretprobe, never fires.
 */
function neverReturns(name: string): boolean {
  if (NORETURN_DENY.has(name) || NORETURN_OTHER.has(name)) return true;
  const syscall = syscallOfName(name);
  return syscall !== null && (syscall.name === 'exit' || syscall.name === 'exit_group');
}

/** Why some probes were not made for `name` (see ProbeCommands.cautions). */
function probeCautions(name: string, trampolineOk: boolean): string[] {
  const out: string[] = [];
  const why = NOKPROBE.get(name);
  if (why !== undefined) {
    out.push(
      `${name} is on the kprobe blacklist (${why}): the kernel refuses a kprobe or kretprobe on it${trampolineOk ? ', so the commands use fentry/fexit' : ''}`,
    );
  }
  if (NO_TRAMPOLINE.has(name)) {
    out.push(`the BPF verifier refuses fentry/fexit on ${name} (btf_id_deny in kernel/bpf/verifier.c): a BPF trampoline calls it itself`);
  }
  if (NORETURN_DENY.has(name)) {
    out.push(`${name} never returns: a kretprobe on it never fires and fexit is refused (noreturn_deny in kernel/bpf/verifier.c), so no latency or return value command`);
  } else if (NORETURN_OTHER.has(name)) {
    out.push(`${name} never returns (${NORETURN_OTHER.get(name) ?? ''}): a kretprobe or fexit on it never fires, so no latency or return value command`);
  } else if (neverReturns(name)) {
    out.push(`${name} never returns (the ${syscallOfName(name)?.name ?? ''} syscall ends the task): a kretprobe or fexit on it never fires, so no latency or return value command`);
  }
  return out;
}

/**
 * Why a kprobe on a function of the interrupt entry text may be refused. The section is on
 * the kprobe blacklist of arm64, s390 and LoongArch (each arch_populate_kprobe_blacklist
 * adds __irqentry_text_start..__irqentry_text_end), not of x86 (its own adds the entry text
 * only), and the trace does not say which architecture it is: the kprobe commands stay,
 * and fentry/fexit, which the blacklist does not concern, are named.
 */
function irqEntryTextCaution(name: string, trampolineOk: boolean): string {
  return (
    `${name} is in the interrupt entry text (.irqentry.text: the kernel printed ==========> at its entry, print_graph_irq in kernel/trace/trace_functions_graph.c), ` +
    `which arm64, s390 and LoongArch put on the kprobe blacklist (arch_populate_kprobe_blacklist): there a kprobe or kretprobe on it is refused` +
    (trampolineOk ? ' and fentry/fexit are the hook' : '') +
    '; x86 allows it'
  );
}

/**
 * Why a task's name gives no `-F` command, or '' when it gives one (or is unknown: '').
 * `trace-cmd record -F` runs the command after it and traces only that (trace-cmd-record(1)):
 * the name must be a program to start, set bare in the shell.
 *   - `<...>`: the kernel had no name saved for the pid (kernel/trace/trace.c
 *     __trace_find_cmdline; libtraceevent's find_cmdline for a trace.dat).
 *   - a `/`: exec names a task after its file's base name (fs/exec.c begin_new_exec,
 *     `__set_task_comm(me, kbasename(bprm->filename))`), which has none; kernel threads are
 *     named by a format that often does (kernel/workqueue.c create_worker `kworker/%s`,
 *     `ksoftirqd/%u`, `migration/%u`, `irq/%d-%s`), and a thread may name itself anything
 *     (prctl PR_SET_NAME). A kworker runs whatever work its pool is given, so the next call
 *     may come in another one: the all-tasks command records them all.
 *   - anything else a shell would read (quotes, `$`, spaces) or an option's leading `-`.
 */
function commRefusal(comm: string): string {
  if (comm === '' || PLAIN_COMM_RE.test(comm)) return '';
  if (comm === '<...>') return 'the trace has no name for this pid (the kernel printed <...>: it had not saved one)';
  const shown = bidiIsolated(comm);
  if (comm.includes('/')) {
    const kworker = comm.startsWith('kworker/')
      ? '; a kworker runs whatever work is queued to its pool, so the next call may run in another kworker: the all-tasks command records every one'
      : '';
    return `${shown} is a kernel thread or a thread that named itself (exec names a task after its file, which has no "/"), and -F runs a program: there is none to run${kworker}`;
  }
  return `the task's name ${shown} is not a word a shell takes bare (only letters, digits and "_" "." "+" "-", not first): -F takes the program's name`;
}

/** What -F's note says of a task name that may be cut short ('' when it cannot be). */
function commCutNote(comm: string, cutAt?: 7 | 8): string {
  if (cutAt === 7 && comm.length >= cutAt) {
    return `; the kernel's function_graph text shows only the first 7 characters of a task's name, so the program's name may be longer (trace-cmd report and the function tracer print it whole)`;
  }
  if (cutAt === 8 && comm.length >= cutAt) {
    return `; no task name in this trace is longer than 8 characters, as the latency format (trace-cmd report -l, tracefs's latency-format option) cuts them, so the program's name may be longer`;
  }
  return comm.length >= MAX_COMM ? `; a task name keeps only its first ${MAX_COMM} characters, so the program's name may be longer` : '';
}

/** The name without a ppc64 ELFv1 leading dot. */
function dotless(name: string): string {
  return name.slice(elfV1DotLength(name));
}

/**
 * What to know about a dot in the probe's name ('' without a clone suffix). A bpftrace
 * before 0.10 cannot read the dot; a wildcard is the way there, but not for a `.part.N`
 * clone: bpftrace's wildcard matching drops every symbol with `.part.` in it (ProbeMatcher
 * in src/probe_matcher.cpp, "skip the .part.N kprobe variants", since 2018), so
 * `kprobe:NAME*` would probe the other forms and never that clone.
 */
function cloneDotNote(name: string, cloneSuffix: string): string {
  if (cloneSuffix === '') return '';
  const exact = `the probe names the clone ${name} exactly; bpftrace before 0.10 cannot read a dot in a probe name`;
  if (name.includes('.part.')) {
    return `${exact}, and no wildcard reaches this clone (bpftrace's wildcards skip every .part.N symbol): there it cannot be probed`;
  }
  return `${exact}: there use the wildcard kprobe:${name.slice(0, name.indexOf('.'))}* (it also matches other names with that start)`;
}

/** How the notes name each part of a syscall (lib/kernel-source.ts syscallPart). */
const SYSCALL_PART_WORDS = { wrapper: 'the wrapper of', body: 'the body of', helper: 'the argument-extending helper of' } as const;

const TRAMPOLINE_NOTE =
  'fentry/fexit cost less per call than kprobes; they need a kernel with BTF (CONFIG_DEBUG_INFO_BTF) and BPF trampolines (x86-64 from 5.5, arm64 from 6.0) and bpftrace 0.20 or later (before: kfunc/kretfunc)';

/**
 * The return probe's action. `hist(retval)` alone showed no error code: a kretprobe's
 * `retval` is a uint64 (bpftrace's type resolver: `__builtin_retval` is CreateUInt64 but for
 * fentry/fexit), so a long -13 lands in the [8E, 16E) bucket and an int -13, which the
 * compiler returns zero-extended (0xfffffff3), in [2G, 4G): every errno in one bucket,
 * where the panel counts them apart. And fexit's `retval` has the function's BTF type, so
 * for a pointer `hist()` is refused ("only supports integer arguments"). The value is read
 * as the kernel's funcgraph-retval reads it (kernel/trace/trace_functions_graph.c,
 * print_graph_retval: a 32-bit value with bit 31 set is sign-extended, then IS_ERR_VALUE's
 * -4095..-1 is an error), as lib/errno.ts's errnoOfRetval does for the trace: errors are
 * counted by value, the rest go to a histogram.
 */
const RETVAL_PROGRAM =
  '$r = (int64)retval; if (($r >> 32) == 0 && ($r & 0x80000000) != 0) { $r = $r - 0x100000000; } ' +
  'if ($r < 0 && $r >= -4095) { @errors[$r] = count(); } else { @ret = hist((uint64)$r); }';

const RETVAL_NOTE =
  '@errors counts each error code (-13 is -EACCES); a 32-bit value with its top bit set is read as negative, as the kernel prints it';

/** A pair of entry and return probe types, and the ids and words of their commands. */
interface ProbePair {
  entry: string;
  exit: string;
  latencyId: string;
  retvalId: string;
  /** Added to each purpose ('' for kprobes, the plain form). */
  through: string;
  /**
   * What the return probe does on a function that returns void, which the name does not
   * tell (and a trace only where the kernel read the return type from BTF: funcgraph-retval
   * prints a value for void functions too without it, Documentation/trace/ftrace.rst). bpftrace types a kretprobe's `retval`
   * as a uint64 read from the return register, whatever the function left there; fexit's
   * has the function's BTF type, void for such a function (src/btf.cpp resolve_args: type
   * id 0 is void), and the cast to int64 is refused (type_checker.cpp: "Cannot cast from").
   */
  voidNote: string;
}

const KPROBES: ProbePair = {
  entry: 'kprobe',
  exit: 'kretprobe',
  latencyId: 'latency',
  retvalId: 'retval',
  through: '',
  voidNote: 'a function that returns void has no return value: there this counts whatever the return register held',
};
const TRAMPOLINES: ProbePair = {
  entry: 'fentry',
  exit: 'fexit',
  latencyId: 'fentry-latency',
  retvalId: 'fexit-retval',
  through: ', through fentry/fexit',
  voidNote: 'a function that returns void has no return value: there bpftrace refuses this program (Cannot cast from "void")',
};

/** How the latency probes key a call's start (see ProbeOptions). */
interface Keying {
  nested: boolean;
  onIdle: boolean;
}

/**
 * The latency program. One start per thread is right while a call never runs inside
 * another call of the same function on its thread; when it does, the inner entry
 * overwrites the outer's start and the inner return deletes it, so the outer call is
 * never measured and the histogram holds the inner calls only. Then the start is kept per
 * thread and depth: entries count the depth up, returns count it down.
 *
 * A thread is its tid, but for the idle tasks, which all have tid 0: where the function
 * runs on idle CPUs (an interrupt, a softirq), two CPUs' calls at once would share one
 * start, the later entry overwriting the earlier's and the first return deleting it, so
 * one call is lost and the other measured from the wrong start. There `$c`, the CPU for
 * tid 0 (an idle task never leaves its CPU) and 0 for any other (a thread may return on
 * another CPU than it entered on, after sleeping), is part of the key; being a scratch
 * variable it cannot be read by a predicate, so the return probe tests the start in an if.
 */
function latencyProgram(entry: string, exit: string, name: string, keying: Keying): string {
  const { nested, onIdle } = keying;
  const thread = onIdle ? 'tid, $c' : 'tid';
  const pre = onIdle ? '$c = (uint64)0; if (tid == 0) { $c = (uint64)cpu; } ' : '';
  // bpftrace prints every map at exit (print_maps_on_exit): the starts of calls still
  // running then (a thread asleep in the function) are no result, and END runs before the
  // maps are printed, so it clears them (tools/biolatency.bt does the same).
  if (!nested) {
    const start = `@start[${thread}]`;
    const measure = `@ns = hist(nsecs - ${start}); delete(${start});`;
    return (
      (onIdle
        ? `${entry}:${name} { ${pre}${start} = nsecs; } ${exit}:${name} { ${pre}if (${start} != 0) { ${measure} } }`
        : `${entry}:${name} { ${start} = nsecs; } ${exit}:${name} /${start}/ { ${measure} }`) + ' END { clear(@start); }'
    );
  }
  // A thread's depth is deleted when its outermost call returns: a map holds at most
  // max_map_keys keys (4096 by default), so one key kept for every thread that ever ran the
  // function filled it, and then a new thread's ++ was refused and its calls never measured.
  const depth = `@depth[${thread}]`;
  const key = `@start[${thread}, ${depth}]`;
  const measure = `@ns = hist(nsecs - ${key}); delete(${key}); if (${depth} == 1) { delete(${depth}); } else { ${depth}--; }`;
  return (
    `${entry}:${name} { ${pre}${depth}++; ${key} = nsecs; } ` +
    (onIdle ? `${exit}:${name} { ${pre}if (${depth} != 0) { ${measure} } }` : `${exit}:${name} /${depth}/ { ${measure} }`) +
    ' END { clear(@start); clear(@depth); }'
  );
}

const NESTED_NOTE =
  'the trace shows it called inside itself on one thread (recursion, or a softirq or interrupt on that thread): the start is kept per thread and depth, so the outer calls are measured too';

const IDLE_NOTE =
  'the trace shows it in an interrupt or an idle task: every CPU\'s idle task has tid 0, so the start of a call in one is kept per CPU';

/**
 * What a kretprobe misses on a function the trace shows sleeping (ProbeOptions.sleeps),
 * and, where fentry/fexit are made, that they do not.
 */
function sleepNote(trampolineOk: boolean): string {
  return (
    'the trace shows it sleeping (schedule() under it): a kretprobe follows at most max(10, 2 × CPUs) calls at once (maxactive, kernel/kprobes.c register_kretprobe), ' +
    'so with more threads asleep in it the other returns are missed and those calls, the long ones, not counted' +
    (trampolineOk ? '; the fexit command has no such limit' : '')
  );
}

/** How long the function takes (a histogram in ns) and what it returns, through `pair`; `exitNote` is said of both. */
function timedCommands(name: string, pair: ProbePair, note: string, keying: Keying, exitNote: string): ProbeCommand[] {
  const { entry, exit } = pair;
  return [
    {
      id: pair.latencyId,
      purpose: `latency histogram (ns)${pair.through}`,
      command: `bpftrace -e '${latencyProgram(entry, exit, name, keying)}'`,
      note: [keying.nested ? NESTED_NOTE : '', keying.onIdle ? IDLE_NOTE : '', exitNote, note].filter((t) => t !== '').join('; '),
    },
    {
      id: pair.retvalId,
      purpose: `error codes by value, other return values as a histogram${pair.through}`,
      command: `bpftrace -e '${exit}:${name} { ${RETVAL_PROGRAM} }'`,
      note: [RETVAL_NOTE, pair.voidNote, exitNote, note].filter((t) => t !== '').join('; '),
    },
  ];
}
