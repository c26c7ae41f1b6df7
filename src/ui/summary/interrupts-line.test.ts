import { describe, expect, it } from 'vitest';
import { interruptsLineText } from './interrupts-line';

describe('interruptsLineText', () => {
  it('in place: where the time is counted, nothing more', () => {
    expect(interruptsLineText(721, 69_300_000, 'in-place')).toEqual({
      what: '69.3 ms in 721 interrupt frames, counted in the calls they interrupted',
      note: null,
    });
    expect(interruptsLineText(0, 0, 'apart')).toEqual({ what: 'none found', note: null });
    // The function tracer's frames have no duration: their time is unknown, and counted nowhere.
    expect(interruptsLineText(451, null, 'in-place').what).toBe('— in 451 interrupt frames, shown where they were taken (no durations in this trace)');
  });

  // The note said "the tables below count it in place", but Top functions is the view's
  // functions table and follows the switch (x64_sys_call 453 ms in place, 414 ms apart on the
  // seed); only the facts above and the Tasks table are the load's summary.
  it('apart or hidden: says that Top functions follows the switch, the Tasks table and the counts do not', () => {
    for (const mode of ['apart', 'hidden'] as const) {
      const { what, note } = interruptsLineText(721, 69_300_000, mode);
      expect(what).toMatch(mode === 'apart' ? /moved to each task's \[interrupts\] root$/ : /hidden from every figure$/);
      expect(note).toBe('(the counts above and the Tasks table are as traced; Top functions and every other view follow the switch)');
      expect(note).not.toMatch(/tables below count it in place/);
    }
  });
});
