/**
 * Folded stacks (`comm-pid;outer;inner <ns>`), the input of flamegraph.pl and speedscope:
 * one line per distinct call path per task, its count the time the flame graph shows at
 * that frame and not in a frame above it, so that a flame graph drawn from the lines is the
 * app's flame graph grouped by task (call-tree.ts, flame-graph.ts computeLayoutWidths): the
 * same frames, each as wide as its path node's total.
 *
 * Under a mask the lines follow the call tree's rule (call-tree.ts module comment): an
 * included call whose parent call is masked out hangs under its nearest included ancestor,
 * or starts its task's stack (Syscalls only starts the stacks at the syscall entry, as the
 * views do), and an included call counts whole, its duration in its node's total, as a call
 * that straddles a time range counts in the views (toolbar/range-chip.ts): the time of its
 * children the mask leaves out (outside the range, on another CPU) is the frame's own, the
 * gap the flame graph leaves at its right. Summing only the included calls' self times gave
 * a 0.8 ms range of the seed trace lines of 1,003,943 ns under the view's 33,652,173 ns (a
 * long call straddling the range), and named the ancestors a filter excluded above Syscalls
 * only's stacks.
 *
 * So a line's count is its node's width less its children's widths: the width is the
 * node's total, or the children's widths where those are more (calls that never returned
 * carry no duration: computeLayoutWidths). Without a mask and with every self time the rest
 * of its duration, that is the sum of the path's self times.
 *
 * Paths are merged in a trie of integers (parent path, function) and each line's text is
 * made only when it is written, one at a time: a path string per call, kept until the end,
 * took 750 MB for a 1M-call trace and ran out of memory on deep or large ones.
 */
import { taskLabel, type Task, type TraceModel } from '../model/tables';
import type { CallMask } from './filter';

/**
 * The lines, one at a time, so a large trace is never one string (and a slow reader can pause).
 * With a `mask`, only its calls are in the paths and the counts (see the module comment).
 */
export function* foldedLines(model: TraceModel, mask?: CallMask): Generator<string> {
  const { calls, strings, tasks } = model;
  const { parent, duration } = calls;
  const n = calls.length;
  const funcs = strings.size + 1;
  // Path node of each call: the node of its nearest included ancestor for a masked-out call
  // (TOP: none, its included descendants start their task's stack); UNKNOWN not yet known,
  // IN_CHAIN while its ancestors are looked up.
  const UNKNOWN = -1;
  const IN_CHAIN = -2;
  const TOP = -3;
  const nodeOfCall = new Int32Array(n).fill(UNKNOWN);
  const parentOf: number[] = [];
  const frameOf: string[] = [];
  const totalOf: number[] = [];
  // Roots by their frame text: the idle tasks of all CPUs share `<idle>-0`, as printed.
  const rootByFrame = new Map<string, number>();
  const childByKey = new Map<number, number>();
  const nameOfFunc = new Map<number, string>();
  const newNode = (up: number, frame: string): number => {
    parentOf.push(up);
    frameOf.push(frame);
    totalOf.push(0);
    return parentOf.length - 1;
  };
  const chain: number[] = [];
  for (let i = 0; i < n; i++) {
    const d = duration[i];
    // A call without a duration (NaN) or of none adds nothing: its path is made by the
    // descendants that do, when they come.
    if (Number.isNaN(d) || d === 0 || (mask !== undefined && mask[i] !== 1)) continue;
    // Up to the first call whose path is known; parents can come after children (orphans
    // adopt earlier calls), and broken input could link a call to itself: a call met again
    // while its own chain is walked ends the walk as a root.
    let j = i;
    while (j >= 0 && nodeOfCall[j] === UNKNOWN) {
      nodeOfCall[j] = IN_CHAIN;
      chain.push(j);
      j = parent[j];
    }
    let node = j >= 0 && nodeOfCall[j] >= 0 ? nodeOfCall[j] : TOP;
    while (chain.length > 0) {
      const k = chain.pop()!;
      if (mask !== undefined && mask[k] !== 1) {
        nodeOfCall[k] = node;
        continue;
      }
      if (node === TOP) {
        const frame = foldName(taskFrame(tasks[calls.task[k]]));
        node = rootByFrame.get(frame) ?? TOP;
        if (node === TOP) rootByFrame.set(frame, (node = newNode(-1, frame)));
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
    totalOf[nodeOfCall[i]] += d;
  }
  // Widths bottom-up (a node is made after its parent: a reverse pass), each line's count
  // its width less its children's.
  const m = parentOf.length;
  const own = new Float64Array(m);
  const kids = new Float64Array(m);
  for (let q = m - 1; q >= 0; q--) {
    const w = totalOf[q] > kids[q] ? totalOf[q] : kids[q];
    own[q] = w - kids[q];
    if (parentOf[q] >= 0) kids[parentOf[q]] += w;
  }
  const frames: string[] = [];
  for (let node = 0; node < m; node++) {
    if (!(own[node] > 0)) continue;
    frames.length = 0;
    for (let q = node; q >= 0; q = parentOf[q]) frames.push(frameOf[q]);
    yield `${frames.reverse().join(';')} ${own[node]}`;
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
