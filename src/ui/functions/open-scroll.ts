/**
 * Where the Functions grid scrolls when the tab opens with a function selected. It used to
 * scroll to that row always; with a search typed on another tab, whose matches the grid lists
 * first, that left them above the view while the line over the grid said "1 of 1,367
 * functions match …, listed first" (the seed: __x64_sys_connect searched on the Summary, the
 * grid opened at tcp_v4_init_sock, selected before, 480 rows down).
 */
export type OpenScroll = 'wait' | 'top' | number;

/**
 * `selectedIndex`: the selected function's row in the grid's order (−1 until the table has
 * come, or when it is not in view); `search`: whether a search is on, whether its matches have
 * come (the grid lists them first once they have), and how many rows they are.
 */
export function openScroll(selectedIndex: number, search: { active: boolean; ready: boolean; matches: number }): OpenScroll {
  if (selectedIndex < 0) return 'wait';
  if (!search.active) return selectedIndex;
  // Until the matches come the rows are in the sort's order: the selected row would move.
  if (!search.ready) return 'wait';
  // A selected match is among the first rows; any other leaves the matches in view.
  return selectedIndex < search.matches ? selectedIndex : 'top';
}
