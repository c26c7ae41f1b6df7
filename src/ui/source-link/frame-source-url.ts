/**
 * The source link of a name in a flame answer (flame graph, flame chart), for the hover
 * card. Answers carry names, not links: the link is made here for the version shown, so
 * choosing another version re-renders the card and asks the worker nothing.
 */
import { elixirUrl } from '../../lib/kernel-source';

/** The names an answer refers to and the model function id of each (-1 - task for a task root). */
export interface NamedFrames {
  names: readonly string[];
  nameFuncs: Int32Array;
}

/** The Elixir URL of name `j` of the answer, or null: task roots are not functions. */
export function frameSourceUrl(frames: NamedFrames, j: number, version: string): string | null {
  if (!(j >= 0 && j < frames.names.length) || frames.nameFuncs[j] < 0) return null;
  return elixirUrl(frames.names[j], version);
}
