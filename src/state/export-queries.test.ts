import { describe, expect, it } from 'vitest';
import { exportFileName } from './export-queries';

describe('exportFileName', () => {
  it('names the file after the trace and the view', () => {
    expect(exportFileName('01-seed-curl-fgraph.report.txt.gz', 'flame', 'svg')).toBe('01-seed-curl-fgraph.flame.svg');
    expect(exportFileName('captures/x/trace.dat', 'flame', 'chrome')).toBe('trace.flame.chrome.json');
    expect(exportFileName('https://example.org/a/b.txt?x=1', 'tree', 'folded')).toBe('b.tree.folded.txt');
    expect(exportFileName('../../<evil> name.txt', 'flame', 'png')).toBe('_evil_name.flame.png');
    expect(exportFileName('', 'functions', 'speedscope')).toBe('trace.functions.speedscope.json');
    expect(exportFileName('02-midstream-nc-fgraph.dat', 'chart', 'chrome')).toBe('02-midstream-nc-fgraph.chart.chrome.json');
  });
});
