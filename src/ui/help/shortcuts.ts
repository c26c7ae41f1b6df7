/** Every keyboard and mouse shortcut of the app, by view, for the `?` overlay. */

export interface Shortcut {
  /** Keys pressed together are one entry; alternatives are separate entries. */
  keys: string[][];
  what: string;
}

export interface ShortcutGroup {
  title: string;
  shortcuts: Shortcut[];
}

/** The context menu of a frame or row (ui/context-menu), the same in every view that has it. */
const FRAME_MENU: Shortcut = {
  keys: [['Right-click'], ['Menu'], ['Shift', 'F10']],
  what: 'Actions: copy the name or the stack, open the source, search for it, hook points',
};

/** The keys both flame graphs share (the chart kit's zoom and pan; ui/chart). */
const FLAME_GRAPH_KEYS: Shortcut[] = [
  { keys: [['Click']], what: 'Zoom into a frame' },
  { keys: [['Esc']], what: 'Zoom out one level' },
  { keys: [['Wheel'], ['+'], ['-']], what: 'Zoom in or out' },
  { keys: [['Drag'], ['←'], ['→']], what: 'Pan' },
  { keys: [['↑'], ['↓']], what: 'Scroll the rows' },
  { keys: [['0']], what: 'Reset the wheel zoom' },
];

/** The keys every virtualized list shares (ui/list-keys.ts): one item, one page, the ends. */
function listKeys(item: string, stepNote = ''): Shortcut[] {
  return [
    { keys: [['↑'], ['↓']], what: `Previous / next ${item}${stepNote}` },
    { keys: [['PgUp'], ['PgDn']], what: 'One page up / down' },
    { keys: [['Home'], ['End']], what: `First / last ${item}` },
  ];
}

export const SHORTCUT_GROUPS: readonly ShortcutGroup[] = [
  {
    title: 'Anywhere',
    shortcuts: [
      { keys: [['?']], what: 'Show or hide this list' },
      { keys: [['/'], ['Ctrl', 'F']], what: 'Search functions' },
      { keys: [['←'], ['→']], what: 'Previous / next view (on the view tabs)' },
      { keys: [['Esc']], what: 'Close a dialog' },
    ],
  },
  {
    title: 'Search box',
    shortcuts: [
      { keys: [['Enter']], what: 'Next match (shown in the call tree, the flame chart, or zoomed into in the flame graph)' },
      { keys: [['Shift', 'Enter']], what: 'Previous match' },
      { keys: [['Esc']], what: 'Clear the search' },
    ],
  },
  {
    title: 'Flame graph',
    shortcuts: [
      ...FLAME_GRAPH_KEYS,
      { keys: [['Hover']], what: 'A frame’s name, time and calls' },
      FRAME_MENU,
    ],
  },
  {
    title: 'Flame chart',
    shortcuts: [
      { keys: [['Click']], what: 'Pin a call’s card (CPU, start, end, input line, “Show the lines”); Esc or × unpins it' },
      { keys: [['Double-click']], what: 'Fit a call to the width' },
      { keys: [['Esc'], ['0']], what: 'Back to the whole time span' },
      { keys: [['Wheel'], ['+'], ['-']], what: 'Zoom in or out' },
      { keys: [['Drag'], ['←'], ['→']], what: 'Pan' },
      { keys: [['W'], ['S']], what: 'Zoom in or out about the pointer (as in Perfetto)' },
      { keys: [['A'], ['D']], what: 'Pan left or right' },
      { keys: [['Shift', 'Drag']], what: 'Measure an interval: its duration, start and end (Esc clears it)' },
      { keys: [['↑'], ['↓']], what: 'Scroll the rows' },
      FRAME_MENU,
    ],
  },
  {
    title: 'Overview strip',
    shortcuts: [
      { keys: [['Drag']], what: 'Pick a time range (every view shows only it)' },
      { keys: [['Drag the shaded window']], what: 'Pan the flame chart (when it is zoomed in)' },
      { keys: [['Double-click']], what: 'Back to the whole trace' },
    ],
  },
  {
    title: 'Call tree',
    shortcuts: [
      ...listKeys('row'),
      { keys: [['→']], what: 'Expand, or go to the first child' },
      { keys: [['←']], what: 'Collapse, or go to the parent' },
      { keys: [['Enter']], what: 'Expand or collapse; show callers and callees' },
      { keys: [['*']], what: 'Expand everything below the row' },
      { keys: [['a–z, 0–9, _']], what: 'Type a name: next open row that starts with it (leading _ skipped unless typed)' },
      FRAME_MENU,
    ],
  },
  {
    title: 'Functions table',
    shortcuts: [
      ...listKeys('function', ' (its callers and callees beside)'),
      { keys: [['Click']], what: 'A column header sorts by it (again: the other way)' },
      FRAME_MENU,
    ],
  },
  {
    title: 'Events',
    shortcuts: [
      ...listKeys('event'),
      { keys: [['Enter'], ['Click']], what: 'Show the event’s time in the flame chart' },
    ],
  },
  {
    title: 'Differential flame graph',
    shortcuts: [
      ...FLAME_GRAPH_KEYS,
      { keys: [['Hover']], what: 'A frame’s figures on A and on B, and the change' },
    ],
  },
  {
    title: 'Compared call tree',
    shortcuts: [
      { keys: [['↑'], ['↓']], what: 'Previous / next row' },
      { keys: [['Home'], ['End']], what: 'First / last row' },
      { keys: [['→']], what: 'Expand, or go to the first child' },
      { keys: [['←']], what: 'Collapse, or go to the parent' },
      { keys: [['Enter']], what: 'Expand or collapse' },
    ],
  },
  {
    title: 'Compared functions table',
    shortcuts: [
      ...listKeys('function', ' (its hook points below)'),
      { keys: [['Click']], what: 'A column header sorts by it (again: the other way)' },
    ],
  },
  {
    title: 'Kernel source box',
    shortcuts: [
      { keys: [['Enter']], what: 'Use the typed version for every source link' },
      { keys: [['Esc']], what: 'Undo the typing' },
    ],
  },
];
