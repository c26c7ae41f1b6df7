/**
 * The view slice: what the user looks at (the active tab of the views area). Hover,
 * selection and viewport state of the flame graph / call tree views go here too.
 */
import type { StateCreator } from 'zustand';

/** Ids of the views area tabs (the UI's view registry maps them to components). */
export type ViewId = string;

export interface ViewState {
  activeView: ViewId;
}

export interface ViewSlice {
  view: ViewState;
}

export const initialView: ViewState = { activeView: 'summary' };

export const createViewSlice: StateCreator<ViewSlice, [], [], ViewSlice> = () => ({
  view: initialView,
});
