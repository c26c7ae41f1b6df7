import { describe, expect, test } from 'vitest';
import { errnoOfRetval } from './errno';
import { isArchSyscallEntry, isBareSyscallName, syscallOfName } from './kernel-source';
import { isPlainKernelSymbol, probeCommands, refusalReason } from './probe-commands';
import { BpftraceSim, bpftraceProgram } from '../test-utils/bpftrace-sim';
import { parseRecordCommand } from '../test-utils/trace-cmd-args';

/** The return probes' action: the value read as funcgraph-retval reads it, errors counted by value. */
const RETVAL =
  '$r = (int64)retval; if (($r >> 32) == 0 && ($r & 0x80000000) != 0) { $r = $r - 0x100000000; } ' +
  'if ($r < 0 && $r >= -4095) { @errors[$r] = count(); } else { @ret = hist((uint64)$r); }';

const byId = (name: string, task?: { comm: string; pid: number }): Record<string, string> =>
  Object.fromEntries(probeCommands(name, task).commands.map((c) => [c.id, c.command]));

describe('probeCommands: every template', () => {
  test('a plain symbol gives the stack, latency, return value and record commands, written out', () => {
    expect(byId('tcp_sendmsg')).toEqual({
      stacks: "bpftrace -e 'kprobe:tcp_sendmsg { @[kstack] = count(); }'",
      latency:
        "bpftrace -e 'kprobe:tcp_sendmsg { @start[tid] = nsecs; } kretprobe:tcp_sendmsg /@start[tid]/ { @ns = hist(nsecs - @start[tid]); delete(@start[tid]); } END { clear(@start); }'",
      retval: `bpftrace -e 'kretprobe:tcp_sendmsg { ${RETVAL} }'`,
      'fentry-latency':
        "bpftrace -e 'fentry:tcp_sendmsg { @start[tid] = nsecs; } fexit:tcp_sendmsg /@start[tid]/ { @ns = hist(nsecs - @start[tid]); delete(@start[tid]); } END { clear(@start); }'",
      'fexit-retval': `bpftrace -e 'fexit:tcp_sendmsg { ${RETVAL} }'`,
      record: 'trace-cmd record -p function_graph -g tcp_sendmsg',
    });
    expect(probeCommands('tcp_sendmsg').commands.find((c) => c.id === 'fexit-retval')?.note).toMatch(/BTF.*bpftrace 0\.20/);
    const r = probeCommands('tcp_sendmsg');
    expect(r.symbol).toBe('tcp_sendmsg');
    expect(r.refused).toBe('');
    expect(r.notes).toEqual([]);
  });

  test('the return probes count each error code apart (a kretprobe retval is a uint64: hist() alone put every errno in one bucket)', () => {
    for (const id of ['retval', 'fexit-retval']) {
      const c = probeCommands('tcp_sendmsg').commands.find((x) => x.id === id);
      expect(c?.purpose).toMatch(/^error codes by value/);
      expect(c?.note).toContain('-EACCES');
      // The raw retval never reaches hist(): a pointer's fexit retval is no integer there.
      expect(c?.command).not.toContain('hist(retval)');
      expect(c?.command).toContain('@errors[$r] = count();');
    }
    // What the action computes for a register value, step by step as bpftrace would (int64
    // arithmetic), agrees with the panel's reading of the same value printed by the kernel.
    const action = (reg: bigint): { errors?: bigint; hist?: bigint } => {
      let r = BigInt.asIntN(64, reg);
      if (r >> 32n === 0n && (r & 0x80000000n) !== 0n) r = r - 0x100000000n;
      return r < 0n && r >= -4095n ? { errors: r } : { hist: BigInt.asUintN(64, r) };
    };
    expect(action(0xfffffff3n)).toEqual({ errors: -13n }); // int -EACCES, zero-extended
    expect(action(2n ** 64n - 22n)).toEqual({ errors: -22n }); // long -EINVAL
    expect(action(0xffff888100a1b200n)).toEqual({ hist: 0xffff888100a1b200n }); // a pointer
    expect(action(0n)).toEqual({ hist: 0n });
    expect(errnoOfRetval('0xfffffff3')?.errno).toBe(13);
    expect(errnoOfRetval('-22')?.errno).toBe(22);
  });

  test('a function the trace shows inside itself: the latency probes count the depth per thread, so the outer call is measured', () => {
    const r = probeCommands('dput.part.0', undefined, [], { nested: true });
    const latency = r.commands.find((c) => c.id === 'latency');
    expect(latency?.command).toBe(
      "bpftrace -e 'kprobe:dput.part.0 { @depth[tid]++; @start[tid, @depth[tid]] = nsecs; } kretprobe:dput.part.0 /@depth[tid]/ { @ns = hist(nsecs - @start[tid, @depth[tid]]); delete(@start[tid, @depth[tid]]); if (@depth[tid] == 1) { delete(@depth[tid]); } else { @depth[tid]--; } } END { clear(@start); clear(@depth); }'",
    );
    // Both notes: the nesting and the clone's dot.
    expect(latency?.note).toMatch(/inside itself.*; the probe names the clone/);
    expect(byId('dput').latency).toContain('{ @start[tid] = nsecs; }');
  });

  test('a function on the kprobe blacklist gets fentry/fexit commands, no kprobe one (the kernel refuses it)', () => {
    const r = probeCommands('do_user_addr_fault', undefined, ['do_user_addr_fault.part.0']);
    expect(r.commands.filter((c) => /\bk(?:ret)?probe:/.test(c.command))).toEqual([]);
    expect(r.commands.map((c) => c.id)).toEqual(['stacks', 'fentry-latency', 'fexit-retval', 'record']);
    expect(r.commands[0].command).toBe("bpftrace -e 'fentry:do_user_addr_fault { @[kstack] = count(); }'");
    expect(r.cautions).toEqual([
      'do_user_addr_fault is on the kprobe blacklist (NOKPROBE_SYMBOL in arch/x86/mm/fault.c): the kernel refuses a kprobe or kretprobe on it, so the commands use fentry/fexit',
    ]);
    // A blacklisted form is left out of the probe on every form.
    const v = probeCommands('notifier_call_chain.isra.0', undefined, ['notifier_call_chain']);
    expect(v.commands.find((c) => c.id === 'stacks-variants')).toBeUndefined();
  });

  test('a function the BPF verifier denies to trampolines gets no fentry/fexit; one that never returns no latency or return value', () => {
    const rcu = probeCommands('__rcu_read_lock');
    expect(rcu.commands.map((c) => c.id)).toEqual(['stacks', 'latency', 'retval', 'record']);
    expect(rcu.cautions[0]).toContain('btf_id_deny');
    // Both refused: only trace-cmd, and the reasons.
    const pc = probeCommands('preempt_count_add');
    expect(pc.commands.map((c) => c.id)).toEqual(['record']);
    expect(pc.cautions).toHaveLength(2);
    const exit = probeCommands('do_exit');
    expect(exit.commands.map((c) => c.id)).toEqual(['stacks', 'record']);
    expect(exit.cautions[0]).toMatch(/^do_exit never returns/);
    expect(byId('__x64_sys_exit_group').tracepoint).toBe("bpftrace -e 'tracepoint:syscalls:sys_enter_exit_group { @[comm] = count(); }'");
    expect(byId('__x64_sys_exit_group').latency).toBeUndefined();
    // Names of Object.prototype are plain symbols and not on any list.
    for (const n of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(probeCommands(n).cautions).toEqual([]);
      expect(byId(n).latency).toContain(`kprobe:${n} `);
    }
    expect(probeCommands('tcp_sendmsg').cautions).toEqual([]);
  });

  test('the exit and exit_group syscalls never return on any architecture: no latency or return value probe that would never fire', () => {
    // kernel/exit.c: their SYSCALL_DEFINE calls do_exit / do_group_exit (__noreturn); the
    // verifier's noreturn_deny names only x86's wrappers, the kretprobe never fires anywhere.
    for (const n of ['__arm64_sys_exit_group', '__arm64_sys_exit', '__riscv_sys_exit_group', '__s390x_sys_exit', '__se_sys_exit_group', '__do_sys_exit', 'sys_exit_group', '.sys_exit']) {
      const r = probeCommands(n);
      const ids = r.commands.map((c) => c.id);
      expect(ids, n).not.toContain('latency');
      expect(ids, n).not.toContain('retval');
      expect(ids, n).not.toContain('fentry-latency');
      expect(ids, n).not.toContain('fexit-retval');
      expect(ids, n).toContain('stacks');
      expect(ids, n).toContain('tracepoint');
      expect(r.cautions, n).toHaveLength(1);
      expect(r.cautions[0], n).toMatch(/never returns \(the exit(?:_group)? syscall ends the task\): a kretprobe or fexit on it never fires/);
    }
    // The verifier's own entries keep its reason; other syscalls are untouched.
    expect(probeCommands('__x64_sys_exit').cautions[0]).toContain('noreturn_deny');
    expect(byId('__arm64_sys_exit_group').stacks).toBe("bpftrace -e 'kprobe:__arm64_sys_exit_group { @[kstack] = count(); }'");
    for (const n of ['__arm64_sys_exit_robust_list', '__arm64_sys_exitx', '__arm64_sys_waitid', 'exit_group']) {
      expect(probeCommands(n).cautions, n).toEqual([]);
      expect(byId(n).latency, n).toContain(`kretprobe:${n} `);
    }
  });

  test('the return value probes say what they do on a function that returns void (kfree, schedule), which the name does not tell', () => {
    const notes = Object.fromEntries(probeCommands('kfree').commands.map((c) => [c.id, c.note]));
    // fexit's retval has the BTF type, void there, and bpftrace refuses the cast to int64.
    expect(notes['fexit-retval']).toMatch(/returns void has no return value: there bpftrace refuses this program/);
    expect(notes['fexit-retval']).toMatch(/BTF/);
    // A kretprobe's retval is the return register as a uint64, whatever was left there.
    expect(notes.retval).toMatch(/returns void has no return value: there this counts whatever the return register held/);
    expect(notes.retval).not.toMatch(/refuses/);
    // Only the return value probes: latency and stacks are the same for a void function.
    expect(notes.latency).not.toMatch(/void/);
    expect(notes['fentry-latency']).not.toMatch(/void/);
  });

  test('a function of the interrupt entry text gets a caution, not fewer commands (x86 allows the kprobe)', () => {
    const r = probeCommands('gic_handle_irq', undefined, [], { irqEntryText: true });
    expect(r.cautions).toEqual([
      'gic_handle_irq is in the interrupt entry text (.irqentry.text: the kernel printed ==========> at its entry, print_graph_irq in kernel/trace/trace_functions_graph.c), which arm64, s390 and LoongArch put on the kprobe blacklist (arch_populate_kprobe_blacklist): there a kprobe or kretprobe on it is refused and fentry/fexit are the hook; x86 allows it',
    ]);
    expect(r.commands.map((c) => c.id)).toEqual(probeCommands('gic_handle_irq').commands.map((c) => c.id));
    // A clone has no trampoline: the caution does not offer one.
    expect(probeCommands('gic_handle_irq.isra.0', undefined, [], { irqEntryText: true }).cautions[0]).not.toContain('fentry');
    expect(probeCommands('gic_handle_irq').cautions).toEqual([]);
  });

  test("arm64's and riscv's native wrappers and every __se_/__do_sys_ part run for 32-bit tasks too: the tracepoint's note says it skips those", () => {
    const note = (n: string) => probeCommands(n).commands.find((c) => c.id === 'tracepoint')?.note;
    expect(note('__arm64_sys_read')).toBe(
      "a tracepoint is a stable interface, but it skips 32-bit (compat) tasks' calls, and those run __arm64_sys_read too unless read has a compat version of its own: a kprobe on __arm64_sys_read sees both",
    );
    for (const n of ['__riscv_sys_write', '__arm64_sys_read.isra.0', '__se_sys_read', '__do_sys_pread64']) {
      expect(note(n), n).toMatch(/skips 32-bit \(compat\) tasks' calls, and those run \S+ too unless \w+ has a compat version of its own/);
    }
    // x86's ia32 tasks and s390's 31-bit ones enter by wrappers of their own.
    for (const n of ['__x64_sys_read', '__s390x_sys_read']) {
      expect(note(n), n).toBe('a tracepoint is a stable interface: it survives kernel updates that rename the wrapper');
    }
  });

  test("the trace's task adds -P PID and -F COMM", () => {
    const c = byId('tcp_sendmsg', { comm: 'curl', pid: 139 });
    expect(c['record-pid']).toBe('trace-cmd record -p function_graph -g tcp_sendmsg -P 139');
    expect(c['record-comm']).toBe('trace-cmd record -p function_graph -g tcp_sendmsg -F -c curl');
  });

  test('a comm of 15 characters may be a longer program name cut by the kernel: the -F note says so', () => {
    const cut = probeCommands('tcp_sendmsg', { comm: 'systemd-journal', pid: 400 }).commands.find((c) => c.id === 'record-comm');
    expect(cut?.command).toBe('trace-cmd record -p function_graph -g tcp_sendmsg -F -c systemd-journal');
    expect(cut?.note).toContain('first 15 characters');
    expect(probeCommands('tcp_sendmsg', { comm: 'curl', pid: 1 }).commands.find((c) => c.id === 'record-comm')?.note).not.toContain('15 characters');
  });

  test("a comm as long as the trace cuts names (the kernel's function_graph text: 7) may be a longer program's: the -F note says so", () => {
    const note = (comm: string, commCutAt?: 7 | 8): string | undefined =>
      probeCommands('tcp_sendmsg', { comm, pid: 1234, commCutAt }).commands.find((c) => c.id === 'record-comm')?.note;
    expect(note('postgre', 7)).toContain('shows only the first 7 characters');
    expect(note('curl', 7)).not.toContain('characters');
    // the same 7 characters from trace-cmd report, which prints a name whole: nothing to say
    expect(note('postgre')).not.toContain('characters');
    // the latency format's 8 (%8.8s)
    expect(note('postgres', 8)).toContain('no task name in this trace is longer than 8 characters');
    expect(note('postgre', 8)).not.toContain('characters');
  });

  test('a task without a pid or with a comm that is not a bare word adds neither', () => {
    const c = byId('tcp_sendmsg', { comm: 'kworker/0:1', pid: -1 });
    expect(c['record-pid']).toBeUndefined();
    expect(c['record-comm']).toBeUndefined();
    expect(byId('tcp_sendmsg', { comm: '$(reboot)', pid: 0 })['record-comm']).toBeUndefined();
    expect(byId('tcp_sendmsg', { comm: '-rf', pid: 5 })['record-comm']).toBeUndefined();
  });

  test("a kernel thread's name gives no -F command, and the -P command says why and what to use", () => {
    const note = (comm: string) => probeCommands('process_one_work', { comm, pid: 42 }).commands.find((c) => c.id === 'record-pid')?.note ?? '';
    for (const comm of ['kworker/0:1', 'ksoftirqd/0', 'irq/24-eth0', 'kworker/u8:2-events_unbound']) {
      const c = byId('process_one_work', { comm, pid: 42 });
      expect(c['record-comm'], comm).toBeUndefined();
      expect(c['record-pid'], comm).toBe('trace-cmd record -p function_graph -g process_one_work -P 42');
      expect(note(comm), comm).toContain(`no -F command: ${comm} is a kernel thread or a thread that named itself`);
    }
    // A kworker's next call may run in another kworker: the all-tasks command is named.
    expect(note('kworker/0:1')).toContain('the all-tasks command records every one');
    expect(note('ksoftirqd/0')).not.toContain('all-tasks');
    // The kernel's <...> (no name saved for the pid), and a name a shell would read.
    expect(note('<...>')).toContain('no -F command: the trace has no name for this pid');
    expect(note('$(reboot)')).toContain('no -F command: the task\'s name $(reboot) is not a word a shell takes bare');
    expect(note('-rf')).toContain('is not a word a shell takes bare');
    // A right-to-left override in the name cannot turn the note round.
    expect(note('evil\u202e/x')).toContain('\u2068evil\ufffd/x\u2069 is a kernel thread');
    // A plain name keeps its -F command, and the -P note says nothing of it.
    expect(note('curl')).not.toContain('-F');
    expect(note('')).toBe(note('curl'));
    // A plain name may still be a kernel thread's: the -F note says -P is the command for it.
    expect(probeCommands('balance_pgdat', { comm: 'kswapd0', pid: 90 }).commands.find((c) => c.id === 'record-comm')?.note).toContain(
      'a kernel thread (kswapd0, rcu_preempt) or a thread that named itself is no program to run: -P is the command for it',
    );
  });

  test('a suffixed name is probed exactly as printed, with a note on the clone', () => {
    const r = probeCommands('do_execveat_common.isra.0');
    expect(r.commands.find((c) => c.id === 'stacks')?.command).toBe("bpftrace -e 'kprobe:do_execveat_common.isra.0 { @[kstack] = count(); }'");
    expect(r.commands.find((c) => c.id === 'retval')?.command).toBe(`bpftrace -e 'kretprobe:do_execveat_common.isra.0 { ${RETVAL} }'`);
    expect(r.commands.find((c) => c.id === 'record')?.command).toBe('trace-cmd record -p function_graph -g do_execveat_common.isra.0');
    expect(r.notes[0]).toContain('compiler clone (.isra.0) of do_execveat_common');
    expect(r.commands.find((c) => c.id === 'stacks')?.note).toContain('kprobe:do_execveat_common*');
    expect(r.notes[0]).toContain('fentry/fexit');
    // BTF knows the C name only: no trampoline command names a clone.
    expect(r.commands.filter((c) => /\bf(?:entry|exit):/.test(c.command))).toEqual([]);
    for (const n of ['count.constprop.0.isra.0', 'tcp_sendmsg_locked.cold', 'dput.part.0', 'foo.llvm.1234567890123']) {
      expect(probeCommands(n).symbol).toBe(n);
    }
  });

  test("a .part.N clone is not offered a wildcard: bpftrace's wildcard matching skips every .part. symbol", () => {
    const note = probeCommands('getname_flags.part.0').commands.find((c) => c.id === 'stacks')?.note ?? '';
    expect(note).toContain('the probe names the clone getname_flags.part.0 exactly');
    expect(note).not.toContain('kprobe:getname_flags*');
    expect(note).toContain('skip every .part.N symbol');
    // Other clones keep the wildcard: it does match them.
    expect(probeCommands('dput.isra.0').commands.find((c) => c.id === 'stacks')?.note).toContain('kprobe:dput*');
    expect(probeCommands('do_x.constprop.0.part.0').commands.find((c) => c.id === 'latency')?.note).not.toContain('kprobe:do_x*');
  });

  test('other forms of the function in the trace add one probe on all of them; a hostile form is left out', () => {
    const r = probeCommands('getname_flags', undefined, ['getname_flags.part.0', '$(reboot)', 'getname_flags']);
    expect(r.commands.find((c) => c.id === 'stacks-variants')?.command).toBe(
      "bpftrace -e 'kprobe:getname_flags,kprobe:getname_flags.part.0 { @[probe, kstack] = count(); }'",
    );
    expect(byId('getname_flags')['stacks-variants']).toBeUndefined();
    expect(probeCommands('getname_flags', undefined, ['a b']).commands.find((c) => c.id === 'stacks-variants')).toBeUndefined();
    // trace-cmd record takes -g more than once: a graph of every form, the hostile one left out.
    const record = Object.fromEntries(probeCommands('getname_flags', { comm: 'curl', pid: 7 }, ['getname_flags.part.0', '$(reboot)']).commands.map((c) => [c.id, c.command]));
    expect([record.record, record['record-pid'], record['record-comm']]).toEqual([
      'trace-cmd record -p function_graph -g getname_flags -g getname_flags.part.0',
      'trace-cmd record -p function_graph -g getname_flags -g getname_flags.part.0 -P 7',
      'trace-cmd record -p function_graph -g getname_flags -g getname_flags.part.0 -F -c curl',
    ]);
    expect(byId('getname_flags').record).toBe('trace-cmd record -p function_graph -g getname_flags');
  });

  test('a syscall wrapper adds the sys_enter tracepoint and names its SYSCALL_DEFINE', () => {
    const r = probeCommands('__x64_sys_sendto');
    expect(r.commands[0]).toMatchObject({
      id: 'tracepoint',
      command: "bpftrace -e 'tracepoint:syscalls:sys_enter_sendto { @[comm] = count(); }'",
    });
    expect(r.notes.join(' ')).toContain('SYSCALL_DEFINE(sendto)');
    expect(byId('__arm64_sys_openat').tracepoint).toBe("bpftrace -e 'tracepoint:syscalls:sys_enter_openat { @[comm] = count(); }'");
    // The syscall tracepoints skip 32-bit syscalls (x86, arm64, riscv, s390): no tracepoint for those entries.
    for (const compat of ['__ia32_compat_sys_ioctl', '__x32_compat_sys_ioctl', '__arm64_compat_sys_ioctl', '__riscv_compat_sys_ioctl', '__s390_compat_sys_ioctl', 'compat_SyS_ioctl']) {
      expect(probeCommands(compat).notes[0]).toContain('32-bit (compat) entry');
      // riscv's ftrace.h sets ARCH_TRACE_IGNORE_COMPAT_SYSCALLS as x86's and arm64's do: the note names it
      expect(probeCommands(compat).notes[0]).toContain('on x86, arm64, riscv and s390');
      expect(byId(compat).tracepoint).toBeUndefined();
      expect(byId(compat).stacks).toBe(`bpftrace -e 'kprobe:${compat} { @[kstack] = count(); }'`);
    }
    expect(byId('__x64_sys_read').tracepoint).toBe("bpftrace -e 'tracepoint:syscalls:sys_enter_read { @[comm] = count(); }'");
    expect(byId('tcp_sendmsg').tracepoint).toBeUndefined();
  });

  test('__ia32_sys_* is a 64-bit kernel\'s compat entry or a 32-bit x86 kernel\'s own: the tracepoint is offered for the latter', () => {
    // arch/x86/include/asm/syscall_wrapper.h: "__ia32_sys_*() - 32-bit native syscall or
    // common compat syscall"; x86 ignores compat syscalls in the tracepoints only with
    // CONFIG_IA32_EMULATION (arch/x86/include/asm/ftrace.h).
    const r = probeCommands('__ia32_sys_read');
    expect(r.notes[0]).toContain('on a 64-bit kernel it runs for 32-bit (compat) tasks');
    expect(r.notes[0]).toContain('on a 32-bit x86 kernel it is every read call');
    const tracepoint = r.commands.find((c) => c.id === 'tracepoint');
    expect(tracepoint?.command).toBe("bpftrace -e 'tracepoint:syscalls:sys_enter_read { @[comm] = count(); }'");
    expect(tracepoint?.note).toContain('on a 32-bit x86 kernel only');
    expect(byId('__ia32_sys_read').stacks).toBe("bpftrace -e 'kprobe:__ia32_sys_read { @[kstack] = count(); }'");
    // __ia32_compat_sys_* exists only with IA32_EMULATION: a 64-bit kernel's, always compat.
    expect(byId('__ia32_compat_sys_ioctl').tracepoint).toBeUndefined();
  });

  test('__s390_sys_* is a 31-bit task\'s entry or, for a syscall without arguments, the 64-bit one\'s alias: the tracepoint is offered for 64-bit tasks', () => {
    // arch/s390/include/asm/syscall_wrapper.h: SYSCALL_DEFINE0 makes __s390_sys_NAME an
    // alias of __s390x_sys_NAME; __S390_SYS_STUBx the 31-bit stub of the others.
    const r = probeCommands('__s390_sys_getpid');
    expect(r.notes[0]).toContain("s390's 31-bit (compat) entry of getpid");
    expect(r.notes[0]).toContain('another name of the 64-bit __s390x_sys_getpid');
    const tracepoint = r.commands.find((c) => c.id === 'tracepoint');
    expect(tracepoint?.command).toBe("bpftrace -e 'tracepoint:syscalls:sys_enter_getpid { @[comm] = count(); }'");
    expect(tracepoint?.note).toContain('64-bit tasks only');
    expect(byId('__s390_sys_getpid').stacks).toBe("bpftrace -e 'kprobe:__s390_sys_getpid { @[kstack] = count(); }'");
    expect(byId('__s390x_sys_getpid').tracepoint).toBe("bpftrace -e 'tracepoint:syscalls:sys_enter_getpid { @[comm] = count(); }'");
  });

  test('a bare sys_* name may be a syscall (old kernels) or an ordinary function: said, and the tracepoint hedged', () => {
    for (const [name, syscall] of [
      ['sys_imageblit', 'imageblit'],
      ['sys_read', 'read'],
    ]) {
      const r = probeCommands(name);
      expect(r.notes.join(' ')).toContain(`may be the entry of the ${syscall} syscall`);
      expect(r.notes.join(' ')).not.toContain('is the wrapper of SYSCALL_DEFINE');
      expect(r.commands.find((c) => c.id === 'tracepoint')?.note).toBe(
        `only if ${syscall} is a syscall: the tracepoint exists when /sys/kernel/tracing/events/syscalls/sys_enter_${syscall} does`,
      );
    }
    // The pre-4.17 x86 entry `SyS_read` is one: said plainly.
    expect(probeCommands('SyS_read').notes.join(' ')).toContain('is the wrapper of SYSCALL_DEFINE(read)');
    // SYSCALL_DEFINE's other functions are named for what they are (include/linux/syscalls.h).
    expect(probeCommands('__do_sys_read').notes.join(' ')).toContain('__do_sys_read is the body of SYSCALL_DEFINE(read)');
    expect(probeCommands('__se_sys_read.constprop.0').notes.join(' ')).toContain('is the argument-extending helper of SYSCALL_DEFINE(read)');
    expect(probeCommands('__x64_sys_read').notes.join(' ')).toContain('__x64_sys_read is the wrapper of SYSCALL_DEFINE(read)');
    expect([isBareSyscallName('sys_read'), isBareSyscallName('compat_sys_ioctl'), isBareSyscallName('SyS_read'), isBareSyscallName('__x64_sys_read'), isBareSyscallName('sysfs_read')]).toEqual([true, true, false, false, false]);
  });
});

describe('ppc64 ELFv1 entry symbols (.schedule)', () => {
  // kallsyms, and so ftrace, print the dot symbol of the code beside a function descriptor;
  // arch/powerpc/kernel/kprobes.c kprobe_lookup_name adds the dot to a probed name itself.
  test('probes take the name without its dot, trace-cmd -g the name as printed', () => {
    expect(refusalReason('.schedule')).toBe('');
    expect(byId('.schedule', { comm: 'curl', pid: 7 })).toMatchObject({
      stacks: "bpftrace -e 'kprobe:schedule { @[kstack] = count(); }'",
      retval: expect.stringMatching(/^bpftrace -e 'kretprobe:schedule \{ \$r = \(int64\)retval; /),
      'fexit-retval': expect.stringMatching(/^bpftrace -e 'fexit:schedule \{ \$r = \(int64\)retval; /),
      record: 'trace-cmd record -p function_graph -g .schedule',
      'record-pid': 'trace-cmd record -p function_graph -g .schedule -P 7',
    });
    expect(probeCommands('.schedule').notes[0]).toContain('ppc64 ELFv1 function entry symbol');
  });

  test('a clone and a syscall behind the dot are read as without it', () => {
    const clone = probeCommands('.dput.part.0');
    expect(clone.notes.join(' ')).toContain('compiler clone (.part.0) of dput:');
    expect(byId('.dput.part.0').stacks).toBe("bpftrace -e 'kprobe:dput.part.0 { @[kstack] = count(); }'");
    expect(byId('.dput.part.0')['fentry-latency']).toBeUndefined();
    // A 4.x ppc64 kernel's SYSCALL_DEFINE wrapper, and a bare entry.
    expect(byId('.SyS_read').tracepoint).toBe("bpftrace -e 'tracepoint:syscalls:sys_enter_read { @[comm] = count(); }'");
    expect(probeCommands('.sys_write').notes.join(' ')).toContain('may be the entry of the write syscall');
    expect(probeCommands('.compat_sys_ioctl').notes.join(' ')).toContain('32-bit (compat) entry of ioctl');
    // Other forms of the function probed without their dots.
    const variants = probeCommands('.dput', undefined, ['.dput.part.0']).commands.find((c) => c.id === 'stacks-variants');
    expect(variants?.command).toBe("bpftrace -e 'kprobe:dput,kprobe:dput.part.0 { @[probe, kstack] = count(); }'");
  });

  test('the syscall rules read the name after the dot', () => {
    expect(syscallOfName('.sys_write')).toEqual({ name: 'write', compat: false });
    expect(isBareSyscallName('.sys_write')).toBe(true);
    expect(isArchSyscallEntry('.SyS_read')).toBe(true);
    expect(isArchSyscallEntry('.sys_read')).toBe(false);
  });
});

describe('hostile names never reach a command', () => {
  const hostile = [
    '<img src=x onerror=alert(1)>',
    "tcp_sendmsg'; rm -rf / #",
    'tcp_sendmsg"',
    '$(reboot)',
    '`reboot`',
    'tcp sendmsg',
    'tcp_sendmsg\nreboot',
    'tcp_sendmsg\r',
    'a;b',
    'a|b',
    'a&b',
    'a}b',
    'a{b',
    'a/b',
    '*',
    'tcp_*',
    '..',
    'a..b',
    // A leading dot followed by a letter is ppc64 ELFv1's entry symbol (`.isra.0` reads as
    // one); not before a digit or another dot.
    '.0isra',
    '..isra.0',
    'a.',
    '0day',
    'vfs_open+0x2c/0x40',
    'kvm_mmu_page_fault [kvm]',
    '0xffffffffc0a1b2c3',
    '',
    'x'.repeat(513),
    'ünïcode',
  ];
  test.each(hostile)('%j gives no command and a reason', (name) => {
    const r = probeCommands(name, { comm: 'curl', pid: 1 });
    expect(r.commands).toEqual([]);
    expect(r.symbol).toBeNull();
    expect(r.refused).not.toBe('');
    expect(isPlainKernelSymbol(name)).toBe(false);
  });

  test('reasons name what is wrong', () => {
    expect(refusalReason('vfs_open+0x2c/0x40')).toContain('offset');
    expect(refusalReason('0xffffffffc0a1b2c3')).toContain('address');
    expect(refusalReason('tcp sendmsg')).toContain('space');
    expect(refusalReason('$(reboot)')).toContain('characters');
  });

  test('every command of an accepted name holds only the name, the pid and fixed text', () => {
    for (const c of probeCommands('do_execveat_common.isra.0', { comm: 'curl', pid: 139 }).commands) {
      // The only single quotes are the two around the bpftrace program.
      expect((c.command.match(/'/g) ?? []).length % 2).toBe(0);
      // Outside them the shell sees bare words: nothing it expands (a `$r` inside is bpftrace's).
      expect(c.command.replace(/'[^']*'/g, '')).not.toMatch(/[`$\\"\n;|&<>(){}*?[\]]/);
      expect(c.command).not.toMatch(/[`\\"\n]/);
    }
  });
});

describe('syscall names (kernel-source)', () => {
  test('syscallOfName reads the wrappers and helpers; isArchSyscallEntry only the entries', () => {
    expect(syscallOfName('__x64_sys_sendto')).toEqual({ name: 'sendto', compat: false });
    expect(syscallOfName('__arm64_compat_sys_ioctl')).toEqual({ name: 'ioctl', compat: true });
    expect(syscallOfName('__do_sys_sendto')).toEqual({ name: 'sendto', compat: false });
    expect(syscallOfName('tcp_sendmsg')).toBeNull();
    expect(isArchSyscallEntry('__x64_sys_sendto')).toBe(true);
    expect(isArchSyscallEntry('__arm64_sys_openat')).toBe(true);
    expect(isArchSyscallEntry('SyS_read')).toBe(true);
    expect(isArchSyscallEntry('__do_sys_sendto')).toBe(false);
    expect(isArchSyscallEntry('__se_sys_sendto')).toBe(false);
    expect(isArchSyscallEntry('sys_imageblit')).toBe(false);
    expect(isArchSyscallEntry('x64_sys_call')).toBe(false);
  });
});

describe('the latency one-liners, run', () => {
  /** Fires a latency command's probes in order and returns the samples of @ns and the maps left. */
  const run = (command: string, name: string, pair: [string, string], events: [('enter' | 'exit'), number, number, number][]) => {
    const program = bpftraceProgram(command);
    if (program === null) throw new Error(`not a bpftrace command: ${command}`);
    const sim = new BpftraceSim(program);
    // (nsecs counts from boot: never 0)
    for (const [what, tid, cpu, t] of events) sim.fire(what === 'enter' ? pair[0] : pair[1], name, { tid, cpu, nsecs: 1_000_000 + t });
    return { ns: sim.histogram('ns'), left: sim.nonEmpty() };
  };
  const latencyOf = (name: string, options: Parameters<typeof probeCommands>[3]) => {
    const cmds = probeCommands(name, undefined, [], options).commands;
    return [
      { command: cmds.find((c) => c.id === 'latency')!.command, pair: ['kprobe', 'kretprobe'] as [string, string] },
      { command: cmds.find((c) => c.id === 'fentry-latency')!.command, pair: ['fentry', 'fexit'] as [string, string] },
    ];
  };

  test('calls in two idle tasks at once (tid 0 on every CPU) are each measured from their own start', () => {
    // CPU 0's idle task enters at 0, CPU 1's at 5 and returns at 6, CPU 0's returns at 10.
    const events: [('enter' | 'exit'), number, number, number][] = [
      ['enter', 0, 0, 0],
      ['enter', 0, 1, 5],
      ['exit', 0, 1, 6],
      ['exit', 0, 0, 10],
    ];
    for (const nested of [false, true]) {
      for (const { command, pair } of latencyOf('napi_gro_receive', { onIdle: true, nested })) {
        expect(run(command, 'napi_gro_receive', pair, events).ns, command).toEqual([1, 10]);
      }
    }
    const note = probeCommands('napi_gro_receive', undefined, [], { onIdle: true }).commands.find((c) => c.id === 'latency')?.note;
    expect(note).toMatch(/idle/);
  });

  test('a thread that returns on another CPU than it entered on is still measured, idle or not', () => {
    const events: [('enter' | 'exit'), number, number, number][] = [
      ['enter', 42, 0, 0],
      ['exit', 42, 1, 20],
    ];
    for (const options of [{}, { onIdle: true }, { nested: true }, { onIdle: true, nested: true }]) {
      for (const { command, pair } of latencyOf('tcp_sendmsg', options)) {
        expect(run(command, 'tcp_sendmsg', pair, events).ns, command).toEqual([20]);
      }
    }
  });

  test('a call inside another on one idle CPU: both measured, beside another CPU', () => {
    const events: [('enter' | 'exit'), number, number, number][] = [
      ['enter', 0, 0, 0],
      ['enter', 0, 1, 5],
      ['enter', 0, 0, 7],
      ['exit', 0, 0, 8],
      ['exit', 0, 1, 9],
      ['exit', 0, 0, 10],
    ];
    for (const { command, pair } of latencyOf('__dev_queue_xmit', { onIdle: true, nested: true })) {
      expect(run(command, '__dev_queue_xmit', pair, events).ns, command).toEqual([1, 4, 10]);
    }
  });
  test('no key is left once every call has returned, and END clears the calls still running', () => {
    for (const options of [{}, { onIdle: true }, { nested: true }, { onIdle: true, nested: true }]) {
      for (const { command, pair } of latencyOf('tcp_sendmsg', options)) {
        const program = bpftraceProgram(command)!;
        const sim = new BpftraceSim(program);
        // 5,000 threads one after another, more than a map's max_map_keys (4,096 by
        // default): a key kept per thread would fill the map.
        for (let tid = 1; tid <= 5000; tid++) {
          sim.fire(pair[0], 'tcp_sendmsg', { tid, cpu: tid % 4, nsecs: 1_000_000 + 10 * tid });
          if (options.nested === true) {
            sim.fire(pair[0], 'tcp_sendmsg', { tid, cpu: tid % 4, nsecs: 1_000_001 + 10 * tid });
            sim.fire(pair[1], 'tcp_sendmsg', { tid, cpu: tid % 4, nsecs: 1_000_002 + 10 * tid });
          }
          sim.fire(pair[1], 'tcp_sendmsg', { tid, cpu: tid % 4, nsecs: 1_000_003 + 10 * tid });
        }
        expect(sim.nonEmpty(), command).toEqual(['@ns']);
        expect(sim.histogram('ns').length, command).toBe(options.nested === true ? 10_000 : 5000);
        // A call still running at exit (asleep in it) leaves its start: END clears it
        // before bpftrace prints the maps.
        sim.fire(pair[0], 'tcp_sendmsg', { tid: 7, cpu: 1, nsecs: 9_000_000 });
        expect(sim.nonEmpty(), command).not.toEqual(['@ns']);
        sim.end();
        expect(sim.nonEmpty(), command).toEqual(['@ns']);
      }
    }
  });
});

describe('the -P command', () => {
  test("says the trace's pid is a thread's id, which -P records alone (set_ftrace_pid keeps threads)", () => {
    const c = probeCommands('tcp_sendmsg', { comm: 'curl', pid: 139 }).commands.find((x) => x.id === 'record-pid');
    expect(c?.command.split(' ').slice(-2)).toEqual(['-P', '139']);
    expect(c?.purpose).toMatch(/thread 139\b/);
    expect(c?.note).toMatch(/^139 is the traced thread's id: -P records that thread only \(not the other threads of its process\)/);
    expect(c?.note).not.toMatch(/process still runs/);
  });
});

describe('the trace-cmd record commands, as trace-cmd reads them', () => {
  test('-F runs the task\'s program with -c, so the threads and children it starts are recorded too; -P takes the pid; -g each form', () => {
    const cmds = Object.fromEntries(probeCommands('getname_flags', { comm: 'curl', pid: 139 }, ['getname_flags.part.0']).commands.map((c) => [c.id, c.command]));
    const graphOf = (a: ReturnType<typeof parseRecordCommand>) => a.options.filter((o) => o.flag === 'g').map((o) => o.arg);
    const comm = parseRecordCommand(cmds['record-comm']);
    expect(comm.command).toEqual(['curl']);
    expect(comm.options.some((o) => o.flag === 'F')).toBe(true);
    expect(comm.options.some((o) => o.flag === 'c')).toBe(true);
    expect(comm.options.find((o) => o.flag === 'p')?.arg).toBe('function_graph');
    expect(graphOf(comm)).toEqual(['getname_flags', 'getname_flags.part.0']);
    const pid = parseRecordCommand(cmds['record-pid']);
    expect(pid.command).toEqual([]);
    expect(pid.options.find((o) => o.flag === 'P')?.arg).toBe('139');
    expect(graphOf(pid)).toEqual(['getname_flags', 'getname_flags.part.0']);
    const all = parseRecordCommand(cmds.record);
    expect(all.command).toEqual([]);
    expect(all.options.map((o) => o.flag)).toEqual(['p', 'g', 'g']);
    expect(probeCommands('getname_flags', { comm: 'curl', pid: 139 }).commands.find((c) => c.id === 'record-comm')?.note).toMatch(/-c the threads and processes it starts/);
  });
});

describe('the page fault handlers of arm64 (and arm, powerpc, riscv)', () => {
  test('do_page_fault and do_translation_fault are on the kprobe blacklist (__kprobes, NOKPROBE_SYMBOL): fentry/fexit, no kprobe', () => {
    for (const name of ['do_page_fault', 'do_translation_fault']) {
      const r = probeCommands(name, { comm: 'curl', pid: 5 });
      // Every probe the bpftrace programs attach, by type.
      const types = r.commands
        .map((c) => bpftraceProgram(c.command))
        .filter((p): p is string => p !== null)
        .flatMap((p) => [...p.matchAll(/(?:^|[\s,}])([a-z]+):[A-Za-z_.]/g)].map((m) => m[1]));
      expect(types.length, name).toBeGreaterThan(0);
      expect(types.filter((t) => t === 'kprobe' || t === 'kretprobe'), name).toEqual([]);
      expect(new Set(types), name).toEqual(new Set(['fentry', 'fexit']));
      expect(r.cautions.join(' '), name).toMatch(/kprobe blacklist \(__kprobes in arch\/arm64\/mm\/fault\.c/);
    }
  });
});
