/**
 * Chrome trace-event JSON (the format chrome://tracing and Perfetto open): one complete
 * event (`"ph":"X"`) per call with `ts`/`dur` in microseconds, the nanoseconds kept as
 * exact decimal fractions, and one `thread_name` metadata event (`"ph":"M"`) per task so
 * rows are named after the comm.
 *
 * The trace prints one id per task (the thread's pid, no thread group), so it is both `pid`
 * and `tid`: each task is a row of its own. Idle tasks (pid 0, one per CPU) and tasks whose
 * pid is unknown get a tid of their own above 2^30, with pid 0. Calls without a start or a
 * duration in the trace cannot be placed and are left out (`skippedCalls` in `otherData`
 * counts them).
 */
import type { TraceModel } from '../model/tables';
import { taskLabel } from '../model/tables';
import type { CallMask } from '../query/filter';
import { batched, microsText } from './chunks';

const SYNTHETIC_TID = 1 << 30;

/** pid and tid of each task in the export. */
export function chromeThreadIds(model: TraceModel): { pid: Int32Array; tid: Int32Array } {
  const n = model.tasks.length;
  const pid = new Int32Array(n);
  const tid = new Int32Array(n);
  model.tasks.forEach((t, k) => {
    const real = t.pid > 0;
    pid[k] = real ? t.pid : 0;
    tid[k] = real ? t.pid : SYNTHETIC_TID + k;
  });
  return { pid, tid };
}

/** Whether call `i` becomes an event: in the mask, with a start and a duration. */
export function isChromeEvent(model: TraceModel, i: number, mask?: CallMask): boolean {
  if (mask !== undefined && mask[i] !== 1) return false;
  return Number.isFinite(model.calls.start[i]) && Number.isFinite(model.calls.duration[i]);
}

export function* chromeTraceChunks(model: TraceModel, mask?: CallMask): Generator<string> {
  yield* batched(chromeTraceParts(model, mask));
}

function* chromeTraceParts(model: TraceModel, mask?: CallMask): Generator<string> {
  const { calls, strings, tasks } = model;
  const { pid, tid } = chromeThreadIds(model);
  const n = calls.length;
  const used = new Uint8Array(tasks.length);
  const nameJson = new Map<number, string>();
  let skipped = 0;
  for (let i = 0; i < n; i++) {
    if (mask !== undefined && mask[i] !== 1) continue;
    if (isChromeEvent(model, i, mask)) used[calls.task[i]] = 1;
    else skipped++;
  }
  yield '{"traceEvents":[\n';
  let first = true;
  for (let k = 0; k < tasks.length; k++) {
    if (!used[k]) continue;
    yield `${first ? '' : ',\n'}{"ph":"M","name":"thread_name","pid":${pid[k]},"tid":${tid[k]},"args":{"name":${JSON.stringify(taskLabel(tasks[k]))}}}`;
    first = false;
  }
  for (let i = 0; i < n; i++) {
    if (!isChromeEvent(model, i, mask)) continue;
    const f = calls.func[i];
    let name = nameJson.get(f);
    if (name === undefined) nameJson.set(f, (name = JSON.stringify(strings.get(f))));
    const k = calls.task[i];
    yield `${first ? '' : ',\n'}{"ph":"X","name":${name},"cat":"function","ts":${microsText(calls.start[i])},"dur":${microsText(calls.duration[i])},"pid":${pid[k]},"tid":${tid[k]},"args":{"cpu":${calls.cpu[i]}}}`;
    first = false;
  }
  yield `\n],"displayTimeUnit":"ns","otherData":{"exporter":"ftrace-explorer","skippedCalls":${skipped}}}\n`;
}
