/**
 * Test code: the per-function statistics the plain way (each function's durations in a list,
 * sorted, the nearest rank read off; the sums added in call order), the reference
 * `computeFunctionStats` must equal in every figure.
 */
import type { CallTable } from '../../core/model/call-table';
import type { FunctionStatsTable } from '../../core/query/function-stats';

export function referenceFunctionStats(
  calls: CallTable,
  nFuncs: number,
  include?: (call: number) => boolean,
  irqInside?: Float64Array,
): FunctionStatsTable {
  const rows = new Map<number, { calls: number; total: number; self: number; irq: number; durations: number[] }>();
  for (let i = 0; i < calls.length; i++) {
    if (include && !include(i)) continue;
    const f = calls.func[i];
    let row = rows.get(f);
    if (!row) rows.set(f, (row = { calls: 0, total: 0, self: 0, irq: 0, durations: [] }));
    row.calls++;
    const d = calls.duration[i];
    if (Number.isNaN(d)) continue;
    row.durations.push(d);
    row.total += d;
    if (!Number.isNaN(calls.self[i])) row.self += calls.self[i];
    if (irqInside) row.irq += irqInside[i];
  }
  const funcs = [...rows.keys()].filter((f) => f < nFuncs).sort((a, b) => a - b);
  const column = () => new Float64Array(funcs.length);
  const t: FunctionStatsTable = {
    func: Uint32Array.from(funcs),
    calls: column(),
    timed: column(),
    total: column(),
    self: column(),
    min: column(),
    p50: column(),
    p95: column(),
    p99: column(),
    max: column(),
    irq: column(),
    length: funcs.length,
  };
  funcs.forEach((f, r) => {
    const row = rows.get(f)!;
    const sorted = row.durations.sort((a, b) => a - b);
    const k = sorted.length;
    const rank = (q: number) => (k === 0 ? Number.NaN : sorted[Math.max(1, Math.ceil(q * k)) - 1]);
    t.calls[r] = row.calls;
    t.timed[r] = k;
    t.total[r] = row.total;
    t.self[r] = row.self;
    t.irq[r] = row.irq;
    t.min[r] = k === 0 ? Number.NaN : sorted[0];
    t.max[r] = k === 0 ? Number.NaN : sorted[k - 1];
    t.p50[r] = rank(0.5);
    t.p95[r] = rank(0.95);
    t.p99[r] = rank(0.99);
  });
  return t;
}
