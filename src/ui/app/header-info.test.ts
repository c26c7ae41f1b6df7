import { describe, expect, it } from 'vitest';
import { useAppStore, type AppState } from '../../state/store';
import { sameFields } from '../use-same-fields';
import { headerInfo } from './header-info';

type TraceInfo = NonNullable<AppState['session']['info']>;

const info: TraceInfo = {
  name: 'a.txt',
  format: 'trace-cmd-report',
  formatLabel: 'trace-cmd report',
  gzip: true,
  inputBytes: 100,
  contentHash: null,
  textBytes: 400,
  lines: 3,
  elapsedMs: 1,
};
const state = (status: AppState['session']['status'], i: TraceInfo | null): AppState => {
  const s = useAppStore.getState();
  return { ...s, session: { ...s.session, status, info: i } };
};

describe('headerInfo', () => {
  it('is what the header shows of a ready trace', () => {
    expect(headerInfo(state('ready', info))).toEqual({ ready: true, name: 'a.txt', formatLabel: 'trace-cmd report', inputBytes: 100, gzip: true, textBytes: 400 });
    expect(headerInfo(state('loading', info)).ready).toBe(false);
    expect(headerInfo(state('ready', null)).ready).toBe(false);
  });

  it("does not change when the trace's fingerprint comes (the header is not rendered again)", () => {
    const before = headerInfo(state('ready', info));
    expect(sameFields(before, headerInfo(state('ready', { ...info, contentHash: 'ab'.repeat(32) })))).toBe(true);
    expect(sameFields(before, headerInfo(state('ready', { ...info, name: 'b.txt' })))).toBe(false);
  });
});
