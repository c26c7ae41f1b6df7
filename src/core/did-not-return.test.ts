/**
 * One set of numbers for calls that never return (issue 10 §1): in the seed, curl's
 * `x64_sys_call` → `__x64_sys_exit_group` → `do_group_exit` → `do_exit` → `do_task_dead`
 * never return. The model gives each such call a duration (builder.ts rule 7: until the
 * last time its task was seen) and keeps it flagged Unclosed ("did not return"), so every
 * view counts the same time for it: function statistics, search, the call tree and the
 * flame graph drawn from it, folded stacks and the summary.
 */
import { describe, expect, it } from 'vitest';
import { CallFlag } from './model/call-table';
import { buildCallTree } from './query/call-tree';
import { computeFunctionStats } from './query/function-stats';
import { foldedLines } from './query/folded';
import { searchFunctions } from './query/search';
import { summarize } from './query/summary';
import { loadBytes, traceBytes } from '../test-utils/traces';
import { flameGraph } from '../test-utils/reference/flame-graph';
import { freshFacts } from '../test-utils/fresh-facts';

const CHAIN = ['x64_sys_call', '__x64_sys_exit_group', 'do_group_exit', 'do_exit', 'do_task_dead'];

describe.each(['01-seed-curl-fgraph.report.txt.gz', '05-seed-report-raw.txt.gz'])('%s: calls that never return', (name) => {
  const m = loadBytes(traceBytes(name));
  const c = m.calls;
  const fname = (i: number) => m.strings.get(c.func[i]);
  const chain = [...Array(c.length).keys()].filter((i) => c.flags[i] & CallFlag.Unclosed);
  const curl = m.tasks.findIndex((t) => t.comm === 'curl' && t.pid === 139);

  it('are the exit chain, each flagged and timed: it lasts until curl was last seen', () => {
    expect(chain.map(fname)).toEqual(CHAIN);
    let lastSeen = 0;
    for (let i = 0; i < c.length; i++) if (c.task[i] === curl) lastSeen = Math.max(lastSeen, c.start[i] + c.duration[i]);
    for (const i of chain) {
      expect(c.duration[i]).toBeGreaterThan(0);
      expect(c.self[i]).toBeGreaterThanOrEqual(0);
    }
    // The outermost one runs to the task's last time, the others nest inside.
    expect(c.start[chain[0]] + c.duration[chain[0]]).toBe(lastSeen);
    for (let k = 1; k < chain.length; k++) expect(c.parent[chain[k]]).toBe(chain[k - 1]);
  });

  it('function statistics, search, the call tree and the flame graph give them the same figures', () => {
    const stats = computeFunctionStats(c, m.strings);
    const tree = buildCallTree(freshFacts(m), { groupByTask: true });
    const rects = flameGraph(tree);
    const path: string[] = [tree.name(tree.roots().find((r) => tree.funcOf(r) === -1 - curl)!)];
    for (const i of chain) {
      const f = fname(i);
      path.push(f);
      const node = tree.findPath(path);
      expect(node).toBeGreaterThanOrEqual(0);
      // The node merges the calls on this path: all of curl's outermost x64_sys_call, then
      // one call each.
      let total = 0;
      let self = 0;
      for (let k = 0; k < c.length; k++) {
        if (c.task[k] !== curl || c.func[k] !== c.func[i] || c.parent[k] !== c.parent[i]) continue;
        total += c.duration[k];
        self += c.self[k];
      }
      if (f !== 'x64_sys_call') expect(total).toBe(c.duration[i]);
      expect({ f, total: tree.totalOf(node), self: tree.selfOf(node) }).toEqual({ f, total, self });
      // Drawn exactly as wide as its total says, on the one denominator of the graph.
      const r = [...rects.node].indexOf(node);
      expect(r).toBeGreaterThanOrEqual(0);
      expect((rects.x1[r] - rects.x0[r]) * rects.total).toBeCloseTo(total, -1);
      const row = [...stats.func].indexOf(c.func[i]);
      if (f !== 'x64_sys_call') {
        // These functions run once: their statistics and a search are this call.
        expect({ f, total: stats.total[row], self: stats.self[row], timed: stats.timed[row] }).toEqual({
          f,
          total: c.duration[i],
          self: c.self[i],
          timed: 1,
        });
        const hit = searchFunctions(freshFacts(m), `/^${f}$/`);
        expect(hit.ok && hit.totalNs).toBe(c.duration[i]);
      } else {
        expect(stats.timed[row]).toBe(stats.calls[row]); // every call of it has a duration now
      }
    }
    // The task root: its total is its calls' total, which is the whole graph (one task of
    // curl's weight and three small ones): the denominator equals the sum of the roots.
    const curlRoot = tree.findPath([path[0]]);
    let curlTotal = 0;
    let allTotal = 0;
    for (let i = 0; i < c.length; i++) {
      if (c.parent[i] >= 0) continue;
      allTotal += c.duration[i];
      if (c.task[i] === curl) curlTotal += c.duration[i];
    }
    expect(tree.totalOf(curlRoot)).toBe(curlTotal);
    expect(rects.total).toBe(allTotal);
  });

  it('folded stacks and the summary hold the same self time, which is the outermost calls’ total', () => {
    let folded = 0;
    let underExit = 0;
    for (const line of foldedLines(m)) {
      const ns = Number(line.slice(line.lastIndexOf(' ') + 1));
      folded += ns;
      if (line.startsWith('curl-139;x64_sys_call;__x64_sys_exit_group;')) underExit += ns;
      else if (line.startsWith('curl-139;x64_sys_call;__x64_sys_exit_group ')) underExit += ns;
    }
    const summary = summarize(m);
    const summarySelf = summary.functions.reduce((s, f) => s + (f.selfNs ?? 0), 0);
    let roots = 0;
    for (let i = 0; i < c.length; i++) if (c.parent[i] < 0) roots += c.duration[i];
    expect(folded).toBe(summarySelf);
    expect(summarySelf).toBe(roots);
    // Everything below __x64_sys_exit_group is its duration, once.
    expect(underExit).toBe(c.duration[chain[1]]);
    const exitRow = summary.functions.find((f) => f.name === '__x64_sys_exit_group')!;
    expect(exitRow).toMatchObject({ calls: 1, totalNs: c.duration[chain[1]], selfNs: c.self[chain[1]] });
  });
});
