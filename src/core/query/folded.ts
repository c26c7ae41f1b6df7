/**
 * Folded stacks (`comm-pid;outer;inner <self ns>`), the input of flamegraph.pl and
 * speedscope: one line per distinct call path per task with the summed self time.
 *
 * Paths are merged in a trie of integers (parent path, function) and each line's text is
 * made only when it is written, one at a time: a path string per call, kept until the end,
 * took 750 MB for a 1M-call trace and ran out of memory on deep or large ones.
 */
import { taskLabel, type Task, type TraceModel } from '../model/tables';
import type { CallMask } from './filter';

/**
 * The lines, one at a time, so a large trace is never one string (and a slow reader can pause).
 * With a `mask`, only the self time of its calls is counted (their paths name every ancestor).
 */
export function* foldedLines(model: TraceModel, mask?: CallMask): Generator<string> {
  const { calls, strings, tasks } = model;
  const n = calls.length;
  const funcs = strings.size + 1;
  // Path node of each call (-1 not yet known, IN_CHAIN while its ancestors are looked up).
  const nodeOfCall = new Int32Array(n).fill(-1);
  const IN_CHAIN = -2;
  const parentOf: number[] = [];
  const frameOf: string[] = [];
  const selfOf: number[] = [];
  // Roots by their frame text: the idle tasks of all CPUs share `<idle>-0`, as printed.
  const rootByFrame = new Map<string, number>();
  const childByKey = new Map<number, number>();
  const nameOfFunc = new Map<number, string>();
  const newNode = (parent: number, frame: string): number => {
    parentOf.push(parent);
    frameOf.push(frame);
    selfOf.push(0);
    return parentOf.length - 1;
  };
  const chain: number[] = [];
  for (let i = 0; i < n; i++) {
    const self = calls.self[i];
    if (!(self > 0) || (mask !== undefined && mask[i] !== 1)) continue;
    // Up to the first call whose path is known; parents can come after children (orphans
    // adopt earlier calls), and broken input could link a call to itself: a call met again
    // while its own chain is walked ends the walk as a root.
    let j = i;
    while (j >= 0 && nodeOfCall[j] === -1) {
      nodeOfCall[j] = IN_CHAIN;
      chain.push(j);
      j = calls.parent[j];
    }
    let node = j >= 0 && nodeOfCall[j] >= 0 ? nodeOfCall[j] : -1;
    while (chain.length > 0) {
      const k = chain.pop()!;
      if (node < 0) {
        const frame = foldName(taskFrame(tasks[calls.task[k]]));
        node = rootByFrame.get(frame) ?? -1;
        if (node < 0) rootByFrame.set(frame, (node = newNode(-1, frame)));
      }
      const f = calls.func[k];
      const key = node * funcs + f;
      let child = childByKey.get(key);
      if (child === undefined) {
        let name = nameOfFunc.get(f);
        if (name === undefined) nameOfFunc.set(f, (name = foldName(strings.get(f))));
        childByKey.set(key, (child = newNode(node, name)));
      }
      nodeOfCall[k] = node = child;
    }
    selfOf[nodeOfCall[i]] += self;
  }
  const frames: string[] = [];
  for (let node = 0; node < selfOf.length; node++) {
    if (selfOf[node] === 0) continue;
    frames.length = 0;
    for (let q = node; q >= 0; q = parentOf[q]) frames.push(frameOf[q]);
    yield `${frames.reverse().join(';')} ${selfOf[node]}`;
  }
}

/**
 * The root frame is `comm-pid` as the trace prints it (idle tasks of all CPUs share `<idle>-0`).
 * A task the trace never names has pid -1, a sentinel: the kernel's function_graph text
 * prints no comm-pid without funcgraph-proc (trace_functions_graph.c, TRACE_GRAPH_PRINT_PROC)
 * until a context switch line names the task, so every default capture begins with such
 * calls. Their frame is the app's label for them (`? (CPU 1)`), not `?--1`, read as pid -1.
 */
function taskFrame(t: Task): string {
  if (t.pid < 0) return taskLabel(t);
  return `${t.instance ? `${t.instance}:` : ''}${t.comm || '?'}-${t.pid}`;
}

/**
 * `;` separates frames and a space ends the stack: neither may appear inside a name. A
 * control character (a task may name itself anything: prctl PR_SET_NAME, and the kernel
 * prints the comm as it is) becomes U+FFFD: the lines go to a terminal, where ESC starts an
 * escape sequence, and to flamegraph.pl, which escapes only `&`, `<`, `>` and `"` into its
 * SVG (FlameGraph's flamegraph.pl), where XML 1.0 forbids them and the file no longer opens.
 * So do U+FFFE and U+FFFF, which XML 1.0 forbids too (its Char production skips them) and
 * valid UTF-8 holds (EF BF BE in a comm). So do the explicit bidi embeddings, overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069): flamegraph.pl sets the name before its figures
 * in each frame's title (`NAME (N samples, P%)`), where a right-to-left override runs on over
 * them (UAX #9), as lib/bidi.ts says.
 */
export function foldName(s: string): string {
  return s.replace(/[;\s]/g, '_').replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufffe\uffff]/g, '\ufffd');
}
