/**
 * "Compare from here": the action the compare views offer on a frame or row (the
 * differential flame graph's card, the compared table's and tree's frame menu). It makes
 * the function the start of every compared path on both sides (compare.pathsFrom), so a
 * function the two sides reach by different callers (curl's tcp_sendmsg under
 * __x64_sys_sendto, nc's under __x64_sys_write > … > sock_write_iter) is compared below it.
 */
import { setPathsFrom } from '../../state/compare-actions';
import { useAppStore } from '../../state/store';

export const COMPARE_FROM_HERE = 'Compare from here';

/** The action on `name` (none when the paths already start there). */
export function compareFromHere(name: string): { label: string; act: () => void }[] {
  if (useAppStore.getState().compare.pathsFrom === name) return [];
  return [{ label: COMPARE_FROM_HERE, act: () => setPathsFrom(name) }];
}
