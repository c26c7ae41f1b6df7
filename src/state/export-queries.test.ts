import { describe, expect, it } from 'vitest';
import { exportedTraceName, exportFileName } from './export-queries';

describe('exportFileName', () => {
  it('names the file after the trace and the view', () => {
    expect(exportFileName('01-seed-curl-fgraph.report.txt.gz', 'flame', 'svg')).toBe('01-seed-curl-fgraph.flame.svg');
    expect(exportFileName('captures/x/trace.dat', 'flame', 'chrome')).toBe('trace.flame.chrome-trace.json');
    expect(exportFileName('https://example.org/a/b.txt?x=1', 'tree', 'folded')).toBe('b.tree.folded.txt');
    expect(exportFileName('../../<evil> name.txt', 'flame', 'png')).toBe('_evil_name.flame.png');
    expect(exportFileName('', 'functions', 'speedscope')).toBe('trace.functions.speedscope.json');
    expect(exportFileName('02-midstream-nc-fgraph.dat', 'chart', 'chrome')).toBe('02-midstream-nc-fgraph.chart.chrome-trace.json');
  });

  it("writes no part of a URL's query (a credential may be there) into the file's name or heading", () => {
    // An S3 presigned URL whose query keeps its '/' (RFC 3986 §3.4 allows it there).
    const s3 =
      'https://bucket.s3.amazonaws.com/runs/01-seed-curl-fgraph.report.txt.gz?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE/20240101/us-east-1/s3/aws4_request&X-Amz-Signature=f00dfeed';
    expect(exportFileName(s3, 'flame', 'svg')).toBe('01-seed-curl-fgraph.flame.svg');
    expect(exportedTraceName(s3)).toBe('01-seed-curl-fgraph.report.txt.gz');
    const gitlab = 'https://gitlab.example.com/api/v4/projects/7/repository/files/trace.dat/raw?ref=main&private_token=glpat-SECRET#L1';
    expect(exportedTraceName(gitlab)).toBe('raw');
    expect(exportFileName(gitlab, 'tree', 'speedscope')).toBe('raw.tree.speedscope.json');
    // The path's last segment decoded; no path: the host, without its user:password@.
    expect(exportedTraceName('https://example.org/a/my%20trace.txt/?x=1')).toBe('my trace.txt');
    expect(exportedTraceName('https://user:hunter2@example.org:8080?token=1')).toBe('example.org:8080');
    expect(exportedTraceName('http://example.org/bad%E0%A4%A.txt')).toBe('bad%E0%A4%A.txt');
    // A file's name is kept whole, '?' and '#' included (a file may be named so).
    expect(exportedTraceName('run#2?.report.txt')).toBe('run#2?.report.txt');
    expect(exportedTraceName('01-seed-curl-fgraph.report.txt.gz')).toBe('01-seed-curl-fgraph.report.txt.gz');
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
