/**
 * Models the lazy opening tree (core/query/lazy-call-tree.ts) is held against the whole
 * tree on: the shapes where its sums and orders could part from the whole tree's.
 */
import type { TraceModel } from '../core/model/tables';
import { modelFromDsl, withoutUnclosedDurations } from './model-dsl';
import { randomDsl } from './random-dsl';

/** `depth` nested calls of `name` (recursion: every level its own path node), each 1 µs longer than the one inside. */
function recursion(task: string, name: string, depth: number, at: number): string[] {
  const lines: string[] = [];
  for (let d = 0; d < depth; d++) lines.push(`${task} 0 ${at + d} | ${'  '.repeat(d)}${name} {`);
  lines.push(`${task} 0 ${at + depth} | ${'  '.repeat(depth)}${name} 1`);
  for (let d = depth - 1; d >= 0; d--) lines.push(`${task} 0 ${at + 2 * depth - d} | ${'  '.repeat(d)}} ${2 * (depth - d) + 1}`);
  return lines;
}

/**
 * Named shapes, each with whether the first flame graph can take the lazy tree: not where
 * calls that never returned have no duration (a parent narrower than its children: the
 * layout widths are sums over the whole tree).
 */
export function lazyTreeShapes(): { name: string; model: TraceModel; lazy: boolean }[] {
  const unclosed = ['u-1 0 0 | a {', 'u-1 0 1 |   b {', 'u-1 0 2 |     c 1', 'u-1 0 4 |   } 2', 'u-1 0 5 |   b {', 'u-1 0 6 |     c 3', 'v-2 1 7 | a 1'].join('\n');
  const tiny: string[] = ['sh-7 1 0 | loop {'];
  for (let k = 0; k < 300; k++) tiny.push(`sh-7 1 ${1 + k} |   t${k % 97} ${k % 3 === 0 ? 0 : 0.001}`);
  tiny.push('sh-7 1 400 | } 400');
  const zero = [
    'a-1 0 0 | z {',
    'a-1 0 0 |   y 0',
    'a-1 0 0 |   x {',
    'a-1 0 0 |     y 0',
    'a-1 0 0 |   } 0',
    'a-1 0 0 | } 0',
    'a-1 0 1 | z 0',
    'b-2 1 2 | z 0',
  ];
  return [
    { name: 'deep recursion', model: modelFromDsl([...recursion('rec-1', 'f', 40, 0), ...recursion('rec-1', 'f', 25, 200), ...recursion('rec-2', 'g', 30, 300)].join('\n')), lazy: true },
    { name: 'many tiny siblings', model: modelFromDsl(tiny.join('\n')), lazy: true },
    { name: 'zero-duration calls', model: modelFromDsl(zero.join('\n')), lazy: true },
    {
      name: 'several tasks, names that meet',
      model: modelFromDsl(randomDsl({ seed: 13, tasks: ['curl-1', 'sh-2', 'kworker/0:1-3', 'curl-4'], names: ['a', 'b', 'c', 'd', 'e'], tops: 300 })),
      lazy: true,
    },
    // builder.ts rule 7 gives a call that never returned a duration (its children fit in it).
    { name: 'calls that never returned', model: modelFromDsl(unclosed), lazy: true },
    { name: 'calls that never returned, without a duration', model: withoutUnclosedDurations(modelFromDsl(unclosed)), lazy: false },
  ];
}
