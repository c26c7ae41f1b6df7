/**
 * From a traced function name to a link into the kernel source on Elixir
 * (elixir.bootlin.com). docs/formats.md §6.2 (normalising a name) and §6.3 (URL scheme).
 *
 * Names come from untrusted text: a link is made only from an identifier that matches
 * `^[A-Za-z_][A-Za-z0-9_]*$` and a version that matches one of the known tag shapes, and
 * both are URL-encoded anyway. Anything else gives null: no link.
 */

export interface SymbolParts {
  /** The C identifier to look up, or null when the name has none (address, BPF, Rust…). */
  ident: string | null;
  /** The name without module, address and offset (`do_execveat_common.isra.0`). */
  name: string;
  /** Compiler clone suffix starting with its dot (`.isra.0`, `.cold`), '' when none. */
  cloneSuffix: string;
  /** Module from ` [module]`, '' when none. */
  module: string;
}

const IDENT_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Arch syscall wrappers and the SYSCALL_DEFINE helpers; group 2 = `compat_` or ''. */
const SYSCALL_WRAPPER_RE = /^__(?:x64|ia32|x32|arm64|riscv|s390x|s390|se|do)_(compat_)?sys_(\w+)$/;
/** Pre-4.17 kernels: `sys_NAME`, `SyS_NAME`, `compat_SyS_NAME`. */
const OLD_SYSCALL_RE = /^(compat_)?(?:SyS|sys)_(\w+)$/;

/** Splits a function name as printed into its parts and the identifier to link (§6.2). */
export function parseSymbol(raw: string): SymbolParts {
  let s = raw.trim();
  let module = '';
  // 1. ` [module]`, ` <address>`, `+0xOFF/0xSIZE`: cut everything from the first of them.
  const mod = /^[^ ]* \[([^\]]*)\]/.exec(s);
  if (mod) module = mod[1];
  for (const cut of [' [', ' <', '+0x']) {
    const k = s.indexOf(cut);
    if (k >= 0) s = s.slice(0, k);
  }
  s = s.trim();
  const none = (name: string, cloneSuffix = ''): SymbolParts => ({ ident: null, name, cloneSuffix, module });
  // 2. Addresses and bracketed specials have no source.
  if (s === '' || s.startsWith('[') || /^(?:0x[0-9a-f]+|[0-9]+|[0-9a-f]{8,})$/i.test(s)) return none(s);
  // BPF programs and Rust (v0 `_R…`, legacy `_ZN…`) symbols: display only.
  if (/^bpf_prog_/.test(s) || /^_R[A-Z0-9]/.test(s) || /^_ZN/.test(s)) return none(s);
  // 3. Compiler clone suffixes all start with a dot; C identifiers never contain one. A
  // leading dot is ppc64 ELFv1's function entry symbol (`.schedule`), not a suffix.
  const lead = elfV1DotLength(s);
  const dot = s.indexOf('.', lead);
  const base = dot >= 0 ? s.slice(lead, dot) : s.slice(lead);
  const cloneSuffix = dot >= 0 ? s.slice(dot) : '';
  // 4. Padding symbols of CFI / function alignment.
  let ident = base.replace(/^(?:__pfx_|__cfi_)+/, '');
  // 5. Syscall wrappers: Elixir indexes SYSCALL_DEFINE(name) as sys_name.
  let m = SYSCALL_WRAPPER_RE.exec(ident);
  if (m) ident = `${m[1] ?? ''}sys_${m[2]}`;
  else if ((m = OLD_SYSCALL_RE.exec(ident))) ident = `${m[1] ?? ''}sys_${m[2]}`;
  // 6. Whatever is left must be a C identifier.
  if (!IDENT_RE.test(ident)) return none(s, cloneSuffix);
  return { ident, name: s, cloneSuffix, module };
}

/**
 * The syscall a wrapper or SYSCALL_DEFINE helper stands for (`__x64_sys_sendto` →
 * `{ name: 'sendto', compat: false }`), or null when the name is not one. The same rules
 * as the source link's step 5, so the two never disagree.
 */
export function syscallOfName(raw: string): { name: string; compat: boolean } | null {
  const base = baseName(raw);
  const m = SYSCALL_WRAPPER_RE.exec(base) ?? OLD_SYSCALL_RE.exec(base);
  return m ? { name: m[2], compat: m[1] !== undefined } : null;
}

/**
 * Whether a name is where a syscall enters the traced kernel: the arch wrappers
 * (`__x64_sys_*`, `__arm64_sys_*`, `__ia32_compat_sys_*`, …) and the pre-4.17 `SyS_*`.
 * Not the `__se_sys_`/`__do_sys_` helpers, which run under a wrapper, nor a bare `sys_*`,
 * which older kernels also use for ordinary functions (`sys_imageblit`).
 */
