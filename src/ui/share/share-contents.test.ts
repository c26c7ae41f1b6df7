import { describe, expect, it } from 'vitest';
import { EMPTY_COMPARE, EMPTY_VIEW, type SharedView } from '../../state/url/codec';
import { shareContents } from './share-contents';
import { sideBNote } from './ShareButton';

const RLO = '\u202e';
const FSI = '\u2068';
const PDI = '\u2069';
const label = (id: string) => (id === 'flame' ? 'Flame graph' : id);

describe('shareContents', () => {
  it('names plain names as they are', () => {
    const v: SharedView = { ...EMPTY_VIEW, trace: { name: 'trace.dat', size: 2048, contentHash: '' }, view: 'flame', tasks: ['curl-139'], selectedFunction: 'tcp_sendmsg' };
    expect(shareContents(v, label)).toEqual([
      'which trace it is: trace.dat, 2.05 kB — the recipient opens the same file',
      'the Flame graph tab',
      'task curl-139',
      'the function tcp_sendmsg selected',
    ]);
  });

  it("says the flame chart's zoom window when the link carries one", () => {
    expect(shareContents({ ...EMPTY_VIEW, view: 'chart', chartWindow: [1_000_000, 3_000_000] }, label)).toEqual(['the chart tab', 'the flame chart zoomed to 2.00 ms']);
  });

  it('says the time axes read relative time when the link carries it', () => {
    expect(shareContents({ ...EMPTY_VIEW, view: 'chart', relativeTime: true }, label)).toEqual(['the chart tab', 'times relative to the start of the calls in view']);
  });

  it("names the Functions table's order and \"Only matches\" when they are not the defaults", () => {
    const v: SharedView = { ...EMPTY_VIEW, search: 'tcp', functionsSort: { column: 'self', descending: true }, functionsOnlyMatches: true };
    expect(shareContents(v, label)).toEqual(['the search “tcp”', 'the Functions table by self, descending', 'only the functions the search matches in the Functions table']);
  });

  it("names the Events view's event name, set apart", () => {
    expect(shareContents({ ...EMPTY_VIEW, eventName: 'sched_switch' }, label)).toEqual(['the events sched_switch in the Events view']);
    expect(shareContents({ ...EMPTY_VIEW, eventName: '' }, label)).toEqual(['the lines with no event name in the Events view']);
    expect(shareContents({ ...EMPTY_VIEW, eventName: `x${RLO}` }, label)).toEqual([`the events ${FSI}x\ufffd${PDI} in the Events view`]);
  });

  it("sets apart every trace string, so a right-to-left override in one cannot turn the rest of its line round ('2.05 kB' read 'Bk 50.2')", () => {
    const evil = `evil${RLO}`;
    const shown = `${FSI}evil\ufffd${PDI}`;
    const v: SharedView = {
      ...EMPTY_VIEW,
      trace: { name: `${evil}.txt`, size: 2048, contentHash: '' },
      tasks: [`${evil}-1`, 'nc-2'],
      search: evil,
      zoomPath: ['sys', evil],
      focusPath: [evil, 'f'],
      openPaths: [['a', evil]],
      selectedFunction: evil,
      compare: { ...EMPTY_COMPARE, trace: { name: evil, size: 1024, contentHash: '' } },
    };
    const lines = shareContents(v, label);
    for (const l of lines) expect(l.replace(new RegExp(`${FSI}[^${PDI}]*${PDI}`, 'g'), '')).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(lines).toEqual([
      `which trace it is: ${FSI}evil\ufffd.txt${PDI}, 2.05 kB — the recipient opens the same file`,
      `task ${FSI}evil\ufffd-1${PDI}, nc-2`,
      `the search “${shown}”`,
      `the flame graph zoomed into ${shown}`,
      `the call tree opened from ${shown} down to f (1 level open), f in focus`,
      `1 more row of the call tree open (${shown}), with the way to each`,
      `the function ${shown} selected`,
      `compare mode: side B is ${shown}, 1.02 kB — the recipient opens that file too, with its filters, the compared self, the normalisation and the compare view`,
    ]);
    const url: SharedView = { ...EMPTY_VIEW, traceUrl: `https://x/${evil}`, focusPath: [evil] };
    expect(shareContents(url, label)).toEqual([`the trace's address (${FSI}https://x/evil\ufffd${PDI}), so it opens by itself`, `the call tree's row ${shown} in focus`]);
  });
});

describe('sideBNote', () => {
  it("sets apart side B's name", () => {
    const v: SharedView = { ...EMPTY_VIEW, compare: { ...EMPTY_COMPARE, trace: { name: `b${RLO}`, size: 1, contentHash: '' } } };
    expect(sideBNote(v)).toBe(`Only side A's trace fits in the link: side B (${FSI}b\ufffd${PDI}) is too large to carry, so whoever opens the link is asked for its file.`);
  });
});
