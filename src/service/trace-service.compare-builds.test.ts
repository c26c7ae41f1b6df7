/**
 * Compare mode against another kernel build, through the service: the real midstream trace
 * (nc sending on an established connection) against itself with every clone renamed as
 * another build names it (`.isra.0` → `.isra.1`, `.constprop.0` → `.constprop.2`, `.part.0`
 * → clang's `.llvm.<hash>`, tcp_small_queue_check.isra.0 → no suffix). The calls are the
 * same, so every path and function must meet, with nothing changed.
 *
 *   zcat test/traces/02-midstream-nc-fgraph.report.txt.gz | grep -oE '[a-z_0-9]+\.(isra|constprop|part)\.[0-9]+' | sort -u | wc -l   → 11
 *   zcat … | grep -c 'tcp_small_queue_check.isra.0()'                                                                          → 54
 */
import { describe, expect, it } from 'vitest';
import { traceText } from '../test-utils/traces';
import { otherBuild } from '../test-utils/other-build';
import type { LoadResult, SideBLoadResult } from './api';
import type { CompareKey, CompareScale } from './queries/compare';
import { TraceService } from './trace-service';
import { reportFromDsl } from '../test-utils/model-dsl';
import { checkXml } from '../test-utils/xml-check';
import type { DiffFlameExportRequest } from './queries/diff-export';

const NC = '02-midstream-nc-fgraph.report.txt.gz';

function expectLoaded(r: LoadResult | SideBLoadResult): void {
  if (r.kind !== 'loaded') throw new Error(`expected a loaded trace, got ${JSON.stringify(r).slice(0, 300)}`);
}

const RAW: CompareKey & CompareScale = { a: {}, b: {}, quantity: 'self', normalisation: { kind: 'raw' } };

