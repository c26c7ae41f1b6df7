/**
 * The permalink slice: what a link asked for that could not be applied yet, and the
 * notices about the parts of it that were ignored. Shown by the link notice bar.
 */
import type { StateCreator } from 'zustand';
import type { SharedCompare, SharedView, TraceIdentity } from '../url/codec';

export interface LinkState {
  /** A view from the link waiting for its trace to be opened (dropped, picked…). */
  pending: SharedView | null;
  /** The trace that was opened is not the one the link names: apply anyway? */
  mismatch: { expected: TraceIdentity; actual: TraceIdentity } | null;
  /** One sentence per ignored part of the link (never markup). */
  notices: string[];
  /** A link's compare mode waiting for side B (its file, its URL's load, or side A first). */
  pendingCompare: SharedCompare | null;
}

export interface LinkSlice {
  link: LinkState;
}

export const initialLink: LinkState = { pending: null, mismatch: null, notices: [], pendingCompare: null };

export const createLinkSlice: StateCreator<LinkSlice, [], [], LinkSlice> = () => ({ link: initialLink });
