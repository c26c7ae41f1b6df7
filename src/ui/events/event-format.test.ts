import { describe, expect, it } from 'vitest';
import { eventNameOfOption, eventNameOption } from './event-format';

describe('the Event menu', () => {
  it("offers the events with no name (function_graph comments) apart from 'All events'", () => {
    // '' is the "All events" option's value: the unnamed events' option must not be it.
    const unnamed = eventNameOption('');
    expect(unnamed.value).not.toBe('');
    expect(unnamed.label).not.toBe('');
    expect(eventNameOfOption(unnamed.value)).toBe('');
    expect(eventNameOfOption('')).toBeNull();
  });

  it('gives a named event its name as value and label', () => {
    expect(eventNameOption('sched_switch')).toEqual({ value: 'sched_switch', label: 'sched_switch' });
    expect(eventNameOfOption(eventNameOption('tracing_mark_write').value)).toBe('tracing_mark_write');
  });
});
