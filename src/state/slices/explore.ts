/**
 * The explorer slice: everything that decides WHAT the views show, shared by all of them
 * (and, through the URL codec, by permalinks). Hover, scroll and other transient view
 * details stay in each component.
 *
 * Filters hold task ids and CPU numbers of the loaded trace; names (not node indices) are
 * used for paths so they survive a re-parse.
 */
import type { StateCreator } from 'zustand';
import type { IrqMode } from '../../core/model/interrupt-mode';

export interface ExploreState {
  /** Task ids (indices into the model's tasks); empty = all tasks. */
  tasks: number[];
  /** CPUs; empty = all CPUs. */
  cpus: number[];
  /** Time range [startNs, endNs] chosen on the overview, or null for the whole trace. */
  range: [number, number] | null;
  /** Keep only the subtrees of syscall entry points. */
  syscallsOnly: boolean;
  /** Search text: a case-insensitive substring, or `/regex/flags`. '' = no search. */
  search: string;
  /** Call tree and flame graph bottom-up (callers under callees). */
  inverted: boolean;
  /** Flame graph zoom root as function names from the root ([] = not zoomed). */
  zoomPath: string[];
  /** The call tree's focused row as function names from the root ([] = none). */
  focusPath: string[];
  /**
   * The call tree's open rows besides the way to the focus: the deepest open row of each
   * branch as names from the root (its ancestors are open with it). Written by the tree.
   */
  openPaths: string[][];
  /** The function whose callers / callees / histogram are shown, or null. */
  selectedFunction: string | null;
  /** Task shown in the flame chart (time-ordered, one task), or null = the busiest. */
  chartTask: number | null;
  /** Elixir version for source links: `latest` or a tag like `v6.8`. */
  kernelVersion: string;
  /** How interrupt time counts in every view (core/model/interrupt-mode.ts). */
  irq: IrqMode;
}

export interface ExploreSlice {
  explore: ExploreState;
}

export const initialExplore: ExploreState = {
  tasks: [],
  cpus: [],
  range: null,
  syscallsOnly: false,
  search: '',
  inverted: false,
  zoomPath: [],
  focusPath: [],
  openPaths: [],
  selectedFunction: null,
  chartTask: null,
  kernelVersion: 'latest',
  irq: 'in-place',
};

export const createExploreSlice: StateCreator<ExploreSlice, [], [], ExploreSlice> = () => ({
  explore: initialExplore,
});
