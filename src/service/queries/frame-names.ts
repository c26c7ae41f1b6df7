/**
 * The names a flame answer uses, sent once per answer (not once per frame): `names[j]`,
 * the model function id of each (`nameFuncs[j]`, -1 - task for a task root, what
 * `matchedFuncs` returns) and its Elixir source URL (`links[j]`, core/names/kernel-source.ts)
 * or null.
 */
import { taskLabel, type TraceModel } from '../../core/model/tables';
import { elixirUrl } from '../../core/names/kernel-source';
import { bytesOf } from '../derived/budgeted-memo';
import type { DerivedData } from '../derived/derived-data';

/** The string table subset an answer refers to. */
export interface FrameNames {
  names: string[];
  /** Model function id of each name (-1 - task for a task root). */
  nameFuncs: Int32Array;
  /** Elixir source link of each name for the requested kernel version, or null. */
  links: (string | null)[];
}

/**
 * Per model (kept by its DerivedData): a slot per function and task (index func + tasks)
 * that maps it to its entry in the answer being built, valid while its stamp is that
 * answer's; and the source links already made, per kernel version.
 */
interface NameScratch {
  stamp: Int32Array;
  entry: Int32Array;
  answers: number;
  links: Map<string, Map<number, string | null>>;
}

/** Builds the per-answer string table. */
export class NameTable {
  readonly names: string[] = [];
  private readonly funcs: number[] = [];
  private readonly shift: number;
  private readonly scratch: NameScratch;
  private readonly stamp: number;

  private readonly model: TraceModel;

  constructor(derived: DerivedData) {
    const model = (this.model = derived.model);
    this.scratch = derived.keepPinned(
      'flame.nameScratch',
      (): NameScratch => {
        const size = model.strings.size + model.tasks.length;
        return { stamp: new Int32Array(size), entry: new Int32Array(size), answers: 0, links: new Map() };
      },
      (s) => bytesOf(s.stamp, s.entry),
    );
    this.stamp = ++this.scratch.answers;
    this.shift = model.tasks.length;
  }

  id(func: number): number {
    const key = func + this.shift;
    const s = this.scratch;
    if (s.stamp[key] === this.stamp) return s.entry[key];
    const j = this.names.length;
    s.stamp[key] = this.stamp;
    s.entry[key] = j;
    const model = this.model;
    this.names.push(func >= 0 ? model.strings.get(func) : taskLabel(model.tasks[-1 - func]));
    this.funcs.push(func);
    return j;
  }

  finish(kernelVersion: string | undefined): FrameNames {
    const version = kernelVersion ?? 'latest';
    const all = this.scratch.links;
    let links = all.get(version);
    if (!links) {
      if (all.size >= 4) all.clear();
      all.set(version, (links = new Map()));
    }
    const known = links;
    return {
      names: this.names,
      nameFuncs: Int32Array.from(this.funcs),
      // Task roots are not functions: no source.
      links: this.names.map((n, j) => {
        const f = this.funcs[j];
        if (f < 0) return null;
        let url = known.get(f);
        if (url === undefined) known.set(f, (url = elixirUrl(n, version)));
        return url;
      }),
    };
  }
}
