/** Folded stacks as an export: the lines of `cli folded` (query/folded.ts), newline-ended, in chunks. */
import type { TraceModel } from '../model/tables';
import type { CallMask } from '../query/filter';
import { foldedLines } from '../query/folded';
import { batched } from './chunks';

export function* foldedChunks(model: TraceModel, mask?: CallMask): Generator<string> {
  yield* batched(withNewlines(foldedLines(model, mask)));
}

function* withNewlines(lines: Iterable<string>): Generator<string> {
  for (const line of lines) yield line + '\n';
}
