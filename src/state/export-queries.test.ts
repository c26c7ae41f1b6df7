import { describe, expect, it } from 'vitest';
import { exportFileName } from './export-queries';

describe('exportFileName', () => {
  it('names the file after the trace and the view', () => {
    expect(exportFileName('01-seed-curl-fgraph.report.txt.gz', 'flame', 'svg')).toBe('01-seed-curl-fgraph.flame.svg');
    expect(exportFileName('captures/x/trace.dat', 'flame', 'chrome')).toBe('trace.flame.chrome-trace.json');
    expect(exportFileName('https://example.org/a/b.txt?x=1', 'tree', 'folded')).toBe('b.tree.folded.txt');
    expect(exportFileName('../../<evil> name.txt', 'flame', 'png')).toBe('_evil_name.flame.png');
    expect(exportFileName('', 'functions', 'speedscope')).toBe('trace.functions.speedscope.json');
    expect(exportFileName('02-midstream-nc-fgraph.dat', 'chart', 'chrome')).toBe('02-midstream-nc-fgraph.chart.chrome-trace.json');
  });

  it("sends speedscope to the right reader: it picks one by the file's name before its content", () => {
    // speedscope's src/import/index.ts, the first pass (the name's endings it knows), in order.
    const byName = (name: string): string => {
      const rules: [string, (n: string) => boolean][] = [
        ['speedscope', (n) => n.endsWith('.speedscope.json')],
        ['chrome timeline object', (n) => /Trace-\d{8}T\d{6}/.test(n)],
        ['chrome timeline', (n) => n.endsWith('.chrome.json') || /Profile-\d{8}T\d{6}/.test(n)],
        ['stackprof', (n) => n.endsWith('.stackprof.json')],
        ['instruments', (n) => n.endsWith('.instruments.txt')],
        ['linux perf', (n) => n.endsWith('.linux-perf.txt')],
        ['collapsed stacks', (n) => n.endsWith('.collapsedstack.txt')],
        ['v8 log', (n) => n.endsWith('.v8log.json')],
        ['heap profile', (n) => n.endsWith('.heapprofile')],
        ['safari', (n) => n.endsWith('-recording.json')],
        ['callgrind', (n) => n.startsWith('callgrind.')],
        ['pmcstat', (n) => n.endsWith('.pmcstat.graph')],
        ['jfr', (n) => n.endsWith('.jfr')],
      ];
      return rules.find(([, test]) => test(name))?.[0] ?? 'by its content';
    };
    for (const view of ['flame', 'chart', 'tree', 'functions'] as const) {
      expect(byName(exportFileName('01-seed-curl-fgraph.report.txt.gz', view, 'speedscope'))).toBe('speedscope');
      // The Trace Event Format and folded stacks are found by their content (trace-event.ts, bg-flamegraph.ts).
      expect(byName(exportFileName('01-seed-curl-fgraph.report.txt.gz', view, 'chrome'))).toBe('by its content');
      expect(byName(exportFileName('01-seed-curl-fgraph.report.txt.gz', view, 'folded'))).toBe('by its content');
    }
  });
});
