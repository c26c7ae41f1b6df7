import { describe, expect, it } from 'vitest';
import { noCallsText } from './no-calls';

describe('noCallsText', () => {
  const filtered = 'No calls in view: the filters leave nothing.';

  it('says that a trace of events only (osnoise, hwlat, nop with events) has no call, not that filters hide them', () => {
    expect(noCallsText({ calls: 0, events: 1234 }, filtered)).toBe(
      'This trace has no function call (a tracer such as nop, osnoise, timerlat, hwlat or blk records none): its 1,234 events are in the Events view.',
    );
    expect(noCallsText({ calls: 0, events: 1 }, filtered)).toMatch(/: its 1 event is in the Events view\.$/);
    expect(noCallsText({ calls: 0, events: 0 }, filtered)).toMatch(/records none\)\.$/);
  });

  it('keeps the view’s own words where the trace has calls or is not loaded', () => {
    expect(noCallsText({ calls: 3, events: 0 }, filtered)).toBe(filtered);
    expect(noCallsText(null, filtered)).toBe(filtered);
  });
});