export function isArchSyscallEntry(raw: string): boolean {
  return /^(?:__(?:x64|ia32|x32|arm64|riscv|s390x|s390)_(?:compat_)?sys_\w+|(?:compat_)?SyS_\w+)$/.test(raw.slice(elfV1DotLength(raw)));
}

/**
 * What part of a syscall a SYSCALL_DEFINE name is (include/linux/syscalls.h): `body` for
 * `__do_sys_*` (the function SYSCALL_DEFINE's block becomes), `helper` for `__se_sys_*` (the
 * one that sign-extends the arguments and calls the body), `wrapper` for the rest (the
 * architecture's entry the syscall table calls, a pre-4.17 `SyS_*`, and a bare `sys_*`,
 * which may also be no syscall at all: isBareSyscallName). Null when the name is no syscall's.
 */
export function syscallPart(raw: string): 'wrapper' | 'body' | 'helper' | null {
  if (syscallOfName(raw) === null) return null;
  const base = baseName(raw);
  if (/^__do_(?:compat_)?sys_/.test(base)) return 'body';
  if (/^__se_(?:compat_)?sys_/.test(base)) return 'helper';
  return 'wrapper';
}

/**
 * Whether a name that reads as a syscall's (syscallOfName) is a bare `sys_*` (or
 * `compat_sys_*`): the entry of a syscall on kernels before 4.17 and on architectures
 * without syscall wrappers, but also the prefix of ordinary functions (`sys_imageblit`,
 * `sys_fillrect`): such a name may not be a syscall at all.
 */
export function isBareSyscallName(raw: string): boolean {
  return /^(?:compat_)?sys_\w/.test(baseName(raw)) && syscallOfName(raw) !== null;
}

/**
 * C functions that call a syscall's entry from the syscall table: x86's do_syscall_64,
 * do_int80_syscall_32, do_fast_syscall_32 (arch/x86/entry/common.c) and x64_sys_call /
 * ia32_sys_call (6.9+), arm64's invoke_syscall / el0_svc_common, riscv's
 * do_trap_ecall_u, s390's __do_syscall, loongarch's do_syscall.
 */
const SYSCALL_DISPATCHERS = new Set([
  'do_syscall_64',
  'do_int80_syscall_32',
  'do_fast_syscall_32',
  'x64_sys_call',
  'ia32_sys_call',
  'invoke_syscall',
  'el0_svc_common',
  'do_trap_ecall_u',
  '__do_syscall',
  'do_syscall',
]);

/**
 * Whether a call of a bare `sys_*` name (isBareSyscallName) is a syscall's entry, given the
 * name of the call's parent (null when the trace has none). Where there is no arch wrapper
 * the syscall table holds `sys_*` itself (powerpc: arch/powerpc/include/asm/syscall_wrapper.h
 * names the pt_regs entry `sys_##name`; 32-bit arm, mips and the pre-4.17 kernels:
 * include/linux/syscalls.h's `sys##name` alias), and what calls it is either not traced
 * (assembly, or powerpc's `notrace` system_call_exception: the call is a root of the trace)
 * or a dispatcher above. An ordinary function with the prefix (`sys_imageblit`, fbdev) is
 * called from C: its parent is neither, unless the trace begins inside it or graphs it alone.
 */
export function isBareSyscallEntryCall(name: string, parent: string | null): boolean {
  return isBareSyscallName(name) && (parent === null || SYSCALL_DISPATCHERS.has(baseName(parent)));
}

/**
 * Whether a syscall wrapper is the entry of a 32-bit (compat) syscall on a 64-bit kernel:
 * `__ia32_compat_*`, `__x32_*`, or any `compat_` one (`__s390_compat_sys_*`). The
 * `syscalls:sys_enter_*` tracepoints skip those where the architecture sets
 * ARCH_TRACE_IGNORE_COMPAT_SYSCALLS (x86, arm64, riscv, s390: kernel/trace/trace_syscalls.c,
 * trace_get_syscall_nr returns -1). Not `__ia32_sys_*` nor `__s390_sys_*`, which may be
 * 64-bit entries too: see isIa32SyscallEntry and isS390SyscallEntry.
 */
export function isCompatSyscallEntry(raw: string): boolean {
  const base = baseName(raw);
  return /^__(?:ia32_compat|x32)_/.test(base) || /(?:^|_)compat_(?:sys|SyS)_/.test(base);
}

/**
 * Whether a name is an `__s390_sys_*` wrapper (arch/s390/include/asm/syscall_wrapper.h,
 * CONFIG_COMPAT): for a syscall with arguments the 31-bit (compat) task's stub
 * (__S390_SYS_STUBx), which the syscall tracepoints skip; but for one without
 * (SYSCALL_DEFINE0: getpid, sched_yield, fork…) an alias of the 64-bit `__s390x_sys_*` at
 * the same address, and a trace names that address by its first alias in kallsyms' order
 * (kernel/kallsyms.c get_symbol_pos; `nm -n` sorts `__s390_` before `__s390x_`): so a
 * 64-bit task's getpid may print as `__s390_sys_getpid`.
 */
