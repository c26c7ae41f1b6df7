/**
 * Random traces in the model DSL (model-dsl.ts) for the tests that check a fast query against
 * its plain reference: nested calls with names from a small set, so call paths meet.
 */
import { seededRandom } from './seam-traces';

export interface RandomDslOptions {
  seed: number;
  /** Each top-level call runs in one of these tasks, drawn at random when there are several. */
  tasks: readonly string[];
  names: readonly string[];
  /** How many top-level calls. */
  tops: number;
}

/** Calls nesting to depth 5, fewer children the deeper; durations and gaps of a few ns. */
export function randomDsl({ seed, tasks, names, tops }: RandomDslOptions): string {
  const r = seededRandom(seed);
  const lines: string[] = [];
  let t = 0;
  const call = (task: string, depth: number): void => {
    const name = names[Math.floor(r() * names.length)];
    const pad = '  '.repeat(depth);
    const kids = depth < 5 ? Math.floor(r() * (4 - depth * 0.6)) : 0;
    if (kids <= 0) {
      const d = 1 + Math.floor(r() * 5);
      lines.push(`${task} 0 ${t} | ${pad}${name} ${d}`);
      t += d;
      return;
    }
    const start = t;
    lines.push(`${task} 0 ${t} | ${pad}${name} {`);
    t += 1;
    for (let k = 0; k < kids; k++) call(task, depth + 1);
    t += Math.floor(r() * 3);
    lines.push(`${task} 0 ${t} | ${pad}} ${t - start}`);
    t += 1;
  };
  for (let k = 0; k < tops; k++) call(tasks.length > 1 ? tasks[Math.floor(r() * tasks.length)] : tasks[0], 0);
  return lines.join('\n');
}
