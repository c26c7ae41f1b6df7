/**
 * What the hook candidates are ranked under, in words: one call path (a flame graph
 * frame's "Hook candidates under it": the calls of that frame only), one call (a flame
 * chart frame's) or every call of the function (the panel's button, started from a name).
 * Names are trace text: the words are rendered as text.
 */
import type { HookFrameAt } from '../../core/query/hook-points';
import { bidiIsolated } from '../../lib/bidi';

/** Names of a path shown before the rest is cut to `…` (the first, then the last ones). */
const SHOWN_TAIL = 3;

/**
 * `under tcp_sendmsg at __x64_sys_sendto > … > tcp_sendmsg`, `under this call of tcp_sendmsg
 * (curl-139 > … > tcp_sendmsg)` (a flame chart frame), or `under every call of tcp_sendmsg`.
 */
export function hookScopeText(frame: string, at: HookFrameAt | null): string {
  if (at === null) return `under every call of ${bidiIsolated(frame)}`;
  if (at.call !== undefined) return `under this call of ${bidiIsolated(frame)} (${shortPath(at.path)})`;
  return `under ${bidiIsolated(frame)} at ${shortPath(at.path)}`;
}

/** The whole path, for a title. */
export function fullPath(at: HookFrameAt): string {
  return at.path.map(bidiIsolated).join(' > ');
}

/**
 * The path's names set apart (lib/bidi.ts): a right-to-left override in one ran on over the
 * ` > ` and the names after it, the path read backwards.
 */
function shortPath(path: readonly string[]): string {
  const shown = path.length <= SHOWN_TAIL + 1 ? path : [path[0], '…', ...path.slice(-SHOWN_TAIL)];
  return shown.map(bidiIsolated).join(' > ');
}
