/**
 * The names a flame answer uses, sent once per answer (not once per frame): `names[j]` and
 * the model function id of each (`nameFuncs[j]`, -1 - task for a task root, what
 * `matchedFuncs` returns). Source links are not in the answer: the UI makes them from the
 * names (lib/kernel-source.ts) for the kernel version it shows, so changing the version
 * asks the worker nothing.
 */
import { taskLabel, type TraceModel } from '../../core/model/tables';
import { bytesOf } from '../derived/budgeted-memo';
import type { DerivedData } from '../derived/derived-data';

/** The string table subset an answer refers to. */
export interface FrameNames {
  names: string[];
  /** Model function id of each name (-1 - task for a task root). */
  nameFuncs: Int32Array;
}

/**
 * Per model (kept by its DerivedData): a slot per function and task (index func + tasks)
 * that maps it to its entry in the answer being built, valid while its stamp is that
 * answer's.
 */
interface NameScratch {
  stamp: Int32Array;
  entry: Int32Array;
  answers: number;
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
        return { stamp: new Int32Array(size), entry: new Int32Array(size), answers: 0 };
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

  finish(): FrameNames {
    return { names: this.names, nameFuncs: Int32Array.from(this.funcs) };
  }
}
