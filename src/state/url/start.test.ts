import { describe, expect, it } from 'vitest';
import { checkTraceUrl, startRequestFromLocation, workersFromSearch } from './start';

const BASE = 'http://127.0.0.1:4173/';

describe('startRequestFromLocation', () => {
  it('opens an http(s) ?url=', () => {
    expect(startRequestFromLocation('?url=https://example.org/t.txt.gz', '', BASE)).toEqual({
      kind: 'url',
      url: 'https://example.org/t.txt.gz',
    });
    expect(startRequestFromLocation('?url=samples/x.txt', '', BASE)).toEqual({
      kind: 'url',
      url: 'http://127.0.0.1:4173/samples/x.txt',
    });
  });

  it('refuses other schemes', () => {
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/plain,x', 'blob:http://a/b']) {
      expect(startRequestFromLocation(`?url=${encodeURIComponent(bad)}`, '', BASE)).toMatchObject({ kind: 'invalid' });
    }
    expect(checkTraceUrl('http://[bad', BASE)).toMatchObject({ kind: 'invalid' });
    // A path on the disk, pasted as a link: says how such a file is opened.
    expect(checkTraceUrl('file:///trace.txt', BASE)).toEqual({
      kind: 'invalid',
      message: 'Only http and https URLs can be opened (got file). A file on this computer is opened with "Open a trace file…", or dropped on the page.',
    });
    expect(checkTraceUrl('data:text/plain,x', BASE)).toEqual({ kind: 'invalid', message: 'Only http and https URLs can be opened (got data).' });
  });

  it('loads the sample on ?sample=1 and when nothing is asked', () => {
    expect(startRequestFromLocation('?sample=1', '', BASE)).toEqual({ kind: 'sample' });
    expect(startRequestFromLocation('', '', BASE)).toEqual({ kind: 'sample' });
    expect(startRequestFromLocation('?other=1', '#', BASE)).toEqual({ kind: 'sample' });
  });

  it('opens nothing on ?sample=0 or with a fragment', () => {
    expect(startRequestFromLocation('?sample=0', '', BASE)).toEqual({ kind: 'none' });
    expect(startRequestFromLocation('', '#v=1', BASE)).toEqual({ kind: 'none' });
  });
});

describe('workersFromSearch', () => {
  it('reads ?workers=N from 1 to 64, and nothing else', () => {
    expect(['?workers=1', '?sample=0&workers=3', '?workers=64', '?workers= 8 '].map(workersFromSearch)).toEqual([1, 3, 64, 8]);
    expect(['', '?workers', '?workers=0', '?workers=65', '?workers=2x', '?workers=-2', '?workers=1.5'].map(workersFromSearch)).toEqual(
      new Array(7).fill(undefined),
    );
  });
});
