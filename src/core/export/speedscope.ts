/**
 * speedscope's file format (jlfwong/speedscope src/lib/file-format-spec.ts; schema
 * https://www.speedscope.app/file-format-schema.json): `$schema`, `shared.frames` (one
 * frame per function name), and one evented profile per task: open (`"O"`) and close
 * (`"C"`) events in time order, balanced, each naming a frame index, `at` in nanoseconds.
 *
 * Calls are walked in the topology's pre-order (call-extent.ts), so a call opens after its
 * ancestors and closes before the next call outside its subtree; calls out of the mask or
 * without a start or duration are skipped, their selected descendants nested in the nearest
 * selected ancestor.
 *
 * Each call is open for the Chrome export's interval (chrome-trace.ts chromeIntervals): its
 * own, cut to its parent's and ended where its next sibling starts. A printed duration can
 * run past the timestamps after it (trace-cmd report's µs timestamps beside ns durations; a
 * free_swap_cache printed 1972.341 µs whose exit line is 354 µs after its entry, on the seed
 * report), and speedscope refuses an `at` that goes back (profile.ts CallTreeProfileBuilder:
 * 'Samples must be provided in increasing order'): pushed forward instead, every call in the
 * overrun opened late and closed at once, and speedscope showed the seed's release_pages 12%
 * short, kmem_cache_alloc_node on the systemwide trace 30% short. Cut, only the call whose
 * duration the timestamps contradict is shortened, as Perfetto shows it. `at` is still kept
 * from going back, for siblings out of time order.
 *
 * `at` is the trace's own time, except past 2^53 ns (a tai clock's 1.7e18 ns, trace-cmd
 * --date's epoch times): there a double is a multiple of 256 ns, so `start + duration` was
 * up to 128 ns off and speedscope showed a 1.183 µs call as 1.28 µs. Such a trace's times are
 * given from its earliest exported call (speedscope shows every time from a profile's
 * startValue anyway): `start - base` is exact, and so is that plus the duration.
 */
import { taskLabel, type TraceModel } from '../model/tables';
import type { CallMask } from '../query/filter';
import type { ModelFacts } from '../query/model-facts';
import { chromeIntervals } from './chrome-trace';
import { batched } from './chunks';
import { jsonForTerminal } from '../../lib/terminal-text';

export const SPEEDSCOPE_SCHEMA = 'https://www.speedscope.app/file-format-schema.json';

export function* speedscopeChunks(facts: ModelFacts, name: string, mask?: CallMask): Generator<string> {
  yield* batched(speedscopeParts(facts, name, mask));
}

function* speedscopeParts(facts: ModelFacts, name: string, mask?: CallMask): Generator<string> {
  const model: TraceModel = facts.model;
  const { calls, strings, tasks } = model;
  const { order, subtreeEnd } = facts.topology();
  const inSel = (c: number): boolean =>
    (mask === undefined || mask[c] === 1) && Number.isFinite(calls.start[c]) && Number.isFinite(calls.duration[c]);
  // Frames: one per function used, numbered in first-use order.
  const frameOf = new Int32Array(strings.size + 1).fill(-1);
  const frameNames: number[] = [];
  // Positions in `order` grouped by task (counting sort keeps pre-order within a task).
  const perTask = new Uint32Array(tasks.length + 1);
  for (let k = 0; k < order.length; k++) {
    const c = order[k];
    if (!inSel(c)) continue;
    perTask[calls.task[c] + 1]++;
    const f = calls.func[c];
    if (frameOf[f] < 0) {
      frameOf[f] = frameNames.length;
      frameNames.push(f);
    }
  }
  for (let t = 0; t < tasks.length; t++) perTask[t + 1] += perTask[t];
  const fill = perTask.slice(0, tasks.length);
  const positions = new Uint32Array(perTask[tasks.length]);
  for (let k = 0; k < order.length; k++) {
    const c = order[k];
    if (inSel(c)) positions[fill[calls.task[c]]++] = k;
  }
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const k of positions) {
    const c = order[k];
    first = Math.min(first, calls.start[c]);
    last = Math.max(last, calls.start[c] + calls.duration[c]);
  }
  const base = Math.max(Math.abs(first), Math.abs(last)) > Number.MAX_SAFE_INTEGER ? first : 0;
  // A call not cut keeps its own times, exact past 2^53 ns as said above.
  const iv = chromeIntervals(facts, mask);
  const startOf = (c: number): number => (iv.clamped[c] === 1 ? iv.start[c] : calls.start[c]) - base;
  const endOf = (c: number): number => (iv.clamped[c] === 1 ? iv.end[c] - base : calls.start[c] - base + calls.duration[c]);
  yield `{"$schema":${JSON.stringify(SPEEDSCOPE_SCHEMA)},"name":${jsonForTerminal(JSON.stringify(name))},"exporter":"ftrace-explorer","activeProfileIndex":0,"shared":{"frames":[`;
  for (let j = 0; j < frameNames.length; j++) yield `${j === 0 ? '' : ','}\n{"name":${jsonForTerminal(JSON.stringify(strings.get(frameNames[j])))}}`;
  yield '\n]},"profiles":[';
  let firstProfile = true;
  const stack: number[] = [];
  for (let t = 0; t < tasks.length; t++) {
    const lo = perTask[t];
    const hi = perTask[t + 1];
    if (lo === hi) continue;
    // Bounds first: speedscope reads startValue/endValue before the events.
    let startValue = Number.POSITIVE_INFINITY;
    let endValue = Number.NEGATIVE_INFINITY;
    for (let j = lo; j < hi; j++) {
      const c = order[positions[j]];
      startValue = Math.min(startValue, startOf(c));
      endValue = Math.max(endValue, endOf(c));
    }
    yield `${firstProfile ? '' : ','}\n{"type":"evented","name":${jsonForTerminal(JSON.stringify(taskLabel(tasks[t])))},"unit":"nanoseconds","startValue":${startValue},"endValue":${endValue},"events":[`;
    firstProfile = false;
    let at = startValue;
    let firstEvent = true;
    const event = (type: 'O' | 'C', c: number, time: number): string => {
      at = Math.max(at, time);
      const s = `${firstEvent ? '' : ','}\n{"type":"${type}","frame":${frameOf[calls.func[c]]},"at":${at}}`;
      firstEvent = false;
      return s;
    };
    stack.length = 0;
    for (let j = lo; j < hi; j++) {
      const k = positions[j];
      const c = order[k];
      while (stack.length > 0 && k >= subtreeEnd[stack[stack.length - 1]]) {
        const top = stack.pop()!;
        yield event('C', top, endOf(top));
      }
      yield event('O', c, startOf(c));
      stack.push(c);
    }
    while (stack.length > 0) {
      const top = stack.pop()!;
      yield event('C', top, endOf(top));
    }
    yield '\n]}';
  }
  yield '\n]}\n';
}
