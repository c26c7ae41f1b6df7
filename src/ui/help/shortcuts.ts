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
      { keys: [['Enter']], what: 'Next match (selects it in the call tree)' },
      { keys: [['Shift', 'Enter']], what: 'Previous match' },
      { keys: [['Esc']], what: 'Clear the search' },
    ],
  },
  {
    title: 'Flame graph and flame chart',
    shortcuts: [
      { keys: [['Click']], what: 'Zoom into a frame' },
      { keys: [['Esc']], what: 'Zoom out one level' },
      { keys: [['Wheel']], what: 'Zoom in or out around the pointer' },
      { keys: [['Drag']], what: 'Pan' },
      { keys: [['Hover']], what: 'Show a frame’s name, time and calls' },
    ],
  },
  {
    title: 'Call tree',
    shortcuts: [
      { keys: [['↑'], ['↓']], what: 'Previous / next row' },
      { keys: [['→']], what: 'Expand, or go to the first child' },
      { keys: [['←']], what: 'Collapse, or go to the parent' },
      { keys: [['Home'], ['End']], what: 'First / last row' },
      { keys: [['Enter']], what: 'Show the function’s callers and callees' },
      { keys: [['*']], what: 'Expand everything below the row' },
    ],
  },
];
