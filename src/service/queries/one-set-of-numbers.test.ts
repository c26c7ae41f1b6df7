/**
 * One set of numbers everywhere (issue 10 §1): the seed's calls that never return
 * (`__x64_sys_exit_group` → `do_group_exit` → `do_exit` → `do_task_dead`) and curl's root
 * carry the same figures in every view the worker answers — the flame graph (frame totals,
 * widths, the root and the headline), the flame chart (each call's extent and its card's
 * duration and self), the functions table, the search status line — and in what the CLI
 * prints (`cli summary` prints `summarize`, `cli folded` prints `foldedLines`). Before builder
 * rule 7 the flame graph drew them a third of its width while their card said 0 ns, and
 * folded and summary disagreed by a million ns.
 */
import { describe, expect, it } from 'vitest';
import { CallFlag } from '../../core/model/call-table';
import { taskLabel } from '../../core/model/tables';
import { summarize } from '../../core/query/summary';
import { foldedLines } from '../../core/query/folded';
import { loadBytes, traceBytes } from '../../test-utils/traces';
import { DerivedData } from '../derived/derived-data';
import { chartTasks, flameChartFrames } from './flame-chart';
import { flameGraphFrames } from './flame-graph';
import { functionTable } from './functions';
import { searchStatus } from './search';

const CHAIN = ['__x64_sys_exit_group', 'do_group_exit', 'do_exit', 'do_task_dead'];

describe.each(['05-seed-report-raw.txt.gz', '01-seed-curl-fgraph.report.txt.gz'])('%s: every view, one set of numbers', (name) => {
  const model = loadBytes(traceBytes(name));
  const derived = new DerivedData(model);
  const c = model.calls;
  const curl = model.tasks.findIndex((t) => t.comm === 'curl' && t.pid === 139);
  const callOf = (f: string) => {
    const hits = [...Array(c.length).keys()].filter((i) => model.strings.get(c.func[i]) === f && c.task[i] === curl);
    expect(hits, f).toHaveLength(1);
    return hits[0];
  };
  const chain = CHAIN.map(callOf);
  /** The model's figures: every view must show these. */
  const want = chain.map((i) => ({ f: model.strings.get(c.func[i]), total: c.duration[i], self: c.self[i] }));
  let rootsTotal = 0;
  let curlTotal = 0;
  for (let i = 0; i < c.length; i++) {
    if (c.parent[i] >= 0) continue;
    rootsTotal += c.duration[i];
    if (c.task[i] === curl) curlTotal += c.duration[i];
  }

  it('the model: each of them did not return, has a duration, and 0 <= self <= total', () => {
    for (const i of chain) {
      expect(c.flags[i] & CallFlag.Unclosed).toBeTruthy();
      expect(c.duration[i]).toBeGreaterThan(0);
      expect(c.self[i]).toBeGreaterThanOrEqual(0);
      expect(c.self[i]).toBeLessThanOrEqual(c.duration[i]);
    }
  });

  it('the flame graph: frame totals and widths, the task root and the headline', () => {
    const r = flameGraphFrames(derived, { filter: {}, inverted: false, groupByTask: true, zoomPath: [], minWidth: 0 });
    // The headline (share of total) and the x axis: the roots' sum, and curl's root is its calls.
    expect(r.grandTotal).toBe(rootsTotal);
    expect(r.span).toBe(rootsTotal);
    const root = [...Array(r.length).keys()].find((k) => r.depth[k] === 0 && r.names[r.name[k]] === taskLabel(model.tasks[curl]))!;
    expect(r.total[root]).toBe(curlTotal);
    expect((r.x1[root] - r.x0[root]) * r.span).toBeCloseTo(curlTotal, -1);
    // Down the exit path: each frame is that one call, drawn as wide as its total.
    let at = root;
    for (const w of ['x64_sys_call', ...CHAIN]) {
      at = [...Array(r.length).keys()].find((k) => r.parent[k] === at && r.names[r.name[k]] === w)!;
      expect(at, w).toBeGreaterThanOrEqual(0);
      // Labelled and drawn alike: its width is its total's share (x64_sys_call's was not).
      expect((r.x1[at] - r.x0[at]) * r.span).toBeCloseTo(r.total[at], -1);
      const expected = want.find((x) => x.f === w);
      if (!expected) continue;
      expect({ f: w, total: r.total[at], self: r.self[at], calls: r.calls[at] }).toEqual({ ...expected, calls: 1 });
      expect((r.x1[at] - r.x0[at]) * r.span).toBeCloseTo(expected.total, -1);
    }
  });

  it('the flame chart: each call spans its duration, and its card says the same total and self', () => {
    const task = chartTasks(derived, {}).tasks.find((t) => t.task === curl)!;
    expect(task.totalNs).toBe(curlTotal);
    const r = flameChartFrames(derived, { filter: {}, task: curl, startNs: task.startNs, endNs: task.endNs, minDurNs: 0 });
    for (const x of want) {
      const k = [...Array(r.length).keys()].find((j) => r.names[r.name[j]] === x.f)!;
      expect({ f: x.f, total: r.duration[k], self: r.self[k], extent: r.end[k] - r.start[k] }).toEqual({ ...x, extent: x.total });
    }
  });

  it('the functions table and the search status line', () => {
    const t = functionTable(derived, {});
    for (const x of want) {
      const row = t.names.indexOf(x.f);
      expect({ f: x.f, total: t.total[row], self: t.self[row], calls: t.calls[row], timed: t.timed[row] }).toEqual({ ...x, calls: 1, timed: 1 });
      const s = searchStatus(derived, {}, `/^${x.f}$/`);
      expect(s.ok && { f: x.f, total: s.totalNs, calls: s.calls }).toEqual({ f: x.f, total: x.total, calls: 1 });
    }
  });

  it('cli summary and cli folded: the same figures, and the same self time in all', () => {
    const summary = summarize(model);
    for (const x of want) {
      expect(summary.functions.find((f) => f.name === x.f)).toMatchObject({ calls: 1, totalNs: x.total, selfNs: x.self });
    }
    const summarySelf = summary.functions.reduce((s, f) => s + (f.selfNs ?? 0), 0);
    let folded = 0;
    let underDoExit = 0;
    for (const line of foldedLines(model)) {
      const ns = Number(line.slice(line.lastIndexOf(' ') + 1));
      folded += ns;
      if (/;do_exit[; ]/.test(line)) underDoExit += ns;
    }
    expect(folded).toBe(summarySelf);
    expect(summarySelf).toBe(rootsTotal);
    expect(underDoExit).toBe(want[2].total);
  });
});
