/**
 * Type-ahead in the call tree (WAI-ARIA APG tree view): a printable character moves the
 * focus to the next row, after the focused one and wrapping, whose name starts with the
 * characters typed; characters typed less than TYPE_AHEAD_MS apart make one prefix.
 * Case-insensitive. Leading underscores of a name are skipped unless the prefix itself starts
 * with `_`: `x64` finds `__x64_sys_sendto` and `tcp` finds `tcp_sendmsg`, as a kernel
 * engineer reads the names; `__x` still finds `__x64_sys_sendto` only. A ppc64 ELFv1 trace
 * names every function by its dot symbol (`.tcp_sendmsg`: lib/kernel-source.ts
 * elfV1DotLength), so that leading dot is skipped too unless the prefix starts with `.`:
 * `tcp` finds `.tcp_sendmsg` there as it finds `tcp_sendmsg` elsewhere.
 */
import { elfV1DotLength } from '../../lib/kernel-source';

/** Characters typed closer together than this extend the prefix; a longer pause starts again. */
export const TYPE_AHEAD_MS = 500;

/** The prefix typed so far and when its last character came. */
export interface TypeAhead {
  prefix: string;
  at: number;
}

export const NO_TYPE_AHEAD: TypeAhead = { prefix: '', at: -Infinity };

/**
 * Whether a key (KeyboardEvent.key) is type-ahead's: one printable character that is not
 * whitespace and not a key the page or the tree already binds (`*` expands a subtree, `/`
 * focuses the search box, `?` shows the shortcuts).
 */
export function isTypeAheadKey(key: string): boolean {
  return [...key].length === 1 && !/[\s*/?]/u.test(key) && !/\p{C}/u.test(key);
}

/** The prefix after `key` typed at `now` (ms): appended within TYPE_AHEAD_MS, else restarted. */
export function typeAheadAfter(state: TypeAhead, key: string, now: number): TypeAhead {
  const prefix = now - state.at <= TYPE_AHEAD_MS ? state.prefix + key : key;
  return { prefix, at: now };
}

function startsWith(name: string, prefix: string): boolean {
  const n = name.toLowerCase();
  if (n.startsWith(prefix)) return true;
  if (prefix.startsWith('.')) return false;
  const bare = n.slice(elfV1DotLength(n));
  return bare.startsWith(prefix) || (!prefix.startsWith('_') && bare.replace(/^_+/, '').startsWith(prefix));
}

/**
 * The index of the row type-ahead focuses, or -1 when no row matches (the focus stays).
 * A one-character prefix starts after `focused` (pressing `t` again goes on to the next
 * `t…`); a longer one starts at `focused` itself, so `tc` after `t` stays on `tcp_sendmsg`.
 * A prefix of one character repeated (`tt`) that no name starts with steps through that
 * character's rows. `focused` is -1 when no row is focused (the search starts at the top).
 */
export function typeAheadMatch(names: readonly string[], focused: number, prefix: string): number {
  const n = names.length;
  if (n === 0 || prefix === '') return -1;
  const p = prefix.toLowerCase();
  const find = (q: string, from: number): number => {
    for (let k = 0; k < n; k++) {
      const i = (((from + k) % n) + n) % n;
      if (startsWith(names[i], q)) return i;
    }
    return -1;
  };
  const start = focused < 0 ? 0 : [...p].length === 1 ? focused + 1 : focused;
  const hit = find(p, start);
  if (hit >= 0) return hit;
  const chars = [...p];
  if (chars.length > 1 && chars.every((c) => c === chars[0])) return find(chars[0], focused < 0 ? 0 : focused + 1);
  return -1;
}
