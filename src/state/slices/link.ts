/**
 * The permalink slice: what a link asked for that could not be applied yet, and the
 * notices about the parts of it that were ignored. Shown by the link notice bar.
 */
import type { StateCreator } from 'zustand';
import type { SharedView, TraceIdentity } from '../url/codec';

export interface LinkState {
  /** A view from the link waiting for its trace to be opened (dropped, picked…). */
  pending: SharedView | null;
  /** The trace that was opened is not the one the link names: apply anyway? */
  mismatch: { expected: TraceIdentity; actual: TraceIdentity } | null;
  /** One sentence per ignored part of the link (never markup). */
  notices: string[];
}

export interface LinkSlice {
  link: LinkState;
}

export const initialLink: LinkState = { pending: null, mismatch: null, notices: [] };

export const createLinkSlice: StateCreator<LinkSlice, [], [], LinkSlice> = () => ({ link: initialLink });