describe('TraceService compare mode across two kernel builds', () => {
  it('the same calls under other clone names: every path and function on both sides, unchanged, with B’s names beside', async () => {
    const text = traceText(NC);
    const renamed = otherBuild(text);
    expect(renamed).not.toBe(text);
    const s = new TraceService();
    expectLoaded(await s.loadText(text, { name: 'laptop.txt' }));
    expectLoaded(await s.loadText(renamed, { name: 'fleet.txt', side: 'b' }));

    const levels = s.comparedTreeLevels(RAW, [[]]);
    expect(levels.counts.onlyA).toBe(0);
    expect(levels.counts.onlyB).toBe(0);
    expect(levels.functionCounts).toEqual({ onlyA: 0, onlyB: 0, both: levels.functionCounts.both });
    // Matched exactly (the option), each renamed clone's paths are one-sided.
    const exact = s.comparedTreeLevels({ ...RAW, exactNames: true }, [[]]);
    expect(exact.counts.onlyA).toBeGreaterThan(0);
    expect(exact.counts.onlyA).toBe(exact.counts.onlyB);
    expect(exact.counts.both + exact.counts.onlyA).toBe(levels.counts.both);
    expect(exact.functionCounts.onlyA).toBe(11);

    // The table: one row a function, the same calls and times on both sides.
    const t = s.comparedFunctions({ ...RAW, quantity: 'calls' });
    expect([...t.presence].every((p) => p === 3)).toBe(true);
    expect(t.namesB.filter((n) => n !== null).length).toBe(11);
    const row = t.names.indexOf('tcp_small_queue_check.isra.0');
    expect([t.namesB[row], t.a.calls[row], t.b.calls[row]]).toEqual(['tcp_small_queue_check', 54, 54]);
    for (let r = 0; r < t.length; r++) expect([t.names[r], t.b.calls[r], t.b.self[r]]).toEqual([t.names[r], t.a.calls[r], t.a.self[r]]);
    // The search finds a row by B's name too.
    expect(s.comparedFunctions({ ...RAW, search: 'llvm' }).names).toEqual(t.names.filter((n) => n.endsWith('.part.0')));

    // The differential flame graph: nothing changed, B's name on the renamed frames.
    const frames = s.diffFlameGraph({ ...RAW, layoutBy: 'b', zoomPath: [], minWidth: 0.0001 });
    expect([...frames.presence].every((p) => p === 3)).toBe(true);
    expect([...frames.delta].every((d) => d === 0)).toBe(true);
    const renamedFrames = [...frames.nameB].flatMap((j, r) => (j >= 0 ? [[frames.names[frames.name[r]], frames.names[j]]] : []));
    expect(renamedFrames.length).toBeGreaterThan(0);
    for (const [a, b] of renamedFrames) expect(otherBuild(a)).toBe(b);

    // Paths from a clone: each side from its own name of it; per call of it: 54 a side.
    const from: CompareKey & CompareScale = {
      ...RAW,
      a: { pathsFrom: 'tcp_small_queue_check.isra.0', pathsFromBase: true },
      b: { pathsFrom: 'tcp_small_queue_check.isra.0', pathsFromBase: true },
    };
    const fromLevels = s.comparedTreeLevels(from, [[]]);
    expect(fromLevels.levels[0]!.names).toEqual(['tcp_small_queue_check.isra.0']);
    expect([fromLevels.levels[0]!.namesB[0], fromLevels.levels[0]!.callsA[0], fromLevels.levels[0]!.callsB[0]]).toEqual(['tcp_small_queue_check', 54, 54]);
    expect([fromLevels.counts.onlyA, fromLevels.counts.onlyB]).toEqual([0, 0]);
    const perCall = s.comparedFunctions({ ...RAW, normalisation: { kind: 'perCall', root: 'tcp_small_queue_check.isra.0' } });
    expect(perCall.factors.missing).toEqual([]);
    expect(perCall.factors.perCall).toEqual({ a: 54, b: 54 });
  }, 120_000);

  it('the SVG export names B’s clone in the frame’s title (escaped) and says how names met', async () => {
    const HOSTILE = `</title><script>x`;
    const s = new TraceService();
    expectLoaded(await s.loadText(reportFromDsl('a-1 0 0 | sys {\na-1 0 1 |   foo.isra.0 2\na-1 0 9 | } 9'), { name: 'a.txt' }));
    expectLoaded(await s.loadText(reportFromDsl(`b-2 0 0 | sys {\nb-2 0 1 |   foo.${HOSTILE} 3\nb-2 0 9 | } 9`), { name: 'b.txt', side: 'b' }));
    const req: DiffFlameExportRequest = { ...RAW, quantity: 'total', layoutBy: 'b', zoomPath: [], heading: 'a vs b', negated: false, presence: [] };
    const svgOf = (r: DiffFlameExportRequest) => {
      const id = s.exportDiffFlameBegin(r);
      let out = '';
      for (let batch = s.exportNext(id, 1 << 20); batch; batch = s.exportNext(id, 1 << 20)) out += batch.join('');
      return out;
    };
    const els = checkXml(svgOf(req));
    const titles = els.filter((e) => e.name === 'title').map((e) => e.text);
    expect(titles, titles.join("\n")).toHaveLength(2);
    expect(titles.some((t) => t.includes('foo.isra.0') && t.includes(`(in B: foo.${HOSTILE})`) && !t.includes('only in'))).toBe(true);
    const texts = els.map((e) => e.text).join('\n');
    expect(texts).toContain("clones matched across builds (B's name in the title)");
    const exact = checkXml(svgOf({ ...req, exactNames: true }));
    expect(exact.map((e) => e.text).join('\n')).toContain('names matched exactly');
    expect(exact.filter((e) => e.name === 'title').some((t) => t.text.includes('(only in B)'))).toBe(true);
  });

  it('hook candidates under a frame the builds name apart: each side under its own names of the path; a clone on the other side is not one-sided', async () => {
    const s = new TraceService();
    const A = 'a-1 0 0 | sys {\na-1 0 1 |   f.isra.0 {\na-1 0 2 |     g.constprop.0 1\na-1 0 4 |     h 1\na-1 0 6 |   } 5\na-1 0 9 | } 9';
    const B = 'b-2 0 0 | sys {\nb-2 0 1 |   f.isra.1 {\nb-2 0 2 |     g.constprop.2 1\nb-2 0 4 |     k 1\nb-2 0 6 |   } 5\nb-2 0 9 | } 9';
    expectLoaded(await s.loadText(reportFromDsl(A), { name: 'a.txt' }));
    expectLoaded(await s.loadText(reportFromDsl(B), { name: 'b.txt', side: 'b' }));
    const at = { path: ['sys', 'f.isra.0'], groupByTask: false };
    const list = s.comparedHookCandidates({ a: {}, b: {} }, 'f.isra.0', at)!;
    expect(list.rows.map((r) => [r.name, r.side, r.presence])).toEqual([
      ['h', 'a', 'a'],
      ['k', 'b', 'b'],
      ['g.constprop.0', 'a', 'both'],
    ]);
    // The Hook points panel of that function: each side by its own name of it.
    const points = s.comparedHookPoints({ a: {}, b: {} }, 'f.isra.0');
    expect([points.presence, points.a?.calls, points.b?.calls]).toEqual(['both', 1, 1]);
    expect(s.comparedHookPoints({ a: {}, b: {} }, 'f.isra.1').a?.calls).toBe(1);
    // Its one-liners are each kernel's apart: A's name none of B's clone (a kprobe A's kernel
    // lacks), B's kernel's are made for B's name and none names A's.
    expect(JSON.stringify(points.probes)).toContain('f.isra.0');
    expect(JSON.stringify(points.probes)).not.toContain('f.isra.1');
    expect(points.probesB?.symbol).toBe('f.isra.1');
    expect(points.probesB?.commands.map((c) => c.id)).toEqual(points.probes?.commands.map((c) => c.id));
    expect(points.probesB?.commands.some((c) => c.command.includes('kprobe:f.isra.1'))).toBe(true);
    expect(JSON.stringify(points.probesB)).not.toContain('f.isra.0');
    // Asked by B's name, the same two sets.
    const byB = s.comparedHookPoints({ a: {}, b: {} }, 'f.isra.1');
    expect([byB.probes?.symbol, byB.probesB?.symbol]).toEqual(['f.isra.0', 'f.isra.1']);
    // One name on both sides: one set, nothing for B apart.
    expect(s.comparedHookPoints({ a: {}, b: {} }, 'sys').probesB).toBeNull();
    expect(s.comparedHookPoints({ a: {}, b: {}, exactNames: true }, 'f.isra.0').presence).toBe('a');
    // Matched exactly, B has no f.isra.0: A's rows only, g one-sided.
    const exact = s.comparedHookCandidates({ a: {}, b: {}, exactNames: true }, 'f.isra.0', at)!;
    expect(exact.rows.map((r) => [r.name, r.presence])).toEqual([
      ['g.constprop.0', 'a'],
      ['h', 'a'],
    ]);
  });

  it('another architecture (x86 against an arm64 fleet), syscalls only: each syscall’s wrapper meets the other arch’s, every path on both sides', async () => {
    // The midstream trace as arm64 would name its entry: __arm64_sys_* wrappers under invoke_syscall.
    const text = traceText(NC);
    const arm64 = text.replace(/__x64_sys_/g, '__arm64_sys_').replace(/\bx64_sys_call\b/g, 'invoke_syscall');
    const s = new TraceService();
    expectLoaded(await s.loadText(text, { name: 'x86.txt' }));
    expectLoaded(await s.loadText(arm64, { name: 'arm64.txt', side: 'b' }));
    const key: CompareKey & CompareScale = { ...RAW, quantity: 'calls', a: { syscallsOnly: true }, b: { syscallsOnly: true } };
    const levels = s.comparedTreeLevels(key, [[]]);
    expect([levels.counts.onlyA, levels.counts.onlyB]).toEqual([0, 0]);
    // zcat … | grep -c '__x64_sys_write': 54
    const roots = levels.levels[0]!;
    const write = roots.names.indexOf('__x64_sys_write');
    expect([roots.namesB[write], roots.callsA[write], roots.callsB[write]]).toEqual(['__arm64_sys_write', 54, 54]);
    const t = s.comparedFunctions(key);
    expect([...t.presence].every((p) => p === 3)).toBe(true);
    expect(t.namesB.filter((n) => n !== null).sort()).toEqual(['__arm64_sys_poll', '__arm64_sys_read', '__arm64_sys_write']);
    expect(s.comparedTreeLevels({ ...key, exactNames: true }, []).counts.both).toBe(0);
  }, 120_000);
});
