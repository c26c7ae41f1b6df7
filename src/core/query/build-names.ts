/**
 * How compare mode matches a function's names across two kernel builds.
 *
 * GCC and clang name a function's clones with a suffix after a dot (`.isra.0`,
 * `.constprop.2`, `.part.0`, `.cold`, clang's `.llvm.<hash>`), and the suffix and its number
 * depend on the build: `tcp_sendmsg_locked.isra.0` on one kernel is `tcp_sendmsg_locked`
 * or `tcp_sendmsg_locked.isra.1` on another. Matched as strings, such a function was drawn
 * as gone on one side and new on the other, with everything below it.
 *
 * The rule (by base name, the default): an exact name is matched first; then, among the
 * names one side has and the other lacks at the same place (a path's children, the roots,
 * the whole trace for the functions table), two names of the same base name
 * (lib/kernel-source.ts cloneBaseName) are one function when each is the ONLY such name on
 * its side there: `foo.constprop.0` and `foo.constprop.1` in A against `foo.constprop.2`
 * in B stay apart, since which of A's is B's is not known. A matched pair keeps each side's
 * real name (A's names it; `otherName` gives B's). With `exactNames` only exact names match.
 *
 * The same holds for the syscall wrappers of two architectures (a laptop's x86 against an
 * arm64 fleet): `__x64_sys_write` and `__arm64_sys_write` are the entry of one syscall
 * (arch/x86/include/asm/syscall_wrapper.h and arch/arm64/include/asm/syscall_wrapper.h make
 * `__<arch>_sys_<name>` of each SYSCALL_DEFINE), so their key is the syscall's
 * (lib/kernel-source.ts syscallOfName, compat apart). So is a bare `sys_<name>` /
 * `compat_sys_<name>` (ppc64's ELFv1 `.sys_write` too): the entry where there is no arch
 * wrapper (arch/powerpc/include/asm/syscall_wrapper.h names the pt_regs entry `sys##name`;
 * 32-bit arm, mips, loongarch and pre-4.17 kernels call include/linux/syscalls.h's
 * `sys##name` from the table), so an x86 or arm64 trace meets a ppc64 or arm one. A bare
 * name that is no syscall (`sys_imageblit`) gets a key no other function has.
 */
import { cloneBaseName, elfV1DotLength, isArchSyscallEntry, isBareSyscallName, syscallOfName } from '../../lib/kernel-source';

/**
 * What two builds' names of one function share: an arch syscall wrapper's syscall
 * (`\0sys:write`, `\0compat_sys:…`; a NUL no traced name holds), else the base name.
 */
export function matchKey(name: string): string {
  // (read for every name of both traces at each merge: the rules' regular expressions only
  // where they can apply, a wrapper beginning `__`, `SyS_`, `compat_`, `sys_` or an ELFv1 dot)
  const c = name.charCodeAt(0);
  if ((c === 0x5f || c === 0x53 || c === 0x63 || c === 0x73 || c === 0x2e) && (isArchSyscallEntry(name) || isBareSyscallEntryName(name))) {
    const sys = syscallOfName(name);
    if (sys) return `\0${sys.compat ? 'compat_' : ''}sys:${sys.name}`;
  }
  const plain = name.indexOf('.') < 0 && c > 0x20 && name.charCodeAt(name.length - 1) > 0x20;
  return plain ? name : cloneBaseName(name);
}

/** A bare `sys_*` / `compat_sys_*` without a clone suffix (`.sys_write` included): a syscall's entry where no arch wrapper is. */
function isBareSyscallEntryName(name: string): boolean {
  return isBareSyscallName(name) && name.indexOf('.', elfV1DotLength(name)) < 0;
}

/** Each name's base-name id (equal ids = equal base names) and whether it has a suffix. */
export interface BaseNames {
  readonly base: Int32Array;
  /** 1 where the name is not its key (a clone's, a ppc64 ELFv1 dot symbol's, an arch syscall wrapper's: matchKey). */
  readonly suffixed: Uint8Array;
}

/**
 * The base names of a table of names. A plain name (nearly all) is its own id, its index;
 * only the suffixed ones' keys go through a map (a map of every name was half the cost of a
 * merge of two 40k-name tables), a key that is itself a name of the table taking its index.
 */
export function baseNamesOf(names: readonly string[]): BaseNames {
  const n = names.length;
  const base = new Int32Array(n);
  const suffixed = new Uint8Array(n);
  const keys: string[] = new Array<string>(n);
  const keyId = new Map<string, number>();
  for (let k = 0; k < n; k++) {
    const key = matchKey(names[k]);
    base[k] = k;
    if (key === names[k]) continue;
    suffixed[k] = 1;
    keys[k] = key;
    keyId.set(key, -1);
  }
  if (keyId.size === 0) return { base, suffixed };
  for (let k = 0; k < n; k++) if (suffixed[k] === 0 && keyId.get(names[k]) === -1) keyId.set(names[k], k);
  let fresh = n;
  for (let k = 0; k < n; k++) {
    if (suffixed[k] === 0) continue;
    let id = keyId.get(keys[k])!;
    if (id === -1) keyId.set(keys[k], (id = fresh++));
    base[k] = id;
  }
  return { base, suffixed };
}

/**
 * The pairs of one place: `onlyA` and `onlyB` are the base ids of the names there that one
 * side has and the other lacks; returns [i, j] for each base id that is the only one of
 * its id in onlyA (index i) and in onlyB (index j), in the order of onlyA.
 */
export function pairByBase(onlyA: ArrayLike<number>, onlyB: ArrayLike<number>): [number, number][] {
  if (onlyA.length === 0 || onlyB.length === 0) return [];
  // Per base id: its index on each side, -2 once it is seen twice there.
  const seen = new Map<number, [number, number]>();
  for (let i = 0; i < onlyA.length; i++) {
    const e = seen.get(onlyA[i]);
    if (e) e[0] = -2;
    else seen.set(onlyA[i], [i, -1]);
  }
  for (let j = 0; j < onlyB.length; j++) {
    const e = seen.get(onlyB[j]);
    if (!e) continue;
    e[1] = e[1] === -1 ? j : -2;
  }
  const pairs: [number, number][] = [];
  for (const [i, j] of seen.values()) if (i >= 0 && j >= 0) pairs.push([i, j]);
  return pairs.sort((x, y) => x[0] - y[0]);
}
