import { describe, expect, it } from 'vitest';
import { DerivedTime } from '../../lib/derived-time';
import { cardNotes } from './card-notes';

describe('cardNotes', () => {
  it('says that events were lost while the call ran', () => {
    expect(cardNotes(DerivedTime.AfterLoss)).toEqual([expect.stringMatching(/^events were lost on its CPU while it ran/)]);
    expect(cardNotes(DerivedTime.AfterLoss | DerivedTime.End)).toHaveLength(2);
  });

  it('says nothing of a call measured whole, and one clause per other bit', () => {
    expect(cardNotes(0)).toEqual([]);
    expect(cardNotes(DerivedTime.Start)).toEqual(['start laid out from durations (no timestamp)']);
    expect(cardNotes(DerivedTime.NoReturn | DerivedTime.End)).toEqual(['the function tracer records calls, not returns: its duration is unknown']);
  });
});
