/**
 * Folded stacks (`comm-pid;outer;inner <self ns>`), the input of flamegraph.pl and
 * speedscope: one line per distinct call path per task with the summed self time.
 */
import type { Task, TraceModel } from '../model/tables';

/** Emits lines through `write` so a large trace is never one string. */
export function writeFolded(model: TraceModel, write: (line: string) => void): void {
  const { calls, strings, tasks } = model;
  const n = calls.length;
  // Path of each call, built from its parent's (memoised); parents can come after
  // children (orphans adopt earlier calls), so resolve chains on demand.
  const path: (string | undefined)[] = new Array(n);
  const totals = new Map<string, number>();
  const chain: number[] = [];
  for (let i = 0; i < n; i++) {
    const self = calls.self[i];
    if (!(self > 0)) continue;
    let j = i;
    while (j >= 0 && path[j] === undefined) {
      chain.push(j);
      j = calls.parent[j];
    }
    let prefix = j >= 0 ? (path[j] as string) : '';
    while (chain.length > 0) {
      const k = chain.pop()!;
      const name = foldName(strings.get(calls.func[k]));
      prefix = prefix ? `${prefix};${name}` : `${foldName(taskFrame(tasks[calls.task[k]]))};${name}`;
      path[k] = prefix;
    }
    const key = path[i] as string;
    totals.set(key, (totals.get(key) ?? 0) + self);
  }
  for (const [key, v] of totals) write(`${key} ${v}`);
}

/** The root frame is `comm-pid` as the trace prints it (idle tasks of all CPUs share `<idle>-0`). */
function taskFrame(t: Task): string {
  return `${t.instance ? `${t.instance}:` : ''}${t.comm || '?'}-${t.pid}`;
}

/** `;` separates frames and a space ends the stack: neither may appear inside a name. */
function foldName(s: string): string {
  return s.replace(/[;\s]/g, '_');
}