export function isS390SyscallEntry(raw: string): boolean {
  return /^__s390_sys_\w+$/.test(baseName(raw));
}

/**
 * Whether a name is an `__ia32_sys_*` wrapper, which arch/x86/include/asm/syscall_wrapper.h
 * makes for "32-bit native syscall or common compat syscall" (CONFIG_X86_32 ||
 * CONFIG_IA32_EMULATION): on a 64-bit kernel a 32-bit task's, which the syscall
 * tracepoints skip (arch/x86/include/asm/ftrace.h sets ARCH_TRACE_IGNORE_COMPAT_SYSCALLS
 * under CONFIG_IA32_EMULATION only), but on a 32-bit x86 kernel every call of the syscall,
 * which they trace. The name alone does not say which kernel printed it.
 */
export function isIa32SyscallEntry(raw: string): boolean {
  return /^__ia32_sys_\w+$/.test(baseName(raw));
}

/**
 * The name before its compiler clone suffix (`tcp_sendmsg_locked.isra.0`, `.constprop.2`,
 * `.part.0`, `.cold`, clang's `.llvm.1234…`: GCC and clang add them with a dot, which no C
 * identifier holds), trimmed, without a ppc64 ELFv1 leading dot: the function a build's
 * clone stands for, so two builds' names of one function meet (compare mode). The same
 * rule as the source link's step 3.
 */
export function cloneBaseName(raw: string): string {
  return baseName(raw);
}

/** The name before its clone suffix, trimmed, without a ppc64 ELFv1 leading dot. */
function baseName(raw: string): string {
  const s = raw.trim();
  const lead = elfV1DotLength(s);
  const dot = s.indexOf('.', lead);
  return dot >= 0 ? s.slice(lead, dot) : s.slice(lead);
}

/**
 * 1 when the name is a ppc64 ELFv1 function entry symbol (`.schedule`, `.sys_write`): the
 * text symbol beside the function descriptor, the one kallsyms and so ftrace print there
 * (arch/powerpc/kernel/kprobes.c kprobe_lookup_name "Check for the dot variant of the
 * symbol first"; the ELFv1 arch_syscall_match_sym_name skipped "the initial dot"), else 0.
 */
export function elfV1DotLength(name: string): number {
  return name.length > 1 && name[0] === '.' && /[A-Za-z_]/.test(name[1]) ? 1 : 0;
}

/** The identifier to look up for a function name, or null when it must not be linked. */
export function sourceIdentifier(name: string): string | null {
  return parseSymbol(name).ident;
}

/** Elixir version tags a user may type: `latest`, `v6.8`, `v6.12.5`, `v6.10-rc3`. */
const VERSION_RE = /^(?:latest|v[1-9][0-9]?\.[0-9]{1,3}(?:\.[0-9]{1,4}|-rc[0-9]{1,3})?)$/;

/** The version if it is one Elixir can have (trimmed), else null. */
export function validateElixirVersion(version: string): string | null {
  const v = version.trim();
  return VERSION_RE.test(v) ? v : null;
}

/**
 * The Elixir tag for a kernel release string (`uname -r`): `6.8.0-45-generic` → `v6.8`
 * (X.Y.0 is the X.Y tag; distributions' ABI numbers are not stable sublevels),
 * `7.1.8-arch1-3` → `v7.1.8`, `6.6.30-rt30` → `v6.6.30`, `6.10.0-rc3` → `v6.10-rc3`.
 * Null when the text is not a release string.
 */
export function elixirVersionFromRelease(release: string): string | null {
  const m = /^v?([1-9][0-9]?)\.([0-9]{1,3})(?:\.([0-9]{1,4}))?([-+_.~][A-Za-z0-9._+~-]*)?$/.exec(release.trim());
  if (!m) return null;
  const [, major, minor, sub, rest = ''] = m;
  const sublevel = sub === undefined ? 0 : Number(sub);
  if (sublevel === 0) {
    // Release candidates are X.Y.0-rcN (Fedora: X.Y.0-0.rcN.…).
    const rc = /(?:^|[-.])rc([0-9]{1,3})(?![0-9])/.exec(rest);
    return rc ? `v${major}.${minor}-rc${rc[1]}` : `v${major}.${minor}`;
  }
  return `v${major}.${minor}.${sublevel}`;
}

/**
 * `https://elixir.bootlin.com/linux/VERSION/A/ident/IDENT` for a function name, or null
 * when the name has no identifier or the version is not a valid tag.
 */
export function elixirUrl(name: string, version = 'latest'): string | null {
  const ident = sourceIdentifier(name);
  const v = validateElixirVersion(version);
  if (ident === null || v === null) return null;
  return `https://elixir.bootlin.com/linux/${encodeURIComponent(v)}/A/ident/${encodeURIComponent(ident)}`;
}
