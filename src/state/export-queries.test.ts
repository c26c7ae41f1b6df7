import { describe, expect, it } from 'vitest';
import { exportFileName } from './export-queries';

describe('exportFileName', () => {
  it('names the file after the trace and the view', () => {
    expect(exportFileName('01-seed-curl-fgraph.report.txt.gz', 'svg')).toBe('01-seed-curl-fgraph.flame.svg');
    expect(exportFileName('/tmp/x/trace.dat', 'chrome')).toBe('trace.chrome.json');
    expect(exportFileName('https://example.org/a/b.txt?x=1', 'folded')).toBe('b.folded.txt');
    expect(exportFileName('../../<evil> name.txt', 'png')).toBe('_evil_name.flame.png');
    expect(exportFileName('', 'speedscope')).toBe('trace.speedscope.json');
  });
});
